/**
 * @module ner/word
 * The tagger's own clitic analysis of a normalized word. It is deliberately independent of
 * text/clitics.ts: the committed weights were trained on exactly these forms, so an improvement of
 * the shared clitic analysis must not silently change what the model sees. It strips by shape only
 * and keeps every reading as a feature («وليد» is a name, not و + ليد): the model learns which to
 * trust.
 */

export interface WordAnalysis {
  /** Conjunction «و» or «ف», "" if none. */
  conj: string;
  /** Preposition «ب», «ل», «ك» before the article, "" if none. */
  prep: string;
  /** True when the article «ال» was stripped. */
  art: boolean;
  /** The word without conjunction, preposition and article. */
  stem: string;
  /** The word without the conjunction (article kept): «والعراق» -> «العراق». */
  noConj: string;
  /** The word without conjunction and preposition, article kept: «وبالعراق» -> «العراق». */
  noPrep: string;
  /** A bare preposition reading, «بدمشق» -> «دمشق», "" when the word does not allow one. */
  alt: string;
}

const CONJ = new Set(["و", "ف"]);
const PREP = new Set(["ب", "ل", "ك"]);

export function analyzeWord(w: string): WordAnalysis {
  let conj = "";
  let rest = w;
  if (rest.length >= 4 && CONJ.has(rest[0]!)) {
    conj = rest[0]!;
    rest = rest.slice(1);
  }
  const noConj = rest;
  let prep = "";
  let art = false;
  let stem = rest;
  let noPrep = rest;
  let alt = "";
  if (rest.length >= 4 && rest.startsWith("لل")) {
    prep = "ل";
    art = true;
    stem = rest.slice(2);
    noPrep = "ال" + stem;
  } else if (rest.length >= 5 && PREP.has(rest[0]!) && rest.startsWith("ال", 1)) {
    prep = rest[0]!;
    art = true;
    stem = rest.slice(3);
    noPrep = rest.slice(1);
  } else if (rest.length >= 4 && rest.startsWith("ال")) {
    art = true;
    stem = rest.slice(2);
  } else if (rest.length >= 4 && PREP.has(rest[0]!)) {
    alt = rest.slice(1);
  }
  return { conj, prep, art, stem, noConj, noPrep, alt };
}
