/**
 * @module ner/corpus
 * Reading ANERcorp-style CoNLL data ("token TAG" per line) for training and measuring the tagger.
 * Used by scripts/train-ner.ts only; the product never reads a corpus.
 *
 * The ANERcorp training part has no sentence breaks: a sentence ends after a «.» token. Each sentence
 * is turned into the text `score.mjs ner-docs` would give rasd (tokens joined by single spaces) and
 * tokenized by rasd's own tokenizer, and the gold spans are projected onto those tokens, so the
 * model is trained on exactly the tokens it sees at run time («(د» becomes «(» + «د»).
 */
import type { Token } from "../doc/types.ts";
import { tokenize } from "../text/tokenize.ts";
import { TAG_INDEX } from "./model.ts";

export interface ConllSentence {
  words: string[];
  tags: string[];
}

export interface TrainSentence {
  text: string;
  tokens: Token[];
  /** Gold tag index per rasd token. */
  gold: Uint8Array;
}

/** Parses "token TAG" lines; a blank line or a «.» token ends a sentence. */
export function readConll(content: string): ConllSentence[] {
  const out: ConllSentence[] = [];
  let cur: ConllSentence = { words: [], tags: [] };
  const close = () => {
    if (cur.words.length) out.push(cur);
    cur = { words: [], tags: [] };
  };
  for (const raw of content.split("\n")) {
    const line = raw.trim();
    if (!line) {
      close();
      continue;
    }
    const parts = line.split(/\s+/);
    cur.words.push(parts[0]!);
    cur.tags.push(parts[1] ?? "O");
    if (parts[0] === ".") close();
  }
  close();
  return out;
}

/**
 * The split every script uses for the ANERcorp training part: the LAST 10% of its sentences
 * (floor(n / 10), contiguous) are held out for measuring and must not reach any data file, the rest
 * is for training and building lists.
 */
export function anercorpSplit(sentences: readonly ConllSentence[]): { train: ConllSentence[]; heldOut: ConllSentence[] } {
  const cut = sentences.length - Math.floor(sentences.length / 10);
  return { train: sentences.slice(0, cut), heldOut: sentences.slice(cut) };
}

export function writeConll(sentences: readonly ConllSentence[]): string {
  return sentences.map((s) => s.words.map((w, i) => `${w} ${s.tags[i]}`).join("\n") + "\n").join("\n");
}

/** Character spans of the gold names in the space-joined text, read as score.mjs reads them. */
export function goldCharSpans(s: ConllSentence): { text: string; spans: { type: string; start: number; end: number }[] } {
  let text = "";
  const spans: { type: string; start: number; end: number }[] = [];
  let open: { type: string; start: number; end: number } | null = null;
  s.words.forEach((w, k) => {
    if (k) text += " ";
    const start = text.length;
    text += w;
    const tag = s.tags[k]!;
    const [bio, type] = tag.includes("-") ? [tag.slice(0, 1), tag.slice(2)] : [tag, ""];
    if (open && (bio !== "I" || type !== open.type)) {
      spans.push(open);
      open = null;
    }
    if (bio === "B" || (bio === "I" && !open)) open = { type, start, end: text.length };
    else if (bio === "I" && open) open.end = text.length;
  });
  if (open) spans.push(open);
  return { text, spans };
}

/** The sentence as rasd tokens with gold BIO tags projected onto them. */
export function toTrainSentence(s: ConllSentence): TrainSentence {
  const { text, spans } = goldCharSpans(s);
  const tokens = tokenize(text);
  const gold = new Uint8Array(tokens.length);
  let t = 0;
  for (const sp of spans) {
    while (t < tokens.length && tokens[t]!.start < sp.start) t++;
    let first = true;
    while (t < tokens.length && tokens[t]!.end <= sp.end) {
      gold[t] = TAG_INDEX[(first ? "B-" : "I-") + sp.type] ?? 0;
      first = false;
      t++;
    }
  }
  return { text, tokens, gold };
}
