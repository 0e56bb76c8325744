/**
 * @module events/detect
 * Sentence-level event recognition. Each sentence is matched against the lexicon (events/lexicon.ts);
 * trigger classes are grouped into families (violence, abduction, arrest, territory, demonstration,
 * ...), at most one mention per family per clause-free sentence, and each candidate is scored:
 *
 *   + a strong trigger (a perfective verb or a verbal noun of the event: «قتل», «اشتباكات», «غارات»)
 *   + a stated outcome (killed / injured with a count), a recent time («أمس», a weekday), a place cue
 *   - the sentence is not a report of a happening: an intention or attempt («حاولوا», «يعتزم»), a
 *     threat («هدد»), a denial («نفى»), a conditional («إذا»), a question, a condemnation («أدان»),
 *     a call («دعا إلى»), a general or habitual statement («مسلسل», imperfect «ينفذ»), a statistic
 *     over a long period («منذ بداية العام»).
 *
 * A candidate whose score reaches the family's threshold becomes a mention. Sub-event typing then
 * follows ACLED's codebook: the weapon decides among Explosions/Remote violence; whether the victim
 * is armed decides Battles versus Violence against civilians; who took the territory decides
 * Government regains territory versus Non-state actor overtakes territory (done later with actors).
 */
import { findDateline } from "../text/dateline.ts";
import type { Decision, Doc, Sentence, Token } from "../doc/types.ts";
import { matchLexicon, type LexMatch } from "./lexicon.ts";
import type { Quantity } from "./quantities.ts";
import { predict, type Features } from "./model.ts";

export type Family = "violence" | "abduction" | "sexual" | "arrest" | "territory" | "weapons" | "agreement" | "evacuation" | "loot" | "demonstration";

export interface Casualty {
  value: number;
  tokStart: number;
  tokEnd: number;
  rule: string;
}

export interface EventMention {
  family: Family;
  event_type: string;
  sub_event_type: string;
  sentence: number;
  /** The main trigger. */
  trigger: LexMatch;
  /** Token range stating the event (trigger through its outcome), [tokStart, tokEnd). */
  tokStart: number;
  tokEnd: number;
  score: number;
  fatalities: Casualty | null;
  injured: Casualty | null;
  captured: Casualty | null;
  /** The victim is armed (decides Battles vs Violence against civilians), when known from words. */
  armedVictim: boolean | null;
  /** An explosion's victims are named as civilians (the target actor when the text names no other). */
  civilianVictim?: boolean;
  background: boolean;
  decisions: Decision[];
  /** All lexicon matches of the sentence (cues for the argument rules). */
  matches: LexMatch[];
  /** Model features of the candidate (set when all candidates are asked for, for training). */
  features?: Features;
}

const FAMILY_OF: Record<string, Family> = {
  KILL: "violence",
  ASSASSINATE: "violence",
  CLASH: "violence",
  ATTACK: "violence",
  SHOOT: "violence",
  AIR: "violence",
  SHELL: "violence",
  IED: "violence",
  SUICIDE: "violence",
  GRENADE: "violence",
  CHEMICAL: "violence",
  INJURE: "violence",
  ABDUCT: "abduction",
  SEXUAL: "sexual",
  ARREST: "arrest",
  TERRITORY: "territory",
  WEAPONS_FOUND: "weapons",
  AGREEMENT: "agreement",
  EVACUATION: "evacuation",
  LOOT: "loot",
  PROTEST: "demonstration",
  RIOT: "demonstration",
  INTERVENE: "demonstration",
};

/** Score a candidate needs to become a mention, per family (strategic developments need more). */
export const THRESHOLD: Record<Family, number> = {
  violence: 6,
  abduction: 6.5,
  sexual: 6,
  arrest: 3.5,
  territory: 4.5,
  weapons: 3.5,
  agreement: 4,
  evacuation: 4,
  loot: 4,
  demonstration: 6,
};

/** Sentences from which a document is an article (context bonus). */
const ARTICLE_SENTENCES = 4;

/**
 * A document is an article (not an isolated sentence) with enough sentences, or when it opens with a
 * dateline, «منبج – نورث برس», «درعا - SY24»: a short first line of a few words around a dash.
 */
function isArticle(doc: Doc): boolean {
  let a = articleCache.get(doc);
  if (a === undefined) {
    a = doc.sentences.length >= ARTICLE_SENTENCES || findDateline(doc.text) !== null;
    articleCache.set(doc, a);
  }
  return a;
}
const articleCache = new WeakMap<Doc, boolean>();


const NEG_WEIGHT: Record<string, number> = {
  NEG_INTENT: 3,
  NEG_THREAT: 3,
  NEG_DENY: 2,
  NEG_CONDEMN: 4,
  NEG_CALL: 3,
  NEG_COND: 3,
  NEG_GENERIC: 2,
  NEG_STAT: 2,
  HABITUAL: 2,
  CONTEXT_WAR: 0.5,
};

interface SentenceView {
  doc: Doc;
  s: Sentence;
  index: number;
  matches: LexMatch[];
  byClass: Map<string, LexMatch[]>;
  quantities: Quantity[];
  placeInSentence: boolean;
  dateInSentence: boolean;
  /** Token indices of the document covered by date expressions. */
  dateTok: Set<number>;
  question: boolean;
}

function has(v: SentenceView, cls: string): boolean {
  return v.byClass.has(cls);
}

function first(v: SentenceView, cls: string): LexMatch | undefined {
  return v.byClass.get(cls)?.[0];
}

/** Nearest match of the class to token i (by distance), or undefined. */
function nearest(v: SentenceView, cls: string, i: number, maxDist = Infinity): LexMatch | undefined {
  let best: LexMatch | undefined;
  let bd = Infinity;
  for (const m of v.byClass.get(cls) ?? []) {
    const d = m.tokStart >= i ? m.tokStart - i : i - m.tokEnd + 1;
    if (d < bd && d <= maxDist) {
      bd = d;
      best = m;
    }
  }
  return best;
}

const isPunct = (t: Token) => t.kind === "punct";
/** Clause boundary for casualty reading: «،» «,» «.» «:» and the like. */
const isBoundary = (t: Token) => t.kind === "punct" && t.text !== "-" && t.text !== "(" && t.text !== ")" && t.text !== "«" && t.text !== "»" && t.text !== "“" && t.text !== "”" && t.text !== '"';

function quantityAt(v: SentenceView, i: number): Quantity | undefined {
  for (const q of v.quantities) if (q.tokStart === i) return q;
  return undefined;
}

function quantityEndingAt(v: SentenceView, end: number): Quantity | undefined {
  for (const q of v.quantities) if (q.tokEnd === end) return q;
  return undefined;
}

/** A year-like number (1900..2100) is never a casualty count. */
const isYear = (q: Quantity, tokens: Token[]) => q.value >= 1900 && q.value <= 2100 && tokens[q.tokStart]!.kind === "number";

function inClass(v: SentenceView, i: number, cls: string): boolean {
  for (const m of v.byClass.get(cls) ?? []) if (m.tokStart <= i && i < m.tokEnd) return true;
  return false;
}

/** Dual nouns («عنصرين», «شخصين», «جنديين») read as 2: the word ends in «ين» and is a victim noun. */
function isDual(t: Token): boolean {
  return t.base.length >= 5 && t.base.endsWith("\u064a\u0646") && !t.base.endsWith("\u064a\u064a\u0646");
}

/**
 * The quantity a casualty trigger states: a number after it (skipping up to 3 function words,
 * «قتل خلاله أكثر من 250 شخصاً»), a number right before it («35 قتيلا»), a dual victim noun
 * («عنصرين») or a singular victim («مقتل شاب», «مقتل أحد المارة», «قتل المدعو ...») = 1. Then
 * coordinated additions «وإصابة ضابط ... وعنصرين آخرين» are summed.
 */
