/**
 * @module text/tokenize
 * Splits text into tokens with offsets into the original. A word token runs over Arabic letters and
 * the marks that may sit inside a word (diacritics, tatweel, ZWNJ/ZWJ); digits run with their
 * separators; Latin words are one token; every other non-space unit is its own punctuation token
 * (a surrogate pair, e.g. an emoji, is one symbol token).
 *
 * Word tokens are normalized inline (text/normalize.ts's table) into a reused buffer with a running
 * hash, and looked up in an intern table of normalized forms that also holds their clitic analysis
 * (text/clitics.ts). A form seen before costs one hash probe: no intermediate strings, and every
 * token of the same form shares the same `norm` and `base` strings. This keeps the text layer at
 * tens of MB/s on one core.
 *
 * `proclitics` arrays are shared between tokens of the same form and frozen: copy before changing.
 */
import type { Token, TokenKind } from "../doc/types.ts";
import { isArabicLetter, isWordInternal, normalize, NORM_DROP, NORM_NFKC, NORM_TABLE } from "./normalize.ts";
import { alefMaskOf, analyzeWord, isHamzaAlef, type CliticAnalysis } from "./clitics.ts";

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
  return Cls.Other;
}

// Module-local copies: an imported binding may be read through an accessor on every use.
const TABLE: Int32Array = NORM_TABLE;
const DROP: number = NORM_DROP;
const NFKC: number = NORM_NFKC;

const CLS = new Uint8Array(0x10000);
for (let c = 0; c < 0x10000; c++) CLS[c] = classify(c);

/**
 * Word-scanning table: 0 for a unit that ends a word; otherwise the normalized unit in the low 16
 * bits and flags above, so the inner loop does one lookup per unit.
 */
const W_LETTER = 1 << 16;
const W_DROP = 1 << 17;
const W_NFKC = 1 << 18;
const W_HAMZA = 1 << 19;
const WT = new Int32Array(0x10000);
for (let c = 0; c < 0x10000; c++) {
  const k = CLS[c]!;
  if (k !== Cls.Arabic && k !== Cls.Internal) continue;
  const t = TABLE[c]!;
  let w = k === Cls.Arabic ? W_LETTER : 0;
  if (t === DROP) w |= W_DROP;
  else if (t === NFKC) w |= W_NFKC;
  else w |= t === 0 ? c : t;
  if (isHamzaAlef(c)) w |= W_HAMZA;
  WT[c] = w;
}

function isDigitSep(text: string, i: number, to: number): boolean {
  // "1,000", "3.5", "٢٫٥": a separator between two digits stays inside the number.
  const c = text.charCodeAt(i);
  if (c !== 0x2c && c !== 0x2e && c !== 0x066b && c !== 0x066c) return false;
  return i + 1 < to && CLS[text.charCodeAt(i + 1)] === Cls.Digit;
}

// ---------------------------------------------------------------------------------------------
// Intern table of normalized word forms.

/**
 * One normalized form in one surface variant: the clitic analysis also depends on whether the
 * surface ended in ة/ى and which of its first letters were hamza alefs (clitics.ts), so those are
 * part of the key («الاثنين» and «الإثنين» share a norm but not an entry).
 */
interface Entry extends FormMemo {
  /** Clitic analysis, computed on first use. */
  a: CliticAnalysis | undefined;
}

/**
 * One interned word form, shared by every token of that form in every document: stages memoize
 * what they derive from the form here (one property load instead of a lookup in a large map per
 * token). A memo must check what else it depends on (the token's base, its own data), since the
 * same form may be analysed differently in another document (confirmUnseenSplits).
 */
export interface FormMemo {
  readonly norm: string;
  geo: unknown;
  keys: unknown;
  persons: unknown;
  tagger: unknown;
  events: unknown;
}

const FORMS = new WeakMap<readonly Token[], (FormMemo | undefined)[]>();

