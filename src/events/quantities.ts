/**
 * @module events/quantities
 * The quantities the event extractor reads casualty counts from. When the numbers stage has run
 * (`doc.numbers` annotated) its mentions are used as they are; otherwise a small fallback reads
 * digit tokens and the commonest number words, so the extractor still works on a pipeline without
 * that stage (tests, partial pipelines).
 */
import type { Doc, NumberMention, Token } from "../doc/types.ts";
import { normalize } from "../text/normalize.ts";

export interface Quantity {
  value: number;
  vague: boolean;
  tokStart: number;
  tokEnd: number;
}

// Fallback number words (normalized), ACLED's conservative reading for vague ones.
const WORDS: Record<string, number> = {};
const add = (v: number, ...forms: string[]) => {
  for (const f of forms) WORDS[normalize(f)] = v;
};
add(1, "واحد", "واحدة");
add(2, "اثنان", "اثنين", "اثنتين", "اثنتان");
add(3, "ثلاثة", "ثلاث");
add(4, "أربعة", "اربعة", "أربع", "اربع");
add(5, "خمسة", "خمس");
add(6, "ستة", "ست");
add(7, "سبعة", "سبع");
add(8, "ثمانية", "ثماني", "ثمان");
add(9, "تسعة", "تسع");
add(10, "عشرة", "عشر", "عشرات");
add(20, "عشرين", "عشرون");
add(30, "ثلاثين", "ثلاثون");
add(40, "أربعين", "أربعون");
add(50, "خمسين", "خمسون");
add(100, "مائة", "مئة", "مئات", "مئات");
add(1000, "ألف", "آلاف");
const VAGUE = new Set(["عشرات", "مئات", "الاف"].map(normalize));
const BEFORE = new Set(["نحو", "حوالي", "قرابة", "زهاء", "اكثر", "اقل"].map(normalize));

function fallback(tokens: Token[]): Quantity[] {
  const out: Quantity[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "number") {
      const v = Number(t.norm.replace(/,/g, ""));
      if (Number.isFinite(v)) out.push({ value: Math.floor(v), vague: false, tokStart: i, tokEnd: i + 1 });
      continue;
    }
    if (t.kind !== "word") continue;
    const key = WORDS[t.norm] !== undefined ? t.norm : WORDS[t.base] !== undefined ? t.base : undefined;
    if (key === undefined) continue;
    // «عشر» alone is ambiguous with «عشرة» compounds; accept it, the reading is conservative.
    out.push({ value: WORDS[key]!, vague: VAGUE.has(key), tokStart: i, tokEnd: i + 1 });
  }
  // «أكثر من 25», «نحو 35»: extend to the hedge word before, keep the number's value.
  for (const q of out) {
    const p = q.tokStart - 1;
    if (p >= 0 && tokens[p]!.norm === "من" && p - 1 >= 0 && BEFORE.has(tokens[p - 1]!.base)) q.tokStart = p - 1;
    else if (p >= 0 && BEFORE.has(tokens[p]!.base)) q.tokStart = p;
  }
  return out;
}

/** Quantities of the document, sorted by position. */
export function quantities(doc: Doc): Quantity[] {
  if (doc.annotations.includes("doc.numbers")) {
    return doc.numbers
      .map((n: NumberMention) => ({ value: n.value, vague: n.vague, tokStart: n.tokenStart, tokEnd: n.tokenEnd }))
      .sort((a, b) => a.tokStart - b.tokStart);
  }
  return fallback(doc.tokens);
}
