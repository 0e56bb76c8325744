/**
 * @module ner/hash
 * String and feature hashing for the tagger. Strings are hashed once per token (FNV-1a); a feature
 * is a template id mixed with one or two string hashes, so no feature string is ever built at run
 * time. The same functions are used by training and inference, so any change here invalidates the
 * committed weights (bump FEATURE_VERSION in features.ts).
 *
 * Hashes are returned as signed 32-bit integers (`| 0`, not `>>> 0`): the same bits (every user masks
 * them or stores them in a Uint32Array), but a value that fits a small integer, so a call that is not
 * inlined returns it without allocating a heap number (about 50 MB per 400 articles before).
 */

/** FNV-1a over UTF-16 code units, 32 bits. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** Murmur3's finalizer: spreads the bits of a combined value. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** Feature hash of a template and one value hash. */
export function feat1(template: number, a: number): number {
  return fmix(Math.imul(template + 1, 0x9e3779b1) ^ a);
}

/** Feature hash of a template and two value hashes (a conjunction). */
export function feat2(template: number, a: number, b: number): number {
  return fmix(fmix(Math.imul(template + 1, 0x9e3779b1) ^ a) ^ Math.imul(b, 0x2545f491));
}
