/**
 * @module ner/features
 * Feature extraction for the name tagger. Every token gets exactly N_FEATURES hashed features, so a
 * sentence's features are one flat Uint32Array and scoring is a tight loop. Unused slots hold PAD,
 * which points at the bucket training never updates (weight 0).
 *
 * A token's features come in six blocks:
 * - its word's own features (SELF): the word, its stem (clitics stripped, ner/word.ts), prefixes
 *   and suffixes of the stem, clitic pattern, shape, gazetteer and training-name word bits, word
 *   statistics from unlabeled text, and whether the Arabic spelling dictionary knows the word
 *   (text/spell.ts: what capital letters tell in English);
 * - what its neighbours at distance 1 and 2 contribute (L1, R1, L2, R2): their words and stems, and
 *   for the nearest ones some of their shape;
 * - conjunctions over the sentence (PAIRS): word bigrams, gazetteer and training-name matches over
 *   the sentence with their neighbours, context shape, statistics in context.
 * The first five blocks depend on one word each, so inference sums them once per word form
 * (scoreTokens); only the pairs are looked up per token. Both paths build their features with the
 * same functions (wordFeatures, pairFeatures), so they agree by construction.
 *
 * Changing any template changes what the committed weights mean: bump FEATURE_VERSION and retrain.
 */
import { feat1, feat2, hashString } from "./hash.ts";
import { GAZ_LOC, GAZ_ORG, GAZ_PERS, type GazNode, type Gazetteer } from "./gazetteer.ts";
import { analyzeWord } from "./word.ts";
import { nameBucket } from "./ngrams.ts";
import type { SpellDict } from "../text/spell.ts";
import type { FormMemo } from "../text/tokenize.ts";

/** What the features look words up in: the name lists and the word statistics (ner/lexicon.ts). */
export interface NerResources {
  gaz: Gazetteer | null;
  /** stem -> statistics code (frequency bucket and article ratio), from unlabeled news text. */
  stats: Map<string, number> | null;
  /** Names annotated in the training data, as a second list (jackknifed while training). */
  lex?: Gazetteer | null;
  /** Names written for rasd from general knowledge (data/ner/world.tsv): PERS, LOC, ORG entries. */
  world?: Gazetteer | null;
  /** Word classes from the same file (given names, titles, organisation heads...): stem -> bits. */
  classes?: Map<string, number> | null;
  /** Character n-gram log-odds of personal names (ner/ngrams.ts). */
  grams?: Map<string, number> | null;
  /** The Arabic spelling dictionary (text/spell.ts): does it know the word as vocabulary? */
  spell?: SpellDict | null;
}

export const FEATURE_VERSION = 4;

/** A token as the tagger sees it: its normalized form and its kind (Token.kind). */
export interface NerInput {
  norm: string;
  kind: string;
}

/** Template ids (mixed into each feature's hash). Never renumber: the weights are keyed on them. */
const enum T {
  Bias = 0,
  W0 = 1,
  Wm1 = 2,
  Wp1 = 3,
  Wm2 = 4,
  Wp2 = 5,
  S0 = 6,
  Sm1 = 7,
  Sp1 = 8,
  Pre1 = 9,
  Pre2 = 10,
  Pre3 = 11,
  Suf1 = 12,
  Suf2 = 13,
  Suf3 = 14,
  Clitics = 15,
  Shape = 16,
  Wm1W0 = 17,
  W0Wp1 = 18,
  Sm1S0 = 19,
  S0Sp1 = 20,
  GazHere = 21,
  GazPrev = 22,
  GazNext = 23,
  GazWords = 24,
  ShapeCtx = 25,
  Alt = 26,
  Sm2 = 27,
  Sp2 = 28,
  SufM1 = 29,
  GazWordsCtx = 30,
  Stats = 31,
  StatsCtx = 32,
  LexHere = 33,
  LexCtx = 34,
  LexWords = 35,
  // 36..58: tried on the dev split and left out (stem affixes of 4, word prefixes, character
  // n-grams, word clusters, neighbours' affixes, clitics, list bits and statistics).
  WorldHere = 59,
  WorldCtx = 60,
  WorldWords = 61,
  Class = 62,
  ClassM1 = 63,
  ClassP1 = 64,
  ClassCtx = 65,
  ClassM2 = 66,
  ClassP2 = 67,
  NameScore = 68,
  Spell = 72,
  // 73: the dictionary verdicts of the word and its neighbours together, left out (CV 0.809 with,
  // 0.810 without, and a lookup per token).
}