/** «آخر», «ثالث», «رابع» ... after a casualty word: one more person (normalized bases). */
const ONE_MORE = new Set(["\u0627\u062e\u0631", "\u062b\u0627\u0644\u062b", "\u0631\u0627\u0628\u0639", "\u062e\u0627\u0645\u0633", "\u0633\u0627\u062f\u0633"]);

/** Victims counted by a pronoun suffix: him, her, the two of them. */
const PRONOUN_COUNT: Record<string, number> = { "\u0647": 1, "\u0647\u0627": 1, "\u0647\u0645\u0627": 2 };

function readCount(v: SentenceView, trig: LexMatch, rule: string, allowSingular: boolean): Casualty | null {
  const tokens = v.doc.tokens;
  const end = v.s.tokenEnd;
  // A number just before: «35 قتيلا», «11 قتيلا و31 جريحا»; not across «و»: in «مقتل عنصرين
  // وإصابة ثالث» the two belong to the killing.
  const trigTok = tokens[trig.tokStart]!;
  const before = trigTok.proclitics[0] === "\u0648" ? null : quantityEndingAt(v, trig.tokStart);
  if (before && !isYear(before, tokens)) return { value: before.value, tokStart: before.tokStart, tokEnd: trig.tokEnd, rule: `${rule}:number-before` };
  // «ستة عناصر من الفرقة الرابعة قُتلوا»: the counted victims stated before a plural verb.
  if (trigTok.base.endsWith("\u0648\u0627") || trigTok.norm.endsWith("\u0648\u0627")) {
    for (let j = trig.tokStart - 1, n = 0; j >= v.s.tokenStart && n < 7; j--, n++) {
      if (isBoundary(tokens[j]!)) break;
      const q = quantityAt(v, j);
      if (q && !isYear(q, tokens) && q.tokEnd < trig.tokStart && (inClass(v, q.tokEnd, "ARMED") || inClass(v, q.tokEnd, "CIVILIAN") || inClass(v, q.tokEnd, "PERSON_GENERIC"))) {
        return { value: q.value, tokStart: q.tokStart, tokEnd: trig.tokEnd, rule: `${rule}:number-subject` };
      }
    }
  }
  // The victim as a pronoun on a casualty word: «ما أدى إلى مقتله» one, «إصابتهما» two («مقتلهم» says
  // no number). Not for abductions: «السفينة التي خطفها قراصنة» took a ship.
  if (allowSingular && rule !== "captured" && trig.tokEnd - trig.tokStart === 1) {
    const pron = PRONOUN_COUNT[trigTok.enclitic];
    if (pron) return { value: pron, tokStart: trig.tokStart, tokEnd: trig.tokEnd, rule: `${rule}:pronoun-victim` };
  }
  let i = trig.tokEnd;
  let skipped = 0;
  // Past the perpetrators («اختطف مسلحون يستقلون سيارة الشاب ...», «اغتال مسلحون مجهولون يستقلون دراجة
  // نارية ... المختار») words of their phrase are passed over; for a capture only a victim noun counts
  // then («اختطف مسلحون يستقلون 3 سيارات» took no three people).
  let pastAgents = false;
  let ignoreNumbers = false;
  while (i < end && skipped <= (pastAgents ? 7 : 3)) {
    const t = tokens[i]!;
    // «اعتقلت قوات النظام، صباح اليوم الإثنين، خمسة شبان»: a time phrase between commas is passed over.
    if (isBoundary(t) && v.dateTok.has(i + 1)) {
      let j = i + 1;
      while (j < end && v.dateTok.has(j)) j++;
      if (j < end && isBoundary(tokens[j]!) && tokens[j]!.text === t.text) {
        // After the time phrase the object follows: a number counts again.
        i = j + 1;
        pastAgents = false;
        ignoreNumbers = false;
        skipped = 0;
        continue;
      }
    }
    if (isBoundary(t)) break;
    const q = ignoreNumbers ? null : quantityAt(v, i);
    if (q && !isYear(q, tokens)) {
      let total = q.value;
      let last = q.tokEnd;
      const more = readAdditions(v, q.tokEnd);
      if (more) {
        total += more.value;
        last = more.tokEnd;
      }
      return { value: total, tokStart: trig.tokStart, tokEnd: Math.max(last, q.tokEnd), rule: `${rule}:number-after` };
    }
    if (inClass(v, i, "ARMED") || inClass(v, i, "CIVILIAN") || inClass(v, i, "PERSON_GENERIC")) {
      if (!allowSingular) return null;
      const value = isDual(t) ? 2 : isPluralVictim(v, i) ? -1 : 1;
      // A plural noun with no number may be the perpetrators after the verb («اختطف مسلحون 15 شخصا»).
      if (value < 0) {
        skipped++;
        i++;
        if (inClass(v, i - 1, "ARMED")) {
          pastAgents = true;
          ignoreNumbers = rule === "captured";
        }
        continue;
      }
      let total = value;
      let last = i + 1;
      const more = readAdditions(v, i + 1);
      if (more) {
        total += more.value;
        last = more.tokEnd;
      }
      return { value: total, tokStart: trig.tokStart, tokEnd: last, rule: `${rule}:${value === 2 ? "dual" : "singular"}-victim` };
    }
    // «وإصابة ثالث», «ومقتل آخر»: one more person.
    if (allowSingular && skipped === 0 && ONE_MORE.has(t.base)) {
      return { value: 1, tokStart: trig.tokStart, tokEnd: i + 1, rule: `${rule}:one-more` };
    }
    // «قُتل فيه خمسة عناصر»: «فيه» is the attack, not a named victim.
    if (inClass(v, i, "FUNC") || inClass(v, i, "PREP_PRONOUN") || t.kind === "punct") {
      skipped++;
      i++;
      continue;
    }
    if (pastAgents) {
      skipped++;
      i++;
      continue;
    }
    // A word that is none of the above right after a passive kill verb is a named victim: «قتل يوسف ...».
    if (allowSingular && skipped === 0 && t.kind === "word" && (rule === "fatalities" || rule === "captured") && i === trig.tokEnd && !isArticleWord(t)) {
      return { value: 1, tokStart: trig.tokStart, tokEnd: i + 1, rule: `${rule}:named-victim` };
    }
    break;
  }
  return null;
}

/** Plural victim nouns («عناصر», «مدنيين», «أشخاص») without a number state no count. */
function isPluralVictim(v: SentenceView, i: number): boolean {
  const t = v.doc.tokens[i]!;
  const b = t.base;
  // Sound plurals (-ون/-ين with no dual reading handled before) and the article-plural forms.
  if (b.endsWith("\u0648\u0646")) return true;
  if (b.endsWith("\u064a\u064a\u0646")) return true;
  // Sound feminine plurals: «قوات», «دوريات», «ميليشيات» (a final taa marbuta is «ه» once normalized).
  if (b.length >= 4 && b.endsWith("\u0627\u062a")) return true;
  // Broken plurals from the lexicon's own plural entries are listed in PLURAL.
  return inClass(v, i, "PLURAL");
}

/** Words with the article are rarely a person's first name. */
function isArticleWord(t: Token): boolean {
  return t.proclitics.includes("\u0627\u0644") || t.norm.startsWith("\u0627\u0644");
}

/** «و + number/dual/singular victim (+ آخرين)» right after a count: «وعنصرين آخرين», «و31 جريحا» are not additions. */
function readAdditions(v: SentenceView, from: number): { value: number; tokEnd: number } | null {
  const tokens = v.doc.tokens;
  let total = 0;
  let end = -1;
  for (let i = from, n = 0; i < v.s.tokenEnd && n < 8; i++, n++) {
    const t = tokens[i]!;
    if (isBoundary(t)) break;
    // Another trigger starts a new count.
    if (inClass(v, i, "KILL") || inClass(v, i, "INJURE") || inClass(v, i, "ARREST")) break;
    const conj = t.proclitics[0] === "\u0648" || t.norm.startsWith("\u0648");
    if (!conj && t.norm !== "\u0648") continue;
    const next = t.norm === "\u0648" ? i + 1 : i;
    const q = quantityAt(v, next);
    const nt = tokens[next];
    if (!nt) break;
    const others = tokens[next + 1] && inClass(v, next + 1, "OTHERS");
    if (q && others) {
      total += q.value;
      end = next + 2;
      i = next + 1;
    } else if ((inClass(v, next, "ARMED") || inClass(v, next, "CIVILIAN")) && isDual(nt)) {
      total += 2;
      end = next + 1;
      i = next;
    } else if (inClass(v, next, "COMPANION")) {
      // «قتل العميد ... ومرافقه», «اغتيال ... وزوجته وابنهما»: one more person each.
      total += 1;
      end = next + 1;
      i = next;
    } else break;
  }
  return end > 0 ? { value: total, tokEnd: end } : null;
}

