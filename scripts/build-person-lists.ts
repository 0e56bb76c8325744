/**
 * Rebuilds data/persons/first-names.txt and data/persons/common-words.txt from the NER corpora and the
 * ANERgazet person list in ../shared.
 *
 *     node --import tsx scripts/build-person-lists.ts [../shared]
 *
 * ANERcorp's held-out 10% (src/ner/corpus.ts anercorpSplit) is never read.
 *
 * first-names.txt: normalized words that begin person names: the first token of ANERcorp and Wojood
 * PERS entities and the single-word ANERgazet person names, minus words that the corpora use far
 * more often outside names («علي» as the normalized «على», «لازم», «قوة» ...) and minus words with the
 * article (family names and nisbas, not first names).
 *
 * ambiguous-first-names.txt: the first names that the corpora use at least as often as ordinary words.
 *
 * common-words.txt: normalized words that the corpora use often and (almost) never inside a person
 * name: verbs, common nouns, adjectives, function words. The person recogniser stops a name at them.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { normalize } from "../src/text/normalize.ts";
import { anercorpSplit, readConll, writeConll } from "../src/ner/corpus.ts";

const shared = process.argv[2] ?? "../shared";
const out = "data/persons";
const ARABIC_WORD = /^[\u0621-\u064a]+$/;

/** word -> counts: first (B-PERS), inside (I-PERS), other (any other tag). */
const first = new Map<string, number>();
const inside = new Map<string, number>();
const other = new Map<string, number>();
const inc = (m: Map<string, number>, w: string) => m.set(w, (m.get(w) ?? 0) + 1);

function countLines(lines: Iterable<string>) {
  for (const line of lines) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const w = normalize(parts[0]!);
    if (!ARABIC_WORD.test(w)) continue;
    const tags = parts.slice(1);
    if (tags.includes("B-PERS")) inc(first, w);
    else if (tags.includes("I-PERS")) inc(inside, w);
    else inc(other, w);
  }
}

// ANERcorp without its held-out 10% (where the tagger and the pipeline are measured).
const { train } = anercorpSplit(readConll(readFileSync(join(shared, "data/anercorp-train/ANERCorp.train.txt"), "utf8")));
countLines(writeConll(train).split("\n"));
countLines(readFileSync(join(shared, "data/wojood-sample/train.txt"), "utf8").split("\n"));
// Wojood val is left out: it is where the recogniser is measured.

const gazetteer = new Set<string>();
for (const line of readFileSync(join(shared, "data/anercorp-train/ANERGazet/AlignedPersGazetteer.txt"), "utf8").split("\n")) {
  const w = normalize(line.trim());
  if (ARABIC_WORD.test(w)) gazetteer.add(w);
}

const get = (m: Map<string, number>, w: string) => m.get(w) ?? 0;

const firstNames = new Set<string>();
const candidates = new Set<string>([...first.keys(), ...gazetteer]);
for (const w of candidates) {
  if (w.length < 3 || w.startsWith("ال")) continue;
  // A proclitic glued to a name («ومحمد», «لمحمد») is undone at run time.
  if ((w[0] === "و" || w[0] === "ل" || w[0] === "ب" || w[0] === "ف") && candidates.has(w.slice(1))) continue;
  const asName = get(first, w) + (gazetteer.has(w) ? 1 : 0);
  const asOther = get(other, w);
  if (asOther > 2 * asName + 1) continue;
  // A gazetteer-only word that the corpora use as an ordinary word («لازم», «كندا») is not taken.
  if (get(first, w) === 0 && asOther >= 2) continue;
  firstNames.add(w);
}

// First names that are also ordinary words («رائد» pioneer, «سلامة» safety, «نصر» victory): the
// recogniser wants more evidence after them.
const ambiguous = new Set<string>();
for (const w of firstNames) {
  const asName = get(first, w) + get(inside, w);
  if (get(other, w) >= 2 && get(other, w) >= asName) ambiguous.add(w);
}

const common = new Set<string>();
for (const [w, n] of other) {
  const asName = get(first, w) + get(inside, w) + (gazetteer.has(w) ? 2 : 0);
  if (n >= 3 && n > 4 * asName) common.add(w);
}

const sorted = (s: Set<string>) => [...s].sort((a, b) => a.localeCompare(b, "ar"));
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "first-names.txt"), sorted(firstNames).join("\n") + "\n");
writeFileSync(join(out, "ambiguous-first-names.txt"), sorted(ambiguous).join("\n") + "\n");
writeFileSync(join(out, "common-words.txt"), sorted(common).join("\n") + "\n");
process.stderr.write(`first-names.txt: ${firstNames.size}, ambiguous-first-names.txt: ${ambiguous.size}, common-words.txt: ${common.size}\n`);
