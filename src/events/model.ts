/**
 * @module events/model
 * A logistic-regression re-scorer for event candidates found by the rules (events/detect.ts). The
 * rules find a candidate (a trigger) and name the terms that make it a report or not; the model
 * weighs those terms, with the trigger's word, the sentence's cue classes and (assault) its words, as learnt from
 * annotated sentences (GSR, Iraq 2007-2008 newswire; scripts/train-detect.ts). Weights are in
 * data/events/detect-model.json, loaded once per process. The model was trained on isolated
 * sentences, so detect.ts applies it only to short documents; articles keep the rule thresholds.
 */
import { existsSync, readFileSync } from "node:fs";

export type Features = Map<string, number>;

export interface FamilyModel {
  bias: number;
  threshold: number;
  /** How far below its family's rule threshold a candidate may score and still be passed by the model. */
  band: number;
  weights: Record<string, number>;
}

export interface DetectModel {
  note?: string;
  families: Record<string, FamilyModel>;
  /** Families scored with another family's model (abduction with violence: both are assaults). */
  alias?: Record<string, string>;
}

let cached: { families: Map<string, { bias: number; threshold: number; band: number; w: Map<string, number> }> } | null | undefined;

const MODEL_URL = new URL("../../data/events/detect-model.json", import.meta.url);

function load() {
  if (cached !== undefined) return cached;
  if (!existsSync(MODEL_URL)) return (cached = null);
  const raw = JSON.parse(readFileSync(MODEL_URL, "utf8")) as DetectModel;
  const families = new Map<string, { bias: number; threshold: number; band: number; w: Map<string, number> }>();
  for (const [f, m] of Object.entries(raw.families)) families.set(f, { bias: m.bias, threshold: m.threshold, band: m.band ?? Infinity, w: new Map(Object.entries(m.weights)) });
  for (const [f, to] of Object.entries(raw.alias ?? {})) {
    const m = families.get(to);
    if (m) families.set(f, m);
  }
  return (cached = { families });
}

/** Disable the model (training computes features with the rules alone). */
export function setModelEnabled(on: boolean): void {
  if (!on) cached = null;
  else cached = undefined;
}

/** Does a model exist for the family? */
export function hasModel(family: string): boolean {
  return !!load()?.families.get(family);
}

/**
 * Probability that the candidate reports an event, and whether it passes: the trained probability
 * threshold, with the rule score (margin = score - family threshold) no more than the band below.
 * Null without a model for the family.
 */
export function predict(family: string, f: Features, margin: number): { p: number; pass: boolean } | null {
  const m = load()?.families.get(family);
  if (!m) return null;
  let z = m.bias;
  for (const [k, x] of f) {
    const w = m.w.get(k);
    if (w !== undefined) z += w * x;
  }
  const p = 1 / (1 + Math.exp(-z));
  return { p, pass: p >= m.threshold && margin >= -m.band };
}
