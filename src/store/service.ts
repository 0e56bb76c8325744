/**
 * @module store/service
 * The Store, written once over the `Sql` executor: maps rows to domain objects, applies analysts'
 * edits (reviewed values win), runs deduplication inside the document's transaction, pages with
 * keyset cursors. Each backend (store/sqlite, store/postgres) only supplies its executor and
 * migrations.
 */
import type { EventRecord } from "../doc/types.ts";
import { EVENT_TYPES, SUB_EVENT_TYPES } from "../contract/acled.ts";
import { normalize, normalizeWithMap } from "../text/normalize.ts";
import { candidateQuery, canonicalRank, compareRank, matchEvents, type MatchOptions } from "../dedup/match.ts";
import { ancestors } from "../actors/index.ts";
import { contentHashOfNormalized, defaultDocumentId } from "./hash.ts";
import { migrateUp } from "./migrator.ts";
import * as repo from "./repository.ts";
import type { Migration, Sql, SqlDatabase } from "./sql.ts";
import type { DocumentRow, EditRow, EventRow } from "./tables.ts";
import {
  EDITABLE_FIELDS,
  StoreError,
  type Cluster,
  type ClusterMember,
  type DocumentFilter,
  type DocumentStatus,
  type Edit,
  type EditInput,
  type EntityInput,
  type EventFilter,
  type ExtractionResult,
  type NewDocument,
  type Page,
  type PageRequest,
  type ReviewStatus,
  type SaveDocumentOptions,
  type SaveResult,
  type SearchRequest,
  type SearchResult,
  type SplitInput,
  type Store,
  type StoreStats,
  type StoredDocument,
  type StoredEntity,
  type StoredEvent,
} from "./types.ts";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
/** Dedup looks at most at this many candidate events (newest first) per new event. */
const MAX_CANDIDATES = 300;
/** The same for the one query shared by a document's events. */
const MAX_SHARED_CANDIDATES = 2000;
/** Serializes saves across PostgreSQL clients so two reports of one happening cannot both found a cluster. */
const PG_SAVE_LOCK = 727_100;

function nowIso(): string {
  return new Date().toISOString();
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isFinite(limit) || limit < 1) throw new StoreError("E_INVALID", `limit must be a positive integer, found ${limit}`);
  return Math.min(MAX_LIMIT, Math.floor(limit));
}

function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), "utf8").toString("base64url");
}

function decodeCursor(cursor: string | null | undefined, shape: ("string" | "number")[]): (string | number)[] | null {
  if (cursor === undefined || cursor === null || cursor === "") return null;
  try {
    const parts = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(parts) && parts.length === shape.length && parts.every((p, i) => typeof p === shape[i])) return parts as (string | number)[];
  } catch {
    // fall through to the error below
  }
  throw new StoreError("E_INVALID", `invalid cursor "${cursor}": pass back a nextCursor exactly as returned`);
}

function cutDay(published: string | null | undefined): string | null {
  if (!published) return null;
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(published.trim());
  if (!m) throw new StoreError("E_INVALID", `published must be "YYYY-MM-DD" or an ISO date-time, found "${published}"`);
  return m[1]!;
}

/** The indexed columns of an effective record (`keys`: its eventKeys, when the caller has them). */
export function eventColumns(r: EventRecord, keys: EventKeys = eventKeys(r)): repo.EventColumns {
  const loc = r.location;
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
  return {
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    event_date: r.event_date ?? null,
    date_key: r.event_date ?? "",
    time_precision: r.time_precision ?? 1,
    admin1: loc?.admin1 ?? null,
    admin2: loc?.admin2 ?? null,
    admin3: loc?.admin3 ?? null,
    place_name: loc?.name ?? null,
    place_norm: loc ? normalize(loc.name_ar || loc.name || "").trim() || null : null,
    pcode: loc?.pcode ?? null,
    latitude: num(loc?.latitude),
    longitude: num(loc?.longitude),
    actor1_id: r.actor1?.id ?? null,
    actor2_id: r.actor2?.id ?? null,
    fatalities: num(r.fatalities) === null ? null : Math.round(r.fatalities!),
    background: r.background ? 1 : 0,
    confidence: num(r.confidence),
    geo_precision: loc ? (num(loc.geo_precision) ?? 1) : null,
    actor_ids: actorIds(r).join(repo.ACTOR_ID_SEPARATOR),
    place_label: loc ? `${loc.name || loc.name_ar}` : null,
    actor_keys: keys.actors.length ? JSON.stringify(keys.actors) : null,
    place_keys: keys.places.length ? JSON.stringify(keys.places) : null,
  };
}

/** The ids dedup compares, in the order dedup/match.ts reads them. */
function actorIds(r: EventRecord): string[] {
  const out: string[] = [];
  for (const a of [r.actor1, r.actor2, ...(r.assoc_actors ?? [])]) if (a?.id) out.push(a.id);
  return out;
}

/** Ancestors by actor id: the actor dictionary is fixed for the process, and dedup asks often. */
const ancestorCache = new Map<string, string[]>();

function safeAncestors(id: string): string[] {
  let out = ancestorCache.get(id);
  if (out) return out;
  try {
    out = ancestors(id).slice(1);
  } catch {
    out = [];
  }
  if (ancestorCache.size > 50_000) ancestorCache.clear();
  ancestorCache.set(id, out);
  return out;
}

/** columnRecord per candidate row: a document's events share one candidate list (the match only reads records). */
const columnRecords = new WeakMap<repo.CandidateRow, EventRecord | null>();

function cachedColumnRecord(c: repo.CandidateRow): EventRecord | null {
  let r = columnRecords.get(c);
  if (r === undefined) {
    r = columnRecord(c);
    columnRecords.set(c, r);
  }
  return r;
}

/**
 * A candidate's record as dedup reads it, from its columns alone (they hold the effective record's
 * values): type, date, place, actor ids, fatalities. Null for rows written before the dedup
 * columns existed (their record is read instead).
 */
