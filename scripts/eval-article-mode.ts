/**
 * Sentence-level event detection in article mode, for developers (reads ../shared; the product never
 * does). The GSR dev sentences are labelled one by one, and `rasd extract` scores an isolated
 * sentence with the trained re-scorer (events/model.ts) but an article with the rule thresholds
 * alone (plus the article-context bonus). This groups K consecutive sentences into one pseudo-article
 * (one paragraph each), runs the pipeline, and counts a sentence as detected when an event of the
 * task's types has evidence in it. The figure is a proxy for how precise the rules are inside real
 * articles, which the five seeds cannot show.
 *
 *   node --import tsx scripts/eval-article-mode.ts [--task assault|protest] [--k 8] [--shared ../shared]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { createDoc } from "../src/doc/doc.ts";
import { createDefaultPipeline } from "../src/pipeline/default.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (k: string, d: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 ? args[i + 1]! : d;
};
const task = opt("task", "assault");
const K = Number(opt("k", "8"));
const shared = opt("shared", `${root}../shared`);
const file = `${shared}/eval/dev/gsr-${task}.dev.jsonl`;
const types = new Set(task === "protest" ? ["Protests", "Riots"] : ["Battles", "Explosions/Remote violence", "Violence against civilians"]);

interface Gold {
  id: string;
  text: string;
  label: "yes" | "easy no" | "difficult no" | "ambiguous";
  published?: string;
}

const pipeline = createDefaultPipeline();
const gold = readFileSync(file, "utf8")
  .split("\n")
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Gold)
  .filter((g) => g.label !== "ambiguous");
let tp = 0, fp = 0, fn = 0, hard = 0, hardRight = 0;
for (let i = 0; i < gold.length; i += K) {
  const group = gold.slice(i, i + K);
  const starts: number[] = [];
  let off = 0;
  for (const g of group) {
    starts.push(off);
    off += g.text.replace(/\n/g, " ").length + 1;
  }
  const text = group.map((g) => g.text.replace(/\n/g, " ")).join("\n");
  const doc = pipeline.run(createDoc(`pseudo-${i}`, text, group[0]!.published ? { published: group[0]!.published } : {}));
  const detected = new Set<number>();
  for (const e of doc.events) {
    if (!types.has(e.event_type)) continue;
    for (const sp of e.evidence) {
      let k = 0;
      while (k + 1 < starts.length && starts[k + 1]! <= sp.start) k++;
      detected.add(k);
    }
  }
  group.forEach((g, k) => {
    const yes = g.label === "yes";
    const hit = detected.has(k);
    if (yes && hit) tp++;
    else if (!yes && hit) fp++;
    else if (yes && !hit) fn++;
    if (g.label === "difficult no") {
      hard++;
      if (!hit) hardRight++;
    }
  });
}
const p = tp / Math.max(1, tp + fp);
const r = tp / Math.max(1, tp + fn);
console.log(
  `${task}, ${K} sentences per pseudo-article: P ${p.toFixed(3)} R ${r.toFixed(3)} F1 ${((2 * p * r) / Math.max(1e-9, p + r)).toFixed(3)} ` +
    `difficult-no ${(hardRight / Math.max(1, hard)).toFixed(3)} (tp ${tp}, fp ${fp}, fn ${fn})`,
);
