/**
 * @module ner/model
 * A first-order linear-chain model over BIO tags: hashed feature weights per tag (emissions) plus a
 * tag-transition matrix, decoded exactly with Viterbi under the BIO constraint (I-X only after B-X
 * or I-X). Trained as an averaged structured perceptron (ner/train.ts).
 *
 * Weights file (data/ner/model.bin.gz, gzip of): "RNER", u32 format, u32 feature version,
 * u32 hash bits, u32 tag count K, u32 row count R, f32 scale, f32 transitions[(K+1)*K] (row K is the
 * sentence start), u32 bucket ids[R] (ascending), i16 weights[R*K] (times scale). Only non-zero rows
 * are stored; they are expanded at load into a dense Int16Array (19 MB, half a Float32Array: fewer
 * cache misses, which is what scoring costs) and the sums are scaled once per token.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { N_FEATURES } from "./features.ts";

export const TAGS = ["O", "B-PERS", "I-PERS", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC"] as const;
export type Tag = (typeof TAGS)[number];
export const K = TAGS.length;
export const TAG_INDEX: Record<string, number> = Object.fromEntries(TAGS.map((t, i) => [t, i]));

/** allowed[p * K + y]: may tag y follow tag p (p = K is the sentence start)? */
export const ALLOWED = (() => {
  const a = new Uint8Array((K + 1) * K);
  for (let p = 0; p <= K; p++) {
    for (let y = 0; y < K; y++) {
      const tag = TAGS[y]!;
      if (!tag.startsWith("I-")) a[p * K + y] = 1;
      else if (p < K) {
        const prev = TAGS[p]!;
        a[p * K + y] = prev !== "O" && prev.slice(2) === tag.slice(2) ? 1 : 0;
      }
    }
  }
  return a;
})();

/** For each tag y, the tags p < K that may precede it: PREDS[PRED_AT[y] .. PRED_AT[y + 1]). */
const PRED_AT = new Uint8Array(K + 1);
const PREDS = (() => {
  const out: number[] = [];
  for (let y = 0; y < K; y++) {
    PRED_AT[y] = out.length;
    for (let p = 0; p < K; p++) if (ALLOWED[p * K + y]) out.push(p);
  }
  PRED_AT[K] = out.length;
  return Uint8Array.from(out);
})();

/** The B-PERS tag; the entity type index of each tag (0 for O). */
const B_PERS = TAGS.indexOf("B-PERS");
const TYPE_OF = Uint8Array.from(TAGS, (t) => (t === "O" ? 0 : 1 + ["PERS", "LOC", "ORG", "MISC"].indexOf(t.slice(2))));

/**
 * joined[i] for a token: 1 when it cannot start a second person name right after one (see
 * viterbi): an Arabic word that does not begin with «و» (names begin with «ف», «ب», «ل», «ك» too
 * often for those letters to mark a second name).
 */
export function joinedFlags(tokens: readonly { norm: string; kind: string }[], from: number, to: number, out: Uint8Array): Uint8Array {
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    const c = t.norm.charCodeAt(0);
    out[i - from] = t.kind === "word" && c !== 0x0648 ? 1 : 0;
  }
  return out;
}

const MAGIC = 0x52454e52; // "RNER" little-endian
const FORMAT = 1;

export class NerModel {
  readonly bits: number;
  readonly mask: number;
  /**
   * Dense emission weights, bucket-major: weights[bucket * K + tag] * scale. Float32 while
   * training (scale 1), 16-bit when loaded from a file.
   */
  readonly weights: Float32Array;
  /** The loaded model's quantized weights (weights is then empty) and their scale. */
  readonly qweights: Int16Array | null;
  readonly scale: number;
  /** transitions[prev * K + tag], prev = K for the sentence start. */
  readonly trans: Float32Array;
  readonly featureVersion: number;
  private em = new Float32Array(0);
  private delta = new Float32Array(0);
  private back = new Uint8Array(0);

  constructor(bits: number, weights: Float32Array, trans: Float32Array, featureVersion: number, qweights: Int16Array | null = null, scale = 1) {
    this.bits = bits;
    this.mask = (1 << bits) - 1;
    this.weights = weights;
    this.qweights = qweights;
    this.scale = scale;
    this.trans = trans;
    this.featureVersion = featureVersion;
  }

  /** Emission scores of n tokens into a reusable buffer: em[i * K + tag]. */
  emissions(feats: Uint32Array, n: number, w?: Float32Array, out?: Float32Array): Float32Array {
    if (!w && this.qweights) return this.emissionsQ(feats, n, this.qweights, this.scale);
    return this.emissionsF(feats, n, w ?? this.weights, out);
  }