function columnRecord(c: repo.CandidateRow): EventRecord | null {
  if (c.actor_ids === null || c.place_label === null) return null;
  const r = lightRecord(c);
  if (!r.location) return null;
  r.location.name = c.place_label;
  r.location.name_ar = c.place_label;
  // Order is all that matters to the match: actor1, actor2 and associated actors are read in turn.
  r.assoc_actors = c.actor_ids ? c.actor_ids.split(repo.ACTOR_ID_SEPARATOR).map((id) => ({ id, name: id }) as EventRecord["actor1"] & object) : [];
  return r;
}

/** rankOf (see StoreService) of a canonical candidate, from its columns. */
function columnRank(c: repo.CandidateRow): number[] {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const gp = n(c.geo_precision);
  const record = {
    time_precision: Number(c.time_precision),
    location: gp === null ? null : { geo_precision: gp },
    fatalities: n(c.fatalities),
    confidence: n(c.confidence) ?? undefined,
  } as unknown as EventRecord;
  const rank = canonicalRank({ record, reviewStatus: c.review_status, order: Number(c.seq) });
  rank.unshift(c.review_status === "rejected" ? 1 : 0);
  return rank;
}

/** A candidate's record as far as its indexed columns tell (no actors, no names). */
function lightRecord(c: repo.CandidateRow): EventRecord {
  const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: "",
    event_type: c.event_type,
    sub_event_type: c.sub_event_type,
    event_date: c.event_date,
    time_precision: Number(c.time_precision) as 1 | 2 | 3,
    actor1: null,
    actor2: null,
    assoc_actors: [],
    location:
      c.latitude === null || c.longitude === null
        ? null
        : {
            name: "",
            name_ar: "",
            admin1: null,
            admin2: c.admin2,
            admin3: c.admin3,
            pcode: c.pcode,
            latitude: Number(c.latitude),
            longitude: Number(c.longitude),
            geo_precision: (n(c.geo_precision) ?? 1) as 1 | 2 | 3,
          },
    fatalities: n(c.fatalities),
    injured: null,
    captured: null,
    evidence: [],
    notes: "",
    confidence: 0,
    decisions: [],
  };
}

interface EventKeys {
  actors: string[];
  places: string[];
}

/** The actor ids and place keys the filters use, from the effective record (each once, in order). */
function eventKeys(r: EventRecord): EventKeys {
  const actors: string[] = [];
  for (const a of [r.actor1, r.actor2, ...(r.assoc_actors ?? [])]) if (a?.id && !actors.includes(a.id)) actors.push(a.id);
  const places: string[] = [];
  const loc = r.location;
  if (loc) {
    for (const v of [loc.name, loc.name_ar, loc.pcode, loc.admin2, loc.admin3]) {
      const k = v ? repo.placeKey(v) : "";
      if (k && !places.includes(k)) places.push(k);
    }
  }
  return { actors, places };
}

/**
 * Rewrites a stored event with a new effective record: its columns (those listing its keys
 * included), then its key rows (those of `old`, the row before, replaced).
 */
async function rewriteEvent(
  tx: Sql,
  old: repo.KeyedEvent & { seq: number },
  r: EventRecord,
  e: { record_json?: string; overrides_json?: string | null; review_status?: string; now: string },
): Promise<void> {
  const keys = eventKeys(r);
  const seq = Number(old.seq);
  await repo.updateEvent(tx, seq, { ...e, cols: eventColumns(r, keys) });
  await repo.replaceEventKeys(tx, seq, old, r.event_date ?? "", keys.actors, keys.places);
}

/** The normalized text an event is found by: notes, evidence, place and actor names, types. */
function eventSearchText(r: EventRecord, docText: string): string {
  const parts: string[] = [r.notes ?? "", r.event_type, r.sub_event_type];
  for (const s of r.evidence ?? []) if (s && s.end > s.start) parts.push(docText.slice(s.start, s.end));
  if (r.location) parts.push(r.location.name ?? "", r.location.name_ar ?? "", r.location.admin1 ?? "", r.location.admin2 ?? "", r.location.admin3 ?? "");
  for (const a of [r.actor1, r.actor2, ...(r.assoc_actors ?? [])]) if (a) parts.push(a.name ?? "", a.id);
  return normalize(parts.join(" \n ")).toLowerCase();
}

/** `normalizedText` = normalize(text) (normalization maps each unit alone, so it joins). */
function documentSearchText(title: string | null, normalizedText: string): string {
  return `${title ? normalize(title) : ""}\n${normalizedText}`.toLowerCase();
}

/** A short piece of `text` around the first query word, in the original spelling. */
function snippet(text: string, q: string, width = 80): string {
  const words = repo.queryWords(q);
  const n = normalizeWithMap(text);
  const lower = n.text.toLowerCase();
  let at = -1;
  for (const w of words) {
    at = lower.indexOf(w);
    if (at >= 0) break;
  }
  const center = at >= 0 ? n.map[at]! : 0;
  const from = Math.max(0, center - width);
  const to = Math.min(text.length, center + width);
  return `${from > 0 ? "…" : ""}${text.slice(from, to).replace(/\s+/g, " ").trim()}${to < text.length ? "…" : ""}`;
}

function validateEdit(field: string, value: unknown): void {
  const bad = (what: string) => {
    throw new StoreError("E_INVALID", `edit of ${field}: expected ${what}, found ${JSON.stringify(value)}`);
  };
  if (!(EDITABLE_FIELDS as readonly string[]).includes(field)) {
    throw new StoreError("E_INVALID", `field "${field}" cannot be edited; editable fields: ${EDITABLE_FIELDS.join(", ")}`);
  }
  const count = (v: unknown) => v === null || (typeof v === "number" && Number.isInteger(v) && v >= 0);
  const actor = (v: unknown) => v === null || (typeof v === "object" && v !== null && typeof (v as { id?: unknown }).id === "string");
  switch (field) {
    case "event_type":
      if (!(EVENT_TYPES as readonly unknown[]).includes(value)) bad(`one of ${EVENT_TYPES.join(", ")}`);
      break;
    case "sub_event_type":
      if (!Object.values(SUB_EVENT_TYPES).some((l) => (l as readonly unknown[]).includes(value))) bad("an ACLED sub-event type");
      break;
    case "event_date":
      if (!(value === null || (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))))) bad('"YYYY-MM-DD" or null');
      break;
    case "time_precision":
      if (value !== 1 && value !== 2 && value !== 3) bad("1, 2 or 3");
      break;
    case "fatalities":
    case "injured":
    case "captured":
      if (!count(value)) bad("a non-negative integer or null");
      break;
    case "actor1":
    case "actor2":
      if (!actor(value)) bad('{"id", "name"} or null');
      break;
    case "assoc_actors":
      if (!Array.isArray(value) || !value.every((v) => v !== null && actor(v))) bad('[{"id", "name"}]');
      break;
    case "location":
      if (
        !(
          value === null ||
          (typeof value === "object" &&
            typeof (value as { latitude?: unknown }).latitude === "number" &&
            typeof (value as { longitude?: unknown }).longitude === "number")
        )
      )
        bad("a location with latitude and longitude, or null");
      break;
    case "notes":
      if (typeof value !== "string") bad("a string");
      break;
    case "background":
      if (typeof value !== "boolean") bad("true or false");
      break;
  }
}

