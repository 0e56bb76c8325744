/**
 * @module text/numbers
 * Cardinal quantities in Arabic news text, read from tokens: digits in any script («4», «٤»,
 * «1,200»), number words and compounds («خمسة وعشرون», «ثلاثمائة», «ثلاثة آلاف»), digits with a
 * scale word («3 آلاف»), duals of countable nouns («عنصرين», «شخصين» = 2), vague quantities
 * («عشرات» = 10, «مئات» = 100, «بضعة»/«عدة» = 3) and qualified numbers («أكثر من 25» = 25,
 * «نحو مائة» = 100, marked vague).
 *
 * Values follow ACLED's conservative reading: a bound or estimate gives the stated number, tens 10,
 * dozens 12, hundreds 100, thousands 1000. «بضعة», «عدة», «عدد من», «العديد من» give 3, the
 * smallest plural beyond a dual, because nothing more is stated.
 *
 * What is NOT a count is skipped: ordinals (not in the vocabulary at all: «الخامس»), numbers
 * naming a unit («اللواء 112», «الفرقة 25»: the word before is in `notCountBefore`), durations,
 * ages, distances, money and percentages (the word after is in `notCountAfter`, or «%»/«في المئة»),
 * years and dates («عام 2022», «15 تشرين», «15/10/2022», «2022-11-02», times «10:30»), phone
 * numbers (seven digits or more). Each mention carries its token range and the base of the noun
 * it counts (`noun`), so the event extractor can tie «4 أشخاص» or «عنصرين» to a casualty word.
 *
 * Vocabulary: data/lexicon/numbers.json. The scan is one pass over the tokens with Map/Set
 * lookups on `Token.base`; no regular expression runs per token.
 */
import type { NumberMention, Token } from "../doc/types.ts";
import { normalize } from "./normalize.ts";
import { readLexiconJson } from "./lexicon.ts";
import { findDates, isMonthBase } from "./dates.ts";

interface NumbersFile {
  units: Record<string, number>;
  ten: Record<string, number>;
  tens: Record<string, number>;
  hundreds: Record<string, number>;
  hundredWord: string[];
  scales: Record<string, number>;
  scalePlurals: string[];
  vague: Record<string, number | string>;
  vagueNeedsMin: string[];
  qualifiers: string[][];
  dualNouns: string[];
  dualAmbiguousPlural: string[];
  notCountBefore: string[];
  notCountAfter: string[];
  percentAfter: string[];
  oneOf: string[];
  ordinals: string[];
  weekdayLike: string[];
}

const enum W {
  Unit = 1,
  Ten,
  Tens,
  Hundreds,
  Scale,
}

interface Tables {
  word: Map<string, { kind: W; value: number }>;
  hundredWord: Set<string>;
  scalePlural: Set<string>;
  vague: Map<string, number>;
  vagueNeedsMin: Set<string>;
  /** First base of a qualifier -> the qualifiers starting with it. */
  qualifiers: Map<string, string[][]>;
  notBefore: Set<string>;
  notAfter: Set<string>;
  percentAfter: Set<string>;
  oneOf: Set<string>;
  ordinals: Set<string>;
  weekdayLike: Set<string>;
  /** Every base that can start a number mention (words, vague words, qualifiers, «أحد», dual forms). */
  triggers: Set<string>;
  /** Dual form -> its noun: «عنصرين» -> عنصر, «طفلتان» -> طفله. */
  duals: Map<string, string>;
  /** Singular countable nouns (the dual nouns): what a count in the year range must be followed by. */
  countNouns: Set<string>;
}

let tables: Tables | undefined;