  /** The same over 16-bit weights (kept a separate function so each loop sees one array type). */
  private emissionsQ(feats: Uint32Array, n: number, w: Int16Array, scale: number): Float32Array {
    if (this.em.length < n * K) this.em = new Float32Array(Math.max(n * K, this.em.length * 2));
    const out = this.em;
    const F = N_FEATURES;
    const mask = this.mask;
    for (let i = 0; i < n; i++) {
      const o = i * K;
      let e0 = 0, e1 = 0, e2 = 0, e3 = 0, e4 = 0, e5 = 0, e6 = 0, e7 = 0, e8 = 0;
      for (let f = i * F, end = f + F; f < end; f++) {
        const b = (feats[f]! & mask) * K;
        e0 += w[b]!;
        e1 += w[b + 1]!;
        e2 += w[b + 2]!;
        e3 += w[b + 3]!;
        e4 += w[b + 4]!;
        e5 += w[b + 5]!;
        e6 += w[b + 6]!;
        e7 += w[b + 7]!;
        e8 += w[b + 8]!;
      }
      out[o] = e0 * scale;
      out[o + 1] = e1 * scale;
      out[o + 2] = e2 * scale;
      out[o + 3] = e3 * scale;
      out[o + 4] = e4 * scale;
      out[o + 5] = e5 * scale;
      out[o + 6] = e6 * scale;
      out[o + 7] = e7 * scale;
      out[o + 8] = e8 * scale;
    }
    return out;
  }

  private emissionsF(feats: Uint32Array, n: number, w: Float32Array, out?: Float32Array): Float32Array {
    if (!out) {
      if (this.em.length < n * K) this.em = new Float32Array(Math.max(n * K, this.em.length * 2));
      out = this.em;
    }
    const F = N_FEATURES;
    const mask = this.mask;
    out.fill(0, 0, n * K);
    for (let i = 0; i < n; i++) {
      const o = i * K;
      let e0 = 0, e1 = 0, e2 = 0, e3 = 0, e4 = 0, e5 = 0, e6 = 0, e7 = 0, e8 = 0;
      for (let f = i * F, end = f + F; f < end; f++) {
        const b = (feats[f]! & mask) * K;
        e0 += w[b]!;
        e1 += w[b + 1]!;
        e2 += w[b + 2]!;
        e3 += w[b + 3]!;
        e4 += w[b + 4]!;
        e5 += w[b + 5]!;
        e6 += w[b + 6]!;
        e7 += w[b + 7]!;
        e8 += w[b + 8]!;
      }
      out[o] = e0;
      out[o + 1] = e1;
      out[o + 2] = e2;
      out[o + 3] = e3;
      out[o + 4] = e4;
      out[o + 5] = e5;
      out[o + 6] = e6;
      out[o + 7] = e7;
      out[o + 8] = e8;
    }
    return out;
  }