/**
 * A document's entities as stored (documents.entities_json, one value instead of a row each):
 * [local_id, entity] pairs in extraction order, the local id being the entity's id or `E<n>` by
 * position. Checked here, before anything is written.
 */
function entitiesValue(entities: EntityInput[], documentId: string): string | null {
  if (entities.length === 0) return null;
  const pairs: [string, EntityInput][] = [];
  for (let i = 0; i < entities.length; i++) {
    const e = entities[i]!;
    if (typeof e?.name !== "string" || typeof e?.type !== "string") {
      throw new StoreError("E_INVALID", `entity ${i} of document ${documentId} needs a string name and type`);
    }
    pairs.push([e.id ?? `E${i + 1}`, e]);
  }
  return JSON.stringify(pairs);
}

/** The entities of a stored value: the first of a repeated local id, ordered by local id. */
function storedEntities(documentId: string, pairs: [unknown, EntityInput][] | null): StoredEntity[] {
  const out: StoredEntity[] = [];
  const seen = new Set<string>();
  for (const [local, data] of pairs ?? []) {
    const localId = String(local);
    if (seen.has(localId)) continue;
    seen.add(localId);
    out.push({ id: `${documentId}:${localId}`, documentId, localId, type: data.type, name: data.name, actorId: data.actorId ?? data.actor_id ?? null, data });
  }
  return out.sort((a, b) => (a.localId < b.localId ? -1 : a.localId > b.localId ? 1 : 0));
}

type SearchBounds = NonNullable<ReturnType<typeof candidateQuery>>;

/** The smallest search holding both (types, each precision's window, the box). */
function unionBounds(a: SearchBounds, b: SearchBounds): SearchBounds {
  const lo = (x: string, y: string) => (x < y ? x : y);
  const hi = (x: string, y: string) => (x > y ? x : y);
  return {
    types: a.types.concat(b.types.filter((t) => !a.types.includes(t))),
    windows: [0, 1, 2].map((i) => [lo(a.windows[i]![0], b.windows[i]![0]), hi(a.windows[i]![1], b.windows[i]![1])]) as SearchBounds["windows"],
    lat: [Math.min(a.lat[0], b.lat[0]), Math.max(a.lat[1], b.lat[1])],
    lon: [Math.min(a.lon[0], b.lon[0]), Math.max(a.lon[1], b.lon[1])],
  };
}

/** Small enough to share: day-precise windows within 10 days, a box within 3 degrees. */
function boundsClose(q: SearchBounds): boolean {
  const days = (Date.parse(q.windows[0][1]) - Date.parse(q.windows[0][0])) / 86_400_000;
  return days <= 10 && q.lat[1] - q.lat[0] <= 3 && q.lon[1] - q.lon[0] <= 3;
}

/** Whether a candidate row lies in an event's own search (as repo.dedupCandidates selects). */
function inBounds(c: repo.CandidateRow, q: SearchBounds): boolean {
  if (!q.types.includes(c.event_type)) return false;
  const tp = Number(c.time_precision);
  const w = tp === 1 ? q.windows[0] : tp === 2 ? q.windows[1] : tp === 3 ? q.windows[2] : null;
  const d = c.event_date ?? "";
  if (!w || d < w[0] || d > w[1]) return false;
  const lat = Number(c.latitude);
  const lon = Number(c.longitude);
  return lat >= q.lat[0] && lat <= q.lat[1] && lon >= q.lon[0] && lon <= q.lon[1];
}

/** A new event of this save, with its dedup candidate search (computed once), before it is inserted. */
interface FreshEvent {
  id: string;
  localId: string;
  record: EventRecord;
  recordJson: string;
  query: ReturnType<typeof candidateQuery>;
}

/** Where dedup puts a new event: the cluster of its best match, or a cluster of its own (null). */
interface ClusterMatch {
  seq: number;
  clusterSeq: number;
  candidate: repo.CandidateRow | null;
  score: number;
  reasons: unknown;
}

/**
 * The `order` of a new event in canonicalRank while its seq is not known yet: its seq will be
 * above every stored event's (AUTOINCREMENT, BIGSERIAL), and order is only compared with those.
 */
const UNSAVED_ORDER = Number.MAX_SAFE_INTEGER;

export interface ServiceOptions {
  kind: "sqlite" | "postgres";
  db: SqlDatabase;
  migrations: readonly Migration[];
  dedup?: MatchOptions;
}

export class StoreService implements Store {
  readonly kind: "sqlite" | "postgres";
  private readonly db: SqlDatabase;
  private readonly migrations: readonly Migration[];
  private readonly dedupOptions: MatchOptions;

  constructor(options: ServiceOptions) {
    this.kind = options.kind;
    this.db = options.db;
    this.migrations = options.migrations;
    // Finer actor ids (a division of the army) match their canonical ancestors (the government).
    // The dictionary is optional here: without it, actors match by identical ids only.
    this.dedupOptions = options.dedup ?? { actorAncestors: safeAncestors };
  }

