/**
 * @module ner/features
 * Feature extraction for the name tagger. Every token gets exactly N_FEATURES hashed features
 * (templates below), so a sentence's features are one flat Uint32Array and scoring is a tight loop.
 *
 * What the templates encode, and why:
 * - the word, its stem (clitics stripped, ner/word.ts) and those of its neighbours: names recur,
 *   and the words around a name (الرئيس، مدينة، وكالة، قال) say which kind it is;
 * - prefixes and suffixes of the stem: nisba adjectives (-ي), feminine place names (-يه), foreign
 *   names (-وف، -سكي), plural nouns that are never names (-ات، -ون);
 * - the clitic pattern: a name takes «ال» rarely for people, often for places and organisations;
 * - word shape: Latin, digits, punctuation, length;
 * - gazetteer membership: whole entries matched over the sentence, and single words of entries.
 *
 * Changing any template changes what the committed weights mean: bump FEATURE_VERSION and retrain.
 */
import { feat1, feat2, hashString } from "./hash.ts";
import { GAZ_LOC, GAZ_ORG, GAZ_PERS, matchGazetteer, type Gazetteer } from "./gazetteer.ts";
import { analyzeWord } from "./word.ts";
import type { FormMemo } from "../text/tokenize.ts";

/** What the features look words up in: the name lists and the word statistics (ner/lexicon.ts). */
export interface NerResources {
  gaz: Gazetteer | null;
  /** stem -> statistics code (frequency bucket and article ratio), from unlabeled news text. */
  stats: Map<string, number> | null;
  /** Names annotated in the training data, as a second list (jackknifed while training). */
  lex?: Gazetteer | null;
}

export const FEATURE_VERSION = 1;

/** A token as the tagger sees it: its normalized form and its kind (Token.kind). */
export interface NerInput {
  norm: string;
  kind: string;
}

const enum T {
  Bias,
  W0,
  Wm1,
  Wp1,
  Wm2,
  Wp2,
  S0,
  Sm1,
  Sp1,
  Pre1,
  Pre2,
  Pre3,
  Suf1,
  Suf2,
  Suf3,
  Clitics,
  Shape,
  Wm1W0,
  W0Wp1,
  Sm1S0,
  S0Sp1,
  GazHere,
  GazPrev,
  GazNext,
  GazWords,
  ShapeCtx,
  Alt,
  Sm2,
  Sp2,
  SufM1,
  GazWordsCtx,
  Stats,
  StatsCtx,
  LexHere,
  LexCtx,
  LexWords,
  Count,
}

export const N_FEATURES = T.Count;

/**
 * The templates that name the word itself. Training drops them at random on rare words, so the
 * model learns to find names from context, affixes and lists, as it must for names it never saw.
 */
export const LEXICAL_TEMPLATES: readonly number[] = [T.W0, T.S0, T.Wm1W0, T.W0Wp1, T.Sm1S0, T.S0Sp1, T.Alt];

const H_EMPTY = hashString("");
const H_START = hashString("<s>");
const H_END = hashString("</s>");

function lengthBucket(n: number): number {
  return n > 8 ? 8 : n;
}

function coarseShape(t: NerInput): string {
  switch (t.kind) {
    case "word":
      return "W";
    case "number":
      return "N";
    case "latin":
      return "L";
    default:
      return "P" + t.norm;
  }
}

