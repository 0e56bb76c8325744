/**
 * @module text/clitics
 * Clitic analysis: strips attached conjunctions, prepositions and the article from a normalized word
 * so that «وبمساندة», «للتنظيم», «بدرعا», «فالحملة», «لـداعش» reach the lexicon as their base forms.
 *
 * This first version strips proclitics conservatively by length only; the text layer issue replaces
 * it with a lexicon-checked analysis.
 */
import type { Token } from "../doc/types.ts";

export function analyzeClitics(tok: Token): void {
  let w = tok.norm;
  const pro: string[] = [];
  if (w.length > 3 && (w[0] === "و" || w[0] === "ف")) {
    pro.push(w[0]!);
    w = w.slice(1);
  }
  if (w.startsWith("لل") && w.length > 4) {
    pro.push("ل", "ال");
    w = w.slice(2);
  } else if (w.length > 3 && (w[0] === "ب" || w[0] === "ل" || w[0] === "ك") && w.startsWith("ال", 1)) {
    pro.push(w[0]!, "ال");
    w = w.slice(3);
  } else if (w.startsWith("ال") && w.length > 4) {
    pro.push("ال");
    w = w.slice(2);
  }
  tok.proclitics = pro;
  tok.base = w;
}
