/**
 * @module stages/entities/merge
 * Combines the entities of the rule and dictionary stages (places from the geocoder, organisations
 * from the actor dictionary, people from the person recogniser) with the statistical tagger's spans
 * into the document's final entity list.
 *
 * Decisions, and why:
 * - Rules and dictionaries win: a tagger span that overlaps any of their mentions is dropped, since
 *   they carry ids, coordinates and roles the tagger cannot give.
 * - One mention span belongs to one entity only. When two rule entities claim the same span, the
 *   resolved place wins, then the organisation, then the person, then an unresolved place.
 * - Mentions cover whole tokens, as in ANERcorp: a mention that starts after an attached
 *   conjunction or preposition («و», «ب», «ل», «ف», «ك», with or without «ال») is widened to the
 *   token start. The entity's name drops those clitics («وسوريا» -> name «سوريا»).
 * - Tagger names are grouped by normalized name into one entity with all its mentions; a tagger
 *   person whose one-word name is a word of a longer person name in the document («ألونسو» after
 *   «فرناندو ألونسو») becomes a mention and alias of that person, not a second person.
 * - Tagger places: the options say which to keep (see `MergeOptions.taggerPlaces`).
 */
import { personLexicon } from "../../persons/lexicon.ts";
import { findDateline } from "../../text/dateline.ts";
import type { Doc, Entity, EntityType, Mention, Token } from "../../doc/types.ts";
import { normalize, stripQuotes } from "../../text/normalize.ts";
import { widenOverMarks, type NerSpan } from "../../ner/index.ts";

export interface MergeOptions {
  /**
   * Which tagger place spans become LOC entities: "all"; "unchecked" (only spans no resolved place
   * mention overlaps: the geocoder's own places win, and a cue-only mention it could not locate,
   * «مدينة جوهانسبرغ», is left to the tagger); "none".
   */
  taggerPlaces: "all" | "unchecked" | "none";
  taggerPersons: boolean;
  taggerOrgs: boolean;
  /** Tagger person and place spans below this confidence are ignored. */
  minConfidence: number;
  /** The same for tagger organisation spans. */
  minOrgConfidence: number;
  /**
   * Leave out organisations from the actor dictionary's generic entries («الجيش», «الجنود»,
   * «الشرطة», «المدنيين»: ids "generic-..."): they are actors, kept in doc.actors, but not names.
   */
  dropGenericActors: boolean;
  /**
   * The kind of an actor id (ActorInfo.kind). With it, mentions of state and foreign forces
   * («الجيش الأميركي», «الشرطة العراقية», «الحكومة العراقية») stay ORG entities only where the tagger
   * also sees a name there: they are descriptions more often than names.
   */
  actorKind?: (id: string) => string | undefined;
  /** Use the tagger's boundaries for a person mention when one tagger person span overlaps it. */
  personBoundsFromTagger: boolean;
  /** The same for organisation and place mentions (one overlapping tagger span of the same type). */
  orgBoundsFromTagger: boolean;
  placeBoundsFromTagger: boolean;
  /**
   * Rule mentions of these types give way to an overlapping tagger span of another type (PERS, LOC
   * or ORG, at the confidence the tagger-only spans need).
   */
  taggerTypeWins: EntityType[];
  /**
   * Keep a rule organisation mention only where the tagger sees a name (of any type) over it. Off
   * since stop 9: with the stop-9 tagger it no longer changes the dev split (ORG 0.693 with, 0.694
   * without), and it dropped named armed groups of the actor dictionary that ANERcorp-trained
   * tagging leaves out («جيش المهدي»: ANERcorp tags no armies). Descriptive actors (state and
   * foreign forces) still need the tagger (actorKind).
   */
  orgsNeedTagger: boolean;
  /**
   * A tagger-only person or place of one word that is three letters or fewer once a clitic is
   * stripped («بائت» read as «ب» + «ائت») needs this confidence: such readings are mostly verbs and
   * particles with a letter taken for a preposition.
   */
  shortNameConfidence: number;
  /**
   * A place mention gives way to a tagger organisation span at least this confident that strictly
   * contains it: «واشنطن تايمز», «سبارتاك موسكو» are a newspaper and a club, not Washington and
   * Moscow (the geocoder still keeps the place mention for events). Above 1: never.
   */
  placeInOrgConfidence: number;
  /**
   * A person found only because a word is a known given name (source "first-name", no cue such as
   * «المدعو» or a title): "need" keeps it only where exactly one tagger person span overlaps it (and
   * takes that span's boundaries); "split" drops it only where two or more overlap («روي ماكاي وإدغار
   * دافيدز», a list the rule runs over); "off" keeps it. Without a cue the rule also reads «أدوار
   * طلائعية» and «شوماخر سيفوز» as names. On the dev split with person lists built without it
   * (leak-free): off 0.833, split 0.833, need 0.837 PERS F1; seeds persons 1.0 with each.
   */
  givenNameTagger: "off" | "split" | "need";
  /** A person read from a rare word after a role (source "role-unknown") needs a tagger person over it. */
  unknownAfterRoleNeedsTagger: boolean;
}