  async migrate(): Promise<void> {
    await migrateUp(this.db, this.migrations);
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  /** JSON columns: text in SQLite, parsed jsonb in PostgreSQL. */
  private json<T>(v: unknown): T {
    if (v === null || v === undefined) return null as T;
    return (this.kind === "sqlite" && typeof v === "string" ? JSON.parse(v) : v) as T;
  }

  private mapDocument(r: DocumentRow): StoredDocument {
    return {
      id: r.id,
      contentHash: r.content_hash,
      text: r.text,
      rawText: r.raw_text ?? null,
      source: r.source,
      url: r.url,
      title: r.title,
      published: r.published,
      status: r.status,
      error: r.error,
      attempts: Number(r.attempts),
      eventCount: Number(r.event_count),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  private effective(row: Pick<EventRow, "record_json" | "overrides_json">): { record: EventRecord; extracted: EventRecord; overrides: Record<string, unknown> } {
    const extracted = this.json<EventRecord>(row.record_json);
    const overrides = this.json<Record<string, unknown> | null>(row.overrides_json) ?? {};
    return { record: { ...extracted, ...overrides } as EventRecord, extracted, overrides };
  }

  private mapEvent(row: repo.EventJoinRow, withExtracted = false): StoredEvent {
    const { record, extracted, overrides } = this.effective(row);
    const sources = this.json<string[] | null>(row.cluster_sources_json);
    const ev: StoredEvent = {
      id: row.id,
      documentId: row.document_id,
      record,
      editedFields: Object.keys(overrides),
      reviewStatus: row.review_status,
      clusterId: row.cluster_seq === null || row.cluster_seq === undefined ? null : repo.formatClusterId(Number(row.cluster_seq)),
      canonical: Number(row.is_canonical) === 1,
      source: row.source,
      url: row.url,
      title: row.title,
      published: row.published,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      clusterSize: row.cluster_size === null || row.cluster_size === undefined ? 1 : Number(row.cluster_size),
      clusterSources: sources ?? (row.source ? [row.source] : []),
    };
    if (withExtracted) ev.extracted = extracted;
    return ev;
  }

  private mapEdit(r: EditRow, eventId: string): Edit {
    return {
      id: String(r.seq),
      eventId,
      field: r.field,
      previous: this.json(r.previous_json),
      value: this.json(r.value_json),
      editor: r.editor,
      note: r.note,
      at: r.at,
    };
  }

  // Documents ---------------------------------------------------------------------------------

  async saveDocument(doc: NewDocument, extraction: ExtractionResult | null, options: SaveDocumentOptions = {}): Promise<SaveResult> {
    if (typeof doc?.text !== "string") throw new StoreError("E_INVALID", "saveDocument: document text must be a string");
    if (extraction !== null && (!Array.isArray(extraction?.events) || !Array.isArray(extraction?.entities))) {
      throw new StoreError("E_INVALID", "saveDocument: extraction must have events and entities arrays (or be null)");
    }
    // One normalization for the content hash and the document's search text.
    const normalizedText = normalize(doc.text);
    const hash = contentHashOfNormalized(normalizedText);
    const id = doc.id ?? defaultDocumentId(hash);
    const published = cutDay(doc.published);
    return this.db.transaction(async (tx) => {
      if (tx.dialect === "postgres") await tx.get(`SELECT pg_advisory_xact_lock(?)`, [PG_SAVE_LOCK]);
      const now = nowIso();
      let row = await repo.documentByHash(tx, hash);
      let created = false;
      if (row) {
        const seen = await repo.sightings(tx, Number(row.seq));
        const source = doc.source ?? null;
        const url = doc.url ?? null;
        if (!seen.some((s) => s.source === source && s.url === url)) {
          await repo.insertSighting(tx, { document_seq: Number(row.seq), source, url, seen_at: now });
        }
        if (extraction === null || (row.status === "processed" && !options.reprocess)) {
          return { document: this.mapDocument(row), created: false, eventIds: [], clusters: [] };
        }
      } else {
        if (await repo.documentById(tx, id)) {
          throw new StoreError("E_ID_CONFLICT", `document id "${id}" is already stored with a different text; give the new text another id`);
        }
        // With its extraction, the row is written once, as processed (the transaction makes the
        // pending state invisible anyway); without, it is pending.
        const done = extraction !== null;
        const fields = {
          id,
          content_hash: hash,
          text: doc.text,
          source: doc.source ?? null,
          url: doc.url ?? null,
          title: doc.title ?? null,
          published,
          status: done ? ("processed" as const) : ("pending" as const),
          event_count: done ? extraction.events.length : 0,
          messages_json: done && extraction.messages ? JSON.stringify(extraction.messages) : null,
          created_at: now,
          updated_at: now,
        };
        const entitiesJson = done ? entitiesValue(extraction.entities, id) : null;
        const seq = await repo.insertDocument(tx, { ...fields, raw_text: doc.rawText ?? null, entities_json: entitiesJson });
        await repo.insertSighting(tx, { document_seq: seq, source: doc.source ?? null, url: doc.url ?? null, seen_at: now });
        await repo.setDocumentSearch(tx, seq, documentSearchText(doc.title ?? null, normalizedText), false);
        created = true;
        // The row as just written (no read back).
        row = { seq, ...fields, error: null, attempts: 0 };
      }
      if (extraction === null) return { document: this.mapDocument(row), created, eventIds: [], clusters: [] };
      const result = await this.writeExtraction(tx, row, extraction, options, now, created);
      // As setDocumentProcessed (or insertDocument) left it.
      const after: DocumentRow = { ...row, status: "processed", error: null, event_count: result.eventIds.length, messages_json: result.messagesJson, updated_at: now };
      return { document: this.mapDocument(after), created, eventIds: result.eventIds, clusters: result.clusters };
    });
  }

  /**
   * Writes a document's entities and events and clusters its new events. `created`: the document
   * row was inserted by this save (as processed, with its event count): it has nothing to delete or
   * update. New events are matched first (reads only: candidates are other documents' events), then
   * each is inserted once with its cluster and canonical flag, so no event row is rewritten.
   */
  private async writeExtraction(
    tx: Sql,
    doc: DocumentRow,
    extraction: ExtractionResult,
    options: SaveDocumentOptions,
    now: string,
    created: boolean,
  ): Promise<Pick<SaveResult, "eventIds" | "clusters"> & { messagesJson: string | null }> {
    const docSeq = Number(doc.seq);

    // A new document has no events yet.
    const existing = created ? new Map<string, EventRow>() : new Map((await repo.eventsOfDocument(tx, docSeq)).map((r) => [r.local_id, r]));
    const seenIds = new Set<string>();
    const fresh: FreshEvent[] = [];
    const eventIds: string[] = [];
    const dedup = options.dedup !== false;
    for (let i = 0; i < extraction.events.length; i++) {
      const rec = extraction.events[i]!;
      if (typeof rec?.event_type !== "string" || typeof rec?.sub_event_type !== "string") {
        throw new StoreError("E_INVALID", `event ${i} of document ${doc.id} needs event_type and sub_event_type strings`);
      }
      let localId = typeof rec.id === "string" && rec.id ? rec.id : `e${i + 1}`;
      if (seenIds.has(localId)) localId = `${localId}.${i + 1}`;
      seenIds.add(localId);
      const id = `${doc.id}:${localId}`;
      const recordJson = JSON.stringify(rec);
      const old = existing.get(localId);
      if (old) {
        const overrides = this.json<Record<string, unknown> | null>(old.overrides_json) ?? {};
        const effective = { ...rec, ...overrides } as EventRecord;
        await rewriteEvent(tx, old, effective, { record_json: recordJson, now });
        await repo.setEventSearch(tx, Number(old.seq), eventSearchText(effective, doc.text), true);
        if (old.cluster_seq !== null) await this.refreshCluster(tx, Number(old.cluster_seq), now);
      } else {
        fresh.push({ id, localId, record: rec, recordJson, query: dedup ? candidateQuery(rec, this.dedupOptions) : null });
      }
      eventIds.push(id);
    }
    for (const [localId, old] of existing) {
      if (seenIds.has(localId)) continue;
      await repo.deleteEvent(tx, Number(old.seq), old);
      if (old.cluster_seq !== null) await this.refreshCluster(tx, Number(old.cluster_seq), now);
    }
    const messagesJson = extraction.messages ? JSON.stringify(extraction.messages) : null;
    // A new document's row holds its entities already.
    if (!created) await repo.setDocumentProcessed(tx, docSeq, eventIds.length, messagesJson, entitiesValue(extraction.entities, doc.id), now);

    // Dedup decisions for the new events, before any of them is written.
    const matches: (ClusterMatch | null)[] = [];
    if (dedup) {
      // Never two events of one document in a cluster: the clusters this document is already in,
      // and those its new events join (a cluster a new event founds holds no candidate).
      const taken = new Set<number>();
      for (const old of existing.values()) if (seenIds.has(old.local_id) && old.cluster_seq !== null) taken.add(Number(old.cluster_seq));
      const shared = await this.sharedCandidates(tx, fresh, docSeq);
      for (const ev of fresh) {
        const m = await this.bestMatch(tx, ev, docSeq, taken, shared.get(ev) ?? null);
        if (m) taken.add(m.clusterSeq);
        matches.push(m);
      }
    }

    // Keys and search rows of new events, written after the loop (memberships are on the event rows).
    const actorRows: [string, number, string][] = [];
    const placeRows: [string, number, string][] = [];
    const searchRows: [number, string][] = [];
    const clusters: SaveResult["clusters"] = [];
    for (let i = 0; i < fresh.length; i++) {
      const ev = fresh[i]!;
      const rec = ev.record;
      const keys = eventKeys(rec);
      const cols = eventColumns(rec, keys);
      const insert = (clusterSeq: number | null, canonical: boolean, member: repo.Membership | null) =>
        repo.insertEvent(tx, {
          id: ev.id,
          document_seq: docSeq,
          local_id: ev.localId,
          record_json: ev.recordJson,
          overrides_json: null,
          source: doc.source,
          now,
          cols,
          cluster_seq: clusterSeq,
          is_canonical: canonical ? 1 : 0,
          member,
        });
      let seq: number;
      if (!dedup) {
        seq = await insert(null, true, null);
      } else {
        const m = matches[i];
        if (m) {
          const member = { matched_event_seq: m.seq, score: m.score, reasons_json: JSON.stringify(m.reasons), added_at: now };
          seq = await this.joinCluster(tx, m, rec, doc.source, now, (clusterSeq, canonical) => insert(clusterSeq, canonical, member));
          clusters.push({ eventId: ev.id, clusterId: repo.formatClusterId(m.clusterSeq), merged: true });
        } else {
          // A cluster of its own: the cluster row first (the event row names it), then its canonical event.
          const clusterSeq = await repo.insertCluster(tx, 0, JSON.stringify(doc.source ? [doc.source] : []), now);
          seq = await insert(clusterSeq, true, { matched_event_seq: null, score: 1, reasons_json: "[]", added_at: now });
          await repo.setClusterCanonical(tx, clusterSeq, seq);
          clusters.push({ eventId: ev.id, clusterId: repo.formatClusterId(clusterSeq), merged: false });
        }
      }
      const dateKey = cols.date_key;
      for (const a of keys.actors) actorRows.push([a, seq, dateKey]);
      for (const p of keys.places) placeRows.push([p, seq, dateKey]);
      searchRows.push([seq, eventSearchText(rec, doc.text)]);
    }
    await repo.insertEventKeys(tx, actorRows, placeRows);
    await repo.insertEventSearch(tx, searchRows);
    return { eventIds, clusters, messagesJson };
  }

  /**
   * One candidate query for each group of a document's new events whose windows are close (an
   * article usually reports events of a few days around its publication, in one region), instead
   * of one per event. Events left alone, or in a group whose list would be truncated, are absent
   * from the map (they query alone).
   */
  private async sharedCandidates(tx: Sql, fresh: FreshEvent[], docSeq: number): Promise<Map<FreshEvent, repo.CandidateRow[]>> {
    const groups: { members: FreshEvent[]; q: SearchBounds }[] = [];
    for (const ev of fresh) {
      if (!ev.query) continue;
      let placed = false;
      for (const g of groups) {
        const q = unionBounds(g.q, ev.query);
        if (!boundsClose(q)) continue;
        g.q = q;
        g.members.push(ev);
        placed = true;
        break;
      }
      if (!placed) groups.push({ members: [ev], q: ev.query });
    }
    const out = new Map<FreshEvent, repo.CandidateRow[]>();
    for (const g of groups) {
      if (g.members.length < 2) continue;
      const rows = await repo.dedupCandidates(tx, { types: g.q.types, windows: g.q.windows, lat: g.q.lat, lon: g.q.lon, documentSeq: docSeq }, MAX_SHARED_CANDIDATES);
      // A truncated list could miss a match: then each event queries alone.
      if (rows.length < MAX_SHARED_CANDIDATES) for (const m of g.members) out.set(m, rows);
    }
    return out;
  }

  /** The cluster a new event joins: that of its best match (among clusters not taken), or null. */
  private async bestMatch(
    tx: Sql,
    ev: FreshEvent,
    docSeq: number,
    taken: ReadonlySet<number>,
    shared: repo.CandidateRow[] | null = null,
  ): Promise<ClusterMatch | null> {
    // A group's list is read down to this event's own search (so grouping never changes a result).
    const query = ev.query;
    if (!query) return null;
    let best: ClusterMatch | null = null;
    // The shared list is a superset of this event's candidates; the match below sorts it.
    const light = shared ? shared.filter((c) => inBounds(c, query)) : await repo.dedupCandidates(tx, { ...query, documentSeq: docSeq }, MAX_CANDIDATES);
    // No split pairs to honour: the event is new, and seqs are never reused (AUTOINCREMENT,
    // BIGSERIAL), so no analyst has split it from anything yet.
    const me = { id: ev.id, documentId: String(docSeq), record: ev.record };
    // Candidates are cluster representatives; their columns hold all the match reads, so no record
    // is parsed. Rows older than those columns: a first pass on the indexed columns (actors left
    // out), then the full records of the few that pass.
    const mine = { id: ev.id, documentId: String(docSeq), record: { ...ev.record, actor1: null, actor2: null, assoc_actors: [] } };
    const legacy: number[] = [];
    const consider = (seq: number, clusterSeq: number, candidate: repo.CandidateRow | null, m: { merge: boolean; score: number; reasons: unknown }) => {
      // Highest score wins; among equals the earliest stored event (as when reading in seq order).
      if (m.merge && (!best || m.score > best.score || (m.score === best.score && seq < best.seq))) best = { seq, clusterSeq, candidate, score: m.score, reasons: m.reasons };
    };
    for (const c of light) {
      const seq = Number(c.seq);
      if (taken.has(Number(c.cluster_seq))) continue;
      const record = cachedColumnRecord(c);
      if (record) {
        consider(seq, Number(c.cluster_seq), c, matchEvents(me, { id: String(seq), documentId: String(c.document_seq), record }, this.dedupOptions));
      } else if (matchEvents(mine, { id: String(seq), documentId: String(c.document_seq), record: lightRecord(c) }, this.dedupOptions).merge) {
        legacy.push(seq);
      }
    }
    for (const c of await repo.eventsBySeqs(tx, legacy)) {
      const m = matchEvents(me, { id: c.id, documentId: String(c.document_seq), record: this.effective(c).record }, this.dedupOptions);
      consider(Number(c.seq), Number(c.cluster_seq), null, m);
    }
    return best;
  }

  private rankOf(r: Pick<EventRow, "record_json" | "overrides_json" | "review_status" | "seq">): number[] {
    const rank = canonicalRank({ record: this.effective(r).record, reviewStatus: r.review_status, order: Number(r.seq) });
    rank.unshift(r.review_status === "rejected" ? 1 : 0);
    return rank;
  }

  /**
   * A new (unreviewed) event joins the cluster of its match: inserted (by `insert`) with that
   * cluster and its canonical flag, then the cluster's size, sources and canonical event updated
   * without reloading the cluster. Returns the event's seq.
   */
  private async joinCluster(
    tx: Sql,
    m: ClusterMatch,
    record: EventRecord,
    source: string | null,
    now: string,
    insert: (clusterSeq: number, canonical: boolean) => Promise<number>,
  ): Promise<number> {
    const clusterSeq = m.clusterSeq;
    const c = await repo.clusterBySeq(tx, clusterSeq);
    let canonSeq: number;
    let canonRank: number[];
    // The matched candidate is a cluster representative, whose columns give its rank.
    if (c && m.candidate && Number(c.canonical_event_seq) === Number(m.candidate.seq)) {
      canonSeq = Number(m.candidate.seq);
      canonRank = columnRank(m.candidate);
    } else {
      const canon = c ? (await repo.eventsBySeqs(tx, [Number(c.canonical_event_seq)]))[0] : undefined;
      if (!c || !canon) {
        const seq = await insert(clusterSeq, false);
        await this.refreshCluster(tx, clusterSeq, now);
        return seq;
      }
      canonSeq = Number(canon.seq);
      canonRank = this.rankOf(canon);
    }
    const sources = this.json<string[]>(c.sources_json) ?? [];
    if (source && !sources.includes(source)) sources.push(source);
    const newRank = [0, ...canonicalRank({ record, reviewStatus: "unreviewed", order: UNSAVED_ORDER })];
    const better = compareRank(newRank, canonRank) < 0;
    const seq = await insert(clusterSeq, better);
    await repo.updateCluster(tx, clusterSeq, better ? seq : canonSeq, Number(c.size) + 1, JSON.stringify(sources), now);
    if (better) await repo.setCanonicalFlag(tx, canonSeq, false);
    return seq;
  }

  /** Recomputes a cluster's size, sources and canonical event; deletes it when empty. */
  private async refreshCluster(tx: Sql, clusterSeq: number, now: string): Promise<void> {
    const rows = await repo.eventsOfCluster(tx, clusterSeq);
    if (rows.length === 0) {
      await repo.deleteCluster(tx, clusterSeq);
      return;
    }
    let best: { seq: number; rank: number[] } | null = null;
    const sources: string[] = [];
    for (const r of rows) {
      const rank = this.rankOf(r);
      if (!best || compareRank(rank, best.rank) < 0) best = { seq: Number(r.seq), rank };
      if (r.source && !sources.includes(r.source)) sources.push(r.source);
    }
    await repo.updateCluster(tx, clusterSeq, best!.seq, rows.length, JSON.stringify(sources), now);
    await repo.setCanonical(tx, clusterSeq, best!.seq);
  }

  async findDocumentByHash(hash: string): Promise<StoredDocument | null> {
    const r = await repo.documentByHash(this.db, hash);
    return r ? this.mapDocument(r) : null;
  }

  async getDocument(id: string, options: { withRaw?: boolean; withEntities?: boolean } = {}): Promise<StoredDocument | null> {
    const r = await repo.documentById(this.db, id, options.withRaw, options.withEntities);
    if (!r) return null;
    const d = this.mapDocument(r);
    d.sightings = (await repo.sightings(this.db, Number(r.seq))).map((s) => ({ source: s.source, url: s.url, seenAt: s.seen_at }));
    if (options.withEntities) {
      d.entities = storedEntities(r.id, this.json<[unknown, EntityInput][] | null>(r.entities_json));
      d.messages = this.json(r.messages_json) ?? [];
    }
    return d;
  }

  async listDocuments(filter: DocumentFilter = {}, page: PageRequest = {}): Promise<Page<StoredDocument>> {
    const limit = clampLimit(page.limit);
    const c = decodeCursor(page.cursor, ["number"]);
    const rows = await repo.listDocuments(this.db, filter, c ? (c[0] as number) : null, limit + 1);
    const items = rows.slice(0, limit).map((r) => this.mapDocument(r));
    return { items, nextCursor: rows.length > limit ? encodeCursor([Number(rows[limit - 1]!.seq)]) : null };
  }

  async markFailed(documentId: string, error: string): Promise<void> {
    const n = await this.db.transaction((tx) => repo.setDocumentFailed(tx, documentId, String(error), nowIso()));
    if (n === 0) throw new StoreError("E_NOT_FOUND", `no document with id "${documentId}"`);
  }

  async listRetry(options: { maxAttempts?: number; limit?: number } = {}): Promise<StoredDocument[]> {
    const rows = await repo.retryDocuments(this.db, options.maxAttempts ?? 3, clampLimit(options.limit ?? 100));
    return rows.map((r) => this.mapDocument(r));
  }

  // Events ------------------------------------------------------------------------------------

  async getEvent(id: string): Promise<StoredEvent | null> {
    const row = await repo.eventById(this.db, id);
    if (!row) return null;
    const ev = this.mapEvent(row, true);
    ev.edits = (await repo.editsOf(this.db, Number(row.seq))).map((e) => this.mapEdit(e, row.id));
    return ev;
  }

  async listEvents(filter: EventFilter = {}, page: PageRequest = {}): Promise<Page<StoredEvent>> {
    const limit = clampLimit(page.limit);
    const c = decodeCursor(page.cursor, ["string", "number"]);
    const rows = await repo.listEvents(this.db, filter, c ? { dateKey: c[0] as string, seq: c[1] as number } : null, limit + 1);
    const items = rows.slice(0, limit).map((r) => this.mapEvent(r));
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.date_key, Number(last.seq)]) : null };
  }