/** Is the victim of the trigger armed? Looks at the nouns right after (or, for «قتلى», before) it. */
function victimArmed(v: SentenceView, from: number): boolean | null {
  const tokens = v.doc.tokens;
  // Right after a verb, a nominative sound plural is its subject, not its victim: «اغتال مسلحون
  // مجهولون القيادي» (gunmen killed), against «قتل مسلحين» (gunmen were killed).
  const afterVerb = from > v.s.tokenStart && inClass(v, from - 1, "VERB_PAST");
  for (let i = from, n = 0; i < v.s.tokenEnd && n < 7; i++, n++) {
    if (isBoundary(tokens[i]!) && n > 0) break;
    if (afterVerb && n <= 2 && tokens[i]!.base.endsWith("\u0648\u0646") && (inClass(v, i, "ARMED") || inClass(v, i, "UNIDENTIFIED"))) continue;
    if (inClass(v, i, "CIVILIAN") || inClass(v, i, "PROTESTERS")) return false;
    // «القيادي السابق في فصائل المعارضة», «عناصر سابقين»: a former fighter is a civilian now.
    if (inClass(v, i, "ARMED")) return !formerAt(v, i + 1);
  }
  return null;
}

function formerAt(v: SentenceView, i: number): boolean {
  for (let k = i; k < Math.min(v.s.tokenEnd, i + 2); k++) if (v.doc.tokens[k]!.base.startsWith("\u0633\u0627\u0628\u0642")) return true;
  return false;
}

/** Strong (non-weak) matches of a family in the sentence, in order. */
function strongOf(v: SentenceView, fam: Family): LexMatch[] {
  // Grouped once per view (the view is immutable once built).
  let by = familyCache.get(v);
  if (!by) {
    by = new Map();
    for (const m of v.matches) {
      const f = FAMILY_OF[m.cls];
      if (f) (by.get(f) ?? by.set(f, []).get(f)!).push(m);
    }
    familyCache.set(v, by);
  }
  return [...(by.get(fam) ?? [])];
}
const familyCache = new WeakMap<SentenceView, Map<Family, LexMatch[]>>();

/** Cues of intention, habit, condition, generality and statistics bind within their clause. */
const CLAUSE_SCOPED = new Set(["NEG_INTENT", "NEG_THREAT", "HABITUAL", "NEG_COND", "NEG_GENERIC", "NEG_STAT", "CONTEXT_WAR"]);

/** First token of the trigger's clause: after the last «،»/«:» or at the last clause opener («حيث», «إذ»). */
function clauseStart(v: SentenceView, trig: LexMatch): number {
  const tokens = v.doc.tokens;
  let start = v.s.tokenStart;
  for (let i = trig.tokStart - 1; i >= v.s.tokenStart; i--) {
    const t = tokens[i]!;
    if (t.kind === "punct" && (t.text === "\u060c" || t.text === "," || t.text === ":" || t.text === "-")) {
      start = i + 1;
      break;
    }
  }
  for (const m of v.byClass.get("CLAUSE_START") ?? []) if (m.tokStart < trig.tokStart && m.tokStart > start) start = m.tokStart;
  return start;
}

function negatives(v: SentenceView, trig: LexMatch, decisions: Decision[], skip: Set<string> = new Set()): number {
  let pen = 0;
  const tokens = v.doc.tokens;
  const cs = clauseStart(v, trig);
  for (const [cls, w] of Object.entries(NEG_WEIGHT)) {
    if (skip.has(cls)) continue;
    const ms = v.byClass.get(cls);
    if (!ms) continue;
    let best = 0;
    let at: LexMatch | undefined;
    for (const m of ms) {
      // Intention, habit, condition, generality: within the clause and before the trigger
      // («قتل أثناء محاولته العبور» is a killing, not an attempt).
      if (CLAUSE_SCOPED.has(cls) && (m.tokStart < cs || m.tokStart >= trig.tokEnd)) continue;
      // «نجا من محاولة اغتيال», «تعرض لمحاولة اغتيال»: the attempt happened.
      if (cls === "NEG_INTENT" && (v.byClass.get("SURVIVED") ?? []).some((x) => x.tokEnd <= m.tokStart && m.tokStart - x.tokEnd <= 8)) continue;
      // A denial particle («لم», «دون») negates only what follows it closely.
      if (cls === "NEG_DENY" && tokens[m.tokStart]!.base.length <= 3 && !(m.tokEnd <= trig.tokStart && trig.tokStart - m.tokEnd <= 1)) continue;
      const scope = m.tokStart < trig.tokStart || m.tokStart - trig.tokEnd <= 2 ? 1 : 0.5;
      if (w * scope > best) {
        best = w * scope;
        at = m;
      }
    }
    if (best > 0 && at) {
      pen += best;
      decisions.push({ field: "filter", value: -best, rule: `events.neg.${cls.toLowerCase()}`, span: { start: tokens[at.tokStart]!.start, end: tokens[at.tokEnd - 1]!.end } });
    }
  }
  // «قد» before an imperfect verb is a modal (may), not a perfect (has).
  for (const m of v.byClass.get("MODAL") ?? []) {
    const next = tokens[m.tokEnd];
    if (next && next.kind === "word" && /^[\u064a\u062a\u0646]/.test(next.norm) && next.norm.length >= 4 && m.tokStart < trig.tokStart + 3 && m.tokStart >= cs) {
      pen += 2;
      decisions.push({ field: "filter", value: -2, rule: "events.neg.modal", span: { start: tokens[m.tokStart]!.start, end: next.end } });
      break;
    }
  }
  if (v.question) {
    pen += 3;
    decisions.push({ field: "filter", value: -3, rule: "events.neg.question" });
  }
  return pen;
}

function span(tokens: Token[], a: number, b: number) {
  return { start: tokens[a]!.start, end: tokens[b - 1]!.end };
}

/** Records a score term and returns its weight (a module-level helper: no closure per candidate). */
function term(decisions: Decision[], w: number, rule: string): number {
  decisions.push({ field: "score", value: w, rule });
  return w;
}

function positives(v: SentenceView, decisions: Decision[], hasCount: boolean): number {
  let s = 0;
  if (hasCount) s += term(decisions, 1, "events.pos.count");
  if (has(v, "RECENT")) s += term(decisions, 0.5, "events.pos.recent-time");
  if (has(v, "PLACE_CUE")) s += term(decisions, 0.5, "events.pos.place");
  if (has(v, "REPORT")) s += term(decisions, 0.5, "events.pos.reported");
  // Inside a news article the frame is set by the lead: a sentence there that names an event is
  // more likely a report of one than an isolated sentence is.
  if (isArticle(v.doc)) s += term(decisions, 1.5, "events.pos.article-context");
  return s;
}

/**
 * How concretely the sentence reports a happening: a perfective verb of violence («قتل», «انفجرت»,
 * «استهدفت»), a result clause («أسفر عن», «أدى إلى»), a stated count (a number is worth more than a
 * singular victim), and no year before the publication year (a recalled event).
 */
