/**
 * @module store/test-fixtures
 * TEST ONLY (imported by *.test.ts, never by the product): real documents from ../shared/seeds and
 * EventRecords built by hand from the seeds' gold (../shared/eval/dev/seeds.gold.json), so the store
 * and dedup tests run on real Arabic news before the extractor produces events.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { EventRecord } from "../doc/types.ts";
import type { EntityInput, ExtractionResult, NewDocument } from "./types.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
export const SHARED = join(root, "..", "shared");

interface GoldEvent {
  id: string;
  required: boolean;
  event_type: string[];
  sub_event_type: string[];
  event_date: string | null;
  date_tolerance_days: number | null;
  location: { name: string; latitude: number; longitude: number; tolerance_km: number } | null;
  actors: string[];
  evidence: string;
  fatalities?: number[];
  injured?: number[];
}

interface GoldDoc {
  id: string;
  published: string;
  source: string;
  events: GoldEvent[];
}

export interface SeedDoc {
  id: string;
  text: string;
  published: string;
  source: string;
}

let seedsCache: Map<string, SeedDoc> | null = null;
let goldCache: Map<string, GoldDoc> | null = null;

export function seeds(): Map<string, SeedDoc> {
  seedsCache ??= new Map(
    readFileSync(join(SHARED, "seeds", "seeds.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as SeedDoc)
      .map((d) => [d.id, d]),
  );
  return seedsCache;
}

export function gold(): Map<string, GoldDoc> {
  goldCache ??= new Map(
    (JSON.parse(readFileSync(join(SHARED, "eval", "dev", "seeds.gold.json"), "utf8")) as { documents: GoldDoc[] }).documents.map((d) => [d.id, d]),
  );
  return goldCache;
}

/** The governorate of a gold place (the gold gives names and coordinates only). */
function admin1Of(name: string): string {
  return /sweida/i.test(name) ? "As-Sweida" : "Dar'a";
}

/** An EventRecord from a gold event: first alternative of each field, evidence located in `text`. */
export function goldRecord(g: GoldEvent, text: string): EventRecord {
  const at = text.indexOf(g.evidence);
  const loc = g.location;
  return {
    id: g.id,
    event_type: g.event_type[0]!,
    sub_event_type: g.sub_event_type[0]!,
    event_date: g.event_date,
    time_precision: 1,
    actor1: g.actors[0] ? { id: g.actors[0], name: g.actors[0] } : null,
    actor2: g.actors[1] ? { id: g.actors[1], name: g.actors[1] } : null,
    assoc_actors: g.actors.slice(2).map((id) => ({ id, name: id })),
    location: loc
      ? {
          name: loc.name,
          name_ar: "",
          admin1: admin1Of(loc.name),
          admin2: null,
          admin3: null,
          pcode: null,
          latitude: loc.latitude,
          longitude: loc.longitude,
          geo_precision: loc.tolerance_km <= 5 ? 1 : 2,
        }
      : null,
    fatalities: g.fatalities?.[0] ?? null,
    injured: g.injured?.[0] ?? null,
    captured: null,
    evidence: at >= 0 ? [{ start: at, end: at + g.evidence.length }] : [],
    notes: `${g.event_type[0]} (${g.sub_event_type[0]}) near ${loc?.name ?? "an unknown place"}.`,
    confidence: g.required ? 0.9 : 0.6,
    background: !g.required,
    decisions: [{ field: "event", value: g.id, rule: "test.gold" }],
  };
}

/** Person entities found by a name list in the text (enough for storage tests). */
function entities(text: string): EntityInput[] {
  const out: EntityInput[] = [];
  for (const [i, name] of ["داعش", "درعا"].entries()) {
    const at = text.indexOf(name);
    if (at >= 0) out.push({ id: `E${i + 1}`, type: i === 0 ? "ORG" : "LOC", name, aliases: [], mentions: [{ start: at, end: at + name.length }], ...(i === 0 ? { actorId: "isis" } : {}) });
  }
  return out;
}

/** A seed as a NewDocument plus its gold-based extraction. */
export function seedWithGold(id: string, overrides: Partial<NewDocument> = {}): { doc: NewDocument; extraction: ExtractionResult } {
  const s = seeds().get(id);
  const g = gold().get(id);
  if (!s || !g) throw new Error(`test fixture: no seed ${id}`);
  const text = overrides.text ?? s.text;
  return {
    doc: { id: s.id, text: s.text, source: s.source, url: null, title: null, published: s.published, ...overrides },
    extraction: { events: g.events.map((e) => goldRecord(e, text)), entities: entities(text), messages: [] },
  };
}

/** The first `n` paragraphs of a seed: a shortened re-publication by another outlet. */
export function firstParagraphs(id: string, n: number): string {
  return seeds().get(id)!.text.split("\n").slice(0, n).join("\n");
}