function load(): Tables {
  const f = readLexiconJson<NumbersFile>("numbers.json");
  const n = (s: string) => normalize(s);
  const word = new Map<string, { kind: W; value: number }>();
  const add = (rec: Record<string, number>, kind: W) => {
    for (const [k, v] of Object.entries(rec)) word.set(n(k), { kind, value: v });
  };
  add(f.units, W.Unit);
  add(f.ten, W.Ten);
  add(f.tens, W.Tens);
  add(f.hundreds, W.Hundreds);
  add(f.scales, W.Scale);
  const vague = new Map<string, number>();
  for (const [k, v] of Object.entries(f.vague)) if (typeof v === "number") vague.set(n(k), v);
  const qualifiers = new Map<string, string[][]>();
  for (const q of f.qualifiers) {
    const qn = q.map(n);
    const list = qualifiers.get(qn[0]!) ?? [];
    // Longest qualifiers first, so «ما لا يقل عن» wins over a shorter one.
    list.push(qn);
    list.sort((a, b) => b.length - a.length);
    qualifiers.set(qn[0]!, list);
  }
  const set = (a: string[]) => new Set(a.map(n));
  const ambiguous = set(f.dualAmbiguousPlural);
  const duals = new Map<string, string>();
  for (const noun of set(f.dualNouns)) {
    // Feminine nouns show their taa before the dual ending: طفلة -> طفلتين/طفلتان.
    const stem = noun.endsWith("ه") ? noun.slice(0, -1) + "ت" : noun;
    duals.set(stem + "ان", noun);
    // «مدنيين», «مقاتلين»: the -ين form is also a sound plural; only -ان is a certain dual there.
    if (!ambiguous.has(noun)) duals.set(stem + "ين", noun);
  }
  const triggers = new Set<string>([...word.keys(), ...vague.keys(), ...qualifiers.keys(), ...f.oneOf.map(n), ...duals.keys()]);
  return {
    triggers,
    duals,
    countNouns: set(f.dualNouns),
    word,
    hundredWord: set(f.hundredWord),
    scalePlural: set(f.scalePlurals),
    vague,
    vagueNeedsMin: set(f.vagueNeedsMin),
    qualifiers,
    notBefore: set(f.notCountBefore),
    notAfter: set(f.notCountAfter),
    percentAfter: set(f.percentAfter),
    oneOf: set(f.oneOf),
    ordinals: set(f.ordinals),
    weekdayLike: set(f.weekdayLike),
  };
}

/** Tokens glued to digits by «/», «-», «:» or «.» (dates, times, phone numbers, scores). */
const JOINERS = new Set(["/", "-", ":", ".", "\\", "+", "_"]);

function isGluedDigits(tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  if (prev && prev.end === t.start && JOINERS.has(prev.text)) {
    const pp = tokens[i - 2];
    if (pp && pp.end === prev.start && (pp.kind === "number" || prev.text === "+")) return true;
  }
  const next = tokens[i + 1];
  if (next && next.start === t.end && JOINERS.has(next.text)) {
    const nn = tokens[i + 2];
    if (nn && nn.start === next.end && nn.kind === "number") return true;
  }
  return false;
}

/** Whether a number word carries only clitics a number can take: «وخمسة», «بعشرات», «الخمسة», «للعشرات». */
function cliticsOk(t: Token): boolean {
  if (t.enclitic) return false;
  for (const c of t.proclitics) if (c !== "ال" && c !== "ب" && c !== "ل" && c !== "و" && c !== "ف") return false;
  return true;
}

interface Parsed {
  value: number;
  end: number;
  form: NumberMention["form"];
  vague: boolean;
  rule: string;
  noun?: string;
}

function digitValue(t: Token): number {
  let s = "";
  for (const ch of t.norm) if (ch !== ",") s += ch;
  return Number(s);
}

