/**
 * @module actors/match
 * Finds actor mentions in a tokenized document with the dictionary trie, decides which country the
 * article is about (so that «الجيش» is the Syrian army in a Syrian article and a generic army
 * elsewhere), resolves «التنظيم» to the article's main organisation, and builds one ORG entity per
 * organisation mentioned.
 */
import type { ActorMention, Doc, Entity, Token } from "../doc/types.ts";
import { actorDictionary, type ActorDictionary, type FormValue } from "./dictionary.ts";
import { keyCacheFor, KeyCache, matchAll, type TrieMatch } from "./trie.ts";
import { stripQuotes } from "../text/normalize.ts";

export interface ActorAnalysis {
  /** Actor mentions (sources excluded), in text order. */
  mentions: ActorMention[];
  /** ORG entities: organisations that are actors (with actorId) and cited sources (isSource). */
  entities: Entity[];
  /** The country the article is about, from its place cues, or null. */
  country: string | null;
  /** The organisation «التنظيم» refers to, or null. */
  mainOrganisation: string | null;
}

/** Most-cued country of the document; ties go to the one cued first. */
export function documentCountry(tokens: Token[], keys: KeyCache, dict: ActorDictionary = actorDictionary()): string | null {
  const counts = new Map<string, number>();
  for (const m of matchAll(dict.cues, tokens, keys)) {
    for (const c of new Set(m.values)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best: string | null = null;
  let n = 0;
  for (const [c, k] of counts) if (k > n) [best, n] = [c, k];
  return best;
}

/** Picks the reading of a form for the document's country: that country's, else the global one, else any. */
function resolveForm(values: FormValue[], country: string | null): FormValue | null {
  let global: FormValue | null = null;
  let other: FormValue | null = null;
  for (const v of values) {
    if (v.resolve) return v;
    if (v.scoped && v.country !== country) continue;
    if (country && v.country === country) return v;
    if (v.country === null) global ??= v;
    else other ??= v;
  }
  return global ?? other;
}


export function analyzeActors(doc: Doc, dict: ActorDictionary = actorDictionary()): ActorAnalysis {
  const tokens = doc.tokens;
  const keys = keyCacheFor(tokens);
  const country = documentCountry(tokens, keys, dict);
  const found: { m: TrieMatch<FormValue>; v: FormValue }[] = [];
  for (const m of matchAll(dict.forms, tokens, keys)) {
    let v = resolveForm(m.values, country);
    // A generic actor in a country's article is that country's actor («مسلحون» in Syria).
    const local = v?.actorId && country ? dict.localize.get(country)?.get(v.actorId) : undefined;
    if (v && local) v = { ...v, actorId: local, scoped: true };
    if (v) found.push({ m, v });
  }

  // The main organisation: the named organisation mentioned most (first mentioned on a tie).
  const counts = new Map<string, number>();
  for (const { v } of found) {
    if (v.actorId && dict.actors.get(v.actorId)!.organisation) counts.set(v.actorId, (counts.get(v.actorId) ?? 0) + 1);
  }
  let main: string | null = null;
  let most = 0;
  for (const [id, k] of counts) if (k > most) [main, most] = [id, k];

  const mentions: ActorMention[] = [];
  const byActor = new Map<string, { m: TrieMatch<FormValue>; text: string }[]>();
  for (const { m, v } of found) {
    const text = doc.text.slice(m.start, m.end);
    if (v.resolve) {
      if (main) mentions.push({ start: m.start, end: m.end, text, actorId: main, rule: "anaphor" });
      continue;
    }
    const info = dict.actors.get(v.actorId!)!;
    if (!info.source) mentions.push({ start: m.start, end: m.end, text, actorId: info.id, rule: v.scoped ? "dictionary-scoped" : "dictionary" });
    if ((info.entity && v.entity) || info.source) {
      let list = byActor.get(info.id);
      if (!list) byActor.set(info.id, (list = []));
      list.push({ m, text });
    }
  }

  const entities: Entity[] = [];
  for (const [id, list] of byActor) {
    const info = dict.actors.get(id)!;
    // The fullest form: the longest one that starts without an attached clitic.
    let name = "";
    let score = -1;
    for (const { m, text } of list) {
      const c = stripQuotes(text);
      const s = c.length + (m.literal ? 1000 : 0);
      if (s > score) [name, score] = [c, s];
    }
    const aliases: string[] = [];
    for (const { m, text } of list) {
      // A form behind an elided article («للمجموعات المحلية») carries its preposition: not an alias.
      if (!m.literal) continue;
      const c = stripQuotes(text);
      if (c !== name && !aliases.includes(c)) aliases.push(c);
    }
    const e: Entity = {
      id: `O${entities.length + 1}`,
      type: "ORG",
      name,
      aliases,
      mentions: list.map(({ m, text }) => ({ start: m.start, end: m.end, text, source: "dictionary" })),
      confidence: 0.9,
    };
    if (info.source) e.isSource = true;
    else e.actorId = id;
    entities.push(e);
  }
  return { mentions, entities, country, mainOrganisation: main };
}
