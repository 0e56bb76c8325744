/**
 * `node --import tsx scripts/world-check.ts [--fix]`: which one-word entries of data/ner/world.tsv the
 * ANERcorp training part (the first 90%, never the held-out part) shows mostly as ordinary words.
 *
 * A GIVEN entry is flagged when its stem occurs at least twice in the training part and is part of
 * a person name in under 30% of those occurrences («أكبر», «قمر», «إمام»; «علي» is mostly «على»);
 * a one-word PERS / LOC / ORG entry when the word is inside any name in under 30% of at least two
 * occurrences. Such entries teach the tagger to distrust the list. The "second list" sections were
 * pruned with --fix when they were added; the first sections were written by hand and are left as
 * they are (pruning them changed the 5-fold CV figure by less than its noise).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { normalize } from "../src/text/normalize.ts";
import { analyzeWord } from "../src/ner/word.ts";
import { anercorpSplit, readConll } from "../src/ner/corpus.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const worldPath = join(root, "data", "ner", "world.tsv");
const sentences = readConll(readFileSync(join(root, "..", "shared", "data", "anercorp-train", "ANERCorp.train.txt"), "utf8"));
const { train } = anercorpSplit(sentences);

interface Count {
  n: number;
  pers: number;
  name: number;
}
const byStem = new Map<string, Count>();
const byWord = new Map<string, Count>();
const bump = (m: Map<string, Count>, k: string, tag: string) => {
  let c = m.get(k);
  if (!c) m.set(k, (c = { n: 0, pers: 0, name: 0 }));
  c.n++;
  if (tag.endsWith("PERS")) c.pers++;
  if (tag !== "O") c.name++;
};
for (const s of train) {
  s.words.forEach((w, k) => {
    const a = analyzeWord(normalize(w));
    bump(byStem, a.stem, s.tags[k]!);
    bump(byWord, a.noPrep, s.tags[k]!);
  });
}

const clean = (x: string) => normalize(x).replace(/[^\u0621-\u064a ]+/g, " ").replace(/\s+/g, " ").trim();
const fix = process.argv.includes("--fix");
let secondList = false;
const kept: string[] = [];
const flagged: string[] = [];
for (const line of readFileSync(worldPath, "utf8").split("\n")) {
  if (line.startsWith("# ---- ")) secondList = line.includes("(second list)");
  const m = /^(PERS|LOC|ORG|GIVEN)\t(.+)$/.exec(line);
  let mostlyWords = false;
  if (m) {
    const name = clean(m[2]!);
    const c = m[1] === "GIVEN" ? byStem.get(analyzeWord(name).stem) : name.includes(" ") ? undefined : byWord.get(name);
    const share = c ? (m[1] === "GIVEN" ? c.pers : c.name) / c.n : 1;
    mostlyWords = !!c && c.n >= 2 && share < 0.3;
  }
  if (mostlyWords) flagged.push(`${secondList ? "second" : "first "}\t${line}`);
  if (!(fix && mostlyWords && secondList)) kept.push(line);
}
process.stdout.write(flagged.join("\n") + "\n");
console.error(`${flagged.length} one-word entries are mostly ordinary words in the training part`);
if (fix) writeFileSync(worldPath, kept.join("\n"));