/** Slots per block. */
const NS = 19;
const N1 = 3;
const N2 = 3;
const NP = 16;
const O_SELF = 0;
const O_L1 = NS;
const O_R1 = O_L1 + N1;
const O_L2 = O_R1 + N1;
const O_R2 = O_L2 + N2;
const O_PAIR = O_R2 + N2;
export const N_FEATURES = O_PAIR + NP;

/** An unused slot: the last bucket of any table, which training never updates. */
export const PAD = 0xffffffff;

/**
 * The slots that name the word itself (its W0, S0 and Alt, and the bigrams over it). Training drops
 * them at random on rare words, so the model learns to find names from context, affixes and lists,
 * as it must for names it never saw.
 */
export const LEXICAL_TEMPLATES: readonly number[] = [O_SELF + 1, O_SELF + 2, O_SELF + 3, O_PAIR + 0, O_PAIR + 1, O_PAIR + 2, O_PAIR + 3];

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
  /** Type bits of the word in the world list, and its word-class bits. */
  wwords: number;
  cls: number;
  /** How much the word looks like a personal name (ner/ngrams.ts bucket; 0 for non-words). */
  nscore: number;
  /** 1 when the spelling dictionary accepts the word, 2 when it rejects it, 0 for non-words. */
  spell: number;
  /** The forms under which it may start a list entry: itself, without the conjunction, without a preposition. */
  firstForms: readonly string[];
  /** The merged list trie's nodes for its first forms, in order (filled on first use by matchLists). */
  roots?: ListNode[];
}

function wordInfo(t: NerInput, res: NerResources): WordInfo {
  const w = t.norm;
  const hw = hashString(w);
  const hcoarse = hashString(coarseShape(t));
  if (t.kind !== "word") {
    return {
      hw,
      hcoarse,
      hs: hw,
      hpre1: H_EMPTY,
      hpre2: H_EMPTY,
      hpre3: H_EMPTY,
      hsuf1: H_EMPTY,
      hsuf2: H_EMPTY,
      hsuf3: H_EMPTY,
      hcl: H_EMPTY,
      hshape: hashString(t.kind + lengthBucket(w.length)),
      halt: H_EMPTY,
      gwords: 0,
      stat: 0,
      lwords: 0,
      wwords: 0,
      cls: 0,
      nscore: 0,
      spell: 0,
      firstForms: [w],
    };
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
    wwords: res.world ? (res.world.words.get(st) ?? 0) | ((a.alt ? (res.world.words.get(a.alt) ?? 0) : 0) << 3) : 0,
    cls: res.classes ? (res.classes.get(st) ?? res.classes.get(a.noConj) ?? (a.alt ? res.classes.get(a.alt) : undefined) ?? 0) : 0,
    nscore: res.grams ? nameBucket(res.grams, st) : 0,
    spell: res.spell ? (res.spell.check(w) ? 1 : 2) : 0,
    firstForms: forms,
  };
}

/** The sentence start and end as pseudo-words (what a token at the edge sees as its neighbour). */
function edgeInfo(h: number): WordInfo {
  return {
    hw: h,
    hcoarse: h,
    hs: h,
    hpre1: h,
    hpre2: h,
    hpre3: h,
    hsuf1: h,
    hsuf2: h,
    hsuf3: h,
    hcl: h,
    hshape: h,
    halt: h,
    gwords: 255,
    stat: 0xffff,
    lwords: 255,
    wwords: 255,
    cls: 255,
    nscore: 255,
    spell: 255,
    firstForms: [],
  };
}
const START_INFO = edgeInfo(H_START);
const END_INFO = edgeInfo(H_END);

