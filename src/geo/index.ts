/**
 * @module geo
 * Places: the Syria gazetteer (data/gazetteer) and the Arabic geocoder (rasd.geocode.v1).
 *
 * For the events engine, after rasd.geocode.v1 has run:
 *
 *   placeAt(doc, span)  the place of an event stated at `span`:
 *     1. the most specific resolved place mention inside the span (a town beats a governorate);
 *     2. else the nearest resolved mention in the same sentence, by distance in characters, a mention
 *        after the span counting double (so «اشتباكات بمدينة جاسم» gives Jasim, and a place named
 *        earlier in the sentence wins over one far after);
 *     3. else the nearest one before it in the same paragraph;
 *     4. else the article's main place (mainPlace).
 *     Returns the PlaceMention (its `place` is the PlaceRef to use) or null when the article names no place.
 *
 *   mainPlace(doc)  the article's main place: the resolved place with the highest score
 *     mentions × specificity (town/quarter 3, near a town 2, region/governorate 1), plus a bonus for
 *     lying in the article's dominant governorate and for appearing in the first paragraph; countries
 *     and places abroad only when nothing else is named. Returns the PlaceMention of its first mention.
 *
 * Locating phrases («جاسم شمال درعا»: «شمال درعا» only says where Jasim is) are in doc.places with
 * rule "locator" and are never returned by these functions.
 */
import type { Doc, PlaceMention, Span } from "../doc/types.ts";

export { geocode, GEOCODE_SOURCE } from "./geocode.ts";
export { gazetteer, toPlaceRef, distanceKm, type Gazetteer, type GazPlace } from "./gazetteer.ts";
export { nameKey, wordKey } from "./keys.ts";

function usable(m: PlaceMention): boolean {
  return m.place !== null && m.rule !== "locator";
}

function specificity(m: PlaceMention): number {
  const p = m.place!;
  if (p.kind === "country" || p.kind?.startsWith("foreign")) return 0;
  return p.geo_precision === 1 ? 3 : p.geo_precision === 2 ? 2 : 1;
}

function sentenceOf(doc: Doc, offset: number): number {
  const s = doc.sentences;
  let lo = 0, hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid]!.end <= offset) lo = mid + 1;
    else if (s[mid]!.start > offset) hi = mid - 1;
    else return mid;
  }
  return -1;
}

function paragraphOf(doc: Doc, offset: number): number {
  return doc.paragraphs.findIndex((p) => p.start <= offset && offset < p.end);
}

/** The place of something stated at `span` (see the module doc for the order of preference). */
export function placeAt(doc: Doc, span: Span): PlaceMention | null {
  const ms = doc.places.filter(usable);
  if (!ms.length) return null;
  const inside = ms.filter((m) => m.start >= span.start && m.end <= span.end && specificity(m) > 0);
  if (inside.length) return inside.reduce((a, b) => (specificity(b) > specificity(a) ? b : a));
  const sent = sentenceOf(doc, span.start);
  if (sent >= 0) {
    let best: PlaceMention | null = null;
    let bd = Infinity;
    for (const m of ms) {
      if (sentenceOf(doc, m.start) !== sent) continue;
      const d = m.end <= span.start ? span.start - m.end : m.start >= span.end ? 2 * (m.start - span.end) : 0;
      if (d < bd) { bd = d; best = m; }
    }
    if (best) return best;
  }
  const para = paragraphOf(doc, span.start);
  if (para >= 0) {
    const before = ms.filter((m) => m.end <= span.start && paragraphOf(doc, m.start) === para);
    if (before.length) return before[before.length - 1]!;
  }
  return mainPlace(doc);
}

/** The article's main place (see the module doc), or null when it names none. */
export function mainPlace(doc: Doc): PlaceMention | null {
  const ms = doc.places.filter(usable);
  if (!ms.length) return null;
  const byId = new Map<string, PlaceMention[]>();
  const adm1 = new Map<string, number>();
  for (const m of ms) {
    const id = m.place!.id;
    (byId.get(id) ?? byId.set(id, []).get(id)!).push(m);
    if (m.place!.admin1) adm1.set(m.place!.admin1, (adm1.get(m.place!.admin1) ?? 0) + 1);
  }
  let dominant = "";
  let dn = 0;
  for (const [a, n] of adm1) if (n > dn) { dominant = a; dn = n; }
  const firstPara = doc.paragraphs.length ? doc.paragraphs[0]!.end : 0;
  let best: PlaceMention | null = null;
  let bs = -Infinity;
  for (const list of byId.values()) {
    const m = list[0]!;
    const spec = specificity(m);
    let s = spec === 0 ? -100 + list.length : list.length * spec;
    if (m.place!.admin1 && m.place!.admin1 === dominant) s += 2;
    if (list.some((x) => x.start < firstPara)) s += 1;
    if (s > bs) { bs = s; best = m; }
  }
  return best;
}
