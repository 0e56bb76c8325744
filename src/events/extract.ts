/**
 * @module events/extract
 * From sentence mentions (events/detect.ts) to EventRecords: arguments (date, place, actors,
 * casualties, each with its evidence span and the decision that chose it), one record per happening
 * (events/merge.ts), background marking, English notes and a confidence.
 *
 * Argument rules (issue 6):
 * - date: the date expression in the sentence (nearest the trigger); else the closest one earlier in
 *   the paragraph; else the publication date at week precision (never the publication date as a day).
 * - place: the resolved place nearest the trigger in the sentence (after it first: «قتل ... في حي
 *   المنشية»); else the closest earlier in the paragraph; else the article's main place, one precision
 *   level coarser.
 * - actors: the actor mentions of the sentence; the agent (after «برصاص», «على يد», «من قبل», or the
 *   subject before the verb) is actor1, the target actor2; civilians when the victim is a civilian.
 */
import type { ActorRef, Decision, Doc, EventRecord, PlaceMention, PlaceRef, Span } from "../doc/types.ts";
import { matchLexicon } from "./lexicon.ts";
import { detectSentence, type EventMention } from "./detect.ts";
import { quantities } from "./quantities.ts";
import { mergeMentions, type Located, type MergedEvent } from "./merge.ts";
import { writeNotes } from "./notes.ts";
import { resolveActors } from "./actors.ts";
import { actorMeta } from "./actor-meta.ts";
import { localActor } from "../actors/index.ts";

const DAY_MS = 86400000;
/** Events dated this long before publication are background. */
const BACKGROUND_DAYS = 60;

function dayNumber(d: string): number {
  return Date.parse(`${d.slice(0, 10)}T00:00:00Z`) / DAY_MS;
}

function tokSpan(doc: Doc, a: number, b: number): Span {
  return { start: doc.tokens[a]!.start, end: doc.tokens[b - 1]!.end };
}

interface DateChoice {
  date: string | null;
  precision: 1 | 2 | 3;
  /** The date mention's own precision ("year" cannot be coded as an ACLED date). */
  raw?: string;
  span?: Span;
  rule: string;
}

function precisionOf(p: string): 1 | 2 | 3 {
  return p === "day" ? 1 : p === "week" ? 2 : 3;
}

function chooseDate(doc: Doc, m: EventMention): DateChoice {
  const s = doc.sentences[m.sentence]!;
  const trigStart = doc.tokens[m.trigger.tokStart]!.start;
  const usable = doc.dates.filter((d) => d.date);
  // In the sentence: the nearest to the trigger.
  let best: (typeof usable)[number] | undefined;
  let bd = Infinity;
  for (const d of usable) {
    if (d.start < s.start || d.end > s.end) continue;
    const dist = Math.abs(d.start - trigStart);
    if (dist < bd) {
      bd = dist;
      best = d;
    }
  }
  if (best) return { date: best.date, precision: precisionOf(best.precision), raw: best.precision, span: { start: best.start, end: best.end }, rule: `events.date.sentence:${best.rule}` };
  // «وفي الأسبوع ذاته», «في اليوم نفسه»: the date the story gave last, at the phrase's precision.
  const same = sameTimeOfSentence(doc, m.sentence);
  if (same) {
    const before = usable.filter((d) => d.end <= s.start);
    const d = before[before.length - 1];
    if (d) {
      const precision = Math.max(precisionOf(d.precision), same.precision) as 1 | 2 | 3;
      return { date: d.date, precision, raw: d.precision, span: same.span, rule: `events.date.same-time-as-before:${d.rule}` };
    }
  }
  // Earlier in the paragraph: the closest before.
  for (let k = m.sentence - 1; k >= 0; k--) {
    const ps = doc.sentences[k]!;
    if (ps.paragraph !== s.paragraph) break;
    const inS = usable.filter((d) => d.start >= ps.start && d.end <= ps.end);
    if (inS.length) {
      const d = inS[inS.length - 1]!;
      return { date: d.date, precision: precisionOf(d.precision), raw: d.precision, span: { start: d.start, end: d.end }, rule: `events.date.paragraph:${d.rule}` };
    }
  }
  if (doc.meta.published) return { date: doc.meta.published.slice(0, 10), precision: 2, rule: "events.date.publication-week" };
  return { date: null, precision: 3, rule: "events.date.unknown" };
}