/** A word's hashed features in each of its roles, every block padded to its slot count. */
interface WordFeatures {
  self: Uint32Array;
  l1: Uint32Array;
  r1: Uint32Array;
  l2: Uint32Array;
  r2: Uint32Array;
}

function padded(list: number[], n: number, what: string): Uint32Array {
  if (list.length > n) throw new Error(`[E505] ner features: ${list.length} ${what} features, ${n} slots`);
  const out = new Uint32Array(n).fill(PAD);
  out.set(list);
  return out;
}

function wordFeatures(info: WordInfo): WordFeatures {
  // The first four self features are fixed: bias, word, stem, alt (LEXICAL_TEMPLATES).
  const self = [feat1(T.Bias, 0), feat1(T.W0, info.hw), feat1(T.S0, info.hs), feat1(T.Alt, info.halt)];
  self.push(
    feat1(T.Pre1, info.hpre1),
    feat1(T.Pre2, info.hpre2),
    feat1(T.Pre3, info.hpre3),
    feat1(T.Suf1, info.hsuf1),
    feat1(T.Suf2, info.hsuf2),
    feat1(T.Suf3, info.hsuf3),
    feat1(T.Clitics, info.hcl),
    feat1(T.Shape, info.hshape),
    feat1(T.GazWords, info.gwords),
    feat1(T.Stats, info.stat),
    feat1(T.LexWords, info.lwords),
  );
  self.push(feat1(T.WorldWords, info.wwords), feat1(T.Class, info.cls), feat1(T.NameScore, info.nscore), feat1(T.Spell, info.spell));
  const l1 = [feat1(T.Wm1, info.hw), feat1(T.Sm1, info.hs), feat1(T.ClassM1, info.cls)];
  const r1 = [feat1(T.Wp1, info.hw), feat1(T.Sp1, info.hs), feat1(T.ClassP1, info.cls)];
  return {
    self: padded(self, NS, "self"),
    l1: padded(l1, N1, "left"),
    r1: padded(r1, N1, "right"),
    l2: padded([feat1(T.Wm2, info.hw), feat1(T.Sm2, info.hs), feat1(T.ClassM2, info.cls)], N2, "left 2"),
    r2: padded([feat1(T.Wp2, info.hw), feat1(T.Sp2, info.hs), feat1(T.ClassP2, info.cls)], N2, "right 2"),
  };
}

/**
 * Reusable per-sentence buffers, grown as needed, so tagging allocates almost nothing. Hashes are
 * kept as Int32 (the same bits as ner/hash returns them): a Uint32 above 2^31 read back would be a
 * heap number wherever it is passed on.
 */
class Scratch {
  cap = 0;
  hw = new Int32Array(0);
  hs = new Int32Array(0);
  hcoarse = new Int32Array(0);
  hsuf2 = new Int32Array(0);
  gwords = new Uint8Array(0);
  gstart = new Uint8Array(0);
  ginside = new Uint8Array(0);
  stat = new Uint16Array(0);
  lstart = new Uint8Array(0);
  linside = new Uint8Array(0);
  wstart = new Uint8Array(0);
  winside = new Uint8Array(0);
  cls = new Uint8Array(0);
  ensure(n: number): void {
    if (n <= this.cap) return;
    const c = Math.max(n, this.cap * 2, 64);
    this.cap = c;
    this.hw = new Int32Array(c);
    this.hs = new Int32Array(c);
    this.hcoarse = new Int32Array(c);
    this.hsuf2 = new Int32Array(c);
    this.gwords = new Uint8Array(c);
    this.gstart = new Uint8Array(c);
    this.ginside = new Uint8Array(c);
    this.stat = new Uint16Array(c);
    this.lstart = new Uint8Array(c);
    this.linside = new Uint8Array(c);
    this.wstart = new Uint8Array(c);
    this.winside = new Uint8Array(c);
    this.cls = new Uint8Array(c);
  }
  /** Copies what the pair features read of word `info` to position i. */
  set(i: number, info: WordInfo): void {
    this.hw[i] = info.hw;
    this.hs[i] = info.hs;
    this.hcoarse[i] = info.hcoarse;
    this.hsuf2[i] = info.hsuf2;
    this.gwords[i] = info.gwords;
    this.stat[i] = info.stat;
    this.cls[i] = info.cls;
  }
}

