/**
 * @module text/sentences
 * Sentence and paragraph splitting over tokens. A sentence ends at «.», «!», «?», «؟», «؛» and at a
 * newline; a paragraph is a block of text between newlines.
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
