/**
 * @module store/repository
 * Plain SQL, one function per statement, taking the executor (`Sql`, a connection or a transaction).
 * Written once with `?` placeholders; where the dialects differ (full-text search), the function
 * branches on `sql.dialect`. No logic beyond the statement: that lives in store/service.ts.
 */
import type { Sql } from "./sql.ts";
import type { ClusterMemberRow, ClusterRow, DocumentRow, EditRow, EventRow, SightingRow } from "./tables.ts";
import type { DocumentFilter, EventFilter } from "./types.ts";
import { normalize } from "../text/normalize.ts";

/**
 * Rows per multi-row INSERT on PostgreSQL (one round trip per chunk; few statement shapes to cache,
 * far below the parameter limit). SQLite runs in-process: there one prepared single-row statement
 * per row is faster than a multi-row one (measured: ~0.2 ms less per saved article).
 */
const PG_BATCH_ROWS = 32;

/** `head VALUES (...) tail` for each row (SQLite), or `head VALUES (...), (...) tail` in chunks (PostgreSQL). */
async function insertRows(sql: Sql, head: string, rows: unknown[][], tail = ""): Promise<void> {
  if (rows.length === 0) return;
  const one = `(${rows[0]!.map(() => "?").join(", ")})`;
  if (sql.dialect === "sqlite") {
    await sql.runEach(`${head} VALUES ${one}${tail}`, rows);
    return;
  }
  for (let i = 0; i < rows.length; i += PG_BATCH_ROWS) {
    const chunk = rows.slice(i, i + PG_BATCH_ROWS);
    await sql.run(`${head} VALUES ${chunk.map(() => one).join(", ")}${tail}`, chunk.flat());
  }
}

/**
 * Runs an INSERT into a table whose key is `seq` and returns the new row's seq: SQLite reads it
 * from the statement's result (a RETURNING clause runs the insert as a trigger program with a
 * statement journal: ~8 us more per event row), PostgreSQL from RETURNING.
 */
async function insertReturningSeq(sql: Sql, text: string, params: readonly unknown[]): Promise<number> {
  if (sql.dialect === "sqlite") return Number((await sql.run(text, params)).lastInsertRowid);
  const row = await sql.get<{ seq: number }>(`${text} RETURNING seq`, params);
  return Number(row!.seq);
}

// Documents -------------------------------------------------------------------------------------

const DOC_COLS = "seq, id, content_hash, text, source, url, title, published, status, error, attempts, event_count, messages_json, created_at, updated_at";

export async function documentByHash(sql: Sql, hash: string): Promise<DocumentRow | undefined> {
  return sql.get<DocumentRow>(`SELECT ${DOC_COLS} FROM documents WHERE content_hash = ?`, [hash]);
}

export async function documentById(sql: Sql, id: string, withRaw = false, withEntities = false): Promise<DocumentRow | undefined> {
  return sql.get<DocumentRow>(`SELECT ${DOC_COLS}${withRaw ? ", raw_text" : ""}${withEntities ? ", entities_json" : ""} FROM documents WHERE id = ?`, [id]);
}