const scratch = new Scratch();

/** Matches the name lists over the sentence (scratch positions 0..n-1, firstForms given). */
/** The three name lists merged into one word trie: node bits = gazetteer | training names << 3 | world << 6. */
interface ListNode {
  bits: number;
  next: Map<string, ListNode> | null;
}
const combined = new WeakMap<NerResources, Map<string, ListNode>>();

function addTrie(into: Map<string, ListNode>, from: Map<string, GazNode>, shift: number): void {
  for (const [w, node] of from) {
    let t = into.get(w);
    if (!t) into.set(w, (t = { bits: 0, next: null }));
    t.bits |= node.bits << shift;
    if (node.next && node.next.size) addTrie((t.next ??= new Map()), node.next, shift);
  }
}

function combinedTrie(res: NerResources): Map<string, ListNode> {
  let t = combined.get(res);
  if (!t) {
    t = new Map();
    if (res.gaz) addTrie(t, res.gaz.entries, 0);
    if (res.lex) addTrie(t, res.lex.entries, 3);
    if (res.world) addTrie(t, res.world.entries, 6);
    combined.set(res, t);
  }
  return t;
}

const bestLen = new Int32Array(3);
const bestBits = new Int32Array(3);
const nextFree = new Int32Array(3);

/**
 * Matches the three name lists over the sentence (scratch positions 0..n-1) in one walk of the merged
 * trie. Per list: left to right, word i is labelled with the longest entry starting there under any
 * of its first forms (the word, without the conjunction, without a preposition; the first form with
 * that length wins), `start` holding the entry's type bits and `inside` those of the words it
 * continues over; matches of one list never overlap.
 */
function matchLists(s: Scratch, res: NerResources, norms: readonly string[], infos: readonly WordInfo[], n: number): void {
  const trie = combinedTrie(res);
  const starts = [s.gstart, s.lstart, s.wstart];
  const insides = [s.ginside, s.linside, s.winside];
  for (let l = 0; l < 3; l++) {
    starts[l]!.fill(0, 0, n);
    insides[l]!.fill(0, 0, n);
  }
  nextFree.fill(0);
  for (let i = 0; i < n; i++) {
    const info = infos[i]!;
    let roots = info.roots;
    if (roots === undefined) {
      roots = [];
      for (const form of info.firstForms) {
        const r = trie.get(form);
        if (r) roots.push(r);
      }
      info.roots = roots;
    }
    if (!roots.length) continue;
    if (i < nextFree[0]! && i < nextFree[1]! && i < nextFree[2]!) continue;
    bestLen.fill(0);
    for (let r = 0; r < roots.length; r++) {
      let node: ListNode | undefined = roots[r];
      let len = 1;
      while (node) {
        const bits = node.bits;
        if (bits) {
          for (let l = 0; l < 3; l++) {
            const b = (bits >> (3 * l)) & 7;
            if (b && len > bestLen[l]!) {
              bestLen[l] = len;
              bestBits[l] = b;
            }
          }
        }
        if (!node.next || i + len >= n) break;
        node = node.next.get(norms[i + len]!);
        len++;
      }
    }
    for (let l = 0; l < 3; l++) {
      const len = bestLen[l]!;
      if (!len || i < nextFree[l]!) continue;
      starts[l]![i] = bestBits[l]!;
      for (let k = 1; k < len; k++) insides[l]![i + k] = bestBits[l]!;
      nextFree[l] = i + len;
    }
  }
}