/** Reusable per-sentence buffers, grown as needed, so tagging allocates almost nothing. */
class Scratch {
  cap = 0;
  hw = new Uint32Array(0);
  hs = new Uint32Array(0);
  hshape = new Uint32Array(0);
  hcoarse = new Uint32Array(0);
  hpre1 = new Uint32Array(0);
  hpre2 = new Uint32Array(0);
  hpre3 = new Uint32Array(0);
  hsuf1 = new Uint32Array(0);
  hsuf2 = new Uint32Array(0);
  hsuf3 = new Uint32Array(0);
  hcl = new Uint32Array(0);
  halt = new Uint32Array(0);
  gwords = new Uint8Array(0);
  gstart = new Uint8Array(0);
  ginside = new Uint8Array(0);
  stat = new Uint16Array(0);
  lstart = new Uint8Array(0);
  linside = new Uint8Array(0);
  lwords = new Uint8Array(0);
  gmaybe = new Uint8Array(0);
  lmaybe = new Uint8Array(0);
  ensure(n: number): void {
    if (n <= this.cap) return;
    const c = Math.max(n, this.cap * 2, 64);
    this.cap = c;
    this.hw = new Uint32Array(c);
    this.hs = new Uint32Array(c);
    this.hshape = new Uint32Array(c);
    this.hcoarse = new Uint32Array(c);
    this.hpre1 = new Uint32Array(c);
    this.hpre2 = new Uint32Array(c);
    this.hpre3 = new Uint32Array(c);
    this.hsuf1 = new Uint32Array(c);
    this.hsuf2 = new Uint32Array(c);
    this.hsuf3 = new Uint32Array(c);
    this.hcl = new Uint32Array(c);
    this.halt = new Uint32Array(c);
    this.gwords = new Uint8Array(c);
    this.gstart = new Uint8Array(c);
    this.ginside = new Uint8Array(c);
    this.stat = new Uint16Array(c);
    this.lstart = new Uint8Array(c);
    this.linside = new Uint8Array(c);
    this.lwords = new Uint8Array(c);
    this.gmaybe = new Uint8Array(c);
    this.lmaybe = new Uint8Array(c);
  }
}

const scratch = new Scratch();

/** Everything about one word that does not depend on its neighbours. */
interface WordInfo {
  hw: number;
  hcoarse: number;
  hs: number;
  hpre1: number;
  hpre2: number;
  hpre3: number;
  hsuf1: number;
  hsuf2: number;
  hsuf3: number;
  hcl: number;
  hshape: number;
  halt: number;
  gwords: number;
  stat: number;
  /** Type bits of the word in the training-name list (0 when none). */
  lwords: number;
  /** Whether one of its first forms starts a gazetteer entry / a training-name entry. */
  gazMaybe: number;
  lexMaybe: number;
  firstForms: readonly string[];
}

function wordInfo(t: NerInput, res: NerResources): WordInfo {
  const w = t.norm;
  const hw = hashString(w);
  const hcoarse = hashString(coarseShape(t));
  if (t.kind !== "word") {
    return { hw, hcoarse, hs: hw, hpre1: H_EMPTY, hpre2: H_EMPTY, hpre3: H_EMPTY, hsuf1: H_EMPTY, hsuf2: H_EMPTY, hsuf3: H_EMPTY, hcl: H_EMPTY, hshape: hashString(t.kind + lengthBucket(w.length)), halt: H_EMPTY, gwords: 0, stat: 0, lwords: 0, gazMaybe: res.gaz?.entries.has(w) ? 1 : 0, lexMaybe: res.lex?.entries.has(w) ? 1 : 0, firstForms: [w] };
  }
  const a = analyzeWord(w);
  const st = a.stem;
  let gwords = 0;
  if (res.gaz) {
    gwords = res.gaz.words.get(st) ?? 0;
    if (a.alt) gwords |= (res.gaz.words.get(a.alt) ?? 0) << 3;
  }
  const forms = [w];
  if (a.noConj !== w) forms.push(a.noConj);
  if (a.noPrep !== a.noConj) forms.push(a.noPrep);
  if (a.alt) forms.push(a.alt);
  return {
    hw,
    hcoarse,
    hs: hashString(st),
    hpre1: hashString(st.slice(0, 1)),
    hpre2: st.length > 2 ? hashString(st.slice(0, 2)) : H_EMPTY,
    hpre3: st.length > 3 ? hashString(st.slice(0, 3)) : H_EMPTY,
    hsuf1: hashString(st.slice(-1)),
    hsuf2: st.length > 2 ? hashString(st.slice(-2)) : H_EMPTY,
    hsuf3: st.length > 3 ? hashString(st.slice(-3)) : H_EMPTY,
    hcl: hashString(a.conj + "|" + a.prep + "|" + (a.art ? "ال" : "")),
    hshape: hashString("W" + lengthBucket(st.length)),
    halt: a.alt ? hashString(a.alt) : H_EMPTY,
    gwords,
    stat: res.stats ? (res.stats.get(st) ?? 1) : 1,
    lwords: res.lex ? (res.lex.words.get(st) ?? 0) : 0,
    gazMaybe: forms.some((f) => res.gaz?.entries.has(f)) ? 1 : 0,
    lexMaybe: forms.some((f) => res.lex?.entries.has(f)) ? 1 : 0,
    firstForms: forms,
  };
}

