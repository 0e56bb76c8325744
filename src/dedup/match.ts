/**
 * @module dedup/match
 * Decides whether two extracted events report the same happening (cross-source deduplication):
 * the same clash reported by several outlets, or by one outlet twice, must become one cluster.
 *
 * Two events merge when every test below passes; each passing test becomes a stored reason, so an
 * analyst sees why a merge happened (and can split it):
 * - type: the same ACLED event type, or a pair that outlets commonly code differently for one
 *   happening (a clash that killed a civilian is Battles for one report, Violence against civilians
 *   for another; a mortar exchange is Battles or Explosions/Remote violence; protests and riots),
 *   with compatible sub-event types (subTypesCompatible);
 * - date: both dated, and their ranges overlap, each range given by its precision (day: that day;
 *   week: +-3 days; month: +-15 days). Two day-precise events on different days never merge: ACLED
 *   codes a multi-day operation as one event per day;
 * - place: coordinates within a radius that grows with the coarser geo precision (10, 25, 60 km),
 *   or the same admin3 / p-code; both must be located;
 * - actors: compatible when one side names none, when they share an actor, or when the only actors
 *   of one side are unidentified ones;
 * - casualties: when both give fatalities, the figures must be close (reports update counts, but
 *   1 and 25 killed are two events).
 * Events from the same document are never merged: the extractor already separated them.
 */
import type { EventRecord } from "../doc/types.ts";
import type { MergeReason } from "../store/types.ts";

export interface DedupEvent {
  /** Store id or any unique id. */
  id: string;
  documentId: string;
  record: EventRecord;
}

export interface MatchResult {
  merge: boolean;
  /** 0..1, higher is a closer match; 0 when not merged. */
  score: number;
  /** The tests that passed (stored with the merge). */
  reasons: MergeReason[];
  /** The first test that failed, when merge is false. */
  blocker: MergeReason | null;
}

export interface MatchOptions {
  /** Radius in km by the coarser geo_precision of the two places (1, 2, 3). */
  radiusKm?: [number, number, number];
  /** Maps an actor id to its ancestors (finer ids declare a parent); identity when absent. */
  actorAncestors?: (id: string) => string[];
}

const DEFAULT_RADIUS: [number, number, number] = [10, 25, 60];

/** Pairs of event types outlets use for one happening (unordered); see subTypesCompatible. */
const COMPATIBLE_TYPES = new Set([
  "Battles|Violence against civilians",
  "Battles|Explosions/Remote violence",
  "Explosions/Remote violence|Violence against civilians",
  "Protests|Riots",
]);

/**
 * Across types, only these sub-event pairs are one happening told two ways: a gunfight that killed
 * a man (clash or attack), a roadside bomb on a patrol (clash or IED), shelling during a clash. A
 * suicide bombing and a clash on the same day are two events.
 */
const COMPATIBLE_SUB_TYPES = new Set([
  "Armed clash|Attack",
  "Armed clash|Remote explosive/landmine/IED",
  "Armed clash|Shelling/artillery/missile attack",
  "Armed clash|Grenade",
  "Attack|Remote explosive/landmine/IED",
  "Attack|Shelling/artillery/missile attack",
  "Air/drone strike|Attack",
  "Attack|Grenade",
]);

function pairKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

export function typesCompatible(a: string, b: string): boolean {
  if (a === b) return true;
  return COMPATIBLE_TYPES.has(pairKey(a, b));
}

/**
 * Sub-event types of two events of compatible types. Within one type any two differ only in detail
 * (a clash that took a village), except Strategic developments, whose sub-types are distinct
 * happenings (an arrest is not an agreement). Across types see COMPATIBLE_SUB_TYPES; protests and
 * riots always fit (the same crowd, seen as peaceful or violent).
 */
export function subTypesCompatible(ta: string, sa: string, tb: string, sb: string): boolean {
  if (sa === sb) return true;
  if (ta === tb) return ta !== "Strategic developments";
  if (pairKey(ta, tb) === "Protests|Riots") return true;
  return COMPATIBLE_SUB_TYPES.has(pairKey(sa, sb));
}

/** Types an event may merge with (for the candidate query). */
export function compatibleTypes(type: string): string[] {
  const out = [type];
  for (const pair of COMPATIBLE_TYPES) {
    const [x, y] = pair.split("|") as [string, string];
    if (x === type) out.push(y);
    else if (y === type) out.push(x);
  }
  return out;
}

