/**
 * @module text/tokenize
 * Splits text into tokens with offsets into the original. A word token runs over Arabic letters and
 * the marks that may sit inside a word (diacritics, tatweel, ZWNJ/ZWJ); digits run with their
 * separators; Latin words are one token; every other non-space unit is its own punctuation token.
 * Clitic analysis (text/clitics.ts) fills `base`, `proclitics` and `enclitic`.
 */
import type { Token, TokenKind } from "../doc/types.ts";
import { isArabicLetter, isWordInternal, normalize } from "./normalize.ts";
import { analyzeClitics } from "./clitics.ts";

const enum Cls {
  Space,
  Arabic,
  Internal,
  Digit,
  Latin,
  Other,
}

function classify(c: number): Cls {
  if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xa0 || c === 0x0b || c === 0x0c || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x3000 || c === 0x202f) return Cls.Space;
  if (isArabicLetter(c)) return Cls.Arabic;
  if (isWordInternal(c)) return Cls.Internal;
  if ((c >= 0x30 && c <= 0x39) || (c >= 0x0660 && c <= 0x0669) || (c >= 0x06f0 && c <= 0x06f9)) return Cls.Digit;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xc0 && c <= 0x24f)) return Cls.Latin;
  // Invisible marks between tokens (LRM, RLM, isolates, BOM) are treated as space.
  if ((c >= 0x200e && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff || c === 0x061c || c === 0x200b) return Cls.Space;
  // Surrogate pairs (emoji) stay whole in a symbol token, see below.
  return Cls.Other;
}

const CLS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CLS[c] = classify(c);

function isDigitSep(text: string, i: number): boolean {
  // "1,000", "3.5", "٢٫٥": a separator between two digits stays inside the number.
  const c = text.charCodeAt(i);
  if (c !== 0x2c && c !== 0x2e && c !== 0x066b && c !== 0x066c) return false;
  return i + 1 < text.length && CLS[text.charCodeAt(i + 1)] === Cls.Digit;
}

/**
 * Tokenizes `text` (or the range [from, to) of it). `sentence` is left 0; the sentence splitter sets it.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const cls = CLS[c]!;
    if (cls === Cls.Space) {
      i++;
      continue;
    }
    const start = i;
    let kind: TokenKind;
    if (cls === Cls.Arabic || cls === Cls.Internal) {
      i++;
      while (i < to) {
        const k = CLS[text.charCodeAt(i)]!;
        if (k !== Cls.Arabic && k !== Cls.Internal) break;
        i++;
      }
      // A word made only of marks (a stray diacritic) is punctuation-like.
      kind = "word";
    } else if (cls === Cls.Digit) {
      i++;
      while (i < to) {
        const k = CLS[text.charCodeAt(i)]!;
        if (k === Cls.Digit) i++;
        else if (isDigitSep(text, i) && i + 1 < to) i += 2;
        else break;
      }
      kind = "number";
    } else if (cls === Cls.Latin) {
      i++;
      while (i < to) {
        const k = CLS[text.charCodeAt(i)]!;
        if (k === Cls.Latin || k === Cls.Digit) i++;
        else break;
      }
      kind = "latin";
    } else {
      // A surrogate pair is one symbol, never split in two.
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) i += 2;
      else i++;
      kind = c >= 0xd800 && c <= 0xdfff ? "symbol" : "punct";
    }
    const surface = text.slice(start, i);
    const norm = normalize(surface);
    const tok: Token = { start, end: i, text: surface, norm, base: norm, proclitics: [], enclitic: "", kind, sentence: 0 };
    if (kind === "word") analyzeClitics(tok);
    tokens.push(tok);
  }
  return tokens;
}