/** Word information cached per resource set and token kind; cleared when it grows past the limit. */
const caches = new WeakMap<NerResources, Map<string, Map<string, WordInfo>>>();
const CACHE_LIMIT = 100_000;

/**
 * Writes the features of every token of one sentence into `out` (length >= n * N_FEATURES),
 * token-major. Returns `out`.
 */
export function extractFeatures(tokens: readonly NerInput[], res: NerResources, out?: Uint32Array): Uint32Array {
  const gaz = res.gaz;
  const stats = res.stats;
  const n = tokens.length;
  const F = N_FEATURES;
  if (!out || out.length < n * F) out = new Uint32Array(n * F);
  const s = scratch;
  s.ensure(n);
  const norms: string[] = new Array(n);
  const firstForms: (readonly string[])[] = new Array(n);
  let cache = caches.get(res);
  if (!cache) caches.set(res, (cache = new Map()));
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const w = t.norm;
    norms[i] = w;
    let byKind = cache.get(t.kind);
    if (!byKind) cache.set(t.kind, (byKind = new Map()));
    let info = byKind.get(w);
    if (!info) {
      if (byKind.size >= CACHE_LIMIT) byKind.clear();
      info = wordInfo(t, res);
      byKind.set(w, info);
    }
    s.hw[i] = info.hw;
    s.hcoarse[i] = info.hcoarse;
    s.hs[i] = info.hs;
    s.hpre1[i] = info.hpre1;
    s.hpre2[i] = info.hpre2;
    s.hpre3[i] = info.hpre3;
    s.hsuf1[i] = info.hsuf1;
    s.hsuf2[i] = info.hsuf2;
    s.hsuf3[i] = info.hsuf3;
    s.hcl[i] = info.hcl;
    s.hshape[i] = info.hshape;
    s.halt[i] = info.halt;
    s.gwords[i] = info.gwords;
    s.stat[i] = info.stat;
    s.lwords[i] = info.lwords;
    s.gmaybe[i] = info.gazMaybe;
    s.lmaybe[i] = info.lexMaybe;
    firstForms[i] = info.firstForms;
  }
  const lex = res.lex;
  if (lex) {
    matchGazetteer(lex, norms, firstForms, s.lstart, s.linside, s.lmaybe);
  } else {
    s.lstart.fill(0, 0, n);
    s.linside.fill(0, 0, n);
    s.lwords.fill(0, 0, n);
  }
  if (gaz) matchGazetteer(gaz, norms, firstForms, s.gstart, s.ginside, s.gmaybe);
  else {
    s.gstart.fill(0, 0, n);
    s.ginside.fill(0, 0, n);
  }
  const gazCode = (i: number): number => (i < 0 || i >= n ? 255 : s.gstart[i]! | (s.ginside[i]! << 3));
  const lexCode = (j: number): number => (j < 0 || j >= n ? 255 : s.lstart[j]! | (s.linside[j]! << 3));
  for (let i = 0; i < n; i++) {
    const o = i * F;
    const wm1 = i > 0 ? s.hw[i - 1]! : H_START;
    const wp1 = i + 1 < n ? s.hw[i + 1]! : H_END;
    const wm2 = i > 1 ? s.hw[i - 2]! : H_START;
    const wp2 = i + 2 < n ? s.hw[i + 2]! : H_END;
    const sm1 = i > 0 ? s.hs[i - 1]! : H_START;
    const sp1 = i + 1 < n ? s.hs[i + 1]! : H_END;
    const sm2 = i > 1 ? s.hs[i - 2]! : H_START;
    const sp2 = i + 2 < n ? s.hs[i + 2]! : H_END;
    const w0 = s.hw[i]!;
    const s0 = s.hs[i]!;
    out[o + T.Bias] = feat1(T.Bias, 0);
    out[o + T.W0] = feat1(T.W0, w0);
    out[o + T.Wm1] = feat1(T.Wm1, wm1);
    out[o + T.Wp1] = feat1(T.Wp1, wp1);
    out[o + T.Wm2] = feat1(T.Wm2, wm2);
    out[o + T.Wp2] = feat1(T.Wp2, wp2);
    out[o + T.S0] = feat1(T.S0, s0);
    out[o + T.Sm1] = feat1(T.Sm1, sm1);
    out[o + T.Sp1] = feat1(T.Sp1, sp1);
    out[o + T.Pre1] = feat1(T.Pre1, s.hpre1[i]!);
    out[o + T.Pre2] = feat1(T.Pre2, s.hpre2[i]!);
    out[o + T.Pre3] = feat1(T.Pre3, s.hpre3[i]!);
    out[o + T.Suf1] = feat1(T.Suf1, s.hsuf1[i]!);
    out[o + T.Suf2] = feat1(T.Suf2, s.hsuf2[i]!);
    out[o + T.Suf3] = feat1(T.Suf3, s.hsuf3[i]!);
    out[o + T.Clitics] = feat1(T.Clitics, s.hcl[i]!);
    out[o + T.Shape] = feat1(T.Shape, s.hshape[i]!);
    out[o + T.Wm1W0] = feat2(T.Wm1W0, wm1, w0);
    out[o + T.W0Wp1] = feat2(T.W0Wp1, w0, wp1);
    out[o + T.Sm1S0] = feat2(T.Sm1S0, sm1, s0);
    out[o + T.S0Sp1] = feat2(T.S0Sp1, s0, sp1);
    out[o + T.GazHere] = feat1(T.GazHere, gazCode(i));
    out[o + T.GazPrev] = feat2(T.GazPrev, gazCode(i - 1), gazCode(i));
    out[o + T.GazNext] = feat2(T.GazNext, gazCode(i), gazCode(i + 1));
    out[o + T.GazWords] = feat1(T.GazWords, s.gwords[i]!);
    const cm1 = i > 0 ? s.hcoarse[i - 1]! : H_START;
    const cp1 = i + 1 < n ? s.hcoarse[i + 1]! : H_END;
    out[o + T.ShapeCtx] = feat2(T.ShapeCtx, feat2(0, cm1, s.hcoarse[i]!), cp1);
    out[o + T.Alt] = feat1(T.Alt, s.halt[i]!);
    out[o + T.Sm2] = feat1(T.Sm2, sm2);
    out[o + T.Sp2] = feat1(T.Sp2, sp2);
    out[o + T.SufM1] = feat2(T.SufM1, i > 0 ? s.hsuf2[i - 1]! : H_START, s.hsuf2[i]!);
    const gm1 = i > 0 ? s.gwords[i - 1]! : 255;
    const gp1 = i + 1 < n ? s.gwords[i + 1]! : 255;
    out[o + T.GazWordsCtx] = feat2(T.GazWordsCtx, gm1 | (s.gwords[i]! << 8), gp1);
    out[o + T.Stats] = feat1(T.Stats, s.stat[i]!);
    const stm1 = i > 0 ? s.stat[i - 1]! : 0xffff;
    const stp1 = i + 1 < n ? s.stat[i + 1]! : 0xffff;
    out[o + T.StatsCtx] = feat2(T.StatsCtx, stm1 | (s.stat[i]! << 16), stp1);
    out[o + T.LexHere] = feat1(T.LexHere, lexCode(i));
    out[o + T.LexCtx] = feat2(T.LexCtx, lexCode(i - 1) | (lexCode(i) << 8), lexCode(i + 1));
    out[o + T.LexWords] = feat1(T.LexWords, s.lwords[i]!);
  }
  return out;
}