const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** "YYYY-MM-DD" of a day number, by arithmetic (Date#toISOString costs more, on every save). */
function dayString(n: number): string {
  // Days to civil date (proleptic Gregorian), after H. Hinnant's days_from_civil inverse.
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) return new Date(n * DAY_MS).toISOString().slice(0, 10);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

/** Half-width in days of the range a date of this precision stands for. */
function slack(precision: number): number {
  return precision >= 3 ? 15 : precision === 2 ? 3 : 0;
}

/** The [from, to] day range an event's date stands for, or null when undated. */
export function dateRange(record: Pick<EventRecord, "event_date" | "time_precision">): [number, number] | null {
  if (!record.event_date || !/^\d{4}-\d{2}-\d{2}$/.test(record.event_date)) return null;
  const d = dayNumber(record.event_date);
  if (Number.isNaN(d)) return null;
  const s = slack(record.time_precision ?? 1);
  return [d - s, d + s];
}

/** The event_date window in which merge candidates of this event can lie ("YYYY-MM-DD", inclusive). */
export function candidateWindow(record: EventRecord): { dateFrom: string; dateTo: string; types: string[] } | null {
  const r = dateRange(record);
  if (!r) return null;
  // The other event's own slack can reach back up to 15 days.
  return { dateFrom: dayString(r[0] - 15), dateTo: dayString(r[1] + 15), types: compatibleTypes(record.event_type) };
}

/**
 * The candidate search of a new event, for a store query: compatible types; for candidates of each
 * precision (day, week, month) the event_date window whose range overlaps this event's; and a
 * latitude/longitude box of the largest merge radius. Null when the event cannot be matched
 * (undated or unlocated).
 */
export function candidateQuery(
  record: EventRecord,
  options: MatchOptions = {},
): { types: string[]; windows: [[string, string], [string, string], [string, string]]; lat: [number, number]; lon: [number, number] } | null {
  const r = dateRange(record);
  const loc = record.location;
  if (!r || !loc || !Number.isFinite(loc.latitude) || !Number.isFinite(loc.longitude)) return null;
  const w = (s: number): [string, string] => [dayString(r[0] - s), dayString(r[1] + s)];
  const km = Math.max(...(options.radiusKm ?? DEFAULT_RADIUS));
  const dLat = km / 110.574;
  const dLon = km / (111.32 * Math.max(0.05, Math.cos((loc.latitude * Math.PI) / 180)));
  return {
    types: compatibleTypes(record.event_type),
    windows: [w(slack(1)), w(slack(2)), w(slack(3))],
    lat: [loc.latitude - dLat, loc.latitude + dLat],
    lon: [loc.longitude - dLon, loc.longitude + dLon],
  };
}

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const UNIDENTIFIED = /^unidentified|unknown/;

function actorSet(r: EventRecord, ancestors: (id: string) => string[]): Set<string> {
  const out = new Set<string>();
  for (const a of [r.actor1, r.actor2, ...(r.assoc_actors ?? [])]) {
    if (!a?.id) continue;
    out.add(a.id);
    for (const p of ancestors(a.id)) out.add(p);
  }
  return out;
}

function casualtiesClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(2, 0.5 * Math.max(a, b));
}