function concreteness(v: SentenceView, counts: (Casualty | null)[], decisions: Decision[]): number {
  let s = 0;
  if (has(v, "VERB_PAST")) s += term(decisions, 1.5, "events.pos.perfective-verb");
  const trig = v.byClass.get("VERB_PAST")?.find((m) => v.matches.some((x) => x.tokStart === m.tokStart && x.cls !== "VERB_PAST" && x.cls !== "RESULT" && WINDOWED.has(x.cls)));
  // «جرى قنص», «تم اغتيال»: an auxiliary with a verbal noun is a passive perfective.
  const aux = (v.byClass.get("PASSIVE_AUX") ?? []).some((a) => v.matches.some((m) => WINDOWED.has(m.cls) && m.tokStart === a.tokEnd));
  if (trig || aux) s += term(decisions, 0.5, "events.pos.trigger-is-verb");
  const n = v.s.tokenEnd - v.s.tokenStart;
  const firstTrig = v.matches.find((m) => FAMILY_OF[m.cls] === "violence" || FAMILY_OF[m.cls] === "abduction");
  if (firstTrig && firstTrig.tokStart - v.s.tokenStart <= Math.max(4, n * 0.3)) s += term(decisions, 0.5, "events.pos.early-trigger");
  const kinds = new Set(v.matches.filter((m) => FAMILY_OF[m.cls] === "violence").map((m) => m.cls));
  if (kinds.size >= 3) s += term(decisions, 0.5, "events.pos.violence-density");
  if (has(v, "RESULT")) s += term(decisions, 1, "events.pos.result-clause");
  const c = counts.filter((x): x is Casualty => !!x);
  if (c.some((x) => x.rule.includes("number"))) s += term(decisions, 1.5, "events.pos.casualty-number");
  else if (c.some((x) => x.rule.includes("victim") && !x.rule.includes("named"))) s += term(decisions, 1, "events.pos.casualty-victim");
  if (pastYear(v)) s += term(decisions, -1, "events.neg.past-year");
  return s;
}

/**
 * An event named only as a reference point or a topic: «غداة اعتداء», «التحقيق في قضية خطف», «على
 * خلفية مقتل» (a frame right before a noun trigger that is not itself a verb), or an abstract definite
 * noun («القتل والاختطاف والذبح») with no count.
 */
function reference(v: SentenceView, trig: LexMatch, decisions: Decision[], purpose = false): number {
  let s = 0;
  const isVerb = inClass(v, trig.tokStart, "VERB_PAST");
  // Right after a frame word the trigger is a noun whatever it looks like: a verb would need «أن»
  // («وبعد سيطرتها على», not «بعد أن سيطرت»).
  if ((v.byClass.get("FRAME") ?? []).some((f) => f.tokEnd <= trig.tokStart && trig.tokStart - f.tokEnd <= 1 && (!isVerb || f.tokEnd === trig.tokStart))) {
    s -= 1.5;
    decisions.push({ field: "filter", value: -1.5, rule: "events.neg.reference-frame" });
  }
  // «مفاوضات ... لإجلاء نحو مائة مقاتل», «الرافضين للتسوية»: a noun with the lam of purpose or of
  // the object states an aim or a topic, not a happening (but «تعرض لإطلاق نار» is one).
  const t = v.doc.tokens[trig.tokStart]!;
  const prev = trig.tokStart > v.s.tokenStart ? v.doc.tokens[trig.tokStart - 1]! : null;
  if (purpose && !isVerb && t.proclitics.includes("\u0644") && !(prev && prev.base.startsWith("\u062a\u0639\u0631\u0636"))) {
    s -= 2;
    decisions.push({ field: "filter", value: -2, rule: "events.neg.purpose-lam" });
  }
  if (inClass(v, trig.tokStart, "ABSTRACT") && !v.quantities.some((q) => (q.tokStart >= trig.tokEnd && q.tokStart - trig.tokEnd <= 2) || (q.tokEnd <= trig.tokStart && trig.tokStart - q.tokEnd <= 2))) {
    s -= 2.5;
    decisions.push({ field: "filter", value: -2.5, rule: "events.neg.abstract-noun" });
  }
  return s;
}

/** A four-digit year before the publication year in the sentence. */
function pastYear(v: SentenceView): boolean {
  const pub = v.doc.meta.published;
  if (!pub) return false;
  const py = Number(pub.slice(0, 4));
  for (let i = v.s.tokenStart; i < v.s.tokenEnd; i++) {
    const t = v.doc.tokens[i]!;
    if (t.kind !== "number" || t.norm.length !== 4) continue;
    const y = Number(t.norm);
    if (y >= 1900 && y < py) return true;
  }
  return false;
}

function mk(v: SentenceView, family: Family, type: string, sub: string, trig: LexMatch, score: number, decisions: Decision[]): EventMention {
  return {
    family,
    event_type: type,
    sub_event_type: sub,
    sentence: v.index,
    trigger: trig,
    tokStart: trig.tokStart,
    tokEnd: trig.tokEnd,
    score,
    fatalities: null,
    injured: null,
    captured: null,
    armedVictim: null,
    background: false,
    decisions,
    matches: v.matches,
  };
}

/** Classes that type a violence event; they are read within the event's window of the sentence. */
const WINDOWED = new Set(["KILL", "ASSASSINATE", "CLASH", "ATTACK", "SHOOT", "AIR", "SHELL", "IED", "SUICIDE", "GRENADE", "CHEMICAL", "INJURE", "ATTACK_W", "SHOOT_W", "AIR_W", "SHELL_W", "IED_W", "KILL_W", "VERB_PAST", "RESULT"]);
/** A new violence event starts at a head trigger more than this many tokens after the previous one. */
const CLUSTER_GAP = 8;

/**
 * A sentence may report several violent happenings («مقتل 4 ... وإصابة 7، والعثور على جثة الانتحاري
 * الذي فجر نفسه قبل يومين»): triggers far apart form separate events, each typed by the words of its
 * own window.
 */
function violenceAll(v: SentenceView): EventMention[] {
  const strong = strongOf(v, "violence");
  if (!strong.length) return [];
  const tokens = v.doc.tokens;
  const clusters: { lo: number; hi: number; outcome: boolean }[] = [];
  for (const m of strong) {
    const c = clusters[clusters.length - 1];
    const outcome = m.cls === "KILL" || m.cls === "INJURE" || m.cls === "ASSASSINATE";
    let join = false;
    if (c) {
      const gap = m.tokStart - c.hi;
      let boundary = false;
      for (let i = c.hi; i < m.tokStart; i++) if (isBoundary(tokens[i]!)) boundary = true;
      // «وإصابة 7 آخرين» continues the count; «في اشتباكات», «بهجوم» state the circumstance of a killing.
      const tok = tokens[m.tokStart]!;
      const circumstance = c.outcome && (inClass(v, m.tokStart - 1, "CIRCUMSTANCE") || tok.proclitics.includes("\u0628") || tok.norm.startsWith("\u0628"));
      // «... الأمر الذي أدى إلى مقتل ثلاثة»: a result clause ties the outcome to the attack before it.
      const result = (v.byClass.get("RESULT") ?? []).some((r) => r.tokStart >= c.hi && r.tokEnd <= m.tokStart && m.tokStart - r.tokEnd <= 2);
      join = m.cls === "INJURE" || circumstance || result || (gap <= CLUSTER_GAP && !(boundary && gap > 3));
    }
    if (c && join) {
      c.hi = Math.max(c.hi, m.tokEnd);
      c.outcome ||= outcome;
    } else clusters.push({ lo: m.tokStart, hi: m.tokEnd, outcome });
  }
  if (clusters.length === 1) {
    const one = violence(v);
    return one ? [one] : [];
  }
  const out: EventMention[] = [];
  for (const c of clusters.slice(0, 3)) {
    const lo = c.lo - 4, hi = c.hi + 6;
    const byClass = new Map<string, LexMatch[]>();
    for (const [cls, list] of v.byClass) {
      byClass.set(cls, WINDOWED.has(cls) ? list.filter((m) => m.tokEnd > lo && m.tokStart < hi) : list);
    }
    for (const [cls, list] of byClass) if (!list.length) byClass.delete(cls);
    const w: SentenceView = { ...v, byClass, matches: v.matches.filter((m) => !WINDOWED.has(m.cls) || (m.tokEnd > lo && m.tokStart < hi)) };
    const m = violence(w);
    if (m) {
      m.matches = v.matches;
      out.push(m);
    }
  }
  return out;
}