/** Parses a sequence of number words starting at token i. */
function parseWords(tokens: Token[], i: number, T: Tables): Parsed | null {
  let total = 0;
  let cur = 0;
  let last: W | 0 = 0;
  let k = i;
  let teen = false;
  for (; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.kind !== "word") break;
    const e = T.word.get(t.base);
    const conj = t.proclitics.length === 1 && t.proclitics[0] === "و";
    if (k > i) {
      if (t.sentence !== tokens[k - 1]!.sentence) break;
      if (!e) break;
      // Without «و» only a teen, a «مائة» after a unit, or a scale after a number may follow.
      if (!conj) {
        if (t.proclitics.length) break;
        if (e.kind === W.Ten && last === W.Unit && !teen) {
          cur += 10;
          teen = true;
          continue;
        }
        if (e.kind === W.Hundreds && T.hundredWord.has(t.base) && last === W.Unit && cur < 10) {
          cur *= 100;
          last = W.Hundreds;
          continue;
        }
        if (e.kind === W.Scale && last !== W.Scale) {
          total += (cur || 1) * e.value;
          cur = 0;
          last = W.Scale;
          continue;
        }
        break;
      }
      // «و» + the next part: it must be smaller than what came before («مائة وخمسون»).
      if (e.kind === W.Scale) break;
      if (last === W.Unit && e.kind === W.Unit) break;
      cur += e.value;
      last = e.kind;
      continue;
    }
    if (!e || !cliticsOk(t) || t.enclitic) return null;
    const al = t.proclitics.includes("ال");
    // «الاثنين» is Monday; «عشر» alone ends an ordinal («الخامس عشر»); «العشرين» is an ordinal day.
    if (al && (T.weekdayLike.has(t.base) || e.kind === W.Tens)) return null;
    if (e.kind === W.Ten && t.base !== "عشره") return null;
    // «في المئة», «بالمئة»: a percentage, not a hundred.
    if (al && e.kind === W.Hundreds) return null;
    if (e.kind === W.Scale && T.scalePlural.has(t.base)) return null; // bare «آلاف»: vague
    if (e.kind === W.Scale) {
      total += e.value;
      last = W.Scale;
    } else {
      cur = e.value;
      last = e.kind;
    }
  }
  if (k === i) return null;
  // «اثنا/اثني» alone is not a number, only with «عشر».
  const first = tokens[i]!.base;
  if (k === i + 1 && (first === "اثنا" || first === "اثني" || first === "اثنتا" || first === "اثنتي")) return null;
  return { value: total + cur, end: k, form: "words", vague: false, rule: "number-words" };
}

const NEGATIONS = new Set(["لم", "لا", "ما", "لن", "ليس", "دون", "بدون", "عدم"]);

/** Parses the number core (no qualifier) at token i. */
function parseCore(tokens: Token[], i: number, T: Tables): Parsed | null {
  const t = tokens[i]!;
  if (t.kind === "number") {
    if (isGluedDigits(tokens, i)) return null;
    const digits = t.norm.replace(/[.,]/g, "");
    if (digits.length >= 7 && !t.norm.includes(",")) return null; // a phone or an id
    let value = digitValue(t);
    if (!Number.isFinite(value)) return null;
    let end = i + 1;
    let form: NumberMention["form"] = "digits";
    const next = tokens[i + 1];
    if (next && next.kind === "word" && next.proclitics.length === 0) {
      const e = T.word.get(next.base);
      // «3 آلاف», «1.5 مليون»; not the dual forms («ألفين» already says two thousand).
      if (e && e.kind === W.Scale && (e.value === 1000 || e.value === 1e6 || e.value === 1e9)) {
        value *= e.value;
        end = i + 2;
        form = "mixed";
      }
    }
    return { value, end, form, vague: false, rule: "number-digits" };
  }
  if (t.kind !== "word") return null;
  const b = t.base;
  const v = T.vague.get(b);
  if (v !== undefined && cliticsOk(t) && !t.enclitic) {
    const next = tokens[i + 1];
    if (T.vagueNeedsMin.has(b) && !(next && next.base === "من" && next.proclitics.length === 0)) return null;
    let value = v;
    let end = i + 1;
    // «عشرات الآلاف», «مئات الآلاف».
    if (next && next.kind === "word") {
      const e = T.word.get(next.base);
      if (e && e.kind === W.Scale && T.scalePlural.has(next.base) && b !== next.base) {
        value *= e.value;
        end = i + 2;
      }
    }
    return { value, end, form: "vague", vague: true, rule: "number-vague" };
  }
  if (T.word.has(b)) return parseWords(tokens, i, T);
  if (T.oneOf.has(b) && t.proclitics.length === 0 && !t.enclitic) {
    // «أحد عناصر», «إحدى النساء»: one of a group. «أحد عشر» is eleven. «أي أحد», «لا أحد»,
    // «كل أحد» are "anyone", "no one", "everyone".
    const prev = tokens[i - 1];
    if (prev && prev.kind === "word" && (prev.base === "اي" || prev.base === "لا" || prev.base === "كل")) return null;
    const next = tokens[i + 1];
    if (!next || next.kind !== "word") return null;
    const ne = T.word.get(next.base);
    if (ne && ne.kind === W.Ten) return { value: 11, end: i + 2, form: "words", vague: false, rule: "number-words" };
    if (next.base === "من" || next.base === "ابرز" || next.base.length < 2) return null;
    // «أحد عناصر», «أحد القادة»: a noun in construct follows. «لم يصب أحد بأذى», «دون أن يصاب
    // أحد»: after a negation, or before a preposition, أحد is "anyone".
    if (next.proclitics.some((p) => p !== "ال") || next.enclitic) return null;
    for (let k = Math.max(0, i - 3); k < i; k++) if (NEGATIONS.has(tokens[k]!.base)) return null;
    return { value: 1, end: i + 1, form: "words", vague: false, rule: "number-one-of", noun: next.base };
  }
  const stem = t.enclitic ? undefined : T.duals.get(b);
  if (stem) {
    let end = i + 1;
    // «شخصين اثنين»: the number word repeats the dual.
    const next = tokens[i + 1];
    if (next && next.kind === "word") {
      const e = T.word.get(next.base);
      if (e && e.kind === W.Unit && e.value === 2) end = i + 2;
    }
    return { value: 2, end, form: "dual", vague: false, rule: "number-dual", noun: stem };
  }
  return null;
}

