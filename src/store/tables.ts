/**
 * @module store/tables
 * Row types of the tables (snake_case, as stored), shared by both dialects. JSON columns come back
 * as a string from SQLite and as a parsed value from PostgreSQL (jsonb); the service reads them with
 * `json()`. Integers may come back as strings from PostgreSQL (bigint); the service uses Number().
 */

export interface DocumentRow {
  seq: number;
  id: string;
  content_hash: string;
  text: string;
  raw_text?: string | null;
  source: string | null;
  url: string | null;
  title: string | null;
  published: string | null;
  status: "pending" | "processed" | "failed";
  error: string | null;
  attempts: number;
  event_count: number;
  messages_json: unknown;
  /** [local_id, entity] pairs (migration 0600); only read by getDocument(id, { withEntities }). */
  entities_json?: unknown;
  created_at: string;
  updated_at: string;
}

export interface SightingRow {
  document_seq: number;
  source: string | null;
  url: string | null;
  seen_at: string;
}

export interface EventRow {
  seq: number;
  id: string;
  document_seq: number;
  local_id: string;
  /** The record as extracted. */
  record_json: unknown;
  /** {field: value} overrides from analysts' edits; null when none. */
  overrides_json: unknown;
  event_type: string;
  sub_event_type: string;
  event_date: string | null;
  /** event_date or "" (undated last in descending order); the keyset sort key with seq. */
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
  source: string | null;
  confidence: number | null;
  review_status: "unreviewed" | "reviewed" | "rejected";
  cluster_seq: number | null;
  is_canonical: number;
  created_at: string;
  updated_at: string;
  /** The event's key rows (JSON arrays of actor ids and place keys; null: none), migration 0900. */
  actor_keys: unknown;
  place_keys: unknown;
}

export interface EventActorRow {
  actor_id: string;
  event_seq: number;
  role: "actor1" | "actor2" | "assoc";
}

export interface EditRow {
  seq: number;
  event_seq: number;
  field: string;
  previous_json: unknown;
  value_json: unknown;
  editor: string;
  note: string | null;
  at: string;
}

export interface ClusterRow {
  seq: number;
  canonical_event_seq: number;
  size: number;
  sources_json: unknown;
  created_at: string;
  updated_at: string;
}

export interface ClusterMemberRow {
  event_seq: number;
  cluster_seq: number;
  matched_event_seq: number | null;
  reasons_json: unknown;
  score: number;
  added_at: string;
}

/** Pairs of events an analyst split apart; never merged again (a < b). */
export interface SplitPairRow {
  event_a: number;
  event_b: number;
}