export const GAZ_BITS = { PERS: GAZ_PERS, LOC: GAZ_LOC, ORG: GAZ_ORG };

/**
 * Inference fast path: the emission scores of one sentence straight from 16-bit weights, equal to
 * `model.emissions(extractFeatures(...))` to the bit. Features that depend on a single word (its own
 * templates, and what it contributes to the neighbours' Wm1/Sm1, Wp1/Sp1, Wm2/Sm2, Wp2/Sp2) are
 * summed once per word form and cached, so a token costs 13 hashed lookups instead of 37. The sums
 * are integers (the weights are quantized), so the order of addition cannot change the result.
 */
interface ScoredWord {
  info: WordInfo;
  /** Summed weights, K per group: own features, as left neighbour at 1 and 2, as right neighbour at 1 and 2. */
  vec: Int32Array;
}

const G_SELF = 0;
const G_L1 = 1;
const G_L2 = 2;
const G_R1 = 3;
const G_R2 = 4;
const SELF_TEMPLATES = [T.Bias, T.W0, T.S0, T.Pre1, T.Pre2, T.Pre3, T.Suf1, T.Suf2, T.Suf3, T.Clitics, T.Shape, T.GazWords, T.Alt, T.Stats, T.LexWords] as const;

interface ScoreCache {
  byKind: Map<string, Map<string, ScoredWord>>;
  /** Boundary contributions: sentence start at distance 1 and 2, end at distance 1 and 2. */
  start1: Int32Array;
  start2: Int32Array;
  end1: Int32Array;
  end2: Int32Array;
}

