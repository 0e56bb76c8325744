/**
 * Throughput of the Arabic text layer (tokens + clitics, sentences, numbers, dates) on one core.
 *
 *     node --import tsx scripts/bench-text.ts [../shared]
 *
 * Input: the seed articles and the GSR dev sentences, joined into ~5 KB documents (the size of a
 * news article). Reports MB/s of UTF-8 input, the best of several passes by CPU time (the machine
 * is shared, so wall time is noisier).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createDoc } from "../src/doc/doc.ts";
import { runTextLayer } from "../src/text/layer.ts";

const shared = process.argv[2] ?? "../shared";
const texts: { text: string; published?: string }[] = [];
for (const f of ["seeds/seeds.jsonl", "eval/dev/gsr-assault.dev.jsonl", "eval/dev/gsr-protest.dev.jsonl"]) {
  for (const l of readFileSync(join(shared, f), "utf8").split("\n")) if (l.trim()) texts.push(JSON.parse(l));
}
const docs: { text: string; published?: string }[] = [];
let buf = "";
let pub: string | undefined;
for (const t of texts) {
  buf += t.text + "\n";
  pub ??= t.published;
  if (Buffer.byteLength(buf) > 5000) {
    docs.push({ text: buf, published: pub });
    buf = "";
    pub = undefined;
  }
}
const bytes = docs.reduce((a, d) => a + Buffer.byteLength(d.text), 0);
let tokens = 0;
const pass = () => {
  tokens = 0;
  for (const d of docs) tokens += runTextLayer(createDoc("b", d.text, d.published ? { published: d.published } : {})).tokens.length;
};
pass();
let best = Infinity;
for (let k = 0; k < 15; k++) {
  const t0 = process.cpuUsage();
  pass();
  const du = process.cpuUsage(t0);
  best = Math.min(best, (du.user + du.system) / 1000);
}
console.log(`${docs.length} docs, ${(bytes / 1e6).toFixed(2)} MB, ${tokens} tokens: ${best.toFixed(1)} ms/pass (CPU), ${(bytes / 1e6 / (best / 1000)).toFixed(1)} MB/s, ${Math.round(docs.length / (best / 1000))} docs/s`);