const SAME_UNIT: Record<string, 1 | 2 | 3> = { "\u064a\u0648\u0645": 1, "\u0627\u0633\u0628\u0648\u0639": 2, "\u0634\u0647\u0631": 3, "\u0648\u0642\u062a": 1 };
// Bases of «ذاته/ذاتها/نفسه/نفسها/نفس» (the clitic analysis keeps some pronoun forms whole).
const SAME_WORDS = new Set(["\u0630\u0627\u062a", "\u0630\u0627\u062a\u0647", "\u0630\u0627\u062a\u0647\u0627", "\u0646\u0641\u0633", "\u0646\u0641\u0633\u0647", "\u0646\u0641\u0633\u0647\u0627"]);

/** «الأسبوع ذاته», «اليوم نفسه», «نفس اليوم», «الوقت ذاته» in tokens [a, b): the time the story last named. */
function sameTimeAt(doc: Doc, a: number, b: number): { precision: 1 | 2 | 3; span: Span } | null {
  for (let i = a; i < b; i++) {
    const t = doc.tokens[i]!;
    const unit = SAME_UNIT[t.base];
    if (unit === undefined) continue;
    const next = i + 1 < b ? doc.tokens[i + 1]! : null;
    const prev = i > a ? doc.tokens[i - 1]! : null;
    if (next && t.proclitics.includes("\u0627\u0644") && SAME_WORDS.has(next.base)) return { precision: unit, span: tokSpan(doc, i, i + 2) };
    if (prev && SAME_WORDS.has(prev.base) && t.proclitics.includes("\u0627\u0644")) return { precision: unit, span: tokSpan(doc, i - 1, i + 1) };
  }
  return null;
}

const sameTimeMemo = new WeakMap<Doc, Map<number, ReturnType<typeof sameTimeAt>>>();

/** sameTimeAt over a sentence, once per sentence (every mention of it asks). */
function sameTimeOfSentence(doc: Doc, si: number): ReturnType<typeof sameTimeAt> {
  let m = sameTimeMemo.get(doc);
  if (!m) sameTimeMemo.set(doc, (m = new Map()));
  let r = m.get(si);
  if (r === undefined && !m.has(si)) {
    const s = doc.sentences[si]!;
    r = sameTimeAt(doc, s.tokenStart, s.tokenEnd);
    m.set(si, r);
  }
  return r ?? null;
}

interface PlaceChoice {
  place: PlaceRef | null;
  span?: Span;
  rule: string;
  /** Token index of the place mention, for splitting coordinated lists. */
  all?: { place: PlaceRef; span: Span }[];
}

const coarser = (p: PlaceRef): PlaceRef => ({ ...p, geo_precision: Math.min(3, p.geo_precision + 1) as 1 | 2 | 3 });

const WEAPON_CLASSES = new Set(["AIR", "AIR_W", "SHELL", "SHELL_W", "IED", "IED_W", "SUICIDE", "GRENADE", "CHEMICAL"]);

/** A place mention usable as an event location: resolved, and not a generic noun («المدينة», «الريف الشرقي»). */
export function usablePlaces(doc: Doc): PlaceMention[] {
  const out: PlaceMention[] = [];
  let k = 0;
  for (const p of doc.places) {
    if (!p.place) continue;
    while (k < doc.tokens.length && doc.tokens[k]!.end <= p.start) k++;
    let e = k;
    while (e < doc.tokens.length && doc.tokens[e]!.start < p.end) e++;
    const words = doc.tokens.slice(k, e).filter((t) => t.kind === "word").length;
    const lex = matchLexicon(doc.tokens, k, e);
    const generic = lex.filter((m) => m.cls === "GENERIC_PLACE").reduce((n, m) => n + m.tokEnd - m.tokStart, 0);
    if (words > 0 && generic >= words) continue;
    // A «place» inside a weapon phrase («الطائرات الحربية») is an adjective, not a location.
    if (matchLexicon(doc.tokens, Math.max(0, k - 2), e).some((m) => WEAPON_CLASSES.has(m.cls) && m.tokEnd > k)) continue;
    out.push(p);
  }
  return out;
}