/** A new document row: pending, or processed at once when its extraction is saved with it (`messages_json` a JSON string). */
export async function insertDocument(
  sql: Sql,
  d: Omit<DocumentRow, "seq" | "error" | "attempts" | "messages_json"> & { raw_text: string | null; messages_json: string | null; entities_json: string | null },
): Promise<number> {
  return insertReturningSeq(
    sql,
    `INSERT INTO documents (id, content_hash, text, raw_text, source, url, title, published, status, event_count, messages_json, entities_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [d.id, d.content_hash, d.text, d.raw_text, d.source, d.url, d.title, d.published, d.status, d.event_count, d.messages_json, d.entities_json, d.created_at, d.updated_at],
  );
}

export async function setDocumentProcessed(sql: Sql, seq: number, eventCount: number, messagesJson: string | null, entitiesJson: string | null, now: string): Promise<void> {
  await sql.run(
    `UPDATE documents SET status = 'processed', error = NULL, event_count = ?, messages_json = ?, entities_json = ?, updated_at = ? WHERE seq = ?`,
    [eventCount, messagesJson, entitiesJson, now, seq],
  );
}

export async function setDocumentFailed(sql: Sql, id: string, error: string, now: string): Promise<number> {
  const r = await sql.run(`UPDATE documents SET status = 'failed', error = ?, attempts = attempts + 1, updated_at = ? WHERE id = ?`, [error, now, id]);
  return r.changes;
}

export async function setDocumentSearch(sql: Sql, seq: number, norm: string, replace: boolean): Promise<void> {
  if (sql.dialect === "sqlite") {
    if (replace) await sql.run(`DELETE FROM documents_fts WHERE rowid = ?`, [seq]);
    await sql.run(`INSERT INTO documents_fts (rowid, body) VALUES (?, ?)`, [seq, norm]);
  } else {
    await sql.run(`UPDATE documents SET search_norm = ? WHERE seq = ?`, [norm, seq]);
  }
}

export async function insertSighting(sql: Sql, s: SightingRow): Promise<void> {
  await sql.run(`INSERT INTO document_sightings (document_seq, source, url, seen_at) VALUES (?, ?, ?, ?)`, [s.document_seq, s.source, s.url, s.seen_at]);
}

export async function sightings(sql: Sql, documentSeq: number): Promise<SightingRow[]> {
  return sql.all<SightingRow>(`SELECT document_seq, source, url, seen_at FROM document_sightings WHERE document_seq = ? ORDER BY seen_at, url`, [documentSeq]);
}

/** Full-text condition on documents (alias d), or null when the query has no searchable word. */
export function documentTextCondition(sql: Sql, q: string): { cond: string; param: string } | null {
  if (sql.dialect === "sqlite") {
    const m = ftsQuery(q);
    return m ? { cond: `d.seq IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)`, param: m } : null;
  }
  const t = queryWords(q).join(" ");
  return t ? { cond: `d.search_tsv @@ plainto_tsquery('simple', ?)`, param: t } : null;
}

export function eventTextCondition(sql: Sql, q: string): { cond: string; param: string } | null {
  if (sql.dialect === "sqlite") {
    const m = ftsQuery(q);
    return m ? { cond: `e.seq IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?)`, param: m } : null;
  }
  const t = queryWords(q).join(" ");
  return t ? { cond: `e.search_tsv @@ plainto_tsquery('simple', ?)`, param: t } : null;
}

/** Words of a query, Arabic-normalized, as the indexes hold them. */
export function queryWords(q: string): string[] {
  return normalize(q)
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
}

/** An FTS5 MATCH expression: every word, each quoted (so no word is read as an operator). */
function ftsQuery(q: string): string | null {
  const words = queryWords(q);
  return words.length ? words.map((w) => `"${w}"`).join(" ") : null;
}

function inList(col: string, v: string | string[] | undefined, where: string[], params: unknown[]): void {
  if (v === undefined) return;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return;
  where.push(list.length === 1 ? `${col} = ?` : `${col} IN (${list.map(() => "?").join(", ")})`);
  params.push(...list);
}

export function documentWhere(sql: Sql, f: DocumentFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  inList("d.status", f.status, where, params);
  inList("d.source", f.source, where, params);
  if (f.publishedFrom) {
    where.push("d.published >= ?");
    params.push(f.publishedFrom);
  }
  if (f.publishedTo) {
    where.push("d.published <= ?");
    params.push(f.publishedTo);
  }
  if (f.q !== undefined) {
    const c = documentTextCondition(sql, f.q);
    if (c) {
      where.push(c.cond);
      params.push(c.param);
    } else where.push("1 = 0");
  }
  return { where, params };
}

export async function listDocuments(sql: Sql, f: DocumentFilter, beforeSeq: number | null, limit: number): Promise<DocumentRow[]> {
  const { where, params } = documentWhere(sql, f);
  if (beforeSeq !== null) {
    where.push("d.seq < ?");
    params.push(beforeSeq);
  }
  const cols = DOC_COLS.split(", ").map((c) => `d.${c}`).join(", ");
  return sql.all<DocumentRow>(
    `SELECT ${cols} FROM documents d ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY d.seq DESC LIMIT ?`,
    [...params, limit],
  );
}

export async function retryDocuments(sql: Sql, maxAttempts: number, limit: number): Promise<DocumentRow[]> {
  return sql.all<DocumentRow>(
    `SELECT ${DOC_COLS} FROM documents WHERE status = 'pending' OR (status = 'failed' AND attempts < ?) ORDER BY seq LIMIT ?`,
    [maxAttempts, limit],
  );
}

// Entities --------------------------------------------------------------------------------------
// A document's entities are one JSON value on its row (documents.entities_json, migration 0600):
// [local_id, entity] pairs, written with the row (insertDocument) or by setDocumentProcessed.

export async function entitiesJsonOf(sql: Sql, documentSeq: number): Promise<unknown> {
  return (await sql.get<{ entities_json: unknown }>(`SELECT entities_json FROM documents WHERE seq = ?`, [documentSeq]))?.entities_json ?? null;
}

// Events ----------------------------------------------------------------------------------------

/** The indexed columns derived from an event's effective record. */
export interface EventColumns {
  event_type: string;
  sub_event_type: string;
  event_date: string | null;
  date_key: string;
  time_precision: number;
  admin1: string | null;
  admin2: string | null;
  admin3: string | null;
  place_name: string | null;
  place_norm: string | null;
  pcode: string | null;
  latitude: number | null;
  longitude: number | null;
  actor1_id: string | null;
  actor2_id: string | null;
  fatalities: number | null;
  background: number;
  confidence: number | null;
  geo_precision: number | null;
  /** Effective actor ids (actor1, actor2, associated; those with an id, in order) joined by U+001F. */
  actor_ids: string;
  /** The place label merge reasons quote: `${name || name_ar}`; null without a location. */
  place_label: string | null;
  /** The event's rows in event_actor_keys and event_place_keys: JSON arrays of the keys, null when none. */
  actor_keys: string | null;
  place_keys: string | null;
}

/** Separates the ids in events.actor_ids (never part of an actor id). */
export const ACTOR_ID_SEPARATOR = "\u001f";

const COLUMN_NAMES: (keyof EventColumns)[] = [
  "event_type", "sub_event_type", "event_date", "date_key", "time_precision", "admin1", "admin2", "admin3", "place_name",
  "place_norm", "pcode", "latitude", "longitude", "actor1_id", "actor2_id", "fatalities", "background", "confidence", "geo_precision",
  "actor_ids", "place_label", "actor_keys", "place_keys",
];

const INSERT_EVENT_NAMES = [
  "id", "document_seq", "local_id", "record_json", "overrides_json", "source", "created_at", "updated_at", "cluster_seq", "is_canonical",
  "matched_event_seq", "match_score", "match_reasons_json", "clustered_at", ...COLUMN_NAMES,
];
const INSERT_EVENT = `INSERT INTO events (${INSERT_EVENT_NAMES.join(", ")}) VALUES (${INSERT_EVENT_NAMES.map(() => "?").join(", ")})`;

/**
 * How an event came into its cluster (migration 0700 keeps it on the event row): the event it was
 * matched with (null: it founded the cluster, or was split into it), the score and reasons, when.
 */
export interface Membership {
  matched_event_seq: number | null;
  score: number;
  reasons_json: string;
  added_at: string;
}

/** A new event row, with its cluster (null: not deduplicated) and canonical flag as they are to stay. */
export async function insertEvent(
  sql: Sql,
  e: {
    id: string;
    document_seq: number;
    local_id: string;
    record_json: string;
    overrides_json: string | null;
    source: string | null;
    now: string;
    cols: EventColumns;
    cluster_seq: number | null;
    is_canonical: number;
    /** Its membership of that cluster (null: none). */
    member: Membership | null;
  },
): Promise<number> {
  const m = e.member;
  const values = [
    e.id, e.document_seq, e.local_id, e.record_json, e.overrides_json, e.source, e.now, e.now, e.cluster_seq, e.is_canonical,
    m ? m.matched_event_seq : null, m ? m.score : null, m ? m.reasons_json : null, m ? m.added_at : null,
    ...COLUMN_NAMES.map((c) => e.cols[c]),
  ];
  return insertReturningSeq(sql, INSERT_EVENT, values);
}

export async function updateEvent(
  sql: Sql,
  seq: number,
  e: { record_json?: string; overrides_json?: string | null; review_status?: string; now: string; cols: EventColumns },
): Promise<void> {
  const sets: string[] = [];
  const params: unknown[] = [];
  if (e.record_json !== undefined) {
    sets.push("record_json = ?");
    params.push(e.record_json);
  }
  if (e.overrides_json !== undefined) {
    sets.push("overrides_json = ?");
    params.push(e.overrides_json);
  }
  if (e.review_status !== undefined) {
    sets.push("review_status = ?");
    params.push(e.review_status);
  }
  for (const c of COLUMN_NAMES) {
    sets.push(`${c} = ?`);
    params.push(e.cols[c]);
  }
  sets.push("updated_at = ?");
  params.push(e.now);
  await sql.run(`UPDATE events SET ${sets.join(", ")} WHERE seq = ?`, [...params, seq]);
}

export async function setEventSearch(sql: Sql, seq: number, norm: string, replace: boolean): Promise<void> {
  if (sql.dialect === "sqlite") {
    if (replace) await sql.run(`DELETE FROM events_fts WHERE rowid = ?`, [seq]);
    await sql.run(`INSERT INTO events_fts (rowid, body) VALUES (?, ?)`, [seq, norm]);
  } else {
    await sql.run(`UPDATE events SET search_norm = ? WHERE seq = ?`, [norm, seq]);
  }
}

/** Search rows of events inserted in this transaction (batched in SQLite). */
export async function insertEventSearch(sql: Sql, rows: [seq: number, norm: string][]): Promise<void> {
  if (sql.dialect === "sqlite") await insertRows(sql, `INSERT INTO events_fts (rowid, body)`, rows);
  else for (const [seq, norm] of rows) await setEventSearch(sql, seq, norm, false);
}

/** Actor and place keys of events inserted in this transaction (batched). */
export async function insertEventKeys(sql: Sql, actorRows: [actorId: string, seq: number, dateKey: string][], placeRows: [placeKey: string, seq: number, dateKey: string][]): Promise<void> {
  await insertRows(sql, `INSERT INTO event_actor_keys (actor_id, event_seq, date_key)`, actorRows, ` ON CONFLICT DO NOTHING`);
  await insertRows(sql, `INSERT INTO event_place_keys (place_key, event_seq, date_key)`, placeRows, ` ON CONFLICT DO NOTHING`);
}

/** Where an event's key rows are: its date_key and the keys its row lists (actor_keys, place_keys). */
export type KeyedEvent = Pick<EventRow, "date_key" | "actor_keys" | "place_keys">;

/** The keys an event row lists (a JSON array: text in SQLite and PostgreSQL; null: none). */
function keyList(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  const list = typeof v === "string" ? (JSON.parse(v) as unknown) : v;
  return Array.isArray(list) ? list.map(String) : [];
}

/** Deletes an event's key rows by primary key (the key tables have no index by event). */
async function deleteEventKeys(sql: Sql, seq: number, old: KeyedEvent): Promise<void> {
  const actors = keyList(old.actor_keys);
  const places = keyList(old.place_keys);
  if (actors.length) await sql.runEach(`DELETE FROM event_actor_keys WHERE actor_id = ? AND date_key = ? AND event_seq = ?`, actors.map((k) => [k, old.date_key, seq]));
  if (places.length) await sql.runEach(`DELETE FROM event_place_keys WHERE place_key = ? AND date_key = ? AND event_seq = ?`, places.map((k) => [k, old.date_key, seq]));
}

/**
 * Rewrites the actor and place keys of a stored event (used by the actor and place filters): those
 * its row listed (`old`, the row before its update) go, the new ones (the row's new actor_keys and
 * place_keys) come.
 */
export async function replaceEventKeys(sql: Sql, seq: number, old: KeyedEvent, dateKey: string, actorIds: string[], placeKeys: string[]): Promise<void> {
  await deleteEventKeys(sql, seq, old);
  await insertEventKeys(
    sql,
    actorIds.map((a) => [a, seq, dateKey]),
    placeKeys.map((p) => [p, seq, dateKey]),
  );
}

/** The key a place name, p-code or admin name is filtered by. */
export function placeKey(s: string): string {
  return normalize(s).toLowerCase().replace(/\s+/g, " ").trim();
}

export async function deleteEvent(sql: Sql, seq: number, old: KeyedEvent): Promise<void> {
  await deleteEventKeys(sql, seq, old);
  if (sql.dialect === "sqlite") await sql.run(`DELETE FROM events_fts WHERE rowid = ?`, [seq]);
  await sql.run(`DELETE FROM events WHERE seq = ?`, [seq]);
}

export async function setReviewStatus(sql: Sql, seq: number, status: string, now: string): Promise<void> {
  await sql.run(`UPDATE events SET review_status = ?, updated_at = ? WHERE seq = ?`, [status, now, seq]);
}

/** Event rows joined with their document and cluster, as the service maps them. */
export type EventJoinRow = EventRow & {
  document_id: string;
  url: string | null;
  title: string | null;
  published: string | null;
  cluster_sources_json: unknown;
  cluster_size: number | null;
};

const EVENT_COLUMNS = `e.*, d.id AS document_id, d.url AS url, d.title AS title, d.published AS published,
  c.sources_json AS cluster_sources_json, c.size AS cluster_size`;
const EVENT_JOINS = `JOIN documents d ON d.seq = e.document_seq LEFT JOIN clusters c ON c.seq = e.cluster_seq`;
const EVENT_SELECT = `SELECT ${EVENT_COLUMNS} FROM events e ${EVENT_JOINS}`;

export async function eventById(sql: Sql, id: string): Promise<EventJoinRow | undefined> {
  return sql.get<EventJoinRow>(`${EVENT_SELECT} WHERE e.id = ?`, [id]);
}

export async function eventsBySeqs(sql: Sql, seqs: number[]): Promise<EventJoinRow[]> {
  if (seqs.length === 0) return [];
  return sql.all<EventJoinRow>(`${EVENT_SELECT} WHERE e.seq IN (${seqs.map(() => "?").join(", ")}) ORDER BY e.seq`, seqs);
}

export async function eventsOfDocument(sql: Sql, documentSeq: number): Promise<EventRow[]> {
  return sql.all<EventRow>(`SELECT * FROM events WHERE document_seq = ? ORDER BY seq`, [documentSeq]);
}

export async function eventsOfCluster(sql: Sql, clusterSeq: number): Promise<EventJoinRow[]> {
  return sql.all<EventJoinRow>(`${EVENT_SELECT} WHERE e.cluster_seq = ? ORDER BY e.seq`, [clusterSeq]);
}

/**
 * The key table a filtered list is driven by: with one actor (or a place), the page is read from
 * that key table's (key, date_key, event_seq) index in order, instead of scanning all events.
 */
export interface Driver {
  table: "event_actor_keys" | "event_place_keys";
  column: "actor_id" | "place_key";
  value: string;
}

export function driverOf(f: EventFilter): Driver | null {
  const actors = f.actor === undefined ? [] : Array.isArray(f.actor) ? f.actor : [f.actor];
  if (actors.length === 1) return { table: "event_actor_keys", column: "actor_id", value: actors[0]! };
  if (f.place !== undefined) return { table: "event_place_keys", column: "place_key", value: placeKey(f.place) };
  return null;
}

export function eventWhere(sql: Sql, f: EventFilter, driver: Driver | null = null): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.dateFrom) {
    where.push("e.date_key >= ?");
    params.push(f.dateFrom);
  }
  if (f.dateTo) {
    // date_key "" (undated) is below every date, so the upper bound alone would keep undated events.
    where.push("e.date_key <= ?");
    params.push(f.dateTo);
    if (!f.dateFrom) where.push("e.date_key <> ''");
  }
  inList("e.event_type", f.eventType, where, params);
  inList("e.sub_event_type", f.subEventType, where, params);
  inList("e.admin1", f.admin1, where, params);
  inList("e.source", f.source, where, params);
  inList("e.review_status", f.reviewStatus, where, params);
  if (f.place !== undefined && driver?.table !== "event_place_keys") {
    where.push("EXISTS (SELECT 1 FROM event_place_keys p WHERE p.place_key = ? AND p.event_seq = e.seq)");
    params.push(placeKey(f.place));
  }
  if (f.actor !== undefined && driver?.table !== "event_actor_keys") {
    const list = Array.isArray(f.actor) ? f.actor : [f.actor];
    if (list.length) {
      where.push(`EXISTS (SELECT 1 FROM event_actor_keys a WHERE a.event_seq = e.seq AND a.actor_id IN (${list.map(() => "?").join(", ")}))`);
      params.push(...list);
    }
  }
  if (f.documentId !== undefined) {
    where.push("e.document_seq = (SELECT seq FROM documents WHERE id = ?)");
    params.push(f.documentId);
  }
  if (f.clusterId !== undefined) {
    where.push("e.cluster_seq = ?");
    params.push(parseClusterId(f.clusterId) ?? -1);
  }
  if (f.canonicalOnly) where.push("e.is_canonical = 1");
  if (f.includeBackground === false) where.push("e.background = 0");
  if (!f.includeRejected && f.reviewStatus === undefined) where.push("e.review_status <> 'rejected'");
  if (f.q !== undefined) {
    const c = eventTextCondition(sql, f.q);
    if (c) {
      where.push(c.cond);
      params.push(c.param);
    } else where.push("1 = 0");
  }
  return { where, params };
}

/** One page in (date_key DESC, seq DESC) order, after the keyset position `after`. */
export async function listEvents(sql: Sql, f: EventFilter, after: { dateKey: string; seq: number } | null, limit: number): Promise<EventJoinRow[]> {
  const driver = driverOf(f);
  const { where, params } = eventWhere(sql, f, driver);
  // Order and keyset on the driving index's columns (equal to e.date_key, e.seq).
  const [dk, sq] = driver ? ["k.date_key", "k.event_seq"] : ["e.date_key", "e.seq"];
  if (driver) {
    where.unshift(`k.${driver.column} = ?`);
    params.unshift(driver.value);
  }
  if (after) {
    where.push(`(${dk} < ? OR (${dk} = ? AND ${sq} < ?))`);
    params.push(after.dateKey, after.dateKey, after.seq);
  }
  const from = driver ? `FROM ${driver.table} k JOIN events e ON e.seq = k.event_seq ${EVENT_JOINS}` : `FROM events e ${EVENT_JOINS}`;
  return sql.all<EventJoinRow>(
    `SELECT ${EVENT_COLUMNS} ${from} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY ${dk} DESC, ${sq} DESC LIMIT ?`,
    [...params, limit],
  );
}

export async function countEvents(sql: Sql, f: EventFilter): Promise<number> {
  const { where, params } = eventWhere(sql, f);
  const row = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM events e ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`, params);
  return Number(row?.n ?? 0);
}