/** «عثر على جثة», «العثور على 3 جثث»: a finding word with bodies right after it; their count. */
function bodyFound(v: SentenceView): Casualty | null {
  for (const f of v.byClass.get("WEAPONS_FOUND") ?? []) {
    for (const b of v.byClass.get("KILL_W") ?? []) {
      if (b.tokStart < f.tokEnd || b.tokStart - f.tokEnd > 2) continue;
      const t = v.doc.tokens[b.tokStart]!;
      if (!/^\u062c\u062b/.test(t.base)) continue; // جثة، جثث، جثتي
      const q = quantityEndingAt(v, b.tokStart) ?? quantityAt(v, b.tokEnd);
      const value = q ? q.value : isDual(t) ? 2 : t.base.startsWith("\u062c\u062b\u062b") ? 0 : 1;
      if (value > 0) return { value, tokStart: f.tokStart, tokEnd: b.tokEnd, rule: "fatalities:bodies-found" };
    }
  }
  return null;
}

function violence(v: SentenceView): EventMention | null {
  const strong = strongOf(v, "violence");
  if (!strong.length) return null;
  const tokens = v.doc.tokens;
  const decisions: Decision[] = [];
  // The main trigger: the first strong trigger that is not only an injury word.
  const trig = strong.find((m) => m.cls !== "INJURE") ?? strong[0]!;
  decisions.push({ field: "trigger", value: trig.cls, rule: `events.trigger.${trig.cls.toLowerCase()}`, span: span(tokens, trig.tokStart, trig.tokEnd) });

  // Casualties: the first kill trigger with a count, the first injury trigger with a count.
  let fatalities: Casualty | null = null;
  for (const m of v.byClass.get("KILL") ?? []) {
    fatalities = readCount(v, m, "fatalities", true);
    if (fatalities) break;
  }
  if (!fatalities) {
    for (const m of v.byClass.get("ASSASSINATE") ?? []) {
      fatalities = readCount(v, m, "fatalities", true);
      if (fatalities) break;
    }
  }
  if (!fatalities) {
    // A singular verb or verbal noun of killing with no count and no «العديد/عدد» after it: one dead
    // («علاء ..., قتل إثر استهدافه»).
    for (const m of v.byClass.get("KILL_SING") ?? []) {
      const next = m.tokEnd < v.s.tokenEnd ? m.tokEnd : -1;
      if (next >= 0 && (inClass(v, next, "VAGUE_MANY") || inClass(v, next, "PLURAL") || quantityAt(v, next))) continue;
      if (!(v.byClass.get("KILL") ?? []).some((k) => k.tokStart === m.tokStart)) continue;
      fatalities = { value: 1, tokStart: m.tokStart, tokEnd: m.tokEnd, rule: "fatalities:singular-verb" };
      break;
    }
  }
  let injured: Casualty | null = null;
  for (const m of v.byClass.get("INJURE") ?? []) {
    injured = readCount(v, m, "injured", true);
    if (injured) break;
  }
  // «نجا من محاولة اغتيال»: the target survived; a count read from the singular is nobody killed.
  if (fatalities && !fatalities.rule.includes("number")) {
    const survived = (v.byClass.get("SURVIVED") ?? []).some((x) => /^\u0646\u062c/.test(v.doc.tokens[x.tokStart]!.base) && x.tokEnd <= trig.tokStart && trig.tokStart - x.tokEnd <= 4);
    if (survived) fatalities = null;
  }
  // «عُثر على جثة لاجئة مقتولة بطلق ناري»: a body found with the marks of a killing is a report of
  // one (ACLED codes it on the day of the finding); the bodies are the count.
  const body = bodyFound(v);
  if (body && !fatalities) fatalities = body;

  let score = 2;
  decisions.push({ field: "score", value: 2, rule: "events.pos.strong-trigger" });
  if (body) {
    score += 1.5;
    decisions.push({ field: "score", value: 1.5, rule: "events.pos.body-found" });
  }
  if (has(v, "KILL") || has(v, "INJURE") || has(v, "ASSASSINATE")) {
    score += 0.5;
    decisions.push({ field: "score", value: 0.5, rule: "events.pos.outcome-word" });
  }
  score += positives(v, decisions, false);
  score += concreteness(v, [fatalities, injured], decisions);
  score -= negatives(v, trig, decisions);
  score += reference(v, trig, decisions);
  // The happening only inside a relative clause («الوزير الذي اغتيل», «التفجير الذي استهدف ...»)
  // describes a person or a thing the sentence is about; the sentence reports something else.
  const rel = v.byClass.get("RELATIVE") ?? [];
  if (rel.length && strong.every((m) => rel.some((r) => (r.tokEnd <= m.tokStart && m.tokStart - r.tokEnd <= 1) || (r.tokStart >= m.tokEnd && r.tokStart - m.tokEnd <= 1)))) {
    score -= 1;
    decisions.push({ field: "filter", value: -1, rule: "events.neg.relative-clause" });
  }

  // Sub-event type: the weapon first, then the victim.
  let type = "Violence against civilians";
  let sub = "Attack";
  let rule = "events.type.default-attack";
  let armed: boolean | null = null;
  const airStrong = has(v, "AIR");
  const airWeak = has(v, "AIR_W") && (has(v, "SHELL") || has(v, "SHELL_W") || has(v, "ATTACK") || has(v, "KILL") || has(v, "IED_W"));
  if (has(v, "SUICIDE")) [type, sub, rule] = ["Explosions/Remote violence", "Suicide bomb", "events.type.suicide"];
  else if (has(v, "CHEMICAL")) [type, sub, rule] = ["Explosions/Remote violence", "Chemical weapon", "events.type.chemical"];
  else if (has(v, "GRENADE")) [type, sub, rule] = ["Explosions/Remote violence", "Grenade", "events.type.grenade"];
  else if (airStrong || airWeak) [type, sub, rule] = ["Explosions/Remote violence", "Air/drone strike", "events.type.air"];
  else if (has(v, "IED")) [type, sub, rule] = ["Explosions/Remote violence", "Remote explosive/landmine/IED", "events.type.ied"];
  else if (has(v, "CLASH")) [type, sub, rule] = ["Battles", "Armed clash", "events.type.clash"];
  else if (has(v, "SHELL")) [type, sub, rule] = ["Explosions/Remote violence", "Shelling/artillery/missile attack", "events.type.shelling"];
  else {
    const k = first(v, "KILL") ?? first(v, "ASSASSINATE") ?? first(v, "SHOOT") ?? first(v, "ATTACK") ?? first(v, "INJURE") ?? trig;
    armed = victimArmed(v, k.tokEnd);
    if (armed === null && k.tokStart > v.s.tokenStart) {
      // «35 جنديا قتلوا»: the victim may come before the verb.
      armed = victimArmed(v, Math.max(v.s.tokenStart, k.tokStart - 3));
    }
    // A named victim with no armed noun beside it is a civilian; otherwise unknown (attack by default).
    if (armed === null && fatalities?.rule.endsWith("named-victim")) armed = false;
    if (armed) [type, sub, rule] = ["Battles", "Armed clash", "events.type.armed-victim"];
    else [type, sub, rule] = ["Violence against civilians", "Attack", armed === false ? "events.type.civilian-victim" : "events.type.default-attack"];
  }
  // Without a weapon or a clash word, a killing word alone is the least specific report.
  if ((rule === "events.type.default-attack" || rule === "events.type.civilian-victim" || rule === "events.type.armed-victim") && !has(v, "SHOOT") && !has(v, "ASSASSINATE")) {
    score -= 0.5;
    decisions.push({ field: "filter", value: -0.5, rule: "events.neg.no-weapon-detail" });
  }
  decisions.push({ field: "sub_event_type", value: sub, rule });
  const m = mk(v, "violence", type, sub, trig, score, decisions);
  m.fatalities = fatalities;
  m.injured = injured;
  m.armedVictim = armed;
  // A weapon typed the event; who it hit still decides the target: «انفجر لغم أرضي ... بطفلين».
  if (type === "Explosions/Remote violence") {
    // After the trigger and the casualty words, or just before a casualty word («لقي شابان مصرعهما»).
    const words = [...(v.byClass.get("KILL") ?? []), ...(v.byClass.get("INJURE") ?? [])];
    const reads = [trig, ...words].map((k) => victimArmed(v, k.tokEnd));
    // The word right before a casualty word may be its subject («لقي شابان مصرعهما»).
    for (const k of words) {
      const j = k.tokStart - 1;
      if (j < v.s.tokenStart) continue;
      if (inClass(v, j, "CIVILIAN") || inClass(v, j, "PROTESTERS")) reads.push(false);
      else if (inClass(v, j, "ARMED")) reads.push(!formerAt(v, j + 1));
    }
    m.civilianVictim = reads.includes(false) && !reads.includes(true);
  }
  for (const c of [fatalities, injured]) {
    if (!c) continue;
    m.tokStart = Math.min(m.tokStart, c.tokStart);
    m.tokEnd = Math.max(m.tokEnd, c.tokEnd);
  }
  return m;
}