const DESCRIPTIVE_KINDS = new Set(["state-force", "foreign-force", "state", "population"]);
/** Person rules whose mention is the text between quotes or brackets (persons/recognize.ts). */
const QUOTED_SOURCES = new Set(["introducer-quoted", "role-quoted", "quoted", "alias-bracketed"]);
/** Person rules that read an alias after a cue («الملقب», a bracketed nickname). */
const ALIAS_SOURCES = new Set(["alias-cue", "alias-bracketed"]);

export const DEFAULT_MERGE: MergeOptions = {
  taggerPlaces: "unchecked",
  taggerPersons: true,
  taggerOrgs: true,
  minConfidence: 0.5,
  minOrgConfidence: 0,
  dropGenericActors: true,
  personBoundsFromTagger: true,
  orgBoundsFromTagger: true,
  placeBoundsFromTagger: true,
  taggerTypeWins: ["PERSON"],
  orgsNeedTagger: false,
  shortNameConfidence: 0.8,
  placeInOrgConfidence: 0.8,
  givenNameTagger: "need",
  unknownAfterRoleNeedsTagger: true,
};

const TYPE_OF: Record<string, EntityType | undefined> = { PERS: "PERSON", LOC: "LOC", ORG: "ORG" };
const ID_PREFIX: Record<EntityType, string> = { PERSON: "P", ORG: "O", LOC: "L" };
const PROCLITIC_LETTERS = new Set(["و", "ف", "ب", "ل", "ك", "ا"]);

const nameKey = (s: string): string => normalize(s).replace(/[^\u0621-\u064a0-9a-zA-Z]+/g, " ").trim();

/**
 * A person's name once its mentions took the tagger's bounds: the rules named it by the span they
 * read («فؤاد السنيورة صامدة» before the tagger cut it to «فؤاد السنيورة»), and the name must be a
 * form the text states. The longest of its own mentions (not an alias or a later short form) whose
 * text no longer matches the name gives the name; the rules' name stays when one still matches.
 */
function nameAfterBounds(doc: Doc, e: Entity, mentions: readonly Mention[]): string {
  if (e.type !== "PERSON") return e.name;
  const own = mentions.filter((m) => !ALIAS_SOURCES.has(m.source ?? "") && m.source !== "linked");
  if (!own.length) return e.name;
  const key = nameKey(e.name);
  const texts = own.map((m) => stripQuotes(rangeName(doc, m.start, m.end, tokenAt(doc.tokens, m.start))));
  if (texts.some((t) => nameKey(t) === key)) return e.name;
  return texts.reduce((a, b) => (b.length > a.length ? b : a));
}