/** The interned forms of tokens returned by `tokenize` (undefined for non-words), by token index. */
export function tokenForms(tokens: readonly Token[]): readonly (FormMemo | undefined)[] | undefined {
  return FORMS.get(tokens);
}

const BUF_MAX = 256;
const buf = new Uint16Array(BUF_MAX);
// Open addressing over 64-bit hashes: each slot is [hash1, hash2, length|variant, entry index + 1] in one
// Int32Array, so a probe touches one cache line and never dereferences a string. Two independent
// 32-bit hashes plus the length make a false match practically impossible (about 1e-9 for a
// million forms).
const SLOT_BITS = 16;
const SLOTS = 1 << SLOT_BITS;
const MASK = SLOTS - 1;
/** Forms kept before the table is cleared: bounded memory for a long-running service. */
const INTERN_MAX = SLOTS >> 1;
let slots = new Int32Array(SLOTS * 4);
let entries: Entry[] = [];

function lookup(len: number, h1: number, h2: number, variant: number): Entry {
  const lv = len | (variant << 16);
  let s = h1 & MASK;
  for (;;) {
    const o = s << 2;
    const idx = slots[o + 3]!;
    if (idx === 0) break;
    if (slots[o] === h1 && slots[o + 1] === h2 && slots[o + 2] === lv) return entries[idx - 1]!;
    s = (s + 1) & MASK;
  }
  if (entries.length >= INTERN_MAX) {
    slots = new Int32Array(SLOTS * 4);
    entries = [];
    s = h1 & MASK;
  }
  const norm = String.fromCharCode.apply(null, buf.subarray(0, len) as unknown as number[]);
  const entry: Entry = { norm, a: undefined, geo: undefined, keys: undefined, persons: undefined, tagger: undefined, events: undefined };
  entries.push(entry);
  const o = s << 2;
  slots[o] = h1;
  slots[o + 1] = h2;
  slots[o + 2] = lv;
  slots[o + 3] = entries.length;
  return entry;
}

const NO_CLITICS: string[] = Object.freeze([]) as unknown as string[];

/**
 * Tokenizes `text` (or the range [from, to) of it). `sentence` is left 0; the sentence splitter sets it.
 */