/** A word or digit token that a month name, a year cue or a unit name makes a non-count. */
function isYear(tokens: Token[], i: number, p: Parsed, T: Tables): boolean {
  const t = tokens[i]!;
  if (t.kind !== "number" || p.form !== "digits" || p.value < 1900 || p.value > 2100 || t.norm.length !== 4) return false;
  const prev = tokens[i - 1];
  const next = tokens[p.end];
  if (prev && (prev.base === "في" || prev.base === "منذ" || prev.base === "حتي" || prev.base === "عام" || prev.base === "سنه" || isMonthBase(prev.base))) return true;
  // A year stands before punctuation, at the end, or before any word; a count in this range
  // stands before a counted noun («2000 جندي», «1950 شخصا»).
  if (!next || next.kind !== "word") return true;
  const b = next.base;
  if (T.countNouns.has(b) || (b.endsWith("ا") && T.countNouns.has(b.slice(0, -1)))) return false;
  return true;
}

function excluded(tokens: Token[], i: number, p: Parsed, T: Tables): boolean {
  const prev = tokens[i - 1];
  if (prev && prev.kind === "word" && (T.notBefore.has(prev.base) || isMonthBase(prev.base))) return true;
  // «الحادي والعشرين», «الخامس عشر»: the rest of an ordinal.
  if (prev && prev.kind === "word" && prev.proclitics.includes("ال") && T.ordinals.has(prev.base)) return true;
  if (prev && prev.kind === "number" && prev.end === tokens[i]!.start) return true;
  const next = tokens[p.end];
  if (next) {
    if (next.kind === "punct" && (next.text === "%" || next.text === "٪" || next.text === "℅")) return true;
    if (next.kind === "word") {
      if (p.form !== "dual" && p.rule !== "number-one-of" && (T.notAfter.has(next.base) || isMonthBase(next.base))) return true;
      if (T.percentAfter.has(next.base) && next.proclitics.includes("ال")) return true;
      if (next.base === "في") {
        const nn = tokens[p.end + 1];
        if (nn && T.percentAfter.has(nn.base)) return true;
      }
    }
  }
  if (isYear(tokens, i, p, T)) return true;
  return false;
}

/**
 * Finds the cardinal quantities in a token list (tokens must carry `base` and `sentence`).
 * Numbers inside a date expression («15 تشرين الأول 2022», «عام 2018», «قبل ثلاثة أيام») are
 * not counts: the date rules run first (text/dates.ts, their scan is reused by the dates stage).
 */