  /**
   * Best tag sequence under the BIO constraint, written into `tags` (length >= n). With `joined`,
   * a token i where joined[i] is 1 cannot start a person name right after another (B-PERS after
   * B-PERS or I-PERS): two persons side by side need a conjunction between them («بوش وبلير»); without one, ANERcorp's few such cases are mostly annotation slips («نصر» «الله»),
   * and the tagger's own splits of long names («محمد حسين» «فارس الزنغري») are errors.
   */
  viterbi(em: Float32Array, n: number, tags: Uint8Array, trans: ArrayLike<number> = this.trans, joined?: Uint8Array): Uint8Array {
    if (n === 0) return tags;
    if (this.delta.length < n * K) {
      this.delta = new Float32Array(Math.max(n * K, this.delta.length * 2));
      this.back = new Uint8Array(this.delta.length);
    }
    const delta = this.delta;
    const back = this.back;
    const NEG = -1e30;
    for (let y = 0; y < K; y++) delta[y] = ALLOWED[K * K + y] ? em[y]! + trans[K * K + y]! : NEG;
    const preds = PREDS;
    for (let i = 1; i < n; i++) {
      const o = i * K;
      const po = o - K;
      for (let y = 0; y < K; y++) {
        let best = NEG;
        let arg = 0;
        // The allowed previous tags of y, ascending (the same order, so the same ties, as 0..K-1).
        const noRestart = joined !== undefined && joined[i] === 1 && y === B_PERS;
        for (let q = PRED_AT[y]!, qe = PRED_AT[y + 1]!; q < qe; q++) {
          const p = preds[q]!;
          if (noRestart && TYPE_OF[p] === TYPE_OF[y]) continue;
          const v = delta[po + p]! + trans[p * K + y]!;
          if (v > best) {
            best = v;
            arg = p;
          }
        }
        delta[o + y] = best + em[o + y]!;
        back[o + y] = arg;
      }
    }
    let best = NEG;
    let arg = 0;
    const last = (n - 1) * K;
    for (let y = 0; y < K; y++) {
      if (delta[last + y]! > best) {
        best = delta[last + y]!;
        arg = y;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      tags[i] = arg;
      arg = back[i * K + arg]!;
    }
    return tags;
  }

  /** Serializes the non-zero rows, quantized to 16 bits, gzipped. */
  serialize(): Buffer {
    if (this.qweights) {
      const w = new Float32Array(this.qweights.length);
      for (let i = 0; i < w.length; i++) w[i] = this.qweights[i]! * this.scale;
      return new NerModel(this.bits, w, this.trans, this.featureVersion).serialize();
    }
    const rows: number[] = [];
    let maxAbs = 0;
    const buckets = 1 << this.bits;
    for (let b = 0; b < buckets; b++) {
      let nz = false;
      for (let y = 0; y < K; y++) {
        const v = Math.abs(this.weights[b * K + y]!);
        if (v > 0) nz = true;
        if (v > maxAbs) maxAbs = v;
      }
      if (nz) rows.push(b);
    }
    const scale = maxAbs > 0 ? maxAbs / 32767 : 1;
    const R = rows.length;
    const headerInts = 6;
    const size = headerInts * 4 + 4 + (K + 1) * K * 4 + R * 4 + R * K * 2;
    const buf = new ArrayBuffer(size);
    const dv = new DataView(buf);
    let o = 0;
    for (const x of [MAGIC, FORMAT, this.featureVersion, this.bits, K, R]) {
      dv.setUint32(o, x, true);
      o += 4;
    }
    dv.setFloat32(o, scale, true);
    o += 4;
    for (let k = 0; k < (K + 1) * K; k++, o += 4) dv.setFloat32(o, this.trans[k]!, true);
    for (const b of rows) {
      dv.setUint32(o, b, true);
      o += 4;
    }
    for (const b of rows) {
      for (let y = 0; y < K; y++, o += 2) dv.setInt16(o, Math.round(this.weights[b * K + y]! / scale), true);
    }
    return gzipSync(Buffer.from(buf), { level: 9 });
  }

  static deserialize(gz: Uint8Array): NerModel {
    const raw = gunzipSync(gz);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    let o = 0;
    const u32 = () => {
      const v = dv.getUint32(o, true);
      o += 4;
      return v;
    };
    if (u32() !== MAGIC) throw new Error("[E501] data/ner model file is not a rasd tagger model (bad magic); rebuild it with `npm run train:ner`");
    const format = u32();
    if (format !== FORMAT) throw new Error(`[E502] data/ner model file has format ${format}, this code reads ${FORMAT}; rebuild it with \`npm run train:ner\``);
    const featureVersion = u32();
    const bits = u32();
    const k = u32();
    if (k !== K) throw new Error(`[E503] data/ner model has ${k} tags, this code expects ${K}; rebuild it with \`npm run train:ner\``);
    const R = u32();
    const scale = dv.getFloat32(o, true);
    o += 4;
    const trans = new Float32Array((K + 1) * K);
    for (let i = 0; i < trans.length; i++, o += 4) trans[i] = dv.getFloat32(o, true);
    const q = new Int16Array((1 << bits) * K);
    const rowsAt = o;
    o += R * 4;
    for (let r = 0; r < R; r++) {
      const b = dv.getUint32(rowsAt + r * 4, true);
      for (let y = 0; y < K; y++, o += 2) q[b * K + y] = dv.getInt16(o, true);
    }
    return new NerModel(bits, new Float32Array(0), trans, featureVersion, q, scale);
  }
}

/** Token index spans [start, end) with their type, from a BIO tag sequence. */
export function tagsToSpans(tags: ArrayLike<number>, n: number): { type: string; start: number; end: number }[] {
  const out: { type: string; start: number; end: number }[] = [];
  let open: { type: string; start: number; end: number } | null = null;
  for (let i = 0; i < n; i++) {
    const tag = TAGS[tags[i]!]!;
    if (tag === "O") {
      if (open) out.push(open);
      open = null;
      continue;
    }
    const type = tag.slice(2);
    if (tag.startsWith("B-") || !open || open.type !== type) {
      if (open) out.push(open);
      open = { type, start: i, end: i + 1 };
    } else open.end = i + 1;
  }
  if (open) out.push(open);
  return out;
}
