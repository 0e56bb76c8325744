/**
 * @module store/postgres/migrations
 * PostgreSQL schema, as timestamped migrations with up and down, the same tables as the SQLite
 * schema. JSON columns are jsonb; full-text search uses a tsvector ('simple' configuration) over
 * the Arabic-normalized copy kept in `search_norm`, with a GIN index.
 */
import type { Migration } from "../sql.ts";

export const migrations: Migration[] = [
  {
    name: "2026_11_22_0100_initial",
    up: `
CREATE TABLE documents (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL UNIQUE,
  text TEXT NOT NULL,
  raw_text TEXT,
  source TEXT,
  url TEXT,
  title TEXT,
  published TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'processed', 'failed')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0,
  messages_json JSONB,
  search_norm TEXT NOT NULL DEFAULT '',
  search_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_norm)) STORED,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX documents_status ON documents (status, seq);
CREATE INDEX documents_source ON documents (source, seq);
CREATE INDEX documents_published ON documents (published, seq);
CREATE INDEX documents_search ON documents USING GIN (search_tsv);

CREATE TABLE document_sightings (
  document_seq BIGINT NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  source TEXT,
  url TEXT,
  seen_at TEXT NOT NULL
);
CREATE INDEX document_sightings_doc ON document_sightings (document_seq);
CREATE INDEX document_sightings_url ON document_sightings (url);

CREATE TABLE entities (
  document_seq BIGINT NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  norm_name TEXT NOT NULL,
  actor_id TEXT,
  data_json JSONB NOT NULL,
  PRIMARY KEY (document_seq, local_id)
);
CREATE INDEX entities_norm_name ON entities (norm_name);
CREATE INDEX entities_actor ON entities (actor_id);

CREATE TABLE clusters (
  seq BIGSERIAL PRIMARY KEY,
  canonical_event_seq BIGINT NOT NULL,
  size INTEGER NOT NULL,
  sources_json JSONB NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX clusters_updated ON clusters (updated_at, seq);
CREATE INDEX clusters_size ON clusters (size, seq);

CREATE TABLE events (
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  document_seq BIGINT NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
  record_json JSONB NOT NULL,
  overrides_json JSONB,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  event_date TEXT,
  date_key TEXT NOT NULL,
  time_precision INTEGER NOT NULL,
  admin1 TEXT,
  admin2 TEXT,
  admin3 TEXT,
  place_name TEXT,
  place_norm TEXT,
  pcode TEXT,
  latitude DOUBLE PRECISION,
  longitude DOUBLE PRECISION,
  actor1_id TEXT,
  actor2_id TEXT,
  fatalities INTEGER,
  background INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  confidence DOUBLE PRECISION,
  review_status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_status IN ('unreviewed', 'reviewed', 'rejected')),
  cluster_seq BIGINT,
  is_canonical INTEGER NOT NULL DEFAULT 1,
  search_norm TEXT NOT NULL DEFAULT '',
  search_tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', search_norm)) STORED,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX events_order ON events (date_key, seq);
CREATE INDEX events_canonical ON events (is_canonical, date_key, seq);
CREATE INDEX events_type ON events (event_type, date_key, seq);
CREATE INDEX events_sub_type ON events (sub_event_type, date_key, seq);
CREATE INDEX events_admin1 ON events (admin1, date_key, seq);
CREATE INDEX events_source ON events (source, date_key, seq);
CREATE INDEX events_place ON events (place_norm);
CREATE INDEX events_pcode ON events (pcode);
CREATE INDEX events_document ON events (document_seq);
CREATE INDEX events_cluster ON events (cluster_seq);
CREATE INDEX events_search ON events USING GIN (search_tsv);

CREATE TABLE event_actors (
  actor_id TEXT NOT NULL,
  event_seq BIGINT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq, role)
);
CREATE INDEX event_actors_event ON event_actors (event_seq);

CREATE TABLE cluster_members (
  event_seq BIGINT PRIMARY KEY,
  cluster_seq BIGINT NOT NULL,
  matched_event_seq BIGINT,
  reasons_json JSONB NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_seq);

CREATE TABLE split_pairs (
  event_a BIGINT NOT NULL,
  event_b BIGINT NOT NULL,
  PRIMARY KEY (event_a, event_b)
);

CREATE TABLE edits (
  seq BIGSERIAL PRIMARY KEY,
  event_seq BIGINT NOT NULL,
  field TEXT NOT NULL,
  previous_json JSONB,
  value_json JSONB,
  editor TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX edits_event ON edits (event_seq, seq);
`,
    down: `
DROP TABLE edits;
DROP TABLE split_pairs;
DROP TABLE cluster_members;
DROP TABLE event_actors;
DROP TABLE events;
DROP TABLE clusters;
DROP TABLE entities;
DROP TABLE document_sightings;
DROP TABLE documents;
`,
  },
  {
    // Keyset-ordered filters by actor and by place: key tables carry the event's date_key, so a
    // page of "events of actor X, newest first" is a range scan of one index, however rare X is.
    name: "2026_11_22_0200_filter_keys",
    up: `
CREATE TABLE event_actor_keys (
  actor_id TEXT NOT NULL,
  event_seq BIGINT NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq)
);
CREATE INDEX event_actor_keys_order ON event_actor_keys (actor_id, date_key, event_seq);
CREATE INDEX event_actor_keys_event ON event_actor_keys (event_seq);
INSERT INTO event_actor_keys (actor_id, event_seq, date_key)
  SELECT a.actor_id, a.event_seq, e.date_key FROM event_actors a JOIN events e ON e.seq = a.event_seq ON CONFLICT DO NOTHING;
DROP TABLE event_actors;

CREATE TABLE event_place_keys (
  place_key TEXT NOT NULL,
  event_seq BIGINT NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (place_key, event_seq)
);
CREATE INDEX event_place_keys_order ON event_place_keys (place_key, date_key, event_seq);
CREATE INDEX event_place_keys_event ON event_place_keys (event_seq);
INSERT INTO event_place_keys (place_key, event_seq, date_key) SELECT place_norm, seq, date_key FROM events WHERE place_norm IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(place_name), seq, date_key FROM events WHERE place_name IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(pcode), seq, date_key FROM events WHERE pcode IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(admin2), seq, date_key FROM events WHERE admin2 IS NOT NULL ON CONFLICT DO NOTHING;
INSERT INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(admin3), seq, date_key FROM events WHERE admin3 IS NOT NULL ON CONFLICT DO NOTHING;
DROP INDEX events_place;
DROP INDEX events_pcode;
ALTER TABLE events ADD COLUMN geo_precision INTEGER;
UPDATE events SET geo_precision = (record_json -> 'location' ->> 'geo_precision')::INTEGER;
-- Dedup candidates: canonical events of a compatible type, date precision and window, in a box.
CREATE INDEX events_dedup ON events (event_type, time_precision, is_canonical, date_key, latitude, longitude);
`,
    down: `
DROP INDEX events_dedup;
ALTER TABLE events DROP COLUMN geo_precision;
CREATE INDEX events_place ON events (place_norm);
CREATE INDEX events_pcode ON events (pcode);
DROP TABLE event_place_keys;
CREATE TABLE event_actors (
  actor_id TEXT NOT NULL,
  event_seq BIGINT NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq, role)
);
CREATE INDEX event_actors_event ON event_actors (event_seq);
INSERT INTO event_actors (actor_id, event_seq, role) SELECT actor_id, event_seq, 'actor' FROM event_actor_keys ON CONFLICT DO NOTHING;
DROP TABLE event_actor_keys;
`,
  },
  {
    // See the SQLite migration of the same name: dedup reads candidates' columns, not their records.
    name: "2026_11_22_0300_dedup_columns",
    up: `
ALTER TABLE events ADD COLUMN actor_ids TEXT;
ALTER TABLE events ADD COLUMN place_label TEXT;
`,
    down: `
ALTER TABLE events DROP COLUMN place_label;
ALTER TABLE events DROP COLUMN actor_ids;
`,
  },
  {
    // See the SQLite migration of the same name: indexes no query reads are dropped, and each key
    // table's primary key is its listing order (key, date_key, event_seq), replacing the _order index.
    name: "2026_11_22_0500_fewer_index_writes",
    up: `
DROP INDEX entities_norm_name;
DROP INDEX entities_actor;
DROP INDEX document_sightings_url;
DROP INDEX clusters_size;
ALTER TABLE event_actor_keys DROP CONSTRAINT event_actor_keys_pkey;
ALTER TABLE event_actor_keys ADD CONSTRAINT event_actor_keys_pkey PRIMARY KEY (actor_id, date_key, event_seq);
DROP INDEX event_actor_keys_order;
ALTER TABLE event_place_keys DROP CONSTRAINT event_place_keys_pkey;
ALTER TABLE event_place_keys ADD CONSTRAINT event_place_keys_pkey PRIMARY KEY (place_key, date_key, event_seq);
DROP INDEX event_place_keys_order;
`,
    down: `
CREATE INDEX event_place_keys_order ON event_place_keys (place_key, date_key, event_seq);
ALTER TABLE event_place_keys DROP CONSTRAINT event_place_keys_pkey;
ALTER TABLE event_place_keys ADD CONSTRAINT event_place_keys_pkey PRIMARY KEY (place_key, event_seq);
CREATE INDEX event_actor_keys_order ON event_actor_keys (actor_id, date_key, event_seq);
ALTER TABLE event_actor_keys DROP CONSTRAINT event_actor_keys_pkey;
ALTER TABLE event_actor_keys ADD CONSTRAINT event_actor_keys_pkey PRIMARY KEY (actor_id, event_seq);
CREATE INDEX clusters_size ON clusters (size, seq);
CREATE INDEX document_sightings_url ON document_sightings (url);
CREATE INDEX entities_actor ON entities (actor_id);
CREATE INDEX entities_norm_name ON entities (norm_name);
`,
  },
  {
    // See the SQLite migration of the same name: a document's entities are one JSON value on its row.
    name: "2026_12_05_0600_document_entities_json",
    up: `
ALTER TABLE documents ADD COLUMN entities_json JSONB;
UPDATE documents d SET entities_json = e.pairs
  FROM (SELECT document_seq, jsonb_agg(jsonb_build_array(local_id, data_json) ORDER BY local_id) AS pairs FROM entities GROUP BY document_seq) e
  WHERE e.document_seq = d.seq;
DROP TABLE entities;
`,
    down: `
CREATE TABLE entities (
  document_seq BIGINT NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  norm_name TEXT NOT NULL,
  actor_id TEXT,
  data_json JSONB NOT NULL,
  PRIMARY KEY (document_seq, local_id)
);
INSERT INTO entities (document_seq, local_id, type, name, norm_name, actor_id, data_json)
  SELECT d.seq, j.value ->> 0, j.value -> 1 ->> 'type', j.value -> 1 ->> 'name', j.value -> 1 ->> 'name',
    COALESCE(j.value -> 1 ->> 'actorId', j.value -> 1 ->> 'actor_id'), j.value -> 1
  FROM documents d, jsonb_array_elements(d.entities_json) WITH ORDINALITY AS j (value, n) WHERE d.entities_json IS NOT NULL ORDER BY d.seq, j.n
  ON CONFLICT DO NOTHING;
ALTER TABLE documents DROP COLUMN entities_json;
`,
  },
  {
    // See the SQLite migration of the same name: cluster memberships are kept on the event rows.
    name: "2026_12_05_0700_memberships_on_events",
    up: `
ALTER TABLE events ADD COLUMN matched_event_seq BIGINT;
ALTER TABLE events ADD COLUMN match_score DOUBLE PRECISION;
ALTER TABLE events ADD COLUMN match_reasons_json JSONB;
ALTER TABLE events ADD COLUMN clustered_at TEXT;
UPDATE events e SET matched_event_seq = m.matched_event_seq, match_score = m.score, match_reasons_json = m.reasons_json, clustered_at = m.added_at
  FROM cluster_members m WHERE m.event_seq = e.seq;
DROP TABLE cluster_members;
`,
    down: `
CREATE TABLE cluster_members (
  event_seq BIGINT PRIMARY KEY,
  cluster_seq BIGINT NOT NULL,
  matched_event_seq BIGINT,
  reasons_json JSONB NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_seq);
INSERT INTO cluster_members (event_seq, cluster_seq, matched_event_seq, reasons_json, score, added_at)
  SELECT seq, cluster_seq, matched_event_seq, COALESCE(match_reasons_json, '[]'::jsonb), COALESCE(match_score, 1), clustered_at
  FROM events WHERE clustered_at IS NOT NULL AND cluster_seq IS NOT NULL;
ALTER TABLE events DROP COLUMN clustered_at;
ALTER TABLE events DROP COLUMN match_reasons_json;
ALTER TABLE events DROP COLUMN match_score;
ALTER TABLE events DROP COLUMN matched_event_seq;
`,
  },
  {
    // See the SQLite migration of the same name: the dedup and canonical-listing indexes are partial.
    name: "2026_12_05_0800_canonical_partial_indexes",
    up: `
DROP INDEX events_dedup;
CREATE INDEX events_dedup ON events (event_type, time_precision, date_key, latitude, longitude) WHERE is_canonical = 1;
DROP INDEX events_canonical;
CREATE INDEX events_canonical ON events (date_key, seq) WHERE is_canonical = 1;
`,
    down: `
DROP INDEX events_canonical;
CREATE INDEX events_canonical ON events (is_canonical, date_key, seq);
DROP INDEX events_dedup;
CREATE INDEX events_dedup ON events (event_type, time_precision, is_canonical, date_key, latitude, longitude);
`,
  },
  {
    // See the SQLite migration of the same name: event rows list their keys, the key tables lose
    // their per-event index.
    name: "2026_12_05_0900_event_keys_on_events",
    up: `
ALTER TABLE events ADD COLUMN actor_keys TEXT;
ALTER TABLE events ADD COLUMN place_keys TEXT;
UPDATE events e SET actor_keys = k.keys
  FROM (SELECT event_seq, json_agg(actor_id)::text AS keys FROM event_actor_keys GROUP BY event_seq) k WHERE k.event_seq = e.seq;
UPDATE events e SET place_keys = k.keys
  FROM (SELECT event_seq, json_agg(place_key)::text AS keys FROM event_place_keys GROUP BY event_seq) k WHERE k.event_seq = e.seq;
DROP INDEX event_actor_keys_event;
DROP INDEX event_place_keys_event;
`,
    down: `
CREATE INDEX event_actor_keys_event ON event_actor_keys (event_seq);
CREATE INDEX event_place_keys_event ON event_place_keys (event_seq);
ALTER TABLE events DROP COLUMN place_keys;
ALTER TABLE events DROP COLUMN actor_keys;
`,
  },
];
