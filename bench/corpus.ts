/**
 * The bench corpus: the five seed articles and the GSR newswire sentences from ../shared (the bench
 * may read them; the product never does), the sentences grouped into article-sized documents (5 KB
 * of UTF-8, the size of the seeds) so that "articles/s" means what an analyst would expect.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const shared = join(root, "..", "shared");

export interface BenchDoc {
  id: string;
  text: string;
  published?: string;
}

export function loadCorpus(): BenchDoc[] {
  const docs: BenchDoc[] = [];
  const seeds = join(shared, "seeds", "seeds.jsonl");
  const seedPath = existsSync(seeds) ? seeds : join(root, "data", "samples", "seeds.jsonl");
  for (const line of readFileSync(seedPath, "utf8").split("\n")) {
    if (!line.trim()) continue;
    const d = JSON.parse(line) as BenchDoc;
    docs.push({ id: d.id, text: d.text, published: d.published });
  }
  for (const f of ["gsr-assault.dev.jsonl", "gsr-protest.dev.jsonl"]) {
    const p = join(shared, "eval", "dev", f);
    if (!existsSync(p)) continue;
    let buf: string[] = [];
    let size = 0;
    let published: string | undefined;
    for (const line of readFileSync(p, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const s = JSON.parse(line) as { text: string; published?: string };
      buf.push(s.text);
      size += Buffer.byteLength(s.text, "utf8") + 1;
      published ??= s.published;
      if (size >= 5000) {
        docs.push({ id: `${f}-${docs.length}`, text: buf.join("\n"), published });
        buf = [];
        size = 0;
        published = undefined;
      }
    }
  }
  return docs;
}