export function findNumbers(tokens: Token[], published?: string): NumberMention[] {
  const T = (tables ??= load());
  const out: NumberMention[] = [];
  const dates = findDates(tokens, published);
  let di = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (di < dates.length) {
      while (di < dates.length && dates[di]!.end <= t.start) di++;
      const d = dates[di];
      if (d && d.start <= t.start && t.end <= d.end) continue;
    }
    if (t.kind === "word") {
      if (!T.triggers.has(t.base)) continue;
    } else if (t.kind !== "number") continue;
    const start = i;
    let at = i;
    let qualified = false;
    // A qualifier («أكثر من», «ما لا يقل عن», «نحو») before a number.
    const qs = t.kind === "word" ? T.qualifiers.get(t.base) : undefined;
    if (qs) {
      for (const q of qs) {
        let ok = true;
        for (let k = 0; k < q.length; k++) {
          const u = tokens[i + k];
          if (!u || u.base !== q[k] || u.sentence !== t.sentence) {
            ok = false;
            break;
          }
        }
        if (ok && tokens[i + q.length]) {
          at = i + q.length;
          qualified = true;
          break;
        }
      }
    }
    let p = parseCore(tokens, at, T);
    if (!p && qualified) {
      // «نحو» is also "towards": without a number after it, it is not a qualifier.
      qualified = false;
      at = i;
      p = parseCore(tokens, i, T);
    }
    if (!p) continue;
    // «مائة شخص تقريبا»: a trailing «تقريبا» qualifies too.
    const after = tokens[p.end];
    if (!qualified && after && after.base === "تقريبا") qualified = true;
    if (excluded(tokens, at, p, T)) {
      i = p.end - 1;
      continue;
    }
    const last = tokens[p.end - 1]!;
    const m: NumberMention = {
      start: tokens[start]!.start,
      end: last.end,
      value: p.value,
      vague: p.vague || qualified,
      form: p.form,
      tokenStart: start,
      tokenEnd: p.end,
      rule: qualified ? p.rule + "+qualifier" : p.rule,
    };
    // «قطاع واحد», «شخصين اثنين»: واحد and اثنان follow their noun like adjectives.
    // «القتلى الخمسة», «السنوات الثماني»: a definite number after a definite noun describes it.
    const first = tokens[at]!;
    const prevTok = tokens[at - 1];
    const definiteAfterNoun = first.kind === "word" && first.proclitics.includes("ال") && !!prevTok && prevTok.kind === "word" && prevTok.proclitics.includes("ال");
    const adjectival = definiteAfterNoun || (p.form === "words" && p.end === at + 1 && (p.value === 1 || p.value === 2) && !T.oneOf.has(first.base));
    const noun = p.noun ?? (adjectival ? nounBefore(tokens, at) : nounAfter(tokens, p.end));
    if (noun) m.noun = noun;
    out.push(m);
    i = p.end - 1;
  }
  return out;
}

function nounBefore(tokens: Token[], k: number): string | undefined {
  const t = tokens[k - 1];
  return t && t.kind === "word" ? t.base : undefined;
}

/** The base of the counted noun after a number: «4 أشخاص», «عشرات من المدنيين». */
function nounAfter(tokens: Token[], k: number): string | undefined {
  let t = tokens[k];
  if (t && t.kind === "word" && t.base === "من" && t.proclitics.length === 0) t = tokens[k + 1];
  return t && t.kind === "word" ? t.base : undefined;
}

/**
 * The exact number written at token i (digits or number words, «ثلاثة», «15», «خمسة عشر»), with
 * the index after it; null when none. Used by the date rules («قبل ثلاثة أيام», «15 تشرين»).
 */
export function numberAt(tokens: Token[], i: number): { value: number; end: number } | null {
  const T = (tables ??= load());
  const t = tokens[i];
  if (!t) return null;
  if (t.kind === "number") {
    if (t.norm.includes(",") || t.norm.includes(".")) return null;
    return { value: Number(t.norm), end: i + 1 };
  }
  if (t.kind !== "word" || !T.word.has(t.base)) return null;
  const p = parseWords(tokens, i, T);
  return p ? { value: p.value, end: p.end } : null;
}