/** What the dedup candidate query needs (see dedup/match.ts candidateQuery). */
export interface CandidateQuery {
  types: string[];
  /** Inclusive event_date windows for candidates of precision 1, 2 and 3 (or coarser). */
  windows: [[string, string], [string, string], [string, string]];
  lat: [number, number];
  lon: [number, number];
  documentSeq: number;
}

/**
 * Events that may report the same happening as a new event: compatible type, date, within a box.
 * Only canonical events: a new report is compared with each cluster's representative (the most
 * precise report), so a story told by forty outlets costs one comparison, not forty.
 */
/** The indexed columns of a candidate: enough to rule most candidates out before reading records. */
export interface CandidateRow {
  seq: number;
  cluster_seq: number;
  document_seq: number;
  event_type: string;
  sub_event_type: string;
  event_date: string | null;
  time_precision: number;
  latitude: number | null;
  longitude: number | null;
  geo_precision: number | null;
  admin2: string | null;
  admin3: string | null;
  pcode: string | null;
  fatalities: number | null;
  review_status: string;
  confidence: number | null;
  /** Null on rows written before the dedup columns existed: then the record is read. */
  actor_ids: string | null;
  place_label: string | null;
}

export async function dedupCandidates(sql: Sql, q: CandidateQuery, limit: number): Promise<CandidateRow[]> {
  // One index range per candidate precision: a day-precise candidate must fall in a window of a few
  // days, not the month-wide window that coarser ones need.
  const types = q.types.map(() => "?").join(", ");
  const branch = (precision: string) =>
    `SELECT seq FROM events WHERE event_type IN (${types}) AND time_precision ${precision} AND is_canonical = 1 AND date_key >= ? AND date_key <= ? AND latitude >= ? AND latitude <= ? AND longitude >= ? AND longitude <= ?`;
  const params: unknown[] = [];
  q.windows.forEach((w) => params.push(...q.types, w[0], w[1], q.lat[0], q.lat[1], q.lon[0], q.lon[1]));
  // No LIMIT in the SQL: with one, SQLite evaluates this statement several times slower (measured:
  // ~250 vs ~65 us for a handful of rows); the index ranges already bound the rows, cut here.
  const rows = await sql.all<CandidateRow>(
    `SELECT e.seq, e.cluster_seq, e.document_seq, e.event_type, e.sub_event_type, e.event_date, e.time_precision, e.latitude, e.longitude,
       e.geo_precision, e.admin2, e.admin3, e.pcode, e.fatalities, e.review_status, e.confidence, e.actor_ids, e.place_label
     FROM events e WHERE e.seq IN (${branch("= 1")} UNION ALL ${branch("= 2")} UNION ALL ${branch("= 3")})
     AND e.document_seq <> ? AND e.review_status <> 'rejected' AND e.cluster_seq IS NOT NULL`,
    [...params, q.documentSeq],
  );
  return rows.length > limit ? rows.slice(0, limit) : rows;
}