export function tokenize(text: string, from = 0, to = text.length): Token[] {
  const tokens: Token[] = [];
  const forms: (FormMemo | undefined)[] = [];
  // Tokens whose split rests on no evidence, with their analyses (see confirmUnseenSplits).
  let unseen: [number, CliticAnalysis][] | undefined;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    const cls = CLS[c]!;
    if (cls === Cls.Space) {
      i++;
      continue;
    }
    const start = i;
    if (cls === Cls.Arabic || cls === Cls.Internal) {
      // Normalize inline while scanning the word.
      let len = 0;
      let hash = 0x811c9dc5 | 0;
      let hash2 = 0x2545f491;
      let slow = false;
      let lastLetter = 0;
      let alefMask = 0;
      for (; i < to; i++) {
        const u = text.charCodeAt(i);
        const w = WT[u]!;
        if (w === 0) break;
        if ((w & W_LETTER) !== 0) lastLetter = u;
        if ((w & W_DROP) !== 0) continue;
        if ((w & W_NFKC) !== 0 || len >= BUF_MAX) {
          slow = true;
          continue;
        }
        const v = w & 0xffff;
        if ((w & W_HAMZA) !== 0 && len < 8) alefMask |= 1 << len;
        buf[len++] = v;
        hash = Math.imul(hash ^ v, 16777619);
        hash2 = Math.imul(hash2 ^ v, 0x5bd1e995);
        hash2 ^= hash2 >>> 13;
      }
      const surface = text.slice(start, i);
      if (slow) {
        // Presentation forms or a very long word: normalize the slow way, then hash the result.
        const n = normalize(surface);
        if (n.length > BUF_MAX) {
          tokens.push(wordToken(start, i, surface, n, analyzeWord(n, lastLetter === 0x0629 || lastLetter === 0x0649, alefMaskOf(surface))));
          forms.push(undefined);
          continue;
        }
        len = n.length;
        alefMask = alefMaskOf(surface);
        hash = 0x811c9dc5 | 0;
        hash2 = 0x2545f491;
        for (let k = 0; k < len; k++) {
          const v = n.charCodeAt(k);
          buf[k] = v;
          hash = Math.imul(hash ^ v, 16777619);
          hash2 = Math.imul(hash2 ^ v, 0x5bd1e995);
          hash2 ^= hash2 >>> 13;
        }
      }
      // The surface facts the clitic analysis depends on are part of the key (see Entry).
      const folded = lastLetter === 0x0629 || lastLetter === 0x0649;
      const variant = (alefMask << 1) | (folded ? 1 : 0);
      if (variant !== 0) {
        hash = Math.imul(hash ^ (0x10000 | variant), 16777619);
        hash2 = Math.imul(hash2 ^ (0x10000 | variant), 0x5bd1e995);
        hash2 ^= hash2 >>> 13;
      }
      const e = lookup(len, hash, hash2, variant);
      const a = (e.a ??= analyzeWord(e.norm, folded, alefMask));
      if (a.fallback) (unseen ??= []).push([tokens.length, a]);
      tokens.push(wordToken(start, i, surface, e.norm, a));
      forms.push(e);
      continue;
    }
    let kind: TokenKind;
    if (cls === Cls.Digit) {
      i++;
      while (i < to) {
        const k = CLS[text.charCodeAt(i)]!;
        if (k === Cls.Digit) i++;
        else if (isDigitSep(text, i, to)) i += 2;
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
    tokens.push({ start, end: i, text: surface, norm, base: norm, proclitics: NO_CLITICS, enclitic: "", kind, sentence: 0 });
    forms.push(undefined);
  }
  if (unseen) confirmUnseenSplits(tokens, unseen);
  FORMS.set(tokens, forms);
  return tokens;
}

/**
 * A split of a word unknown to the word list («بجاسم» = ب + جاسم?) stands only when its stem
 * occurs on its own somewhere in the same text; otherwise the word is kept whole («بايدن»).
 */
function confirmUnseenSplits(tokens: Token[], unseen: [number, CliticAnalysis][]): void {
  // The stems to confirm (few), then one pass looking for them elsewhere in the text.
  const wanted = new Set<string>();
  for (const [, a] of unseen) wanted.add(a.base);
  const found = new Set<string>();
  let u = 0;
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== "word") continue;
    if (u < unseen.length && unseen[u]![0] === k) {
      u++;
      continue;
    }
    if (wanted.has(t.base)) found.add(t.base);
    else if (t.proclitics.length === 0 && wanted.has(t.norm)) found.add(t.norm);
  }
  for (const [k, a] of unseen) {
    if (found.has(a.base)) continue;
    const t = tokens[k]!;
    const f = a.fallback!;
    t.base = f.base;
    t.proclitics = f.proclitics as string[];
    t.enclitic = f.enclitic;
  }
}

function wordToken(start: number, end: number, surface: string, norm: string, a: CliticAnalysis): Token {
  return {
    start,
    end,
    text: surface,
    norm,
    base: a.base,
    proclitics: a.proclitics as string[],
    enclitic: a.enclitic,
    kind: "word",
    sentence: 0,
  };
}

/**
 * The lookup key of a multi-word lexicon entry («دير الزور», «جيش خالد»): the bases of its word
 * tokens joined by one space, so that entries and document tokens meet on the same forms.
 */
export function phraseKey(phrase: string): string {
  let out = "";
  for (const t of tokenize(phrase)) {
    if (t.kind !== "word" && t.kind !== "number" && t.kind !== "latin") continue;
    out += out ? " " + t.base : t.base;
  }
  return out;
}