/** Index of the token that holds offset `pos` (or the first after it): binary search. */
function tokenHolding(doc: Doc, pos: number): number {
  let lo = 0, hi = doc.tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (doc.tokens[mid]!.end <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The place follows a support cue («المدعوم من», «الموالية لـ», «بدعم من»): an actor's backer, not where. */
function supportedBy(doc: Doc, m: EventMention, p: PlaceMention): boolean {
  const k = tokenHolding(doc, p.start);
  return m.matches.some((x) => x.cls === "SUPPORT_CUE" && x.tokEnd <= k && k - x.tokEnd <= 1);
}

/** The place follows «إلى» (a destination): «إلى البادية السورية», «الى شمال سوريا». */
function destination(doc: Doc, p: PlaceMention): boolean {
  const k = tokenHolding(doc, p.start);
  const t = doc.tokens[k]!;
  if (t.start < p.start && t.proclitics.length) return false;
  const prev = doc.tokens[k - 1];
  return !!prev && (prev.norm === "\u0627\u0644\u064a" || prev.norm === "\u0627\u0644\u0649");
}

/** Lower is better: a place named with a cue word («مدينة», «بلدة», «حي») and a precise one. */
const placeRank = (p: PlaceMention) => 2 * p.place!.geo_precision + (p.cue ? 0 : 1);

/** Tokens after the trigger within which a place belongs to the event. */
const PLACE_WINDOW = 25;

function choosePlace(doc: Doc, m: EventMention, places: PlaceMention[]): PlaceChoice {
  const s = doc.sentences[m.sentence]!;
  const trigStart = doc.tokens[m.trigger.tokStart]!.start;
  // The window counts words: quotes and commas around names («بين فصيلي "السلطان مراد" و"الجبهة
  // الشامية"») do not push the place out of it.
  let w = m.tokEnd;
  for (let words = 0; w < s.tokenEnd && words < PLACE_WINDOW; w++) if (doc.tokens[w]!.kind !== "punct") words++;
  const limit = doc.tokens[Math.max(m.tokEnd, w) - 1]!.end;
  // «المدعوم من تركيا»: a supporter's country is no location; «تهجير معارضين إلى شمال سوريا»: where
  // people are sent is not where the transfer happens.
  const inSentence = places.filter((p) => p.start >= s.start && p.end <= s.end && !supportedBy(doc, m, p) && !(m.family === "evacuation" && destination(doc, p)));
  if (inSentence.length) {
    const after = inSentence.filter((p) => p.start >= trigStart && p.end <= limit);
    let pick: PlaceMention;
    if (after.length) {
      pick = after[0]!;
      for (const p of after) if (placeRank(p) < placeRank(pick)) pick = p;
    } else {
      // Before the trigger: the most precise, the nearest on ties («وفي مخيم الهول بريف الحسكة، عُثر ...»).
      const before = inSentence.filter((p) => p.start < trigStart);
      pick = before.pop() ?? inSentence[0]!;
      for (let i = before.length - 1; i >= 0; i--) if (placeRank(before[i]!) < placeRank(pick)) pick = before[i]!;
    }
    return {
      place: pick.place,
      span: { start: pick.start, end: pick.end },
      rule: after.length ? "events.place.sentence-after-trigger" : "events.place.sentence-before-trigger",
      all: after.map((p) => ({ place: p.place!, span: { start: p.start, end: p.end } })),
    };
  }
  for (let k = m.sentence - 1; k >= 0; k--) {
    const ps = doc.sentences[k]!;
    if (ps.paragraph !== s.paragraph) break;
    const inS = places.filter((p) => p.start >= ps.start && p.end <= ps.end);
    if (inS.length) {
      const p = inS[inS.length - 1]!;
      return { place: p.place, span: { start: p.start, end: p.end }, rule: "events.place.paragraph" };
    }
  }
  // «على مواقع التنظيم في المنطقة»: «the area» is the place the story named last.
  if (anaphoricPlace(doc, m)) {
    // The nearest earlier sentence that names places, its most precise one («بلدة سرمين شرقي إدلب»
    // then «وسط البلدة»: Sarmin).
    for (let k = m.sentence - 1; k >= 0; k--) {
      const ps = doc.sentences[k]!;
      const inS = places.filter((p) => p.start >= ps.start && p.end <= ps.end);
      if (!inS.length) continue;
      let p = inS[inS.length - 1]!;
      for (const q of inS) if (q.place!.geo_precision < p.place!.geo_precision) p = q;
      return { place: p.place, span: { start: p.start, end: p.end }, rule: "events.place.anaphoric" };
    }
  }
  const main = leadPlace(doc, places);
  if (main) return { place: coarser(main.place), span: main.span, rule: "events.place.article-main" };
  return { place: null, rule: "events.place.unknown" };
}

/** Definite place nouns that point back («في المنطقة», «داخل المدينة»), after the trigger in its sentence. */
const ANAPHORIC_PLACE = new Set(["\u0645\u0646\u0637\u0642\u0647", "\u0645\u062f\u064a\u0646\u0647", "\u0628\u0644\u062f\u0647", "\u0642\u0631\u064a\u0647", "\u0628\u0627\u062f\u064a\u0647"]);

function anaphoricPlace(doc: Doc, m: EventMention): boolean {
  const s = doc.sentences[m.sentence]!;
  for (let i = m.trigger.tokEnd; i < s.tokenEnd; i++) {
    const t = doc.tokens[i]!;
    if (t.proclitics.includes("\u0627\u0644") && ANAPHORIC_PLACE.has(t.base)) return true;
  }
  return false;
}

/**
 * The article's main place: the most precise place of the first paragraph that names one (the lead
 * states where the story happens), earliest on ties.
 */
function leadPlace(doc: Doc, places: PlaceMention[]): { place: PlaceRef; span: Span } | null {
  if (!places.length) return null;
  const para = doc.sentences.find((s) => s.start <= places[0]!.start && places[0]!.end <= s.end + 1)?.paragraph;
  let best: PlaceMention | undefined;
  for (const p of places) {
    const s = doc.sentences.find((x) => x.start <= p.start && p.end <= x.end);
    if (!s || s.paragraph !== para) continue;
    if (!best || placeRank(p) < placeRank(best)) best = p;
  }
  return best ? { place: best.place!, span: { start: best.start, end: best.end } } : null;
}

/**
 * A territory event naming several places in a coordinated list («بلدات الشجرة وعابدين ومعرية») is
 * one event per place, as ACLED codes one event per location.
 */
function splitByPlaces(doc: Doc, m: EventMention, pc: PlaceChoice): PlaceChoice[] {
  if (m.family !== "territory" || !pc.all || pc.all.length < 2) return [pc];
  const out: PlaceChoice[] = [];
  let prevEnd = -1;
  for (const p of pc.all) {
    if (prevEnd >= 0) {
      // Only a list joined by «و» or «،» with nothing else between.
      const between = doc.text.slice(prevEnd, p.span.start).trim();
      if (!/^(\u0648|\u060c|,)?\s*(\u0648)?$/.test(between)) break;
    }
    out.push({ place: p.place, span: p.span, rule: "events.place.coordinated-list" });
    prevEnd = p.span.end;
  }
  return out.length ? out : [pc];
}

function locationOf(p: PlaceRef | null): EventRecord["location"] {
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    name_ar: p.name_ar,
    admin1: p.admin1,
    admin2: p.admin2,
    admin3: p.admin3,
    pcode: p.pcode,
    latitude: p.latitude,
    longitude: p.longitude,
    geo_precision: p.geo_precision,
  };
}

function isBackground(doc: Doc, m: EventMention, date: DateChoice): { bg: boolean; rule?: string; span?: Span } {
  const pub = doc.meta.published;
  if (pub && date.date && date.rule !== "events.date.publication-week" && dayNumber(pub) - dayNumber(date.date) > BACKGROUND_DAYS) {
    return { bg: true, rule: "events.background.old-date", span: date.span };
  }
  // A year stated in the sentence that is before the publication year: «عام 2018», «في 1986».
  const s = doc.sentences[m.sentence]!;
  const pubYear = pub ? Number(pub.slice(0, 4)) : NaN;
  for (let i = s.tokenStart; i < s.tokenEnd; i++) {
    const t = doc.tokens[i]!;
    if (t.kind !== "number" || t.norm.length !== 4) continue;
    const y = Number(t.norm);
    if (y >= 1900 && y <= 2100 && Number.isFinite(pubYear) && y < pubYear) return { bg: true, rule: "events.background.past-year", span: { start: t.start, end: t.end } };
  }
  return { bg: false };
}

const ruleOf = (m: Located, field: string) => m.decisions.find((d) => d.field === field)?.rule ?? "";
/** A place or date the mention states itself, not one it fell back on. */
const strongPlace = (m: Located) => !!m.place && !/paragraph|article-main|anaphoric|unknown/.test(ruleOf(m, "location"));
const strongDate = (m: Located) => !!m.date && !/publication|unknown/.test(ruleOf(m, "event_date"));

const isBattle = (g: MergedEvent) => g.event_type === "Battles" && !g.background;

/**
 * Events stated in the same sentence share their setting: «قتل 15 عنصراً ..., فضلاً عن اعتقال آخرين»
 * — an event with only a fallback place or date takes the stated one of an event from its sentence.
 */
function shareSentenceArguments(groups: MergedEvent[]): void {
  for (const g of groups) {
    let needPlace = !g.members.some(strongPlace), needDate = !g.members.some(strongDate);
    if (!needPlace && !needDate) continue;
    const sentences = new Set(g.members.map((m) => m.mention.sentence));
    for (const o of groups) {
      if (o === g || o.background !== g.background) continue;
      const here = o.members.filter((m) => sentences.has(m.mention.sentence));
      if (!here.length) continue;
      // A battle as merged: its sentence here may restate it without the place or date that another
      // of its mentions states («قتل 15 عنصراً ... فضلاً عن اعتقال آخرين» after «اشتباكات بمدينة جاسم»).
      const battle = isBattle(o);
      const from = battle ? o.members : here;
      const placed = from.find(strongPlace);
      if (needPlace && placed) {
        g.place = battle ? o.place : placed.place;
        g.decisions.push({ field: "location", value: g.place?.id ?? null, rule: "events.place.same-sentence-event" });
        needPlace = false;
      }
      const dated = from.find(strongDate);
      if (needDate && dated) {
        g.date = battle ? o.date : dated.date;
        g.precision = battle ? o.precision : dated.precision;
        g.decisions.push({ field: "event_date", value: g.date, rule: "events.date.same-sentence-event" });
        needDate = false;
      }
    }
  }
}

/**
 * «وقالت قسد إن العملية أسفرت أيضاً عن القبض على ثلاثة عناصر»: an event stated about «the operation»,
 * «the attack», «the clashes» (a definite reference) with only a fallback place or date happened
 * where and when the event told just before it did.
 */
function followOperationReferences(doc: Doc, groups: MergedEvent[]): void {
  for (const g of groups) {
    const needPlace = !g.members.some(strongPlace), needDate = !g.members.some(strongDate);
    if (!needPlace && !needDate) continue;
    // The reference stands just before the trigger («العملية أسفرت أيضاً عن القبض»), not anywhere in
    // the sentence («في مناطق الاشتباكات» is a place).
    const head = g.members.find((m) => m.mention.matches.some((x) => x.cls === "OPERATION_REF" && x.tokEnd <= m.mention.trigger.tokStart && m.mention.trigger.tokStart - x.tokEnd <= 3));
    if (!head) continue;
    const at = head.mention.sentence;
    // The nearest event stated in an earlier sentence.
    let prev: MergedEvent | undefined;
    let prevAt = -1;
    for (const o of groups) {
      if (o === g || o.background !== g.background) continue;
      for (const m of o.members) {
        if (m.mention.sentence < at && m.mention.sentence > prevAt) {
          prevAt = m.mention.sentence;
          prev = o;
        }
      }
    }
    if (!prev) continue;
    if (needPlace && prev.members.some(strongPlace)) {
      g.place = prev.place;
      g.decisions.push({ field: "location", value: g.place?.id ?? null, rule: "events.place.operation-reference" });
    }
    if (needDate && prev.members.some(strongDate)) {
      g.date = prev.date;
      g.precision = prev.precision;
      g.decisions.push({ field: "event_date", value: g.date, rule: "events.date.operation-reference" });
    }
  }
}

const familiesOf = (g: MergedEvent) => new Set(g.members.map((m) => m.mention.family));

/**
 * Parts of a battle are not events of their own (ACLED codes the battle): weapons taken in the fight
 * («واغتنام بعض الأسلحة والذخائر» in the sentence of the clash), and a withdrawal from the fighting
 * («جرت عملية الانسحاب من محاور ...») in the paragraph of a battle of the same day. The battle keeps
 * their evidence and a decision naming what it absorbed.
 */
function foldIntoBattles(doc: Doc, groups: MergedEvent[]): MergedEvent[] {
  const paragraphOf = (m: Located) => doc.sentences[m.mention.sentence]!.paragraph;
  const absorbed = new Set<MergedEvent>();
  for (const g of groups) {
    const fams = familiesOf(g);
    const weapons = fams.size === 1 && fams.has("weapons");
    const withdrawal = fams.size === 1 && fams.has("evacuation");
    if ((!weapons && !withdrawal) || g.background) continue;
    const battle = groups.find(
      (b) =>
        b !== g &&
        !absorbed.has(b) &&
        isBattle(b) &&
        b.members.some((bm) =>
          g.members.some((gm) => (weapons ? bm.mention.sentence === gm.mention.sentence : paragraphOf(bm) === paragraphOf(gm) && bm.date === gm.date)),
        ),
    );
    if (!battle) continue;
    absorbed.add(g);
    for (const e of g.evidence) if (!battle.evidence.some((x) => x.start === e.start && x.end === e.end)) battle.evidence.push(e);
    battle.decisions.push({ field: "merge", value: g.sub_event_type, rule: weapons ? "events.merge.spoils-of-battle" : "events.merge.withdrawal-in-battle", span: g.evidence[0]! });
  }
  return groups.filter((g) => !absorbed.has(g));
}

/**
 * A one-sided event takes its other side from the article: «فضلاً عن اعتقال آخرين» in a report of
 * local groups fighting ISIS was done by those groups. The side is the actor that the article's
 * other events set against the same actor; for a battle (two armed sides by definition) with none,
 * the armed actor named most often in the same sentences as it (in at least two).
 */
function inferOpponents(doc: Doc, groups: MergedEvent[]): void {
  const armed = (id: string) => {
    const meta = actorMeta(id);
    return !!meta && !meta.source && meta.inter !== null && [1, 2, 3, 4, 8].includes(meta.inter);
  };
  for (const g of groups) {
    const known = g.actor1 && !g.actor2 ? g.actor1 : !g.actor1 && g.actor2 ? g.actor2 : null;
    if (!known || actorMeta(known.id)?.inter === 7) continue;
    // Only a battle's missing target is inferred; other events may have no target (an arrest campaign).
    if (g.actor1 && !isBattle(g)) continue;
    // Who planted a bomb or shot a civilian is often unknown on purpose («لم تتبنَّ أي جهة المسؤولية»):
    // only battles and the operations around them (arrests, seizures) take the article's other side.
    if (!g.actor1 && g.event_type !== "Battles" && g.event_type !== "Strategic developments") continue;
    const counts = new Map<string, number>();
    for (const o of groups) {
      if (o === g) continue;
      const other = o.actor1?.id === known.id ? o.actor2 : o.actor2?.id === known.id ? o.actor1 : null;
      if (other && armed(other.id)) counts.set(other.id, (counts.get(other.id) ?? 0) + 1);
    }
    let rule = "events.actor.article-opponent";
    if (!counts.size && isBattle(g)) {
      rule = "events.actor.article-armed-actor";
      // Sentences that name both: the side the article sets against it, not any actor it names.
      for (const s of doc.sentences) {
        const here = doc.actors.filter((a) => a.start >= s.start && a.end <= s.end);
        if (!here.some((a) => a.actorId === known.id)) continue;
        for (const id of new Set(here.map((a) => a.actorId))) if (id !== known.id && armed(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, n] of counts) if (n < 2) counts.delete(id);
    }
    let best: string | null = null;
    for (const [id, n] of counts) if (best === null || n > counts.get(best)!) best = id;
    if (!best || best === known.id) continue;
    const side = { id: best, name: actorMeta(best)?.name ?? best };
    if (g.actor1) g.actor2 = side;
    else g.actor1 = side;
    g.assoc = g.assoc.filter((a) => a.id !== best);
    g.decisions.push({ field: g.actor1 === side ? "actor1" : "actor2", value: best, rule });
  }
}

/** Sub-event types whose unnamed perpetrator ACLED codes as an unidentified armed group. */
const UNKNOWN_PERPETRATOR = new Set(["Attack", "Abduction/forced disappearance", "Remote explosive/landmine/IED", "Grenade", "Suicide bomb"]);

/**
 * «عُثر على جثة لاجئة مقتولة بطلق ناري», «انفجرت عبوة ناسفة ...» with nobody named: the perpetrator is
 * an unidentified armed group, as ACLED codes it (the country file says which id that is).
 */
function unknownPerpetrators(doc: Doc, groups: MergedEvent[]): void {
  for (const g of groups) {
    if (g.actor1 || !UNKNOWN_PERPETRATOR.has(g.sub_event_type)) continue;
    const id = localActor(doc, "generic-unidentified-gunmen");
    if (g.actor2?.id === id) continue;
    g.actor1 = { id, name: actorMeta(id)?.name ?? id };
    g.decisions.push({ field: "actor1", value: id, rule: "events.actor.unidentified-perpetrator" });
  }
}

/** All scored candidates of every sentence with their model features, below threshold too (training). */
export function sentenceCandidates(doc: Doc): EventMention[][] {
  if (!doc.tokens.length || !doc.sentences.length) return [];
  const { qs, placeTok, dateTok } = sentenceMarks(doc);
  return doc.sentences.map((_, si) => detectSentence(doc, si, qs, placeTok, dateTok, true));
}

function sentenceMarks(doc: Doc) {
  const qs = quantities(doc);
  // Token indices covered by resolved places and by dates, to score sentences cheaply.
  const placeTok = new Set<number>();
  const dateTok = new Set<number>();
  if (doc.places.length || doc.dates.length) {
    let k = 0;
    const marks: { start: number; end: number; set: Set<number> }[] = [
      ...doc.places.filter((p) => p.place).map((p) => ({ start: p.start, end: p.end, set: placeTok })),
      ...doc.dates.map((d) => ({ start: d.start, end: d.end, set: dateTok })),
    ].sort((a, b) => a.start - b.start);
    for (const mk of marks) {
      while (k < doc.tokens.length && doc.tokens[k]!.end <= mk.start) k++;
      for (let j = k; j < doc.tokens.length && doc.tokens[j]!.start < mk.end; j++) mk.set.add(j);
    }
  }
  return { qs, placeTok, dateTok };
}

export function extractEvents(doc: Doc): EventRecord[] {
  if (!doc.tokens.length || !doc.sentences.length) return [];
  const { qs, placeTok, dateTok } = sentenceMarks(doc);
  const places = usablePlaces(doc);
  const located: Located[] = [];
  for (let si = 0; si < doc.sentences.length; si++) {
    for (const m of detectSentence(doc, si, qs, placeTok, dateTok)) {
      const date = chooseDate(doc, m);
      const pc = choosePlace(doc, m, places);
      const bg = isBackground(doc, m, date);
      // A recalled event dated only to a year cannot be coded (ACLED's coarsest precision is a month).
      if (bg.bg && (date.raw === "year" || date.raw === "unknown")) continue;
      const actors = resolveActors(doc, m);
      // The target is an armed actor (ACLED inter 1-4, 8) and no civilian victim was named: a clash.
      let eventType = m.event_type;
      let subType = actors.subEventType ?? m.sub_event_type;
      const inter2 = actors.actor2 ? actorMeta(actors.actor2.id)?.inter ?? null : null;
      if (m.family === "violence" && subType === "Attack" && m.armedVictim !== false && !actors.formerTarget && inter2 !== null && [1, 2, 3, 4, 8].includes(inter2)) {
        eventType = "Battles";
        subType = "Armed clash";
        actors.decisions.push({ field: "sub_event_type", value: subType, rule: "events.type.armed-target-actor" });
      }
      for (const p of splitByPlaces(doc, m, pc)) {
        const decisions: Decision[] = [...m.decisions];
        decisions.push({ field: "event_date", value: date.date, rule: date.rule, ...(date.span ? { span: date.span } : {}) });
        decisions.push({ field: "location", value: p.place?.id ?? null, rule: p.rule, ...(p.span ? { span: p.span } : {}) });
        decisions.push(...actors.decisions);
        if (bg.bg) decisions.push({ field: "background", value: true, rule: bg.rule!, ...(bg.span ? { span: bg.span } : {}) });
        for (const [f, c] of [["fatalities", m.fatalities], ["injured", m.injured], ["captured", m.captured]] as const) {
          if (c) decisions.push({ field: f, value: c.value, rule: `events.${c.rule}`, span: tokSpan(doc, c.tokStart, c.tokEnd) });
        }
        located.push({
          mention: m,
          sub_event_type: subType,
          event_type: eventType,
          date: date.date,
          precision: date.precision,
          place: p.place,
          background: bg.bg,
          actor1: actors.actor1,
          actor2: actors.actor2,
          assoc: actors.assoc,
          evidence: tokSpan(doc, m.tokStart, m.tokEnd),
          decisions,
        });
      }
    }
  }
  const merged = foldIntoBattles(doc, mergeMentions(located));
  shareSentenceArguments(merged);
  followOperationReferences(doc, merged);
  inferOpponents(doc, merged);
  unknownPerpetrators(doc, merged);
  return merged.map((g, i) => {
    const ev: EventRecord = {
      id: `${doc.id}#e${i + 1}`,
      event_type: g.event_type,
      sub_event_type: g.sub_event_type,
      event_date: g.date,
      time_precision: g.precision,
      actor1: g.actor1,
      actor2: g.actor2,
      assoc_actors: g.assoc,
      location: locationOf(g.place),
      fatalities: g.fatalities,
      injured: g.injured,
      captured: g.captured,
      evidence: g.evidence,
      notes: "",
      confidence: g.confidence,
      decisions: g.decisions,
    };
    if (g.background) ev.background = true;
    ev.notes = writeNotes(doc, ev);
    return ev;
  });
}

export type { ActorRef };