const scoreCaches = new WeakMap<CompactWeights, WeakMap<NerResources, ScoreCache>>();

/** Adds bucket `bucket`'s K weights from the compact table to acc[o..]: nothing for an empty bucket. */
function addRowC(acc: Int32Array, o: number, cw: CompactWeights, bucket: number, K: number): void {
  const wi = bucket >>> 5;
  const word = cw.bits[wi]!;
  const bit = 1 << (bucket & 31);
  if (!(word & bit)) return;
  let x = word & (bit - 1);
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
  const b = (cw.rank[wi]! + x) * K;
  const rows = cw.rows;
  for (let y = 0; y < K; y++) acc[o + y] += rows[b + y]!;
}

function scoredWord(info: WordInfo, w: CompactWeights, mask: number, K: number): ScoredWord {
  const vec = new Int32Array(5 * K);
  const self: Record<number, number> = {
    [T.Bias]: feat1(T.Bias, 0),
    [T.W0]: feat1(T.W0, info.hw),
    [T.S0]: feat1(T.S0, info.hs),
    [T.Pre1]: feat1(T.Pre1, info.hpre1),
    [T.Pre2]: feat1(T.Pre2, info.hpre2),
    [T.Pre3]: feat1(T.Pre3, info.hpre3),
    [T.Suf1]: feat1(T.Suf1, info.hsuf1),
    [T.Suf2]: feat1(T.Suf2, info.hsuf2),
    [T.Suf3]: feat1(T.Suf3, info.hsuf3),
    [T.Clitics]: feat1(T.Clitics, info.hcl),
    [T.Shape]: feat1(T.Shape, info.hshape),
    [T.GazWords]: feat1(T.GazWords, info.gwords),
    [T.Alt]: feat1(T.Alt, info.halt),
    [T.Stats]: feat1(T.Stats, info.stat),
    [T.LexWords]: feat1(T.LexWords, info.lwords),
  };
  for (const t of SELF_TEMPLATES) addRowC(vec, G_SELF * K, w, self[t]! & mask, K);
  addRowC(vec, G_L1 * K, w, feat1(T.Wm1, info.hw) & mask, K);
  addRowC(vec, G_L1 * K, w, feat1(T.Sm1, info.hs) & mask, K);
  addRowC(vec, G_L2 * K, w, feat1(T.Wm2, info.hw) & mask, K);
  addRowC(vec, G_L2 * K, w, feat1(T.Sm2, info.hs) & mask, K);
  addRowC(vec, G_R1 * K, w, feat1(T.Wp1, info.hw) & mask, K);
  addRowC(vec, G_R1 * K, w, feat1(T.Sp1, info.hs) & mask, K);
  addRowC(vec, G_R2 * K, w, feat1(T.Wp2, info.hw) & mask, K);
  addRowC(vec, G_R2 * K, w, feat1(T.Sp2, info.hs) & mask, K);
  return { info, vec };
}