function simple(v: SentenceView, family: Family, type: string, sub: string, strong = strongOf(v, family)): EventMention | null {
  if (!strong.length) return null;
  const trig = strong[0]!;
  const tokens = v.doc.tokens;
  const decisions: Decision[] = [{ field: "trigger", value: trig.cls, rule: `events.trigger.${trig.cls.toLowerCase()}`, span: span(tokens, trig.tokStart, trig.tokEnd) }];
  let score = 2;
  decisions.push({ field: "score", value: 2, rule: "events.pos.strong-trigger" });
  let captured: Casualty | null = null;
  if (family === "arrest" || family === "abduction") {
    // «حملة دهم واعتقال ..., اعتقلت خلالها سبعة شبان»: the count may follow a later trigger word.
    for (const t of strong) {
      const c = readCount(v, t, "captured", true);
      if (c && (!captured || (c.rule.includes("number") && !captured.rule.includes("number")))) captured = c;
      if (captured?.rule.includes("number")) break;
    }
  }
  score += positives(v, decisions, !!captured);
  if (family === "abduction" || family === "sexual") {
    score += concreteness(v, [captured], decisions);
    score += reference(v, trig, decisions);
  } else if (family === "loot" || family === "agreement" || family === "evacuation") {
    // «من خلال أفعالهم سواء السرقة أو قطع الطرق»: theft named as a kind of act, not a happening;
    // «الرافضين للتسوية», «منذ إجلائهم»: a settlement or an evacuation as a reference point.
    score += reference(v, trig, decisions, true);
  }
  score -= negatives(v, trig, decisions);
  // «أفرجت مجموعة مسلحة عن شابين»: a release ends a captivity; it hands over no territory.
  if (family === "evacuation" && inClass(v, trig.tokStart, "RELEASE")) {
    sub = "Other";
    // «طالبوا بإسقاط ... والإفراج عن المعتقلين»: a release demanded has not happened.
    if ((v.byClass.get("DEMAND") ?? []).some((d) => d.tokEnd <= trig.tokStart && trig.tokStart - d.tokEnd <= 16)) {
      score -= 3;
      decisions.push({ field: "filter", value: -3, rule: "events.neg.demanded" });
    }
  }
  decisions.push({ field: "sub_event_type", value: sub, rule: `events.type.${family}` });
  const m = mk(v, family, type, sub, trig, score, decisions);
  m.captured = captured;
  if (captured) m.tokEnd = Math.max(m.tokEnd, captured.tokEnd);
  return m;
}

/** Words after a territory trigger within which the taken place must be named. */
const TERRITORY_OBJECT_WINDOW = 5;

/**
 * «سيطرت على بلدات الشجرة», «استعادت السيطرة على الموقع», «طردت التنظيم من أحياء»: what was taken is a
 * place (a resolved name, a place cue or a place noun) soon after the word; «وانتزعت منهم اعترافات»,
 * «الرهينة التي تم تحريرها» take no ground.
 */
function placeAfter(v: SentenceView, m: LexMatch, placeTok: Set<number>): boolean {
  const tokens = v.doc.tokens;
  // «تحرير» frees hostages as often as towns: the town must follow at once («تحرير بلدة ...»).
  const window = /^(\u062a\u062d\u0631\u064a\u0631|\u062d\u0631\u0631)/.test(tokens[m.tokStart]!.base) ? 2 : TERRITORY_OBJECT_WINDOW;
  for (let i = m.tokEnd, words = 0; i < v.s.tokenEnd && words < window; i++) {
    if (tokens[i]!.kind === "punct") continue;
    words++;
    if (placeTok.has(i) || inClass(v, i, "PLACE_CUE") || inClass(v, i, "PLACE_OBJECT") || inClass(v, i, "GENERIC_PLACE")) return true;
  }
  return false;
}

function territory(v: SentenceView, placeTok: Set<number>): EventMention | null {
  const tokens = v.doc.tokens;
  // «تحت سيطرته», «مناطق سيطرتهم» state who holds a place, not that it changed hands.
  const strong = strongOf(v, "territory").filter((m) => {
    const p = m.tokStart - 1;
    if (p >= v.s.tokenStart && inClass(v, p, "UNDER_CONTROL")) return false;
    if (!placeAfter(v, m, placeTok)) return false;
    const t = tokens[m.tokStart]!;
    // A bare noun («سيطرة») needs «على» after it to be an act of taking.
    const next = tokens[m.tokEnd];
    if (/\u0647$|\u062a\u0647$|\u062a\u0647\u0627$|\u062a\u0647\u0645$/.test(t.norm) && t.norm.includes("\u0633\u064a\u0637\u0631")) {
      return !!next && (next.norm === "\u0639\u0644\u064a" || tokens[m.tokEnd + 1]?.norm === "\u0639\u0644\u064a");
    }
    return true;
  });
  if (!strong.length) return null;
  const trig = strong[0]!;
  const decisions: Decision[] = [{ field: "trigger", value: trig.cls, rule: "events.trigger.territory", span: span(tokens, trig.tokStart, trig.tokEnd) }];
  let score = 2;
  decisions.push({ field: "score", value: 2, rule: "events.pos.strong-trigger" });
  score += positives(v, decisions, false);
  // «بسطت سيطرتها على», «استعادت»: the taking itself is stated by a perfective verb.
  if (inClass(v, trig.tokStart, "VERB_PAST") || (trig.tokStart > v.s.tokenStart && inClass(v, trig.tokStart - 1, "VERB_PAST"))) {
    score += 1.5;
    decisions.push({ field: "score", value: 1.5, rule: "events.pos.perfective-verb" });
  }
  // «وبعد سيطرتها على الجزء الأكبر من محافظتي درعا والقنيطرة»: an earlier taking as a reference point.
  score += reference(v, trig, decisions, true);
  score -= negatives(v, trig, decisions);
  // Who took it is decided with the actors (events/extract.ts); non-state by default.
  decisions.push({ field: "sub_event_type", value: "Non-state actor overtakes territory", rule: "events.type.territory-default" });
  return mk(v, "territory", "Battles", "Non-state actor overtakes territory", trig, score, decisions);
}