export function matchEvents(a: DedupEvent, b: DedupEvent, options: MatchOptions = {}): MatchResult {
  const no = (rule: string, detail: string): MatchResult => ({ merge: false, score: 0, reasons: [], blocker: { rule, detail } });
  if (a.documentId === b.documentId) return no("document", "events of one document are distinct happenings");
  const ra = a.record;
  const rb = b.record;
  const reasons: MergeReason[] = [];
  let score = 1;

  // Type
  if (!typesCompatible(ra.event_type, rb.event_type) || !subTypesCompatible(ra.event_type, ra.sub_event_type, rb.event_type, rb.sub_event_type)) {
    return no("type", `${ra.event_type} / ${ra.sub_event_type} vs ${rb.event_type} / ${rb.sub_event_type}`);
  }
  if (ra.event_type === rb.event_type) {
    const sameSub = ra.sub_event_type === rb.sub_event_type;
    reasons.push({ rule: "type", detail: sameSub ? `same type ${ra.event_type} / ${ra.sub_event_type}` : `same type ${ra.event_type} (${ra.sub_event_type} / ${rb.sub_event_type})` });
    if (!sameSub) score -= 0.05;
  } else {
    reasons.push({ rule: "type", detail: `compatible types ${ra.event_type} / ${ra.sub_event_type} and ${rb.event_type} / ${rb.sub_event_type}` });
    score -= 0.15;
  }

  // Date
  const da = dateRange(ra);
  const db = dateRange(rb);
  if (!da || !db) return no("date", "an event without a date cannot be matched");
  if (da[1] < db[0] || db[1] < da[0]) return no("date", `${ra.event_date} (precision ${ra.time_precision}) vs ${rb.event_date} (precision ${rb.time_precision})`);
  if (ra.event_date === rb.event_date) reasons.push({ rule: "date", detail: `same date ${ra.event_date}` });
  else {
    reasons.push({ rule: "date", detail: `${ra.event_date} (precision ${ra.time_precision}) overlaps ${rb.event_date} (precision ${rb.time_precision})` });
    score -= 0.1;
  }

  // Place
  const la = ra.location;
  const lb = rb.location;
  if (!la || !lb) return no("place", "an event without a location cannot be matched");
  const samePcode = !!la.pcode && la.pcode === lb.pcode;
  const sameAdmin3 = !!la.admin3 && la.admin3 === lb.admin3 && la.admin2 === lb.admin2;
  const hasCoords = Number.isFinite(la.latitude) && Number.isFinite(la.longitude) && Number.isFinite(lb.latitude) && Number.isFinite(lb.longitude);
  const km = hasCoords ? haversineKm(la.latitude, la.longitude, lb.latitude, lb.longitude) : Infinity;
  const radius = (options.radiusKm ?? DEFAULT_RADIUS)[Math.max(la.geo_precision ?? 1, lb.geo_precision ?? 1, 1) - 1] ?? 60;
  if (samePcode) reasons.push({ rule: "place", detail: `same place ${la.pcode} (${la.name || la.name_ar})` });
  else if (km <= radius) {
    reasons.push({ rule: "place", detail: `${la.name || la.name_ar} and ${lb.name || lb.name_ar} are ${km.toFixed(1)} km apart (radius ${radius} km)` });
    score -= Math.min(0.2, (km / radius) * 0.2);
  } else if (sameAdmin3) {
    reasons.push({ rule: "place", detail: `same admin3 ${la.admin3}` });
    score -= 0.1;
  } else return no("place", `${la.name || la.name_ar} and ${lb.name || lb.name_ar} are ${Number.isFinite(km) ? km.toFixed(1) : "?"} km apart (radius ${radius} km)`);

  // Actors
  const anc = options.actorAncestors ?? (() => []);
  const aa = actorSet(ra, anc);
  const ab = actorSet(rb, anc);
  const shared = [...aa].filter((x) => ab.has(x) && !UNIDENTIFIED.test(x));
  const onlyUnidentified = (s: Set<string>) => [...s].every((x) => UNIDENTIFIED.test(x));
  if (aa.size === 0 || ab.size === 0) {
    reasons.push({ rule: "actors", detail: "one report names no actor" });
    score -= 0.05;
  } else if (shared.length > 0) {
    reasons.push({ rule: "actors", detail: `shared actors ${shared.join(", ")}` });
  } else if (onlyUnidentified(aa) || onlyUnidentified(ab)) {
    reasons.push({ rule: "actors", detail: "one report names only unidentified actors" });
    score -= 0.1;
  } else return no("actors", `no shared actor: ${[...aa].join(", ")} vs ${[...ab].join(", ")}`);

  // Casualties
  if (ra.fatalities != null && rb.fatalities != null) {
    if (!casualtiesClose(ra.fatalities, rb.fatalities)) return no("casualties", `fatalities ${ra.fatalities} vs ${rb.fatalities}`);
    reasons.push({ rule: "casualties", detail: ra.fatalities === rb.fatalities ? `same fatalities ${ra.fatalities}` : `close fatalities ${ra.fatalities} / ${rb.fatalities}` });
    if (ra.fatalities !== rb.fatalities) score -= 0.05;
  } else {
    reasons.push({ rule: "casualties", detail: "no conflicting fatality figures" });
  }
  return { merge: true, score: Math.max(0.05, Math.round(score * 100) / 100), reasons, blocker: null };
}

/**
 * The event that stands for a cluster: reviewed first, then the most precise date, the most precise
 * place, one with a fatality figure, the most confident, the earliest stored.
 */
export function canonicalRank(e: { record: EventRecord; reviewStatus?: string; order: number }): number[] {
  const r = e.record;
  return [
    e.reviewStatus === "reviewed" ? 0 : 1,
    r.time_precision ?? 3,
    r.location?.geo_precision ?? 4,
    r.fatalities == null ? 1 : 0,
    -(r.confidence ?? 0),
    e.order,
  ];
}

export function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
