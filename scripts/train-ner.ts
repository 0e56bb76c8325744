/**
 * `npm run train:ner`: rebuilds data/ner/ (gazetteer.tsv and model.bin.gz) from the ANERcorp
 * training part in ../shared/data/anercorp-train, and writes the held-out 10% as CoNLL.
 *
 * Split (deterministic): the corpus is cut into sentences after each «.» token; the LAST 10% of the
 * sentences (floor(n / 10)) are held out for measuring, the first 90% train the model. A contiguous
 * block rather than every 10th sentence, because ANERcorp repeats some stories and a contiguous cut
 * keeps fewer copies of held-out sentences in training.
 *
 *   node --import tsx scripts/train-ner.ts [--epochs 10] [--bits 20] [--seed 1] [--dropout 0.6]
 *        [--heldout /tmp/rasd-ner-heldout.conll] [--split-only] [--dev]
 *
 * --dev trains on the first 90% of the training part and prints a curve on its last 10% (used to
 * choose the number of epochs without looking at the held-out part); nothing is written.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { normalize } from "../src/text/normalize.ts";
import { readConll, toTrainSentence, writeConll, type ConllSentence } from "../src/ner/corpus.ts";
import { extractFeatures, FEATURE_VERSION, LEXICAL_TEMPLATES, type NerResources } from "../src/ner/features.ts";
import { parseGazetteer } from "../src/ner/gazetteer.ts";
import { computeWordStats, serializeWordStats } from "../src/ner/lexicon.ts";
import { tokenize } from "../src/text/tokenize.ts";
import { NerModel } from "../src/ner/model.ts";
import { scoreSpans, trainPerceptron, type TrainItem } from "../src/ner/train.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string, dflt: string): string => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const flag = (name: string) => args.includes(`--${name}`);

const corpusDir = opt("anercorp", join(root, "..", "shared", "data", "anercorp-train"));
const outDir = join(root, "data", "ner");
const heldoutPath = opt("heldout", "/tmp/rasd-ner-heldout.conll");
const epochs = Number(opt("epochs", "10"));
const bits = Number(opt("bits", "20"));
const seed = Number(opt("seed", "1"));
const dropout = Number(opt("dropout", "0.6"));

// 1. Gazetteer: ANERGazet's three lists, normalized, deduplicated, sorted.
const gazLines = new Set<string>();
for (const [file, type] of [
  ["AlignedPersGazetteer.txt", "PERS"],
  ["AlignedLocGazetteer.txt", "LOC"],
  ["AlignedOrgGazetteer.txt", "ORG"],
] as const) {
  for (const raw of readFileSync(join(corpusDir, "ANERGazet", file), "utf8").split(/\r?\n/)) {
    const name = normalize(raw).replace(/[^\u0621-\u064a ]+/g, " ").replace(/\s+/g, " ").trim();
    if (name.length < 2) continue;
    gazLines.add(`${type}\t${name}`);
  }
}
const gazTsv = [...gazLines].sort().join("\n") + "\n";

// 2. Split.
const sentences = readConll(readFileSync(join(corpusDir, "ANERCorp.train.txt"), "utf8"));
const cut = sentences.length - Math.floor(sentences.length / 10);
const trainPart = sentences.slice(0, cut);
const heldPart = sentences.slice(cut);
writeFileSync(heldoutPath, writeConll(heldPart));
console.error(`sentences: ${sentences.length}; training ${trainPart.length}, held out ${heldPart.length} -> ${heldoutPath}`);
if (flag("split-only")) process.exit(0);

// 3. Word statistics from unlabeled text: the training part's words (never the held-out part's),
// the raw text of the GSR newswire sentences and of the Wojood sample (their labels are not used).
const unlabeled: string[] = [];
for (const s of trainPart) for (const w of s.words) unlabeled.push(w);
const shared = join(corpusDir, "..", "..");
for (const f of ["gsr-assault.dev.jsonl", "gsr-protest.dev.jsonl"]) {
  for (const line of readFileSync(join(shared, "eval", "dev", f), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const text = (JSON.parse(line) as { text: string }).text;
    for (const t of tokenize(text)) if (t.kind === "word") unlabeled.push(t.text);
  }
}
for (const f of ["train.txt", "val.txt"]) {
  for (const line of readFileSync(join(shared, "data", "wojood-sample", f), "utf8").split("\n")) {
    const w = line.split(/\s+/)[0];
    if (w) unlabeled.push(w);
  }
}
const stats = computeWordStats(unlabeled.map((w) => normalize(w)));
const statsTsv = serializeWordStats(stats);
console.error(`word statistics: ${unlabeled.length} words, ${stats.size} stems`);

const res: NerResources = { gaz: parseGazetteer(gazTsv), stats };
// A word seen once in the training part is "rare": its lexical features are dropped at random.
const wordCount = new Map<string, number>();
for (const s of trainPart) for (const w of s.words) wordCount.set(normalize(w), (wordCount.get(normalize(w)) ?? 0) + 1);
const toItems = (part: readonly ConllSentence[]): TrainItem[] =>
  part.map((s) => {
    const ts = toTrainSentence(s);
    const inputs = ts.tokens.map((t) => ({ norm: t.norm, kind: t.kind }));
    const rare = Uint8Array.from(ts.tokens, (t) => ((wordCount.get(t.norm) ?? 0) <= 1 ? 1 : 0));
    return { feats: extractFeatures(inputs, res).slice(), gold: ts.gold, n: ts.tokens.length, rare };
  });

const fmt = (r: Record<string, { precision: number; recall: number; f1: number }>) =>
  Object.entries(r)
    .map(([k, v]) => `${k} P ${v.precision.toFixed(3)} R ${v.recall.toFixed(3)} F ${v.f1.toFixed(3)}`)
    .join(" | ");

const t0 = Date.now();
if (flag("dev")) {
  const devCut = trainPart.length - Math.floor(trainPart.length / 10);
  const tr = toItems(trainPart.slice(0, devCut));
  const dv = toItems(trainPart.slice(devCut));
  trainPerceptron(tr, {
    bits,
    epochs,
    seed,
    featureVersion: FEATURE_VERSION,
    dropout,
    dropTemplates: LEXICAL_TEMPLATES,
    onEpoch: (e, m, mistakes) => console.error(`epoch ${e} mistakes ${mistakes} dev ${fmt(scoreSpans(dv, m))}`),
  });
  console.error(`${((Date.now() - t0) / 1000).toFixed(1)} s`);
  process.exit(0);
}

const trainItems = toItems(trainPart);
const heldItems = toItems(heldPart);
const model = trainPerceptron(trainItems, {
  bits,
  epochs,
  seed,
  featureVersion: FEATURE_VERSION,
  onEpoch: (e, _m, mistakes) => console.error(`epoch ${e}: ${mistakes} sentences wrong`),
});
console.error(`trained in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.error(`held-out (rasd tokens, tagger alone): ${fmt(scoreSpans(heldItems, model))}`);

mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "gazetteer.tsv"), gazTsv);
writeFileSync(join(outDir, "wordstats.tsv"), statsTsv);
const bin = model.serialize();
writeFileSync(join(outDir, "model.bin.gz"), bin);
console.error(`wrote ${join(outDir, "model.bin.gz")} (${(bin.length / 1e6).toFixed(2)} MB) and gazetteer.tsv (${gazLines.size} names)`);
// The stored model is quantized: check it scores as the trained one does.
console.error(`held-out, model as stored: ${fmt(scoreSpans(heldItems, NerModel.deserialize(bin)))}`);