function demonstration(v: SentenceView): EventMention | null {
  const strong = strongOf(v, "demonstration").filter((m) => {
    // «طائرة مسيرة» is a drone, not a march.
    const p = m.tokStart - 1;
    return !(p >= v.s.tokenStart && (inClass(v, p, "AIR_W") || inClass(v, p, "AIR")));
  });
  // A gathering verb with a crowd («تجمع مئات», «نزل آلاف ... إلى الشوارع») is a protest report too.
  const gathering = (v.byClass.get("PROTEST_W") ?? []).find((m) => inClass(v, m.tokStart, "PROTEST_VERB"));
  if (gathering && (has(v, "CROWD") || v.quantities.some((q) => q.tokStart >= gathering.tokEnd && q.tokStart - gathering.tokEnd <= 1))) strong.push({ cls: "PROTEST", tokStart: gathering.tokStart, tokEnd: gathering.tokEnd });
  const hasProtest = strong.some((m) => m.cls === "PROTEST");
  const hasRiot = strong.some((m) => m.cls === "RIOT");
  if (!hasProtest && !hasRiot) return null;
  const tokens = v.doc.tokens;
  const trig = strong.find((m) => m.cls === "PROTEST") ?? strong[0]!;
  const decisions: Decision[] = [{ field: "trigger", value: trig.cls, rule: `events.trigger.${trig.cls.toLowerCase()}`, span: span(tokens, trig.tokStart, trig.tokEnd) }];
  let score = 2;
  decisions.push({ field: "score", value: 2, rule: "events.pos.strong-trigger" });
  // A protest is reported by what the crowd did (a perfective verb: «تظاهر», «احتشد», «رشقوا») and
  // how many they were; a bare «المتظاهرون» in a quote or an analysis is not a report.
  if (has(v, "PROTEST_VERB")) score += term(decisions, 1.5, "events.pos.protest-verb");
  // «ورفع المتظاهرون لافتات», «وردد المحتجون هتافات»: the definite protesters of a protest already
  // reported, doing something more, elaborate on it; they do not report a new one.
  else if (has(v, "PROTESTERS") && !has(v, "CROWD") && !crowdNumber(v)) score += term(decisions, -1.5, "events.neg.protest-elaboration");
  if (has(v, "CROWD") || crowdNumber(v)) score += term(decisions, 1.5, "events.pos.crowd-size");
  if (has(v, "PROTEST_W") || (v.byClass.get("PROTEST")?.length ?? 0) > 1) score += term(decisions, 0.5, "events.pos.protest-detail");
  // The police dispersing a protest («فرقت الشرطة مظاهرة») reports it as much as the protesters' own verb.
  if (has(v, "INTERVENE")) score += term(decisions, 1, "events.pos.intervention");
  // Protesters introduced without the article («متظاهرون غاضبون», «مئات المتظاهرين») are new to the text.
  const indefinite = (v.byClass.get("PROTEST") ?? []).some((m) => {
    const t = v.doc.tokens[m.tokStart]!;
    return !isArticleWord(t) && /^(\u0645\u062a\u0638\u0627\u0647\u0631|\u0645\u062d\u062a\u062c)/.test(t.base);
  });
  if (indefinite) score += term(decisions, 1, "events.pos.indefinite-protesters");
  if (!has(v, "PROTEST_VERB") && has(v, "PROTEST_DETAIL") && (has(v, "CROWD") || crowdNumber(v))) score += term(decisions, 1, "events.pos.crowd-action");
  if (hasRiot) score += term(decisions, 0.5, "events.pos.riot");
  // Protesters as victims («قتلت الشرطة 8 متظاهرين») or as a quoted speaker («قال أحد المتظاهرين»)
  // make the sentence about something else than the protest itself.
  const hurt = [...(v.byClass.get("KILL") ?? []), ...(v.byClass.get("INJURE") ?? [])];
  if ((v.byClass.get("PROTEST") ?? []).some((p) => hurt.some((k) => k.tokEnd <= p.tokStart && p.tokStart - k.tokEnd <= 4))) score += term(decisions, -1, "events.neg.protesters-as-victims");
  if ((v.byClass.get("PROTEST") ?? []).some((m) => m.tokStart > v.s.tokenStart && inClass(v, m.tokStart - 1, "PERSON_GENERIC"))) score += term(decisions, -1.5, "events.neg.protester-as-speaker");
  score += positives(v, decisions, false);
  // Protesters «denounce» and «demand»: those words describe the protest, they do not negate it.
  score -= negatives(v, trig, decisions, new Set(["NEG_CONDEMN", "NEG_GENERIC"]));
  let type = "Protests";
  let sub = "Peaceful protest";
  let rule = "events.type.protest";
  const violentCrowd = hasRiot || has(v, "RIOT_W");
  if (hasProtest && (has(v, "KILL") || has(v, "SHOOT") || has(v, "SHOOT_W")) && !violentCrowd) [type, sub, rule] = ["Protests", "Excessive force against protesters", "events.type.excessive-force"];
  else if (violentCrowd && (hasRiot || hasProtest)) [type, sub, rule] = ["Riots", "Violent demonstration", "events.type.violent-demonstration"];
  else if (has(v, "INTERVENE") || has(v, "ARREST")) [type, sub, rule] = ["Protests", "Protest with intervention", "events.type.intervention"];
  decisions.push({ field: "sub_event_type", value: sub, rule });
  return mk(v, "demonstration", type, sub, trig, score, decisions);
}

/** A number right before or after a protest word: «1000 لاجئ ... احتشدوا», «نحو 500 متظاهر». */
function crowdNumber(v: SentenceView): boolean {
  for (const cls of ["PROTEST", "PROTEST_VERB", "PROTEST_W"]) {
    for (const m of v.byClass.get(cls) ?? []) {
      const before = cls === "PROTEST" ? 2 : 6;
      for (const q of v.quantities) {
        if (isYear(q, v.doc.tokens) || q.value < 10) continue;
        if ((q.tokEnd <= m.tokStart && m.tokStart - q.tokEnd <= before) || (q.tokStart >= m.tokEnd && q.tokStart - m.tokEnd <= 1)) return true;
      }
    }
  }
  return false;
}

/** How far after a finding or seizure word its object may stand («العثور على مستودعات للألغام»). */
const WEAPON_OBJECT_WINDOW = 4;

/** Weapon nouns of the sentence that are the object of a finding or seizure word, by token index. */
function seizedWeapons(v: SentenceView): Map<number, LexMatch> {
  const out = new Map<number, LexMatch>();
  const triggers = strongOf(v, "weapons");
  if (!triggers.length) return out;
  for (const cls of ["WEAPON_NOUN", "IED", "IED_W"]) {
    for (const o of v.byClass.get(cls) ?? []) {
      const t = triggers.find((t) => o.tokStart >= t.tokEnd && o.tokStart - t.tokEnd < WEAPON_OBJECT_WINDOW);
      if (t) out.set(o.tokStart, t);
    }
  }
  return out;
}

function weapons(v: SentenceView, seized: Map<number, LexMatch>): EventMention | null {
  // The weapon must be what was found or seized, not any weapon of the sentence: «العثور على جثة
  // الانتحاري الذي فجر نفسه» finds a body, «تفكيك عصابة» dismantles a gang.
  const strong = strongOf(v, "weapons").filter((t) => [...seized.values()].includes(t));
  return strong.length ? simple(v, "weapons", "Strategic developments", "Disrupted weapons use", strong) : null;
}