function boundary(w: CompactWeights, mask: number, K: number, h: number, tw: number, ts: number): Int32Array {
  const v = new Int32Array(K);
  addRowC(v, 0, w, feat1(tw, h) & mask, K);
  addRowC(v, 0, w, feat1(ts, h) & mask, K);
  return v;
}

/** 16-bit weights with an index of their non-empty rows: bit b of `bits` says whether bucket b has weights; they are at row rank[b >> 5] + (set bits below b in its word) of `rows`. */
export interface CompactWeights {
  dense: Int16Array;
  bits: Uint32Array;
  rank: Uint32Array;
  rows: Int16Array;
}

/** Builds the compact index of a dense bucket-major weight table with K weights per bucket. */
export function compactWeights(dense: Int16Array, K: number): CompactWeights {
  const B = dense.length / K;
  const bits = new Uint32Array(Math.ceil(B / 32));
  let count = 0;
  for (let b = 0; b < B; b++) {
    for (let y = 0; y < K; y++) {
      if (dense[b * K + y] !== 0) {
        bits[b >>> 5]! |= 1 << (b & 31);
        count++;
        break;
      }
    }
  }
  const rank = new Uint32Array(bits.length);
  const rows = new Int16Array(count * K);
  let r = 0;
  for (let wi = 0; wi < bits.length; wi++) {
    rank[wi] = r;
    for (let j = 0; j < 32; j++) {
      if (!(bits[wi]! & (1 << j))) continue;
      const b = wi * 32 + j;
      for (let y = 0; y < K; y++) rows[r * K + y] = dense[b * K + y]!;
      r++;
    }
  }
  return { dense, bits, rank, rows };
}

/** What the tagger memoizes on an interned form: its scores under one model and resource set. */
interface FormScore {
  sc: ScoreCache;
  e: ScoredWord;
}

let scoredBuf: ScoredWord[] = [];
let normBuf: string[] = [];
let formBuf: (readonly string[])[] = [];

/**
 * Emission scores em[i * K + tag] of tokens [from, to) into `out` (length >= (to - from) * K),
 * for a model loaded from a file: 16-bit weights `w`, hash `mask`, `scale`, K tags.
 */
