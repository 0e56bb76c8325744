/**
 * @module doc/types
 * The document model. A Doc owns its original text, which is never changed; every annotation is a
 * plain record with a span into that text. All of it is plain JSON, so the same shape goes to the
 * store, the HTTP API and the contract output.
 *
 * Offsets: `start` and `end` are UTF-16 code-unit indices (JavaScript string indices) into
 * `Doc.text`, `end` exclusive. Never into a normalized copy: normalized forms live beside the
 * original (`Token.norm`, `NormalizedText`) with a map back.
 */

/** A region of the original text: UTF-16 code units, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export type TokenKind = "word" | "number" | "punct" | "latin" | "symbol";

export interface Token extends Span {
  /** The surface form, exactly `doc.text.slice(start, end)`. */
  text: string;
  /** Normalized for matching (see text/normalize.ts). */
  norm: string;
  /** `norm` without the clitics found by the clitic analysis; what lexicons are looked up with. */
  base: string;
  /** Normalized proclitics stripped from the front, in order, e.g. ["و", "ب"] for «وبمساندة». */
  proclitics: string[];
  /** Normalized enclitic stripped from the end (pronoun suffix), e.g. "ه" or "هم"; "" if none. */
  enclitic: string;
  kind: TokenKind;
  /** Index of the sentence this token belongs to. */
  sentence: number;
}

export interface Sentence extends Span {
  /** Token index range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  /** Paragraph index (newline-separated blocks). */
  paragraph: number;
}

/** A cardinal quantity stated in the text: «4», «أربعة», «عنصرين», «عشرات», «أكثر من 25». */
export interface NumberMention extends Span {
  /** ACLED's conservative reading: «أكثر من 25» -> 25, «عشرات» -> 10, «نحو مائة» -> 100. */
  value: number;
  /** True when the text states an imprecise quantity (more than, about, tens of ...). */
  vague: boolean;
  /** How it was written. */
  form: "digits" | "words" | "dual" | "vague" | "mixed";
  /** Token index range [tokenStart, tokenEnd) covered by the mention. */
  tokenStart: number;
  tokenEnd: number;
  /**
   * Base of the counted noun when the text shows it: the dual's own noun («عنصرين» -> "عنصر"), or
   * the word right after the number (skipping «من»): «4 أشخاص» -> "اشخاص", «عشرات من المدنيين» -> "مدنيين".
   */
  noun?: string;
  /** The rule that recognised it: number-digits, number-words, number-dual, number-vague, number-one-of («أحد عناصر» = 1), with "+qualifier" after «أكثر من», «نحو» ... */
  rule?: string;
}

/**
 * Precision of a resolved date. ACLED's time_precision: day -> 1, week -> 2, month -> 3;
 * year and unknown are coarser still (exported as 3).
 */
export type DatePrecision = "day" | "week" | "month" | "year" | "unknown";

/** A date expression: «يوم أمس الأحد», «أواخر تشرين الثاني 2022», «15/10/2022». */
export interface DateMention extends Span {
  /** First day of the resolved range, "YYYY-MM-DD", or null when it cannot be resolved. */
  date: string | null;
  /** Last day of the resolved range (inclusive); equal to `date` for a single day. */
  until: string | null;
  precision: DatePrecision;
  /** True when resolved against the publication date (أمس، الأسبوع الماضي ...). */
  relative: boolean;
  /** The rule that recognised it, for tracing. */
  rule: string;
  /** Part of the day when stated: «ليلة أمس», «فجر الجمعة». */
  partOfDay?: "dawn" | "morning" | "noon" | "afternoon" | "evening" | "night";
  /** Calendar of an explicit date (Hijri dates are converted to Gregorian in `date`). */
  calendar?: "gregorian" | "hijri";
  /**
   * For a range (`until` after `date`): the day coders conventionally put the event on, the middle
   * of the range rounded down: «شهر تشرين الأول» -> the 15th, «بداية تشرين الثاني» -> the 5th,
   * «أواخر تشرين الثاني» -> the 25th. Absent for a single day.
   */
  mid?: string;
}

export type EntityType = "PERSON" | "ORG" | "LOC";

export interface Mention extends Span {
  /** The surface, `doc.text.slice(start, end)`. */
  text: string;
  /** What found it: a rule id, "dictionary", "tagger" ... */
  source?: string;
}

