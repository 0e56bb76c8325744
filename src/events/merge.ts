/**
 * @module events/merge
 * One event per happening. An article states the same event several times (the lead, the body, a
 * recap, a casualty count in a later paragraph); mentions that agree on the event type, the date and
 * the place merge into one record carrying all their evidence. Agreement is lenient where a value
 * is only a fallback (the publication week, the article's main place): a fallback never keeps two
 * mentions apart, a stated value does.
 */
import type { ActorRef, Decision, PlaceRef, Span } from "../doc/types.ts";
import type { EventMention } from "./detect.ts";

/** A mention with its arguments resolved. */
export interface Located {
  mention: EventMention;
  event_type: string;
  sub_event_type: string;
  date: string | null;
  precision: 1 | 2 | 3;
  place: PlaceRef | null;
  background: boolean;
  actor1: ActorRef | null;
  actor2: ActorRef | null;
  assoc: ActorRef[];
  evidence: Span;
  decisions: Decision[];
}

export interface MergedEvent {
  event_type: string;
  sub_event_type: string;
  date: string | null;
  precision: 1 | 2 | 3;
  place: PlaceRef | null;
  background: boolean;
  actor1: ActorRef | null;
  actor2: ActorRef | null;
  assoc: ActorRef[];
  fatalities: number | null;
  injured: number | null;
  captured: number | null;
  evidence: Span[];
  confidence: number;
  decisions: Decision[];
  members: Located[];
}

const weakDate = (l: Located) => l.date === null || l.decisions.some((d) => d.field === "event_date" && d.rule === "events.date.publication-week");
const weakPlace = (l: Located) =>
  l.place === null || l.decisions.some((d) => d.field === "location" && (d.rule === "events.place.article-main" || d.rule === "events.place.paragraph" || d.rule === "events.place.anaphoric"));
const placeRule = (l: Located) => l.decisions.find((d) => d.field === "location")?.rule;

/** Families whose mentions may describe the same Battles event. */
function sameKind(a: Located, b: Located): boolean {
  if (a.event_type !== b.event_type) return false;
  const fa = a.mention.family, fb = b.mention.family;
  if (fa === fb) return true;
  return a.event_type === "Battles";
}

function compatible(g: MergedEvent, l: Located): boolean {
  const head = g.members[0]!;
  if (head.background !== l.background) return false;
  if (!sameKind(head, l)) return false;
  // Places in a coordinated list are separate events by construction.
  if (placeRule(l) === "events.place.coordinated-list" && g.members.some((m) => placeRule(m) === "events.place.coordinated-list")) return false;
  const strongDates = g.members.filter((m) => !weakDate(m));
  if (!weakDate(l) && strongDates.length && !strongDates.some((m) => m.date === l.date)) return false;
  const strongPlaces = g.members.filter((m) => !weakPlace(m));
  if (!weakPlace(l) && strongPlaces.length && !strongPlaces.some((m) => m.place!.id === l.place!.id || nested(m.place!, l.place!))) return false;
  return true;
}

/** A place and a place inside it (a quarter and its city: same admin3 and close) are the same location for merging. */
function nested(a: PlaceRef, b: PlaceRef): boolean {
  const dLat = (a.latitude - b.latitude) * 111;
  const dLon = (a.longitude - b.longitude) * 111 * Math.cos((a.latitude * Math.PI) / 180);
  return Math.sqrt(dLat * dLat + dLon * dLon) <= 3;
}

function confidenceOf(members: Located[]): number {
  const best = Math.max(...members.map((m) => m.mention.score));
  // Score 3 (the threshold) -> 0.5, each point more adds less; restatements add a little.
  let c = 1 - 0.5 * Math.exp(-(best - 3) / 2);
  c += Math.min(0.1, 0.03 * (members.length - 1));
  if (members.some((m) => m.background)) c -= 0.1;
  return Math.round(Math.max(0.05, Math.min(0.98, c)) * 100) / 100;
}

export function mergeMentions(list: Located[]): MergedEvent[] {
  const groups: MergedEvent[] = [];
  for (const l of list) {
    // Of the compatible events, the one mentioned last: «وأسفر الهجوم عن ...» continues the
    // attack just reported, not an earlier one.
    let g: MergedEvent | undefined;
    for (const x of groups) if (compatible(x, l) && (!g || lastSentence(x) >= lastSentence(g))) g = x;
    if (g) g.members.push(l);
    else groups.push({ members: [l] } as unknown as MergedEvent);
  }
  return groups.map((g) => finish(g.members));
}

const lastSentence = (g: MergedEvent) => g.members[g.members.length - 1]!.mention.sentence;

function finish(members: Located[]): MergedEvent {
  const byScore = [...members].sort((a, b) => b.mention.score - a.mention.score);
  const head = byScore[0]!;
  const dated = members.filter((m) => !weakDate(m)).sort((a, b) => a.precision - b.precision)[0] ?? head;
  const placed = members.filter((m) => !weakPlace(m)).sort((a, b) => (a.place!.geo_precision - b.place!.geo_precision))[0] ?? members.find((m) => m.place) ?? head;
  // Sub-event type: a violence mention with a weapon beats a generic one; territory beats a clash.
  const subRank = (l: Located) => (l.sub_event_type.includes("territory") ? 3 : l.sub_event_type === "Armed clash" || l.sub_event_type === "Attack" ? 1 : 2);
  const typed = [...members].sort((a, b) => subRank(b) - subRank(a) || b.mention.score - a.mention.score)[0]!;
  const maxOf = (f: "fatalities" | "injured" | "captured") => {
    let v: number | null = null;
    for (const m of members) {
      const c = m.mention[f];
      if (c && (v === null || c.value > v)) v = c.value;
    }
    return v;
  };
  const evidence: Span[] = [];
  for (const m of members) if (!evidence.some((e) => e.start === m.evidence.start && e.end === m.evidence.end)) evidence.push(m.evidence);
  const actorOwner = members.find((m) => m.actor1 && m.actor2) ?? members.find((m) => m.actor1) ?? head;
  const assoc: ActorRef[] = [];
  for (const m of members) {
    for (const a of [m.actor1, m.actor2, ...m.assoc]) {
      if (!a || a.id === actorOwner.actor1?.id || a.id === actorOwner.actor2?.id || assoc.some((x) => x.id === a.id)) continue;
      assoc.push(a);
    }
  }
  const decisions: Decision[] = [];
  members.forEach((m, i) => {
    if (i > 0) decisions.push({ field: "merge", value: i, rule: "events.merge.same-type-date-place", span: m.evidence });
    decisions.push(...m.decisions);
  });
  return {
    event_type: typed.event_type,
    sub_event_type: typed.sub_event_type,
    date: dated.date,
    precision: dated.precision,
    place: placed.place,
    background: head.background,
    actor1: actorOwner.actor1,
    actor2: actorOwner.actor2,
    assoc,
    fatalities: maxOf("fatalities"),
    injured: maxOf("injured"),
    captured: maxOf("captured"),
    evidence,
    confidence: confidenceOf(members),
    decisions,
    members,
  };
}