/** Index of the token containing offset `at`, or -1. Tokens are sorted by start. */
function tokenAt(tokens: readonly Token[], at: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const t = tokens[mid]!;
    if (at < t.start) hi = mid - 1;
    else if (at >= t.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Widens a mention that starts inside a word token after proclitic letters to the token start. */
export function snapMention(doc: Doc, m0: Mention): Mention {
  let m = m0;
  const i = tokenAt(doc.tokens, m.start);
  if (i >= 0) {
    const t = doc.tokens[i]!;
    if (t.start !== m.start && t.kind === "word") {
      const prefix = normalize(doc.text.slice(t.start, m.start));
      if (prefix && prefix.length <= 3 && [...prefix].every((c) => PROCLITIC_LETTERS.has(c))) m = { ...m, start: t.start };
    }
  }
  const w = widenOverMarks(doc.text, m.start, m.end);
  if (w.start === m0.start && w.end === m0.end) return m0;
  return { ...m, start: w.start, end: w.end, text: doc.text.slice(w.start, w.end) };
}

/** Drops the first `letters` Arabic letters (and the marks after them) from an original surface. */
function dropLetters(s: string, letters: number): string {
  let i = 0;
  let seen = 0;
  while (i < s.length && seen < letters) {
    i++;
    seen++;
    while (i < s.length && /[\u064b-\u065f\u0670\u0640]/.test(s[i]!)) i++;
  }
  return s.slice(i);
}

/**
 * The name of a tagger span: its surface without the clitics attached to the first word, as the
 * text layer's lexicon-checked analysis found them (so «وسوريا» -> «سوريا», «وللأمم» -> «الأمم»,
 * «بدمشق» -> «دمشق», but «فرناندو» and «وليد» stay whole).
 */
export function spanName(doc: Doc, span: NerSpan): string {
  return rangeName(doc, span.start, span.end, span.tokenStart);
}

/** The name in text [start, end) whose first token is `tokenStart`, without the clitics glued to it. */
function rangeName(doc: Doc, start: number, end: number, tokenStart: number): string {
  const surface = doc.text.slice(start, end);
  const first = doc.tokens[tokenStart];
  if (!first || first.kind !== "word" || first.start !== start || !first.proclitics.length) return surface;
  const pro = first.proclitics;
  let k = 0;
  let drop = 0;
  if (pro[k] === "و" || pro[k] === "ف") {
    drop++;
    k++;
  }
  if (pro[k] === "ب" || pro[k] === "ل" || pro[k] === "ك") {
    drop++;
    // «للأمم» -> «الأمم»: the preposition ate the article's alef.
    if (pro[k] === "ل" && pro[k + 1] === "ال" && first.norm.slice(drop - 1).startsWith("لل")) return "ا" + dropLetters(surface, drop);
  }
  return drop ? dropLetters(surface, drop) : surface;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

/**
 * Splits a tagger person span at an inner word that is «و» + article («التويجري والغيث»): two people
 * joined by a conjunction, since a person's name does not continue with «وال».
 */
function splitPersonLists(doc: Doc, spans: readonly NerSpan[]): NerSpan[] {
  const out: NerSpan[] = [];
  for (const s of spans) {
    if (s.type !== "PERS" || s.tokenEnd - s.tokenStart < 2) {
      out.push(s);
      continue;
    }
    let from = s.tokenStart;
    for (let k = s.tokenStart + 1; k < s.tokenEnd; k++) {
      if (!/^وال/.test(doc.tokens[k]!.norm)) continue;
      out.push({ ...s, tokenStart: from, tokenEnd: k, start: doc.tokens[from]!.start, end: doc.tokens[k - 1]!.end });
      from = k;
    }
    out.push(from === s.tokenStart ? s : { ...s, tokenStart: from, start: doc.tokens[from]!.start });
  }
  return out;
}

export function mergeEntities(doc: Doc, spans0: readonly NerSpan[], opts: MergeOptions = DEFAULT_MERGE): Entity[] {
  const spans = splitPersonLists(doc, spans0);
  // 1. Rule entities, mentions widened to whole tokens, each span given to one entity only.
  const ranked: { e: Entity; rank: number }[] = [];
  for (const e of doc.placeEntities ?? []) ranked.push({ e, rank: e.place ? 0 : 3 });
  for (const e of doc.orgEntities ?? []) {
    if (opts.dropGenericActors && e.actorId?.startsWith("generic-")) continue;
    ranked.push({ e, rank: 1 });
  }
  for (const e of doc.personEntities ?? []) ranked.push({ e, rank: 2 });
  ranked.sort((a, b) => a.rank - b.rank);
  const claimed = new Set<string>();
  // Characters covered by a mention already given to an entity.
  const occupied = new Uint8Array(doc.text.length + 1);
  const occupy = (m: { start: number; end: number }) => occupied.fill(1, m.start, m.end);
  const isOccupied = (m: { start: number; end: number }) => {
    for (let c = m.start; c < m.end; c++) if (occupied[c]) return true;
    return false;
  };
  const out: Entity[] = [];
  // Tagger spans never overlap one another: sorted by start, those over a mention are one run,
  // found by binary search (an article has hundreds of spans and mentions).
  const named = spans.filter((s) => s.type !== "MISC").sort((a, b) => a.start - b.start);
  const overlapping = (m: { start: number; end: number }): NerSpan[] => {
    let lo = 0;
    let hi = named.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (named[mid]!.end <= m.start) lo = mid + 1;
      else hi = mid;
    }
    const found: NerSpan[] = [];
    for (let k = lo; k < named.length && named[k]!.start < m.end; k++) if (overlaps(named[k]!, m)) found.push(named[k]!);
    return found;
  };
  for (const { e } of ranked) {
    const mentions: Mention[] = [];
    const descriptive = e.type === "ORG" && !!e.actorId && DESCRIPTIVE_KINDS.has(opts.actorKind?.(e.actorId) ?? "");
    // A person the text gives an alias with a cue («مصطفى المسالمة الملقب بالكسم», «محمد المسالمة
    // (هفّو)») is a name by the text's own word, bounded by the cue: the tagger, trained on other
    // news, neither confirms nor cuts it (it reads «محمد» alone there, or nothing).
    const aliasCued = e.type === "PERSON" && e.mentions.some((m) => ALIAS_SOURCES.has(m.source ?? ""));
    for (const m0 of e.mentions) {
      let m = snapMention(doc, m0);
      const over = overlapping(m);
      if (descriptive && !over.length) continue;
      if (e.type === "ORG" && opts.orgsNeedTagger && !over.length) continue;
      const tt = e.type === "PERSON" ? "PERS" : e.type;
      // A rare word after a role is a name only where the tagger also sees a person there.
      if (e.type === "PERSON" && m.source === "role-unknown" && opts.unknownAfterRoleNeedsTagger && !over.some((s) => s.type === "PERS")) continue;
      if (e.type === "PERSON" && m.source === "first-name" && opts.givenNameTagger !== "off" && !aliasCued) {
        const n = over.filter((s) => s.type === "PERS").length;
        if (n > 1 || (n === 0 && opts.givenNameTagger === "need")) continue;
      }
      if (e.type === "LOC" && over.some((s) => s.type === "ORG" && s.confidence >= opts.placeInOrgConfidence && s.start <= m.start && s.end >= m.end && (s.start < m.start || s.end > m.end))) continue;
      if (opts.taggerTypeWins.includes(e.type) && over.some((s) => s.type !== tt && s.confidence >= (s.type === "ORG" ? opts.minOrgConfidence : opts.minConfidence))) continue;
      // A name the text sets off in quotes («المدعو “محمد المسالمة”») has its bounds written in the
      // text: the tagger's narrower «محمد» would leave the entity's name without its mention.
      const textBounds = e.type === "PERSON" && (QUOTED_SOURCES.has(m.source ?? "") || aliasCued);
      if (!textBounds && ((e.type === "PERSON" && opts.personBoundsFromTagger) || (e.type === "ORG" && opts.orgBoundsFromTagger) || (e.type === "LOC" && opts.placeBoundsFromTagger))) {
        let t = over.length === 1 && over[0]!.type === tt ? over[0]! : null;
        // «حزب العمال الكردستاني» cut to «حزب»: the tagger may drop a head noun before a name («حركة
        // طالبان» -> «طالبان») or an adjective after it («حزب الله اللبناني» -> «حزب الله»), but a
        // dictionary organisation cut to its first word alone has lost its name.
        if (t && e.type === "ORG" && t.start <= m.start && t.end < m.end && t.tokenEnd - t.tokenStart === 1) t = null;
        if (t && (t.start !== m.start || t.end !== m.end)) m = { ...m, start: t.start, end: t.end, text: doc.text.slice(t.start, t.end) };
      }
      const key = `${m.start}:${m.end}`;
      if (claimed.has(key)) continue;
      claimed.add(key);
      mentions.push(m);
      occupy(m);
    }
    if (mentions.length) out.push({ ...e, name: nameAfterBounds(doc, e, mentions), aliases: [...e.aliases], mentions });
  }

  // 2. Tagger spans that no rule mention overlaps.
  const byKey = new Map<string, Entity>();
  // A name the rules gave a type in this document keeps it elsewhere in the document: «الملقب «هفو»»
  // makes «هفو» a person, so the tagger's later «هفو» as a place is the same person.
  const ruleNames = new Map<string, Entity>();
  for (const e of out) {
    for (const n of [e.name, ...e.aliases]) {
      const k = `${e.type}:${nameKey(n)}`;
      if (!byKey.has(k)) byKey.set(k, e);
      if (!ruleNames.has(nameKey(n))) ruleNames.set(nameKey(n), e);
    }
  }
  const geocoderRan = doc.annotations.includes("doc.places");
  // «دمشق – الشرق الأوسط»: the outlet half of a dateline is a newspaper's name, no place or person.
  const outlet = findDateline(doc.text)?.outlet;
  const roleWords = personLexicon().roleWords;
  const fresh: Entity[] = [];
  for (const s of spans) {
    const type = TYPE_OF[s.type];
    if (!type || s.confidence < (type === "ORG" ? opts.minOrgConfidence : opts.minConfidence)) continue;
    if (outlet && type !== "ORG" && s.start >= outlet.start && s.end <= outlet.end) continue;
    // «لقي شابان مصرعهما»: a role or title word alone («شابان», «القيادي») is nobody's name.
    if (type === "PERSON" && roleWords.has(normalize(doc.text.slice(s.start, s.end)).trim())) continue;
    // «صباح اليوم الإثنين»: a word of a date expression is no person or place.
    if (type !== "ORG" && (doc.dates ?? []).some((d) => d.start < s.end && s.start < d.end)) continue;
    if (type === "PERSON" && !opts.taggerPersons) continue;
    if (type === "ORG" && !opts.taggerOrgs) continue;
    if (type === "LOC") {
      if (opts.taggerPlaces === "none") continue;
      // A place the geocoder resolved is its own; one it only saw after a cue («مدينة جوهانسبرغ»: a
      // place it cannot locate, Syria being all it knows) stays the tagger's to name.
      if (opts.taggerPlaces === "unchecked" && geocoderRan && doc.places.some((p) => p.place && overlaps(p, s))) continue;
    }
    if (isOccupied(s)) continue;
    const mention: Mention = { start: s.start, end: s.end, text: doc.text.slice(s.start, s.end), source: "tagger" };
    const name = spanName(doc, s);
    const key = nameKey(name);
    if (!key) continue;
    if (type !== "ORG" && key.length <= 3 && name.length < mention.text.length && s.confidence < opts.shortNameConfidence) continue;
    let target = byKey.get(`${type}:${key}`) ?? ruleNames.get(key);
    if (!target && type === "PERSON" && !key.includes(" ")) {
      // A one-word name that is a word of a longer person name in the document: the same person.
      target = [...out, ...fresh].find((e) => e.type === "PERSON" && nameKey(e.name).split(" ").length > 1 && nameKey(e.name).split(" ").includes(key));
      if (target && !target.aliases.some((a) => nameKey(a) === key)) target.aliases.push(name);
    }
    if (target) {
      target.mentions.push(mention);
    } else {
      target = { id: "", type, name, aliases: [], mentions: [mention], confidence: Math.round(s.confidence * 100) / 100 };
      fresh.push(target);
    }
    byKey.set(`${type}:${key}`, target);
    occupy(mention);
  }

  // 3. A one-word tagger person seen before the fuller name («ألونسو» ... «فرناندو ألونسو»): fold it
  // into the person whose name contains it.
  for (let i = fresh.length - 1; i >= 0; i--) {
    const e = fresh[i]!;
    const key = nameKey(e.name);
    if (e.type !== "PERSON" || key.includes(" ")) continue;
    const target = [...out, ...fresh].find((o) => o !== e && o.type === "PERSON" && nameKey(o.name).split(" ").length > 1 && nameKey(o.name).split(" ").includes(key));
    if (!target) continue;
    target.mentions.push(...e.mentions);
    if (!target.aliases.some((a) => nameKey(a) === key)) target.aliases.push(e.name);
    fresh.splice(i, 1);
  }
  const all = [...out, ...fresh];
  for (const e of all) {
    e.mentions.sort((a, b) => a.start - b.start);
  }
  all.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  const counters: Record<EntityType, number> = { PERSON: 0, ORG: 0, LOC: 0 };
  for (const e of all) e.id = `${ID_PREFIX[e.type]}${++counters[e.type]}`;
  return all;
}