/** A resolved place, as the geocoder returns it. */
export interface PlaceRef {
  /** Stable id in the gazetteer (OCHA p-code where one exists, else the gazetteer's own id). */
  id: string;
  name: string;
  name_ar: string;
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  pcode: string | null;
  latitude: number;
  longitude: number;
  /** 1 town or quarter, 2 near a town or part of a region, 3 a larger region. */
  geo_precision: 1 | 2 | 3;
  /** Kind of place: country, governorate, district, subdistrict, community, quarter, region ... */
  kind?: string;
}

export interface Entity {
  /** Document-local id, e.g. "P1", "O3", "L2". */
  id: string;
  type: EntityType;
  /** The fullest Arabic form found in the document. */
  name: string;
  /** Other names of the same entity in the document (nicknames, kunyas, short forms). */
  aliases: string[];
  mentions: Mention[];
  /** Organisations that are actors: canonical actor id from the actor dictionary. */
  actorId?: string;
  /** Organisations cited as sources (news outlets, monitors) rather than actors in events. */
  isSource?: boolean;
  /** Places that were resolved. */
  place?: PlaceRef;
  /** People: roles and affiliations stated in the text («القيادي», «التابعة لـ اللواء الثامن»). */
  roles?: { text: string; span: Span }[];
  affiliations?: { actorId?: string; text: string; span: Span }[];
  /** Confidence 0..1. */
  confidence?: number;
}

/** A mention of an actor (an armed group, force, institution or population) in the text. */
export interface ActorMention extends Span {
  text: string;
  /** Canonical actor id from the actor dictionary. */
  actorId: string;
  /** How it was resolved: "dictionary", "anaphor" («التنظيم» -> the article's organisation) ... */
  rule: string;
}

/** A place mention resolved (or not) by the geocoder. */
export interface PlaceMention extends Span {
  text: string;
  /** The resolved place, or null when not found (a message says so). */
  place: PlaceRef | null;
  /** Other candidates considered, when the name was ambiguous. */
  alternatives?: string[];
  /** The cue word before it, if any (مدينة، بلدة، قرية، حي، ريف ...). */
  cue?: string;
  rule: string;
}

export interface ActorRef {
  id: string;
  name: string;
}

/** One step of the record of why an event exists or has the values it has. */
export interface Decision {
  field: string;
  value: unknown;
  rule: string;
  span?: Span;
}

export interface EventRecord {
  id: string;
  event_type: string;
  sub_event_type: string;
  event_date: string | null;
  /** 1 day, 2 week, 3 month. */
  time_precision: 1 | 2 | 3;
  actor1: ActorRef | null;
  actor2: ActorRef | null;
  assoc_actors: ActorRef[];
  location: (Omit<PlaceRef, "id" | "kind"> & { id?: string }) | null;
  fatalities: number | null;
  injured: number | null;
  captured: number | null;
  evidence: Span[];
  notes: string;
  confidence: number;
  /** Events the article recalls from long before its publication. */
  background?: boolean;
  /** Why: the rule or model decisions that produced the event and its fields. */
  decisions: Decision[];
}

/**
 * A positioned diagnostic about one document (in the manner of vfile-message). `fatal`: true means
 * the document could not be processed; false means a warning; undefined means informational.
 */
export interface Message {
  reason: string;
  ruleId: string;
  /** The stage that said it. */
  source: string;
  place?: Span;
  fatal?: boolean;
}

export interface DocMeta {
  /** Publication date "YYYY-MM-DD" (a date-time input is cut to its day). */
  published?: string;
  source?: string;
  url?: string | null;
  title?: string | null;
}

export interface Doc {
  readonly id: string;
  /** The original text, verbatim and immutable. */
  readonly text: string;
  readonly meta: DocMeta;
  tokens: Token[];
  sentences: Sentence[];
  /** Newline-separated blocks of text. */
  paragraphs: Span[];
  numbers: NumberMention[];
  dates: DateMention[];
  places: PlaceMention[];
  actors: ActorMention[];
  /** LOC entities from the geocoder (rasd.geocode.v1), merged into `entities` by rasd.entities.v1. */
  placeEntities?: Entity[];
  /** ORG entities from the actor dictionary (rasd.actors.v1), merged into `entities` by rasd.entities.v1. */
  orgEntities?: Entity[];
  /** PERSON entities from the person recogniser (rasd.persons.v1), merged into `entities` by rasd.entities.v1. */
  personEntities?: Entity[];
  entities: Entity[];
  events: EventRecord[];
  messages: Message[];
  /** Annotation names assigned so far ("doc.tokens", ...), kept by the pipeline runner. */
  annotations: string[];
  /** Stage-specific data, keyed by stage name. */
  ext: Record<string, unknown>;
}
