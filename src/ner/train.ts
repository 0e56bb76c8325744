/**
 * @module ner/train
 * Averaged structured perceptron (Collins 2002) for the linear-chain tagger: decode each training
 * sentence with Viterbi, and where the best sequence differs from the gold one, add the gold
 * features and subtract the predicted ones. The returned weights are the average over all steps,
 * computed with the usual lazy trick (w - u / c). Deterministic: sentence order is shuffled with a
 * seeded generator, so the same data and options give the same weights.
 */
import { N_FEATURES } from "./features.ts";
import { K, NerModel, tagsToSpans, TAGS } from "./model.ts";

export interface TrainItem {
  feats: Uint32Array;
  gold: Uint8Array;
  n: number;
  /** 1 for tokens whose word is rare in the training data (candidates for lexical dropout). */
  rare?: Uint8Array;
  /** Tokens that cannot start a second person name right after one (model.ts joinedFlags). */
  joined?: Uint8Array;
}

export interface TrainOptions {
  bits: number;
  epochs: number;
  seed: number;
  featureVersion: number;
  /** Probability of hiding the lexical features of a rare token in one epoch (0 = never). */
  dropout?: number;
  /** Template indices hidden by dropout. */
  dropTemplates?: readonly number[];
  /** Probability of hiding any feature of a token in one epoch (0 = never). */
  featDrop?: number;
  /** Loss-augmented decoding: while training, every tag but the gold one gets this bonus (0 = plain perceptron). */
  margin?: number;
  /** Extra bonus for "O" on tokens inside a gold name (a missed name costs more). */
  missCost?: number;
  /** Called after each epoch with the averaged model so far (for a dev curve). */
  onEpoch?: (epoch: number, model: NerModel, mistakes: number) => void;
}

/** mulberry32: a small seeded PRNG, enough for shuffling. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function trainPerceptron(items: readonly TrainItem[], opts: TrainOptions): NerModel {
  const size = (1 << opts.bits) * K;
  const w = new Float32Array(size);
  const u = new Float64Array(size);
  const tw = new Float32Array((K + 1) * K);
  const tu = new Float64Array((K + 1) * K);
  const model = new NerModel(opts.bits, w, tw, opts.featureVersion);
  const mask = model.mask;
  const F = N_FEATURES;
  const order = items.map((_, i) => i);
  const rand = rng(opts.seed);
  let pred = new Uint8Array(256);
  let c = 1;
  const averaged = (): NerModel => {
    const aw = new Float32Array(size);
    for (let i = 0; i < size; i++) aw[i] = w[i]! - u[i]! / c;
    const at = new Float32Array(tw.length);
    for (let i = 0; i < tw.length; i++) at[i] = tw[i]! - tu[i]! / c;
    return new NerModel(opts.bits, aw, at, opts.featureVersion);
  };
  // A hidden feature points at the last bucket, which is never updated and so always weighs 0.
  const hidden = mask;
  let scratch = new Uint32Array(1024);
  const drop = opts.dropout ?? 0;
  const dropT = opts.dropTemplates ?? [];
  const fdrop = opts.featDrop ?? 0;
  const margin = opts.margin ?? 0;
  const missCost = opts.missCost ?? 0;
  for (let epoch = 1; epoch <= opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let mistakes = 0;
    for (const idx of order) {
      const it0 = items[idx]!;
      const n = it0.n;
      let it = it0;
      if ((drop > 0 && it0.rare) || fdrop > 0) {
        if (scratch.length < n * F) scratch = new Uint32Array(n * F * 2);
        scratch.set(it0.feats.subarray(0, n * F));
        if (drop > 0 && it0.rare) {
          for (let i = 0; i < n; i++) {
            if (!it0.rare[i] || rand() >= drop) continue;
            for (const t of dropT) scratch[i * F + t] = hidden;
          }
        }
        if (fdrop > 0) {
          // The bias (slot 0) always stays.
          for (let i = 0; i < n; i++) for (let f = i * F + 1, end = i * F + F; f < end; f++) if (rand() < fdrop) scratch[f] = hidden;
        }
        it = { ...it0, feats: scratch };
      }
      if (pred.length < n) pred = new Uint8Array(n * 2);
      const em = model.emissions(it.feats, n);
      if (margin > 0 || missCost > 0) {
        for (let i = 0; i < n; i++) {
          const g = it.gold[i]!;
          for (let y = 0; y < K; y++) if (y !== g) em[i * K + y]! += margin;
          if (g !== 0) em[i * K]! += missCost;
        }
      }
      model.viterbi(em, n, pred, model.trans, it0.joined);
      let wrong = false;
      for (let i = 0; i < n; i++) {
        if (pred[i] !== it.gold[i]) {
          wrong = true;
          break;
        }
      }
      if (wrong) {
        mistakes++;
        for (let i = 0; i < n; i++) {
          const g = it.gold[i]!;
          const p = pred[i]!;
          const gp = i > 0 ? it.gold[i - 1]! : K;
          const pp = i > 0 ? pred[i - 1]! : K;
          if (g !== p || gp !== pp) {
            tw[gp * K + g]! += 1;
            tu[gp * K + g]! += c;
            tw[pp * K + p]! -= 1;
            tu[pp * K + p]! -= c;
          }
          if (g === p) continue;
          for (let f = i * F, end = f + F; f < end; f++) {
            const h = it.feats[f]! & mask;
            if (h === hidden) continue;
            const b = h * K;
            w[b + g]! += 1;
            u[b + g]! += c;
            w[b + p]! -= 1;
            u[b + p]! -= c;
          }
        }
      }
      c++;
    }
    opts.onEpoch?.(epoch, averaged(), mistakes);
  }
  return averaged();
}

export interface TypeScore {
  precision: number;
  recall: number;
  f1: number;
  tp: number;
  pred: number;
  gold: number;
}

/** Exact-span scores per type (PERS, LOC, ORG; MISC ignored) and micro-averaged. */
export function scoreSpans(items: readonly TrainItem[], model: NerModel): Record<string, TypeScore> {
  const stats: Record<string, { tp: number; pred: number; gold: number }> = {};
  const bump = (type: string, k: "tp" | "pred" | "gold") => {
    (stats[type] ??= { tp: 0, pred: 0, gold: 0 })[k]++;
  };
  let tags = new Uint8Array(256);
  for (const it of items) {
    if (tags.length < it.n) tags = new Uint8Array(it.n * 2);
    model.viterbi(model.emissions(it.feats, it.n), it.n, tags, model.trans, it.joined);
    const gold = new Set(tagsToSpans(it.gold, it.n).filter((s) => s.type !== "MISC").map((s) => `${s.type}:${s.start}:${s.end}`));
    for (const g of gold) bump(g.split(":")[0]!, "gold");
    for (const s of tagsToSpans(tags, it.n)) {
      if (s.type === "MISC") continue;
      const key = `${s.type}:${s.start}:${s.end}`;
      bump(s.type, "pred");
      if (gold.has(key)) bump(s.type, "tp");
    }
  }
  const prf = (s: { tp: number; pred: number; gold: number }): TypeScore => {
    const precision = s.pred ? s.tp / s.pred : 0;
    const recall = s.gold ? s.tp / s.gold : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, ...s };
  };
  const out: Record<string, TypeScore> = {};
  const all = { tp: 0, pred: 0, gold: 0 };
  for (const [type, s] of Object.entries(stats).sort()) {
    out[type] = prf(s);
    all.tp += s.tp;
    all.pred += s.pred;
    all.gold += s.gold;
  }
  out.micro = prf(all);
  return out;
}

export { TAGS };
