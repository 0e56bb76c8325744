/**
 * @module text/sentences
 * Sentence and paragraph splitting over tokens. A sentence ends at «.», «!», «?», «؟», «؛», «…» and
 * at a newline; a paragraph is a block of text between newlines. «،» is a clause comma in Arabic
 * news (one sentence often runs over many of them), so it never ends a sentence: `splitClauses`
 * gives the clauses of a sentence for rules that must not reach across them.
 *
 * A «.» after a one-letter word is an abbreviation («د. محمد», «م. أحمد»), not the end of a sentence.
 */
import type { Sentence, Span, Token } from "../doc/types.ts";

const ENDERS = new Set([".", "!", "?", "؟", "؛", "…"]);

export function splitParagraphs(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    if (i === text.length || text.charCodeAt(i) === 0x0a) {
      let s = start, e = i;
      while (s < e && /\s/.test(text[s]!)) s++;
      while (e > s && /\s/.test(text[e - 1]!)) e--;
      if (e > s) out.push({ start: s, end: e });
      start = i + 1;
    }
  }
  return out;
}

/** Splits tokens into sentences and sets each token's `sentence` index. */
export function splitSentences(text: string, tokens: Token[], paragraphs: Span[]): Sentence[] {
  const out: Sentence[] = [];
  let p = 0;
  let first = 0;
  const close = (endTok: number) => {
    if (endTok <= first) return;
    const idx = out.length;
    for (let k = first; k < endTok; k++) tokens[k]!.sentence = idx;
    out.push({ start: tokens[first]!.start, end: tokens[endTok - 1]!.end, tokenStart: first, tokenEnd: endTok, paragraph: p });
    first = endTok;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    while (p < paragraphs.length - 1 && t.start >= paragraphs[p]!.end) {
      close(i);
      p++;
    }
    if (t.kind === "punct" && ENDERS.has(t.text)) {
      if (t.text === "." && i > 0) {
        const prev = tokens[i - 1]!;
        if (prev.end === t.start && prev.kind === "word" && prev.norm.length === 1) continue;
      }
      // Closing quotes and brackets right after the ender belong to the same sentence.
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.kind === "punct" && /^[»”"')\]]$/.test(tokens[j]!.text) && tokens[j]!.start === tokens[j - 1]!.end) j++;
      close(j);
      i = j - 1;
    }
  }
  close(tokens.length);
  void text;
  return out;
}

/** Punctuation that separates clauses inside a sentence. */
const CLAUSE_SEPS = new Set(["،", ",", "؛", ";", ":", "(", ")", "«", "»", "“", "”", "\"", "–", "—"]);

export interface Clause {
  start: number;
  end: number;
  tokenStart: number;
  tokenEnd: number;
}

/**
 * Splits a sentence (or any token range) into clauses at «،», «؛», «:», brackets, quotes and dashes.
 * The separators themselves belong to no clause.
 */
export function splitClauses(tokens: Token[], range: { tokenStart: number; tokenEnd: number }): Clause[] {
  const out: Clause[] = [];
  let first = range.tokenStart;
  const close = (end: number) => {
    if (end > first) out.push({ start: tokens[first]!.start, end: tokens[end - 1]!.end, tokenStart: first, tokenEnd: end });
  };
  for (let i = range.tokenStart; i < range.tokenEnd; i++) {
    const t = tokens[i]!;
    if (t.kind === "punct" && CLAUSE_SEPS.has(t.text)) {
      close(i);
      first = i + 1;
    }
  }
  close(range.tokenEnd);
  return out;
}

/** Index of the clause boundary before token i within its sentence: the first token of i's clause. */
export function clauseStart(tokens: Token[], i: number, sentenceStart: number): number {
  let k = i;
  while (k > sentenceStart) {
    const t = tokens[k - 1]!;
    if (t.kind === "punct" && CLAUSE_SEPS.has(t.text)) break;
    k--;
  }
  return k;
}
