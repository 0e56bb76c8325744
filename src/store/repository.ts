/**
 * @module store/repository
 * Plain SQL, one function per statement, taking the executor (`Sql`, a connection or a transaction).
 * Written once with `?` placeholders; where the dialects differ (full-text search), the function
 * branches on `sql.dialect`. No logic beyond the statement: that lives in store/service.ts.
 */
import type { Sql } from "./sql.ts";
import type { ClusterMemberRow, ClusterRow, DocumentRow, EditRow, EntityRow, EventRow, SightingRow } from "./tables.ts";
import type { DocumentFilter, EventFilter } from "./types.ts";
import { normalize } from "../text/normalize.ts";

// Documents -------------------------------------------------------------------------------------

const DOC_COLS = "seq, id, content_hash, text, source, url, title, published, status, error, attempts, event_count, messages_json, created_at, updated_at";

export async function documentByHash(sql: Sql, hash: string): Promise<DocumentRow | undefined> {
  return sql.get<DocumentRow>(`SELECT ${DOC_COLS} FROM documents WHERE content_hash = ?`, [hash]);
}

export async function documentById(sql: Sql, id: string, withRaw = false): Promise<DocumentRow | undefined> {
  return sql.get<DocumentRow>(`SELECT ${DOC_COLS}${withRaw ? ", raw_text" : ""} FROM documents WHERE id = ?`, [id]);
}