export function scoreTokens(
  tokens: readonly NerInput[],
  from: number,
  to: number,
  res: NerResources,
  cw: CompactWeights,
  mask: number,
  scale: number,
  K: number,
  out: Float32Array,
  /** The interned forms of `tokens` (text/tokenize.ts tokenForms), when known. */
  forms?: readonly (FormMemo | undefined)[],
): Float32Array {
  const n = to - from;
  const w = cw;
  let byRes = scoreCaches.get(w);
  if (!byRes) scoreCaches.set(w, (byRes = new WeakMap()));
  let sc = byRes.get(res);
  if (!sc) {
    sc = {
      byKind: new Map(),
      start1: boundary(w, mask, K, H_START, T.Wm1, T.Sm1),
      start2: boundary(w, mask, K, H_START, T.Wm2, T.Sm2),
      end1: boundary(w, mask, K, H_END, T.Wp1, T.Sp1),
      end2: boundary(w, mask, K, H_END, T.Wp2, T.Sp2),
    };
    byRes.set(res, sc);
  }
  const s = scratch;
  s.ensure(n);
  if (scoredBuf.length < n) {
    scoredBuf = new Array(n);
  }
  const scored = scoredBuf;
  const norms = normBuf;
  const firstForms = formBuf;
  norms.length = n;
  firstForms.length = n;
  let lastKind = "";
  let byKind: Map<string, ScoredWord> | undefined;
  for (let i = 0; i < n; i++) {
    const t = tokens[from + i]!;
    const wd = t.norm;
    norms[i] = wd;
    // The word's scores depend on its form and kind only: memoized on the interned form when the
    // tokenizer gave one (word tokens), else found in the cache by kind and form.
    const fm = forms?.[from + i];
    const fmemo = fm?.tagger as FormScore | undefined;
    let e: ScoredWord | undefined = fmemo !== undefined && fmemo.sc === sc && t.kind === "word" ? fmemo.e : undefined;
    if (!e) {
      if (t.kind !== lastKind || !byKind) {
        lastKind = t.kind;
        byKind = sc.byKind.get(lastKind);
        if (!byKind) sc.byKind.set(lastKind, (byKind = new Map()));
      }
      e = byKind.get(wd);
      if (!e) {
        if (byKind.size >= CACHE_LIMIT) byKind.clear();
        e = scoredWord(wordInfo(t, res), w, mask, K);
        byKind.set(wd, e);
      }
      if (fm && t.kind === "word") fm.tagger = { sc, e } satisfies FormScore;
    }
    scored[i] = e;
    const info = e.info;
    s.hw[i] = info.hw;
    s.hcoarse[i] = info.hcoarse;
    s.hs[i] = info.hs;
    s.hsuf2[i] = info.hsuf2;
    s.gwords[i] = info.gwords;
    s.stat[i] = info.stat;
    s.gmaybe[i] = info.gazMaybe;
    s.lmaybe[i] = info.lexMaybe;
    firstForms[i] = info.firstForms;
  }
  const lex = res.lex;
  if (lex) matchGazetteer(lex, norms, firstForms, s.lstart, s.linside, s.lmaybe);
  else {
    s.lstart.fill(0, 0, n);
    s.linside.fill(0, 0, n);
  }
  if (res.gaz) matchGazetteer(res.gaz, norms, firstForms, s.gstart, s.ginside, s.gmaybe);
  else {
    s.gstart.fill(0, 0, n);
    s.ginside.fill(0, 0, n);
  }
  const gstart = s.gstart, ginside = s.ginside, lstart = s.lstart, linside = s.linside;
  const hw = s.hw, hs = s.hs, hcoarse = s.hcoarse, hsuf2 = s.hsuf2, gwords = s.gwords, stat = s.stat;
  const nzBits = cw.bits;
  const nzRank = cw.rank;
  const rows = cw.rows;
  const acc = new Int32Array(K);
  const b = new Int32Array(13);
  for (let i = 0; i < n; i++) {
    const wm1 = i > 0 ? hw[i - 1]! : H_START;
    const wp1 = i + 1 < n ? hw[i + 1]! : H_END;
    const sm1 = i > 0 ? hs[i - 1]! : H_START;
    const sp1 = i + 1 < n ? hs[i + 1]! : H_END;
    const w0 = hw[i]!;
    const s0 = hs[i]!;
    const gc = gstart[i]! | (ginside[i]! << 3);
    const gcm1 = i > 0 ? gstart[i - 1]! | (ginside[i - 1]! << 3) : 255;
    const gcp1 = i + 1 < n ? gstart[i + 1]! | (ginside[i + 1]! << 3) : 255;
    const lc = lstart[i]! | (linside[i]! << 3);
    const lcm1 = i > 0 ? lstart[i - 1]! | (linside[i - 1]! << 3) : 255;
    const lcp1 = i + 1 < n ? lstart[i + 1]! | (linside[i + 1]! << 3) : 255;
    b[0] = feat2(T.Wm1W0, wm1, w0);
    b[1] = feat2(T.W0Wp1, w0, wp1);
    b[2] = feat2(T.Sm1S0, sm1, s0);
    b[3] = feat2(T.S0Sp1, s0, sp1);
    b[4] = feat1(T.GazHere, gc);
    b[5] = feat2(T.GazPrev, gcm1, gc);
    b[6] = feat2(T.GazNext, gc, gcp1);
    const cm1 = i > 0 ? hcoarse[i - 1]! : H_START;
    const cp1 = i + 1 < n ? hcoarse[i + 1]! : H_END;
    b[7] = feat2(T.ShapeCtx, feat2(0, cm1, hcoarse[i]!), cp1);
    b[8] = feat2(T.SufM1, i > 0 ? hsuf2[i - 1]! : H_START, hsuf2[i]!);
    const gm1 = i > 0 ? gwords[i - 1]! : 255;
    const gp1 = i + 1 < n ? gwords[i + 1]! : 255;
    b[9] = feat2(T.GazWordsCtx, gm1 | (gwords[i]! << 8), gp1);
    const stm1 = i > 0 ? stat[i - 1]! : 0xffff;
    const stp1 = i + 1 < n ? stat[i + 1]! : 0xffff;
    b[10] = feat2(T.StatsCtx, stm1 | (stat[i]! << 16), stp1);
    b[11] = feat1(T.LexHere, lc);
    b[12] = feat2(T.LexCtx, lcm1 | (lc << 8), lcp1);
    const self = scored[i]!.vec;
    const l1 = i > 0 ? scored[i - 1]!.vec : sc.start1;
    const l1o = i > 0 ? G_L1 * K : 0;
    const l2 = i > 1 ? scored[i - 2]!.vec : sc.start2;
    const l2o = i > 1 ? G_L2 * K : 0;
    const r1 = i + 1 < n ? scored[i + 1]!.vec : sc.end1;
    const r1o = i + 1 < n ? G_R1 * K : 0;
    const r2 = i + 2 < n ? scored[i + 2]!.vec : sc.end2;
    const r2o = i + 2 < n ? G_R2 * K : 0;
    for (let y = 0; y < K; y++) acc[y] = self[y]! + l1[l1o + y]! + l2[l2o + y]! + r1[r1o + y]! + r2[r2o + y]!;
    for (let f = 0; f < 13; f++) {
      // Most buckets are empty (unseen pairs): test a small bitset before touching any weights, and
      // read the non-empty ones from the compact row table (cache-resident, unlike the dense one).
      const bk = b[f]! & mask;
      const wi = bk >>> 5;
      const word = nzBits[wi]!;
      const bit = 1 << (bk & 31);
      if (!(word & bit)) continue;
      let x = word & (bit - 1);
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      x = Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      const bb = (nzRank[wi]! + x) * K;
      for (let y = 0; y < K; y++) acc[y] += rows[bb + y]!;
    }
    const o = i * K;
    for (let y = 0; y < K; y++) out[o + y] = acc[y]! * scale;
  }
  for (let i = 0; i < n; i++) scored[i] = undefined as unknown as ScoredWord;
  return out;
}
