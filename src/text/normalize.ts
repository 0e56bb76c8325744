/**
 * @module text/normalize
 * Arabic normalization for matching. The original text is never changed: `normalizeWithMap`
 * returns the normalized string with, for each of its UTF-16 units, the index of the original unit
 * it came from, so a match found in the normalized copy maps back to original offsets.
 *
 * What it folds (each is a way the same word is written differently in Arabic news):
 * - diacritics (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel: dropped;
 * - alef with hamza above/below, madda, wasla -> bare alef; alef maqsura -> yaa; taa marbuta -> haa;
 *   hamza on waw -> waw, hamza on yaa -> yaa;
 * - Persian/Urdu letter forms (keheh, farsi yeh) -> Arabic kaf and yaa;
 * - zero-width and direction marks (ZWNJ, ZWJ, LRM, RLM, embeddings, isolates, BOM, ALM): dropped;
 * - Eastern Arabic and Persian digits -> ASCII digits; Arabic comma/semicolon/question mark kept;
 * - Arabic presentation forms and other compatibility characters: NFKC.
 */

/**
 * Code unit -> replacement. -1 drops the unit; 0 keeps it; -2 means "apply NFKC"; otherwise the
 * replacement unit. Exported for the tokenizer, which normalizes word tokens inline.
 */
export const NORM_TABLE = new Int32Array(0x10000);
const TABLE = NORM_TABLE;
export const NORM_DROP = -1;
export const NORM_NFKC = -2;
const DROP = NORM_DROP;
const NFKC = NORM_NFKC;

(function buildTable() {
  const drop = (from: number, to = from) => {
    for (let c = from; c <= to; c++) TABLE[c] = DROP;
  };
  const map = (from: number, to: number) => {
    TABLE[from] = to;
  };
  drop(0x064b, 0x065f); // harakat, tanwin, shadda, sukun, hamza marks
  drop(0x0610, 0x061a); // honorific and small marks above/below (ﷺ-like signs, small fatha/kasra)
  drop(0x08d3, 0x08ff); // extended Arabic marks (open tanwin, small high marks)
  drop(0x06e5, 0x06e6); // small waw, small yaa (Quranic spelling)
  drop(0x0670); // dagger alef
  drop(0x06d6, 0x06dc); // Quranic annotation marks
  drop(0x06df, 0x06e4);
  drop(0x06e7, 0x06e8);
  drop(0x06ea, 0x06ed);
  drop(0x0640); // tatweel
  drop(0x200b, 0x200f); // zero-width space, ZWNJ, ZWJ, LRM, RLM
  drop(0x202a, 0x202e); // embeddings and overrides
  drop(0x2066, 0x2069); // isolates
  drop(0xfeff); // BOM / zero-width no-break space
  drop(0x061c); // Arabic letter mark
  drop(0x00ad); // soft hyphen
  for (const c of [0x0622, 0x0623, 0x0625, 0x0671, 0x0672, 0x0673]) map(c, 0x0627); // alef forms
  map(0x0649, 0x064a); // alef maqsura -> yaa
  map(0x0629, 0x0647); // taa marbuta -> haa
  map(0x0624, 0x0648); // waw with hamza -> waw
  map(0x0626, 0x064a); // yaa with hamza -> yaa
  map(0x06a9, 0x0643); // keheh -> kaf
  map(0x06cc, 0x064a); // farsi yeh -> yaa
  map(0x06c1, 0x0647); // heh goal -> haa
  for (let d = 0; d < 10; d++) {
    map(0x0660 + d, 0x30 + d); // Eastern Arabic digits
    map(0x06f0 + d, 0x30 + d); // Persian digits
  }
  map(0x066b, 0x2e); // Arabic decimal separator -> "."
  map(0x066c, 0x2c); // Arabic thousands separator -> ","
  map(0x00a0, 0x20); // no-break space -> space
  for (let c = 0xfb50; c <= 0xfdff; c++) TABLE[c] = NFKC; // presentation forms A
  for (let c = 0xfe70; c <= 0xfefe; c++) TABLE[c] = NFKC; // presentation forms B
  for (let c = 0xff01; c <= 0xff5e; c++) TABLE[c] = NFKC; // full-width ASCII
})();

export interface NormalizedText {
  /** The normalized string. */
  text: string;
  /** map[i] = index in the original of the unit that produced normalized unit i; map[text.length] = original length. */
  map: Uint32Array;
  /** The original string (set by normalizeWithMap), so spans can take in trailing marks. */
  source?: string;
}

/** Normalizes a string for matching (no offset map). */
export function normalize(s: string): string {
  let out = "";
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const t = TABLE[c]!;
    if (t === 0) continue;
    if (i > runStart) out += s.slice(runStart, i);
    runStart = i + 1;
    if (t === DROP) continue;
    if (t === NFKC) out += normalize(s[i]!.normalize("NFKC"));
    else out += String.fromCharCode(t);
  }
  return runStart === 0 ? s : out + s.slice(runStart);
}

/** Normalizes a string and keeps, for each normalized unit, the original index it came from. */
export function normalizeWithMap(s: string): NormalizedText {
  const codes: number[] = [];
  const map: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const t = TABLE[c]!;
    if (t === 0) {
      codes.push(c);
      map.push(i);
    } else if (t === DROP) {
      continue;
    } else if (t === NFKC) {
      const n = normalize(s[i]!.normalize("NFKC"));
      for (let k = 0; k < n.length; k++) {
        codes.push(n.charCodeAt(k));
        map.push(i);
      }
    } else {
      codes.push(t);
      map.push(i);
    }
  }
  map.push(s.length);
  let text = "";
  for (let i = 0; i < codes.length; i += 4096) text += String.fromCharCode(...codes.slice(i, i + 4096));
  return { text, map: Uint32Array.from(map), source: s };
}

/**
 * Maps a span of the normalized text back to the original: the start goes to the original unit
 * of the first normalized unit, the end to just after the original unit of the last one, extended
 * over the diacritics, tatweel and ZWNJ/ZWJ that follow it inside the word («قوّاتُ», not «قوّات»).
 */
export function toOriginalSpan(n: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = n.map[start]!;
    return { start: at, end: at };
  }
  let e = n.map[end - 1]! + 1;
  const src = n.source;
  if (src !== undefined) {
    const limit = n.map[end]!;
    while (e < limit && isWordInternal(src.charCodeAt(e))) e++;
  }
  return { start: n.map[start]!, end: e };
}

/** True for a code unit that is an Arabic letter (not a mark, digit or punctuation). */
export function isArabicLetter(c: number): boolean {
  return (c >= 0x0621 && c <= 0x063a) || (c >= 0x0641 && c <= 0x064a) || (c >= 0x0671 && c <= 0x06d3) || c === 0x06d5 || (c >= 0xfb50 && c <= 0xfdff) || (c >= 0xfe70 && c <= 0xfefc);
}

/** True for a unit that may sit inside an Arabic word without breaking it: marks, tatweel, ZWNJ/ZWJ. */
export function isWordInternal(c: number): boolean {
  return (c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || c === 0x200c || c === 0x200d || (c >= 0x06d6 && c <= 0x06ed) || (c >= 0x0610 && c <= 0x061a) || (c >= 0x08d3 && c <= 0x08ff);
}

const QUOTES = /[«»“”„‟"‘’‹›()\[\]]/g;

/** A name as the text writes it, without the quotes and brackets around or inside it, spaces collapsed. */
export function stripQuotes(s: string): string {
  return s.replace(QUOTES, " ").replace(/\s+/g, " ").trim();
}