// Clusters --------------------------------------------------------------------------------------

export function formatClusterId(seq: number): string {
  return `c-${seq}`;
}

export function parseClusterId(id: string): number | null {
  const m = /^c-(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

export async function insertCluster(sql: Sql, canonicalSeq: number, sourcesJson: string, now: string): Promise<number> {
  return insertReturningSeq(sql, `INSERT INTO clusters (canonical_event_seq, size, sources_json, created_at, updated_at) VALUES (?, 1, ?, ?, ?)`, [canonicalSeq, sourcesJson, now, now]);
}

/** Names a new cluster's canonical event (inserted after the cluster row, which it refers to). */
export async function setClusterCanonical(sql: Sql, seq: number, canonicalSeq: number): Promise<void> {
  await sql.run(`UPDATE clusters SET canonical_event_seq = ? WHERE seq = ?`, [canonicalSeq, seq]);
}

export async function updateCluster(sql: Sql, seq: number, canonicalSeq: number, size: number, sourcesJson: string, now: string): Promise<void> {
  await sql.run(`UPDATE clusters SET canonical_event_seq = ?, size = ?, sources_json = ?, updated_at = ? WHERE seq = ?`, [canonicalSeq, size, sourcesJson, now, seq]);
}

export async function deleteCluster(sql: Sql, seq: number): Promise<void> {
  await sql.run(`DELETE FROM clusters WHERE seq = ?`, [seq]);
}

export async function clusterBySeq(sql: Sql, seq: number): Promise<ClusterRow | undefined> {
  return sql.get<ClusterRow>(`SELECT * FROM clusters WHERE seq = ?`, [seq]);
}

export async function listClusters(sql: Sql, minSize: number, after: { updatedAt: string; seq: number } | null, limit: number): Promise<ClusterRow[]> {
  const params: unknown[] = [minSize];
  let cond = "";
  if (after) {
    cond = " AND (updated_at < ? OR (updated_at = ? AND seq < ?))";
    params.push(after.updatedAt, after.updatedAt, after.seq);
  }
  return sql.all<ClusterRow>(`SELECT * FROM clusters WHERE size >= ?${cond} ORDER BY updated_at DESC, seq DESC LIMIT ?`, [...params, limit]);
}

/** Moves an event to another cluster, with its membership there. */
export async function setEventMembership(sql: Sql, eventSeq: number, clusterSeq: number, m: Membership): Promise<void> {
  await sql.run(`UPDATE events SET cluster_seq = ?, matched_event_seq = ?, match_score = ?, match_reasons_json = ?, clustered_at = ? WHERE seq = ?`, [
    clusterSeq,
    m.matched_event_seq,
    m.score,
    m.reasons_json,
    m.added_at,
    eventSeq,
  ]);
}

export async function setCanonical(sql: Sql, clusterSeq: number, canonicalSeq: number): Promise<void> {
  await sql.run(`UPDATE events SET is_canonical = CASE WHEN seq = ? THEN 1 ELSE 0 END WHERE cluster_seq = ?`, [canonicalSeq, clusterSeq]);
}

export async function setCanonicalFlag(sql: Sql, eventSeq: number, canonical: boolean): Promise<void> {
  await sql.run(`UPDATE events SET is_canonical = ? WHERE seq = ?`, [canonical ? 1 : 0, eventSeq]);
}

/** The members of a cluster: its events with a membership (all of them, as the store writes them). */
export async function membersOf(sql: Sql, clusterSeq: number): Promise<ClusterMemberRow[]> {
  return sql.all<ClusterMemberRow>(
    `SELECT seq AS event_seq, cluster_seq, matched_event_seq, match_reasons_json AS reasons_json, match_score AS score, clustered_at AS added_at
     FROM events WHERE cluster_seq = ? AND clustered_at IS NOT NULL ORDER BY seq`,
    [clusterSeq],
  );
}

export async function insertSplitPair(sql: Sql, a: number, b: number): Promise<void> {
  await sql.run(`INSERT INTO split_pairs (event_a, event_b) VALUES (?, ?) ON CONFLICT DO NOTHING`, [Math.min(a, b), Math.max(a, b)]);
}

export async function splitPartners(sql: Sql, seq: number): Promise<Set<number>> {
  const rows = await sql.all<{ other: number }>(
    `SELECT event_b AS other FROM split_pairs WHERE event_a = ? UNION SELECT event_a AS other FROM split_pairs WHERE event_b = ?`,
    [seq, seq],
  );
  return new Set(rows.map((r) => Number(r.other)));
}

// Edits -----------------------------------------------------------------------------------------

export async function insertEdit(sql: Sql, e: Omit<EditRow, "seq" | "previous_json" | "value_json"> & { previous_json: string; value_json: string }): Promise<number> {
  return insertReturningSeq(
    sql,
    `INSERT INTO edits (event_seq, field, previous_json, value_json, editor, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [e.event_seq, e.field, e.previous_json, e.value_json, e.editor, e.note, e.at],
  );
}

export async function editsOf(sql: Sql, eventSeq: number): Promise<EditRow[]> {
  return sql.all<EditRow>(`SELECT * FROM edits WHERE event_seq = ? ORDER BY seq`, [eventSeq]);
}

// Stats -----------------------------------------------------------------------------------------

export async function stats(sql: Sql): Promise<{ status: string; n: number }[]> {
  return sql.all(`SELECT status, COUNT(*) AS n FROM documents GROUP BY status`);
}

export async function count(sql: Sql, table: "events" | "clusters" | "edits"): Promise<number> {
  const r = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(r?.n ?? 0);
}