  async *iterateEvents(filter: EventFilter = {}, options: { batchSize?: number } = {}): AsyncIterable<StoredEvent> {
    let cursor: string | null = null;
    do {
      const page: Page<StoredEvent> = await this.listEvents(filter, { limit: options.batchSize ?? 500, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  async countEvents(filter: EventFilter = {}): Promise<number> {
    return repo.countEvents(this.db, filter);
  }

  async recordEdit(edit: EditInput): Promise<StoredEvent> {
    validateEdit(edit.field, edit.value);
    if (!edit.editor || typeof edit.editor !== "string") throw new StoreError("E_INVALID", "an edit needs the editor's name");
    const status = edit.reviewStatus ?? "reviewed";
    await this.db.transaction(async (tx) => {
      const row = await repo.eventById(tx, edit.eventId);
      if (!row) throw new StoreError("E_NOT_FOUND", `no event with id "${edit.eventId}"`);
      const now = nowIso();
      const { record, overrides } = this.effective(row);
      const previous = (record as unknown as Record<string, unknown>)[edit.field] ?? null;
      const nextOverrides = { ...overrides, [edit.field]: edit.value };
      const effective = { ...this.effective(row).extracted, ...nextOverrides } as EventRecord;
      const seq = Number(row.seq);
      await rewriteEvent(tx, row, effective, { overrides_json: JSON.stringify(nextOverrides), review_status: status, now });
      const doc = (await repo.documentById(tx, row.document_id))!;
      await repo.setEventSearch(tx, seq, eventSearchText(effective, doc.text), true);
      await repo.insertEdit(tx, { event_seq: seq, field: edit.field, previous_json: JSON.stringify(previous), value_json: JSON.stringify(edit.value), editor: edit.editor, note: edit.note ?? null, at: now });
      if (status !== row.review_status) {
        await repo.insertEdit(tx, { event_seq: seq, field: "review_status", previous_json: JSON.stringify(row.review_status), value_json: JSON.stringify(status), editor: edit.editor, note: edit.note ?? null, at: now });
      }
      if (row.cluster_seq !== null) await this.refreshCluster(tx, Number(row.cluster_seq), now);
    });
    return (await this.getEvent(edit.eventId))!;
  }

  async setReviewStatus(eventId: string, status: ReviewStatus, editor: string, note: string | null = null): Promise<StoredEvent> {
    if (!["unreviewed", "reviewed", "rejected"].includes(status)) throw new StoreError("E_INVALID", `review status must be unreviewed, reviewed or rejected, found "${status}"`);
    if (!editor) throw new StoreError("E_INVALID", "a review needs the editor's name");
    await this.db.transaction(async (tx) => {
      const row = await repo.eventById(tx, eventId);
      if (!row) throw new StoreError("E_NOT_FOUND", `no event with id "${eventId}"`);
      const now = nowIso();
      await repo.setReviewStatus(tx, Number(row.seq), status, now);
      await repo.insertEdit(tx, { event_seq: Number(row.seq), field: "review_status", previous_json: JSON.stringify(row.review_status), value_json: JSON.stringify(status), editor, note, at: now });
      if (row.cluster_seq !== null) await this.refreshCluster(tx, Number(row.cluster_seq), now);
    });
    return (await this.getEvent(eventId))!;
  }

  async listEdits(eventId: string): Promise<Edit[]> {
    const row = await repo.eventById(this.db, eventId);
    if (!row) throw new StoreError("E_NOT_FOUND", `no event with id "${eventId}"`);
    return (await repo.editsOf(this.db, Number(row.seq))).map((e) => this.mapEdit(e, row.id));
  }

  // Clusters ----------------------------------------------------------------------------------

  private async loadCluster(sql: Sql, seq: number): Promise<Cluster | null> {
    const c = await repo.clusterBySeq(sql, seq);
    if (!c) return null;
    const rows = await repo.eventsOfCluster(sql, seq);
    const members = await repo.membersOf(sql, seq);
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
    const missing = members.map((m) => m.matched_event_seq).filter((s): s is number => s !== null && !bySeq.has(Number(s))).map(Number);
    for (const r of await repo.eventsBySeqs(sql, [...new Set(missing)])) bySeq.set(Number(r.seq), r);
    const canonicalRow = bySeq.get(Number(c.canonical_event_seq)) ?? rows[0];
    if (!canonicalRow) return null;
    const out: ClusterMember[] = [];
    for (const m of members) {
      const r = bySeq.get(Number(m.event_seq));
      if (!r) continue;
      const matched = m.matched_event_seq === null ? undefined : bySeq.get(Number(m.matched_event_seq));
      out.push({
        eventId: r.id,
        documentId: r.document_id,
        matchedEventId: matched ? matched.id : null,
        reasons: this.json(m.reasons_json) ?? [],
        score: Number(m.score),
        source: r.source,
        url: r.url,
        published: r.published,
        addedAt: m.added_at,
      });
    }
    return {
      id: repo.formatClusterId(seq),
      canonicalEventId: canonicalRow.id,
      canonical: this.mapEvent(canonicalRow),
      members: out,
      size: Number(c.size),
      sources: this.json<string[]>(c.sources_json) ?? [],
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    };
  }

  async getCluster(id: string): Promise<Cluster | null> {
    const seq = repo.parseClusterId(id);
    return seq === null ? null : this.loadCluster(this.db, seq);
  }

  async listClusters(options: { minSize?: number } & PageRequest = {}): Promise<Page<Cluster>> {
    const limit = clampLimit(options.limit);
    const c = decodeCursor(options.cursor, ["string", "number"]);
    const rows = await repo.listClusters(this.db, options.minSize ?? 1, c ? { updatedAt: c[0] as string, seq: c[1] as number } : null, limit + 1);
    const items: Cluster[] = [];
    for (const r of rows.slice(0, limit)) {
      const cl = await this.loadCluster(this.db, Number(r.seq));
      if (cl) items.push(cl);
    }
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.updated_at, Number(last.seq)]) : null };
  }

  async splitCluster(input: SplitInput): Promise<[Cluster, Cluster]> {
    const seq = repo.parseClusterId(input.clusterId);
    if (seq === null) throw new StoreError("E_NOT_FOUND", `no cluster with id "${input.clusterId}"`);
    if (!input.editor) throw new StoreError("E_INVALID", "a split needs the editor's name");
    const newSeq = await this.db.transaction(async (tx) => {
      const rows = await repo.eventsOfCluster(tx, seq);
      if (rows.length === 0) throw new StoreError("E_NOT_FOUND", `no cluster with id "${input.clusterId}"`);
      const ids = new Set(input.eventIds);
      const moving = rows.filter((r) => ids.has(r.id));
      const staying = rows.filter((r) => !ids.has(r.id));
      const unknown = [...ids].filter((id) => !rows.some((r) => r.id === id));
      if (unknown.length) throw new StoreError("E_INVALID", `events ${unknown.join(", ")} are not in cluster ${input.clusterId}`);
      if (moving.length === 0 || staying.length === 0) {
        throw new StoreError("E_INVALID", `a split must leave at least one event in cluster ${input.clusterId} and move at least one`);
      }
      const now = nowIso();
      const created = await repo.insertCluster(tx, Number(moving[0]!.seq), "[]", now);
      const reason = JSON.stringify([{ rule: "split", detail: `split from ${input.clusterId} by ${input.editor}${input.note ? `: ${input.note}` : ""}` }]);
      for (const m of moving) {
        await repo.setEventMembership(tx, Number(m.seq), created, { matched_event_seq: null, reasons_json: reason, score: 1, added_at: now });
        await repo.insertEdit(tx, {
          event_seq: Number(m.seq),
          field: "cluster",
          previous_json: JSON.stringify(input.clusterId),
          value_json: JSON.stringify(repo.formatClusterId(created)),
          editor: input.editor,
          note: input.note ?? null,
          at: now,
        });
        for (const s of staying) await repo.insertSplitPair(tx, Number(m.seq), Number(s.seq));
      }
      // Members that were matched against a moved event now point at nothing in their cluster.
      await this.refreshCluster(tx, seq, now);
      await this.refreshCluster(tx, created, now);
      return created;
    });
    const a = await this.loadCluster(this.db, seq);
    const b = await this.loadCluster(this.db, newSeq);
    return [a!, b!];
  }

  // Search ------------------------------------------------------------------------------------

  async search(request: SearchRequest): Promise<SearchResult> {
    if (typeof request?.q !== "string") throw new StoreError("E_INVALID", "search needs a query string q");
    const kind = request.kind ?? "all";
    const limit = clampLimit(request.limit);
    const out: SearchResult = { documents: [], events: [] };
    if (kind !== "events") {
      const page = await this.listDocuments({ ...request.documentFilter, q: request.q }, { limit });
      out.documents = page.items.map((d) => ({ document: d, snippet: snippet(d.text, request.q) }));
    }
    if (kind !== "documents") {
      out.events = (await this.listEvents({ ...request.eventFilter, q: request.q }, { limit })).items;
    }
    return out;
  }

  async stats(): Promise<StoreStats> {
    const documents: Record<DocumentStatus, number> = { pending: 0, processed: 0, failed: 0 };
    for (const r of await repo.stats(this.db)) documents[r.status as DocumentStatus] = Number(r.n);
    return {
      documents,
      events: await repo.count(this.db, "events"),
      clusters: await repo.count(this.db, "clusters"),
      edits: await repo.count(this.db, "edits"),
    };
  }
}
