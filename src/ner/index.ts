/**
 * @module ner
 * The statistical name tagger: person (PERS), place (LOC), organisation (ORG) and other (MISC)
 * names over rasd tokens. Model and lists are loaded once, lazily, from data/ner/ (see its
 * README for their source and `npm run train:ner` to rebuild them).
 *
 * Spans are token ranges with UTF-16 offsets into the original text; like ANERcorp's annotation,
 * a span covers whole tokens, so an attached conjunction stays inside it («وسوريا»).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Sentence, Token } from "../doc/types.ts";
import { extractFeatures, FEATURE_VERSION, N_FEATURES, compactWeights, scoreTokens, type CompactWeights, type NerInput, type NerResources } from "./features.ts";
import { parseGazetteer, parseWorld } from "./gazetteer.ts";
import { normalize } from "../text/normalize.ts";
import { parseNumberTsv } from "./lexicon.ts";
import { arabicSpell } from "../text/spell.ts";
import { joinedFlags, K, NerModel, tagsToSpans } from "./model.ts";
import { tokenForms } from "../text/tokenize.ts";

export type NerType = "PERS" | "LOC" | "ORG" | "MISC";

export interface NerSpan {
  type: NerType;
  /** Token index range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
  /** Margin-based confidence 0..1: how much the span's tags beat "not a name" (0.5: a tie). */
  confidence: number;
}

export interface Tagger {
  model: NerModel;
  res: NerResources;
  /** The loaded model's weights indexed by non-empty rows (what inference reads). */
  compact?: CompactWeights;
}

/** data/ner, or the folder in RASD_NER_DIR (a model trained elsewhere, for measuring: train-ner --dev --out). */
const DATA = process.env.RASD_NER_DIR ? new URL(`file://${process.env.RASD_NER_DIR.replace(/\/?$/, "/")}`) : new URL("../../data/ner/", import.meta.url);

let loaded: Tagger | null = null;

/** The tagger with the committed model, loaded on first use. */
export function loadTagger(): Tagger {
  if (loaded) return loaded;
  const model = NerModel.deserialize(readFileSync(fileURLToPath(new URL("model.bin.gz", DATA))));
  if (model.featureVersion !== FEATURE_VERSION) {
    throw new Error(`[E504] data/ner/model.bin.gz was trained with feature version ${model.featureVersion}, the code extracts version ${FEATURE_VERSION}; rebuild it with \`npm run train:ner\``);
  }
  const gaz = parseGazetteer(readFileSync(fileURLToPath(new URL("gazetteer.tsv", DATA)), "utf8"));
  const stats = parseNumberTsv(readFileSync(fileURLToPath(new URL("wordstats.tsv", DATA)), "utf8"));
  const lex = parseGazetteer(readFileSync(fileURLToPath(new URL("names.tsv", DATA)), "utf8"));
  const { world, classes } = parseWorld(readFileSync(fileURLToPath(new URL("world.tsv", DATA)), "utf8"), normalize);
  const grams = parseNumberTsv(readFileSync(fileURLToPath(new URL("ngrams.tsv", DATA)), "utf8"));
  loaded = { model, res: { gaz, stats, lex, world, classes, grams: grams.size ? grams : null, spell: arabicSpell() } };
  return loaded;
}

/** Invisible direction and joining marks, which the tokenizer treats as space. */
export function isInvisibleMark(c: number): boolean {
  return (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0x061c || c === 0xfeff;
}

/**
 * Widens [start, end) over invisible marks glued to it (no space between), so a span covers the
 * word as written: «لشبونة\u200f» is one word to a reader and to annotators.
 */
export function widenOverMarks(text: string, start: number, end: number): { start: number; end: number } {
  while (start > 0 && isInvisibleMark(text.charCodeAt(start - 1))) start--;
  while (end < text.length && isInvisibleMark(text.charCodeAt(end))) end++;
  return { start, end };
}

let featBuf = new Uint32Array(0);
let tagBuf = new Uint8Array(0);
let emBuf = new Float32Array(0);
let joinBuf = new Uint8Array(0);

/** Tags one sequence of tokens [from, to) and appends its names to `out`. */
function tagRange(tagger: Tagger, tokens: readonly Token[], from: number, to: number, out: NerSpan[], text?: string): void {
  const n = to - from;
  if (n <= 0) return;
  if (tagBuf.length < n) tagBuf = new Uint8Array(Math.max(n, tagBuf.length * 2));
  let em: Float32Array;
  const q = tagger.model.qweights;
  if (q) {
    // A loaded model: per-word sums cached across sentences (same scores, fewer lookups).
    if (emBuf.length < n * K) emBuf = new Float32Array(Math.max(n * K, emBuf.length * 2));
    tagger.compact ??= compactWeights(q, K);
    em = scoreTokens(tokens, from, to, tagger.res, tagger.compact, tagger.model.mask, tagger.model.scale, K, emBuf, tokenForms(tokens));
  } else {
    if (featBuf.length < n * N_FEATURES) featBuf = new Uint32Array(Math.max(n * N_FEATURES, featBuf.length * 2));
    const inputs: NerInput[] = new Array(n);
    for (let i = 0; i < n; i++) inputs[i] = tokens[from + i]!;
    extractFeatures(inputs, tagger.res, featBuf);
    em = tagger.model.emissions(featBuf, n);
  }
  if (joinBuf.length < n) joinBuf = new Uint8Array(Math.max(n, joinBuf.length * 2));
  tagger.model.viterbi(em, n, tagBuf, tagger.model.trans, joinedFlags(tokens, from, to, joinBuf));
  for (const s of tagsToSpans(tagBuf, n)) {
    // Confidence: the smallest margin, over the span's tokens, by which the chosen tag's emission
    // score beats "O" (not a name), squashed to 0..1.
    let margin = Infinity;
    for (let i = s.start; i < s.end; i++) {
      const o = i * K;
      margin = Math.min(margin, em[o + tagBuf[i]!]! - em[o]!);
    }
    let start = tokens[from + s.start]!.start;
    let end = tokens[from + s.end - 1]!.end;
    if (text) ({ start, end } = widenOverMarks(text, start, end));
    out.push({
      type: s.type as NerType,
      tokenStart: from + s.start,
      tokenEnd: from + s.end,
      start,
      end,
      confidence: 1 / (1 + Math.exp(-margin / 10)),
    });
  }
}

/**
 * Names in the tokens, sentence by sentence when sentences are given (the model was trained on
 * sentences), else over the whole token list. With `text` (the text the tokens index), spans also
 * take in the invisible marks glued to their ends.
 */
export function tagTokens(tokens: readonly Token[], sentences?: readonly Sentence[], text?: string, tagger: Tagger = loadTagger()): NerSpan[] {
  const out: NerSpan[] = [];
  if (sentences && sentences.length) {
    for (const s of sentences) tagRange(tagger, tokens, s.tokenStart, s.tokenEnd, out, text);
  } else tagRange(tagger, tokens, 0, tokens.length, out, text);
  return out;
}

/**
 * For `npm run bench`: tags `tokens` in chunks of `chunk` tokens (sentence-sized), `rounds` times,
 * and returns the number of tokens tagged. Time it from outside.
 */
export function benchTagger(tokens: readonly Token[], rounds = 1, chunk = 30): number {
  const tagger = loadTagger();
  const out: NerSpan[] = [];
  let count = 0;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < tokens.length; i += chunk) {
      out.length = 0;
      tagRange(tagger, tokens, i, Math.min(tokens.length, i + chunk), out);
    }
    count += tokens.length;
  }
  return count;
}