export async function insertDocument(
  sql: Sql,
  d: Omit<DocumentRow, "seq" | "error" | "attempts" | "event_count" | "messages_json"> & { raw_text: string | null },
): Promise<number> {
  const row = await sql.get<{ seq: number }>(
    `INSERT INTO documents (id, content_hash, text, raw_text, source, url, title, published, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    [d.id, d.content_hash, d.text, d.raw_text, d.source, d.url, d.title, d.published, d.status, d.created_at, d.updated_at],
  );
  return Number(row!.seq);
}

export async function setDocumentProcessed(sql: Sql, seq: number, eventCount: number, messagesJson: string | null, now: string): Promise<void> {
  await sql.run(
    `UPDATE documents SET status = 'processed', error = NULL, event_count = ?, messages_json = ?, updated_at = ? WHERE seq = ?`,
    [eventCount, messagesJson, now, seq],
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

export async function deleteEntities(sql: Sql, documentSeq: number): Promise<void> {
  await sql.run(`DELETE FROM entities WHERE document_seq = ?`, [documentSeq]);
}

export async function insertEntity(sql: Sql, e: Omit<EntityRow, "data_json"> & { data_json: string }): Promise<void> {
  await sql.run(
    `INSERT INTO entities (document_seq, local_id, type, name, norm_name, actor_id, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (document_seq, local_id) DO NOTHING`,
    [e.document_seq, e.local_id, e.type, e.name, e.norm_name, e.actor_id, e.data_json],
  );
}

export async function entitiesOf(sql: Sql, documentSeq: number): Promise<EntityRow[]> {
  return sql.all<EntityRow>(`SELECT * FROM entities WHERE document_seq = ? ORDER BY local_id`, [documentSeq]);
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
}

const COLUMN_NAMES: (keyof EventColumns)[] = [
  "event_type", "sub_event_type", "event_date", "date_key", "time_precision", "admin1", "admin2", "admin3", "place_name",
  "place_norm", "pcode", "latitude", "longitude", "actor1_id", "actor2_id", "fatalities", "background", "confidence",
];

export async function insertEvent(
  sql: Sql,
  e: { id: string; document_seq: number; local_id: string; record_json: string; overrides_json: string | null; source: string | null; now: string; cols: EventColumns },
): Promise<number> {
  const names = ["id", "document_seq", "local_id", "record_json", "overrides_json", "source", "created_at", "updated_at", ...COLUMN_NAMES];
  const values = [e.id, e.document_seq, e.local_id, e.record_json, e.overrides_json, e.source, e.now, e.now, ...COLUMN_NAMES.map((c) => e.cols[c])];
  const row = await sql.get<{ seq: number }>(
    `INSERT INTO events (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")}) RETURNING seq`,
    values,
  );
  return Number(row!.seq);
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

export async function replaceEventActors(sql: Sql, seq: number, actors: { id: string; role: string }[]): Promise<void> {
  await sql.run(`DELETE FROM event_actors WHERE event_seq = ?`, [seq]);
  for (const a of actors) {
    await sql.run(`INSERT INTO event_actors (actor_id, event_seq, role) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, [a.id, seq, a.role]);
  }
}

export async function deleteEvent(sql: Sql, seq: number): Promise<void> {
  await sql.run(`DELETE FROM event_actors WHERE event_seq = ?`, [seq]);
  await sql.run(`DELETE FROM cluster_members WHERE event_seq = ?`, [seq]);
  if (sql.dialect === "sqlite") await sql.run(`DELETE FROM events_fts WHERE rowid = ?`, [seq]);
  await sql.run(`DELETE FROM events WHERE seq = ?`, [seq]);
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

const EVENT_SELECT = `SELECT e.*, d.id AS document_id, d.url AS url, d.title AS title, d.published AS published,
  c.sources_json AS cluster_sources_json, c.size AS cluster_size
  FROM events e JOIN documents d ON d.seq = e.document_seq LEFT JOIN clusters c ON c.seq = e.cluster_seq`;

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

export function eventWhere(sql: Sql, f: EventFilter): { where: string[]; params: unknown[] } {
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
  if (f.place !== undefined) {
    where.push("(e.place_norm = ? OR e.pcode = ? OR LOWER(e.place_name) = ? OR e.admin2 = ? OR e.admin3 = ?)");
    params.push(normalize(f.place).trim(), f.place, f.place.toLowerCase(), f.place, f.place);
  }
  if (f.actor !== undefined) {
    const list = Array.isArray(f.actor) ? f.actor : [f.actor];
    if (list.length) {
      where.push(`e.seq IN (SELECT event_seq FROM event_actors WHERE actor_id IN (${list.map(() => "?").join(", ")}))`);
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
  const { where, params } = eventWhere(sql, f);
  if (after) {
    where.push("(e.date_key < ? OR (e.date_key = ? AND e.seq < ?))");
    params.push(after.dateKey, after.dateKey, after.seq);
  }
  return sql.all<EventJoinRow>(
    `${EVENT_SELECT} ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY e.date_key DESC, e.seq DESC LIMIT ?`,
    [...params, limit],
  );
}

export async function countEvents(sql: Sql, f: EventFilter): Promise<number> {
  const { where, params } = eventWhere(sql, f);
  const row = await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM events e ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`, params);
  return Number(row?.n ?? 0);
}

/** Events that may report the same happening as a new event (see dedup/match.ts candidateWindow). */
export async function dedupCandidates(
  sql: Sql,
  w: { types: string[]; dateFrom: string; dateTo: string; documentSeq: number },
  limit: number,
): Promise<EventJoinRow[]> {
  return sql.all<EventJoinRow>(
    `${EVENT_SELECT} WHERE e.event_type IN (${w.types.map(() => "?").join(", ")}) AND e.date_key >= ? AND e.date_key <= ?
     AND e.document_seq <> ? AND e.review_status <> 'rejected' AND e.cluster_seq IS NOT NULL
     AND e.cluster_seq NOT IN (SELECT x.cluster_seq FROM events x WHERE x.document_seq = ? AND x.cluster_seq IS NOT NULL)
     ORDER BY e.seq DESC LIMIT ?`,
    [...w.types, w.dateFrom, w.dateTo, w.documentSeq, w.documentSeq, limit],
  );
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
  const row = await sql.get<{ seq: number }>(
    `INSERT INTO clusters (canonical_event_seq, size, sources_json, created_at, updated_at) VALUES (?, 1, ?, ?, ?) RETURNING seq`,
    [canonicalSeq, sourcesJson, now, now],
  );
  return Number(row!.seq);
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

export async function setEventCluster(sql: Sql, eventSeq: number, clusterSeq: number | null): Promise<void> {
  await sql.run(`UPDATE events SET cluster_seq = ? WHERE seq = ?`, [clusterSeq, eventSeq]);
}

export async function setCanonical(sql: Sql, clusterSeq: number, canonicalSeq: number): Promise<void> {
  await sql.run(`UPDATE events SET is_canonical = CASE WHEN seq = ? THEN 1 ELSE 0 END WHERE cluster_seq = ?`, [canonicalSeq, clusterSeq]);
}

export async function upsertMember(sql: Sql, m: Omit<ClusterMemberRow, "reasons_json"> & { reasons_json: string }): Promise<void> {
  await sql.run(
    `INSERT INTO cluster_members (event_seq, cluster_seq, matched_event_seq, reasons_json, score, added_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (event_seq) DO UPDATE SET cluster_seq = excluded.cluster_seq, matched_event_seq = excluded.matched_event_seq,
       reasons_json = excluded.reasons_json, score = excluded.score, added_at = excluded.added_at`,
    [m.event_seq, m.cluster_seq, m.matched_event_seq, m.reasons_json, m.score, m.added_at],
  );
}

export async function membersOf(sql: Sql, clusterSeq: number): Promise<ClusterMemberRow[]> {
  return sql.all<ClusterMemberRow>(`SELECT * FROM cluster_members WHERE cluster_seq = ? ORDER BY event_seq`, [clusterSeq]);
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
  const row = await sql.get<{ seq: number }>(
    `INSERT INTO edits (event_seq, field, previous_json, value_json, editor, note, at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    [e.event_seq, e.field, e.previous_json, e.value_json, e.editor, e.note, e.at],
  );
  return Number(row!.seq);
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