/** The NP pair features of token i of an n-token sentence in scratch, into out[o..o+NP). */
function pairFeatures(s: Scratch, i: number, n: number, out: Uint32Array | Int32Array, o: number): void {
  const hw = s.hw, hs = s.hs;
  const wm1 = i > 0 ? hw[i - 1]! : H_START;
  const wp1 = i + 1 < n ? hw[i + 1]! : H_END;
  const sm1 = i > 0 ? hs[i - 1]! : H_START;
  const sp1 = i + 1 < n ? hs[i + 1]! : H_END;
  const w0 = hw[i]!;
  const s0 = hs[i]!;
  const gc = s.gstart[i]! | (s.ginside[i]! << 3);
  const gcm1 = i > 0 ? s.gstart[i - 1]! | (s.ginside[i - 1]! << 3) : 255;
  const gcp1 = i + 1 < n ? s.gstart[i + 1]! | (s.ginside[i + 1]! << 3) : 255;
  const lc = s.lstart[i]! | (s.linside[i]! << 3);
  const lcm1 = i > 0 ? s.lstart[i - 1]! | (s.linside[i - 1]! << 3) : 255;
  const lcp1 = i + 1 < n ? s.lstart[i + 1]! | (s.linside[i + 1]! << 3) : 255;
  out[o] = feat2(T.Wm1W0, wm1, w0);
  out[o + 1] = feat2(T.W0Wp1, w0, wp1);
  out[o + 2] = feat2(T.Sm1S0, sm1, s0);
  out[o + 3] = feat2(T.S0Sp1, s0, sp1);
  out[o + 4] = feat1(T.GazHere, gc);
  out[o + 5] = feat2(T.GazPrev, gcm1, gc);
  out[o + 6] = feat2(T.GazNext, gc, gcp1);
  const cm1 = i > 0 ? s.hcoarse[i - 1]! : H_START;
  const cp1 = i + 1 < n ? s.hcoarse[i + 1]! : H_END;
  out[o + 7] = feat2(T.ShapeCtx, feat2(0, cm1, s.hcoarse[i]!), cp1);
  out[o + 8] = feat2(T.SufM1, i > 0 ? s.hsuf2[i - 1]! : H_START, s.hsuf2[i]!);
  const gm1 = i > 0 ? s.gwords[i - 1]! : 255;
  const gp1 = i + 1 < n ? s.gwords[i + 1]! : 255;
  out[o + 9] = feat2(T.GazWordsCtx, gm1 | (s.gwords[i]! << 8), gp1);
  const stm1 = i > 0 ? s.stat[i - 1]! : 0xffff;
  const stp1 = i + 1 < n ? s.stat[i + 1]! : 0xffff;
  out[o + 10] = feat2(T.StatsCtx, stm1 | (s.stat[i]! << 16), stp1);
  out[o + 11] = feat1(T.LexHere, lc);
  out[o + 12] = feat2(T.LexCtx, lcm1 | (lc << 8), lcp1);
  const wc = s.wstart[i]! | (s.winside[i]! << 3);
  const wcm1 = i > 0 ? s.wstart[i - 1]! | (s.winside[i - 1]! << 3) : 255;
  const wcp1 = i + 1 < n ? s.wstart[i + 1]! | (s.winside[i + 1]! << 3) : 255;
  out[o + 13] = feat1(T.WorldHere, wc);
  out[o + 14] = feat2(T.WorldCtx, wcm1 | (wc << 8), wcp1);
  const cm = i > 0 ? s.cls[i - 1]! : 255;
  const cp = i + 1 < n ? s.cls[i + 1]! : 255;
  out[o + 15] = feat2(T.ClassCtx, cm | (s.cls[i]! << 8), cp);
}

/** Word information and features cached per resource set and token kind (training path). */
interface CachedWord {
  info: WordInfo;
  feats: WordFeatures;
}
const caches = new WeakMap<NerResources, Map<string, Map<string, CachedWord>>>();
const CACHE_LIMIT = 100_000;
const START_FEATS = wordFeatures(START_INFO);
const END_FEATS = wordFeatures(END_INFO);

/**
 * Writes the features of every token of one sentence into `out` (length >= n * N_FEATURES),
 * token-major. Returns `out`.
 */
