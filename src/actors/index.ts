/**
 * @module actors
 * The actor dictionary and what the other stages need from it:
 * - `actorInfo(id)` / `actorRef(id)`: metadata and the {id, name} reference events output;
 * - `ancestors(id)`, `isA(id, ancestor)`: the parent chain (finer ids -> canonical ids);
 * - `canonicalId(id)` / `canonicalRef(id)`: the nearest canonical ancestor (for Syria the ids of
 *   eval/actors.json, which is all the scorer knows: «اللواء 112» -> syrian-government);
 * - `actorsInSpan(doc, span)`: the actor mentions inside a sentence or any span (doc.actors);
 * - `mainOrganisation(doc)`: the organisation «التنظيم» refers to in this article.
 */
import type { ActorMention, ActorRef, Doc, Span } from "../doc/types.ts";
import { actorDictionary, type ActorInfo } from "./dictionary.ts";

export { actorDictionary, loadDictionary, buildDictionary, type ActorInfo, type ActorDictionary, type FormValue } from "./dictionary.ts";
export { analyzeActors, documentCountry, type ActorAnalysis } from "./match.ts";

/** The key under which rasd.actors.v1 keeps its per-document findings in `doc.ext`. */
export const ACTORS_EXT = "rasd.actors.v1";

export interface ActorsExt {
  country: string | null;
  mainOrganisation: string | null;
}

/** Metadata of an actor id: English name, ACLED inter code, parent ... or undefined if unknown. */
export function actorInfo(id: string): ActorInfo | undefined {
  return actorDictionary().actors.get(id);
}

/** The {id, name} reference events carry (English name); null for an unknown id. */
export function actorRef(id: string): ActorRef | null {
  const a = actorInfo(id);
  return a ? { id: a.id, name: a.name } : null;
}

/** The id itself followed by its parents, nearest first. */
export function ancestors(id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (let cur: string | null = id; cur && !seen.has(cur); cur = actorInfo(cur)?.parent ?? null) {
    seen.add(cur);
    out.push(cur);
  }
  return out;
}

/**
 * The nearest id in the parent chain that is declared canonical («اللواء 112» -> "syrian-government",
 * «روسيا» -> "russia"); the id itself when none is (generic and non-Syrian actors).
 */
export function canonicalId(id: string): string {
  for (const a of ancestors(id)) if (actorInfo(a)?.canonical) return a;
  return id;
}

/** The {id, name} reference of the canonical actor of `id` (see canonicalId); null for an unknown id. */
export function canonicalRef(id: string): ActorRef | null {
  return actorRef(canonicalId(id));
}

/** True when `id` is `ancestor` or one of its descendants. */
export function isA(id: string, ancestor: string): boolean {
  return ancestors(id).includes(ancestor);
}

/** Actor mentions of the document that lie inside `span` (a sentence, a clause, an event's evidence). */
export function actorsInSpan(doc: Doc, span: Span): ActorMention[] {
  return doc.actors.filter((a) => a.start >= span.start && a.end <= span.end);
}

/** The article's main armed organisation (what «التنظيم» refers to), or null. Needs rasd.actors.v1. */
export function mainOrganisation(doc: Doc): string | null {
  return (doc.ext[ACTORS_EXT] as ActorsExt | undefined)?.mainOrganisation ?? null;
}

/** The country the article is about according to the actor stage's cues ("SY", "IQ"), or null. */
export function documentCountryOf(doc: Doc): string | null {
  return (doc.ext[ACTORS_EXT] as ActorsExt | undefined)?.country ?? null;
}

/** A global generic actor as the article's country reads it («مسلحون مجهولون» in Syria: unidentified-armed-group). */
export function localActor(doc: Doc, genericId: string): string {
  const country = documentCountryOf(doc);
  return (country && actorDictionary().localize.get(country)?.get(genericId)) || genericId;
}
