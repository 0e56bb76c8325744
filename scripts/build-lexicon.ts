/**
 * Rebuilds data/lexicon/words.tsv and data/lexicon/names.txt from the corpora in ../shared.
 *
 *     node --import tsx scripts/build-lexicon.ts [../shared]
 *
 * words.tsv: normalized word forms (text/normalize.ts) with their corpus frequency, one "form\tcount"
 * per line, most frequent first. The clitic analysis (src/text/clitics.ts) compares the frequency of a
 * whole form («وادي») with that of the stem left after stripping a proclitic («ادي»), so it only needs
 * relative counts (MIN_COUNT drops the rarest forms if the file must shrink).
 *
 * ANERcorp's held-out 10% (src/ner/corpus.ts anercorpSplit) is never read.
 *
 * names.txt: normalized tokens of place, person and organisation names (OCHA COD place names, the
 * ANERgazet lists, ANERcorp/Wojood tokens tagged as names) that start with a letter that could be a
 * proclitic (و ف ب ل ك). Inside a name such a letter is part of the word («بصرى», «وادي», «كفرنبل»),
 * so the clitic analysis never strips it from these forms.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { normalize } from "../src/text/normalize.ts";
import { tokenize } from "../src/text/tokenize.ts";
import { anercorpSplit, readConll, writeConll } from "../src/ner/corpus.ts";

const shared = process.argv[2] ?? "../shared";
const out = "data/lexicon";
const MIN_COUNT = 1;

const counts = new Map<string, number>();
const names = new Set<string>();
const ARABIC_WORD = /^[\u0621-\u064a]+$/;

function addWord(norm: string, n = 1) {
  if (!ARABIC_WORD.test(norm)) return;
  counts.set(norm, (counts.get(norm) ?? 0) + n);
}
function addText(text: string) {
  for (const t of tokenize(text)) if (t.kind === "word") addWord(t.norm);
}
const PROCLITIC_LETTERS = new Set(["و", "ف", "ب", "ل", "ك"]);
/** A clitic before the article («والتنمية», «بالعراق», «للتعاون»): a real clitic even inside a name. */
const CLITIC_ARTICLE = /^(و|ف)?(لل|(ب|ل|ك)?ال)/;
function addName(name: string) {
  for (const t of tokenize(name)) {
    if (t.kind !== "word") continue;
    const w = t.norm;
    // Conjunction + article inside an organisation name («والتنمية») is a real clitic: skip.
    if (w.length < 3 || (CLITIC_ARTICLE.test(w) && !w.startsWith("ال"))) continue;
    if (PROCLITIC_LETTERS.has(w[0]!)) names.add(w);
  }
}

// Tagged corpora: "token TAG [TAG...]" per line.
function addTagged(path: string) {
  addTaggedLines(readFileSync(path, "utf8").split("\n"));
}
function addTaggedLines(lines: Iterable<string>) {
  for (const line of lines) {
    const parts = line.trim().split(/\s+/);
    if (parts.length < 2) continue;
    const norm = normalize(parts[0]!);
    addWord(norm);
    if (/^[BI]-(PERS|LOC|ORG|GPE|FAC)/.test(parts[1]!) && PROCLITIC_LETTERS.has(norm[0] ?? "") && !CLITIC_ARTICLE.test(norm)) {
      // Only the first token of a name can carry a clitic the tagger left inside the name; the later
      // ones are part of it.
      if (parts[1]!.startsWith("I-")) names.add(norm);
    }
  }
}

// ANERcorp without its held-out 10% (where the tagger and the pipeline are measured).
const { train } = anercorpSplit(readConll(readFileSync(join(shared, "data/anercorp-train/ANERCorp.train.txt"), "utf8")));
addTaggedLines(writeConll(train).split("\n"));
for (const f of ["train.txt", "val.txt"]) addTagged(join(shared, "data/wojood-sample", f));
for (const f of ["gsr-assault.dev.jsonl", "gsr-protest.dev.jsonl"]) {
  for (const line of readFileSync(join(shared, "eval/dev", f), "utf8").split("\n")) {
    if (line.trim()) addText(JSON.parse(line).text);
  }
}
for (const line of readFileSync(join(shared, "seeds/seeds.jsonl"), "utf8").split("\n")) {
  if (line.trim()) addText(JSON.parse(line).text);
}
for (const f of ["AlignedLocGazetteer.txt", "AlignedOrgGazetteer.txt", "AlignedPersGazetteer.txt"]) {
  for (const line of readFileSync(join(shared, "data/anercorp-train/ANERGazet", f), "utf8").split("\n")) {
    if (line.trim() && !line.startsWith("=")) addName(line);
  }
}
{
  const csv = readFileSync(join(shared, "data/gazetteer/ocha_cod_salih17/syr_locations_adm4_derived.csv"), "utf8").replace(/^\uFEFF/, "");
  const rows = csv.split("\n").slice(1);
  const placeNames = new Set<string>();
  for (const row of rows) {
    const cols = row.split(",");
    for (const i of [1, 4, 7, 10]) if (cols[i]) placeNames.add(cols[i]!);
  }
  for (const name of placeNames) {
    addName(name);
    // Place names also count as words (once per distinct name), so a stem like «درعا» is known.
    for (const t of tokenize(name)) if (t.kind === "word") addWord(t.norm);
  }
}

// A name token whose remainder after the first letter is the commoner word is a clitic + name
// that a tagger or gazetteer kept attached («ولبنان», «وبغداد»): not a protected name.
for (const w of [...names]) {
  const rest = w.slice(1);
  const fw = counts.get(w) ?? 0;
  const fs = (counts.get(rest) ?? 0) + (counts.get("ال" + rest) ?? 0);
  if (fs > fw) names.delete(w);
}

mkdirSync(out, { recursive: true });
const words = [...counts].filter(([, n]) => n >= MIN_COUNT).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
writeFileSync(join(out, "words.tsv"), words.map(([w, n]) => `${w}\t${n}`).join("\n") + "\n");
writeFileSync(join(out, "names.txt"), [...names].sort().join("\n") + "\n");
console.log(`words.tsv: ${words.length} forms; names.txt: ${names.size} names`);