export function extractFeatures(tokens: readonly NerInput[], res: NerResources, out?: Uint32Array): Uint32Array {
  const n = tokens.length;
  const F = N_FEATURES;
  if (!out || out.length < n * F) out = new Uint32Array(n * F);
  const s = scratch;
  s.ensure(n);
  const norms: string[] = new Array(n);
  const infos: WordInfo[] = new Array(n);
  const words: CachedWord[] = new Array(n);
  let cache = caches.get(res);
  if (!cache) caches.set(res, (cache = new Map()));
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    const w = t.norm;
    norms[i] = w;
    let byKind = cache.get(t.kind);
    if (!byKind) cache.set(t.kind, (byKind = new Map()));
    let cw = byKind.get(w);
    if (!cw) {
      if (byKind.size >= CACHE_LIMIT) byKind.clear();
      const info = wordInfo(t, res);
      cw = { info, feats: wordFeatures(info) };
      byKind.set(w, cw);
    }
    words[i] = cw;
    s.set(i, cw.info);
    infos[i] = cw.info;
  }
  matchLists(s, res, norms, infos, n);
  for (let i = 0; i < n; i++) {
    const o = i * F;
    out.set(words[i]!.feats.self, o + O_SELF);
    out.set(i > 0 ? words[i - 1]!.feats.l1 : START_FEATS.l1, o + O_L1);
    out.set(i + 1 < n ? words[i + 1]!.feats.r1 : END_FEATS.r1, o + O_R1);
    out.set(i > 1 ? words[i - 2]!.feats.l2 : START_FEATS.l2, o + O_L2);
    out.set(i + 2 < n ? words[i + 2]!.feats.r2 : END_FEATS.r2, o + O_R2);
    pairFeatures(s, i, n, out, o + O_PAIR);
  }
  return out;
}

export const GAZ_BITS = { PERS: GAZ_PERS, LOC: GAZ_LOC, ORG: GAZ_ORG };

/**
 * Inference fast path: the emission scores of one sentence straight from 16-bit weights, equal to
 * `model.emissions(extractFeatures(...))` to the bit. A word's own block and what it contributes to
 * its neighbours (L1, R1, L2, R2) are summed once per word form and cached, so a token costs NP
 * hashed lookups plus five vector adds. The sums are integers (the weights are quantized), so the
 * order of addition cannot change the result.
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

function addAll(acc: Int32Array, o: number, cw: CompactWeights, feats: Uint32Array, mask: number, K: number): void {
  for (let f = 0; f < feats.length; f++) addRowC(acc, o, cw, feats[f]! & mask, K);
}

function scoredWord(info: WordInfo, w: CompactWeights, mask: number, K: number): ScoredWord {
  const vec = new Int32Array(5 * K);
  const f = wordFeatures(info);
  addAll(vec, G_SELF * K, w, f.self, mask, K);
  addAll(vec, G_L1 * K, w, f.l1, mask, K);
  addAll(vec, G_L2 * K, w, f.l2, mask, K);
  addAll(vec, G_R1 * K, w, f.r1, mask, K);
  addAll(vec, G_R2 * K, w, f.r2, mask, K);
  return { info, vec };
}

function boundary(w: CompactWeights, mask: number, K: number, feats: Uint32Array): Int32Array {
  const v = new Int32Array(K);
  addAll(v, 0, w, feats, mask, K);
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
let infoBuf: WordInfo[] = [];
const pairBuf = new Int32Array(NP);

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
      start1: boundary(w, mask, K, START_FEATS.l1),
      start2: boundary(w, mask, K, START_FEATS.l2),
      end1: boundary(w, mask, K, END_FEATS.r1),
      end2: boundary(w, mask, K, END_FEATS.r2),
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
  const infos = infoBuf;
  norms.length = n;
  infos.length = n;
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
    s.set(i, e.info);
    infos[i] = e.info;
  }
  matchLists(s, res, norms, infos, n);
  const nzBits = cw.bits;
  const nzRank = cw.rank;
  const rows = cw.rows;
  const acc = new Int32Array(K);
  const b = pairBuf;
  for (let i = 0; i < n; i++) {
    pairFeatures(s, i, n, b, 0);
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
    for (let f = 0; f < NP; f++) {
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