/** All event mentions of a sentence that pass their family's threshold. */
export function detectSentence(doc: Doc, index: number, qs: Quantity[], placeTok: Set<number>, dateTok: Set<number>, all = false): EventMention[] {
  const s = doc.sentences[index]!;
  let matches = matchLexicon(doc.tokens, s.tokenStart, s.tokenEnd);
  // Most sentences name no event: stop before building the sentence view.
  if (!matches.some((m) => FAMILY_OF[m.cls] !== undefined || m.cls.endsWith("_W") || m.cls.endsWith("_IMPF"))) return [];
  // «هيئة تحرير الشام», «لواء شهداء اليرموك»: a trigger word inside an actor's name, after its first
  // word, is part of the name («غارات إسرائيلية», «القصف التركي» begin with the event itself).
  const names = doc.actors.filter((a) => a.start >= s.start && a.end <= s.end);
  if (names.length) {
    const tokens = doc.tokens;
    matches = matches.filter((m) => FAMILY_OF[m.cls] === undefined || !names.some((a) => a.start < tokens[m.tokStart]!.start && tokens[m.tokEnd - 1]!.end <= a.end));
  }
  // «فجر أمس» is dawn, not «blew up»: a word that is also a time word, followed by a time word.
  const recentAt = new Set<number>();
  for (const m of matches) if (m.cls === "RECENT") for (let i = m.tokStart; i < m.tokEnd; i++) recentAt.add(i);
  matches = matches.filter((m) => !(m.cls !== "RECENT" && m.tokEnd - m.tokStart === 1 && recentAt.has(m.tokStart) && recentAt.has(m.tokEnd)));
  // «قبل أن يختطف المتطرفون ...»: an imperfect verb after «قبل أن / بعد أن» narrates the past.
  const narr = matches.filter((m) => m.cls === "PAST_NARR");
  if (narr.length) {
    const extra: LexMatch[] = [];
    const freed = new Set<number>();
    for (const m of matches) {
      if (!m.cls.endsWith("_IMPF") || !narr.some((n) => n.tokEnd === m.tokStart)) continue;
      extra.push({ cls: m.cls.slice(0, -5), tokStart: m.tokStart, tokEnd: m.tokEnd }, { cls: "VERB_PAST", tokStart: m.tokStart, tokEnd: m.tokEnd });
      freed.add(m.tokStart);
    }
    matches = matches.filter((m) => !(m.cls === "HABITUAL" && freed.has(m.tokStart))).concat(extra).sort((a, b) => a.tokStart - b.tokStart);
  }
  // «أطلقت عشرات الصواريخ», «ألقت قنابل»: launching a weapon is an attack with it.
  const fire = matches.filter((m) => m.cls === "FIRE_VERB");
  if (fire.length) {
    const extra: LexMatch[] = [];
    for (const m of matches) {
      if (m.cls !== "SHELL_W" && m.cls !== "IED_W" && m.cls !== "AIR_W") continue;
      if (!fire.some((f) => f.tokEnd <= m.tokStart && m.tokStart - f.tokEnd <= 3)) continue;
      extra.push({ cls: m.cls.slice(0, -2), tokStart: m.tokStart, tokEnd: m.tokEnd });
    }
    if (extra.length) matches = matches.concat(extra).sort((a, b) => a.tokStart - b.tokStart);
  }
  const byClass = new Map<string, LexMatch[]>();
  for (const m of matches) (byClass.get(m.cls) ?? byClass.set(m.cls, []).get(m.cls)!).push(m);
  let placeInSentence = false;
  let dateInSentence = false;
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    if (placeTok.has(i)) placeInSentence = true;
    if (dateTok.has(i)) dateInSentence = true;
  }
  const last = doc.tokens[s.tokenEnd - 1]!;
  const v: SentenceView = {
    doc,
    s,
    index,
    matches,
    byClass,
    quantities: qs.filter((q) => q.tokStart >= s.tokenStart && q.tokEnd <= s.tokenEnd),
    placeInSentence,
    dateInSentence,
    dateTok,
    question: isPunct(last) && (last.text === "?" || last.text === "\u061f"),
  };
  // «العثور على مستودعات للألغام»: mines that were found did not explode.
  const seized = seizedWeapons(v);
  const out: (EventMention | null)[] = [
    ...violenceAll(v).filter((m) => !seized.has(m.trigger.tokStart)),
    simple(v, "abduction", "Violence against civilians", "Abduction/forced disappearance"),
    simple(v, "sexual", "Violence against civilians", "Sexual violence"),
    simple(v, "arrest", "Strategic developments", "Arrests"),
    territory(v, placeTok),
    weapons(v, seized),
    simple(v, "agreement", "Strategic developments", "Agreement"),
    simple(v, "evacuation", "Strategic developments", "Non-violent transfer of territory"),
    simple(v, "loot", "Strategic developments", "Looting/property destruction"),
    demonstration(v),
  ];
  const found = out.filter((m): m is EventMention => !!m);
  // An isolated sentence (or a short text) has no article around it: the trained model weighs the
  // candidate's terms there (events/model.ts); an article keeps the rule thresholds it was tuned with.
  const short = !isArticle(doc);
  const keep: EventMention[] = [];
  for (const m of found) {
    let pass = m.score >= THRESHOLD[m.family];
    if (short || all) {
      const f = candidateFeatures(v, m);
      if (all) m.features = f;
      const r = short ? predict(m.family, f, m.score - THRESHOLD[m.family]) : null;
      if (r) {
        pass = r.pass;
        m.decisions.push({ field: "score", value: Math.round(r.p * 1000) / 1000, rule: "events.model.probability" });
      }
    }
    if (all || pass) keep.push(m);
  }
  return keep;
}

const bucket = (x: number, cuts: number[]) => {
  let i = 0;
  while (i < cuts.length && x > cuts[i]!) i++;
  return i;
};

/**
 * Features of a candidate for the model: the rule terms that fired (each as a binary feature), the
 * rule score, the trigger class and the trigger word's base, the cue classes present in the
 * sentence, where the trigger stands and how long the sentence is, the stated arguments, and the
 * sentence's word bases and word pairs (only the assault model weighs those).
 */
export function candidateFeatures(v: SentenceView, m: EventMention): Features {
  const f: Features = new Map();
  const tokens = v.doc.tokens;
  const s = v.s;
  f.set("score", m.score / 5);
  for (const d of m.decisions) {
    if ((d.field === "score" || d.field === "filter") && d.rule !== "events.pos.article-context") f.set(`r:${d.rule}`, 1);
  }
  f.set(`tc:${m.trigger.cls}`, 1);
  f.set(`sub:${m.sub_event_type}`, 1);
  const tt = tokens[m.trigger.tokStart]!;
  f.set(`tl:${tt.base}`, 1);
  const prev = m.trigger.tokStart > s.tokenStart ? tokens[m.trigger.tokStart - 1]! : null;
  const next = m.trigger.tokEnd < s.tokenEnd ? tokens[m.trigger.tokEnd]! : null;
  f.set(`tp:${prev ? (prev.kind === "word" ? prev.base : prev.kind) : "^"}`, 1);
  f.set(`tn:${next ? (next.kind === "word" ? next.base : next.kind) : "$"}`, 1);
  for (const x of v.matches) f.set(`c:${x.cls}`, 1);
  const n = s.tokenEnd - s.tokenStart;
  f.set(`pos:${bucket(m.trigger.tokStart - s.tokenStart, [1, 4, 10, 20])}`, 1);
  f.set(`len:${bucket(n, [15, 30, 50])}`, 1);
  const firstVerb = v.byClass.get("VERB_PAST")?.[0];
  if (firstVerb && firstVerb.tokStart === m.trigger.tokStart) f.set("firstverb", 1);
  const rep = v.byClass.get("REPORT")?.[0];
  if (rep && rep.tokStart - s.tokenStart <= 2) f.set("report-first", 1);
  const w0 = tokens[s.tokenStart]!;
  f.set(`w0:${w0.kind === "word" ? w0.base : w0.kind}`, 1);
  if (v.quantities.some((q) => !isYear(q, tokens))) f.set("quantity", 1);
  if (v.placeInSentence) f.set("place", 1);
  if (v.dateInSentence) f.set("date", 1);
  if (m.fatalities) f.set("fatalities", 1);
  if (m.injured) f.set("injured", 1);
  if (m.captured) f.set("captured", 1);
  if (m.armedVictim !== null) f.set(`armed:${m.armedVictim}`, 1);
  if (v.question) f.set("question", 1);
  // The sentence's words (bases) and word pairs: the rules name the cues they know; the words
  // around them («أعلنت ... مسؤوليتها», «في عام», «يدين») carry what they do not.
  let prevNorm = "";
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const t = tokens[i]!;
    if (t.kind !== "word") {
      prevNorm = "";
      continue;
    }
    f.set(`u:${t.base}`, 1);
    if (prevNorm) f.set(`b:${prevNorm}_${t.norm}`, 1);
    prevNorm = t.norm;
  }
  return f;
}
