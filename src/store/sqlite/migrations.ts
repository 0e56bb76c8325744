/**
 * @module store/sqlite/migrations
 * SQLite schema, as timestamped migrations with up and down. Applied in name order by
 * `migrate()`; the applied names are kept in `rasd_migrations`. Never edit an applied migration:
 * add a new one. (The initial one had its column order changed once, before any release, to put
 * large values last; all SQL names columns, so databases created before that still work.)
 */
import type { Migration } from "../sql.ts";

export const migrations: Migration[] = [
  {
    name: "2026_11_22_0100_initial",
    up: `
CREATE TABLE documents (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  content_hash TEXT NOT NULL UNIQUE,
  source TEXT,
  url TEXT,
  title TEXT,
  published TEXT,
  status TEXT NOT NULL CHECK (status IN ('pending', 'processed', 'failed')),
  error TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  event_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Large values last: SQLite reads a column by walking the record, and a large value before a
  -- small column would make every filter read its overflow pages.
  messages_json TEXT,
  text TEXT NOT NULL,
  raw_text TEXT
);
CREATE INDEX documents_status ON documents (status, seq);
CREATE INDEX documents_source ON documents (source, seq);
CREATE INDEX documents_published ON documents (published, seq);

CREATE TABLE document_sightings (
  document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  source TEXT,
  url TEXT,
  seen_at TEXT NOT NULL
);
CREATE INDEX document_sightings_doc ON document_sightings (document_seq);
CREATE INDEX document_sightings_url ON document_sightings (url);

CREATE TABLE entities (
  document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  norm_name TEXT NOT NULL,
  actor_id TEXT,
  data_json TEXT NOT NULL,
  PRIMARY KEY (document_seq, local_id)
);
CREATE INDEX entities_norm_name ON entities (norm_name);
CREATE INDEX entities_actor ON entities (actor_id);

CREATE TABLE clusters (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  canonical_event_seq INTEGER NOT NULL,
  size INTEGER NOT NULL,
  sources_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX clusters_updated ON clusters (updated_at, seq);
CREATE INDEX clusters_size ON clusters (size, seq);

CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
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
  latitude REAL,
  longitude REAL,
  actor1_id TEXT,
  actor2_id TEXT,
  fatalities INTEGER,
  background INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  confidence REAL,
  review_status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_status IN ('unreviewed', 'reviewed', 'rejected')),
  cluster_seq INTEGER,
  is_canonical INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Large values last (see documents).
  overrides_json TEXT,
  record_json TEXT NOT NULL
);
-- Keyset order (date_key DESC, seq DESC), alone and behind each common filter.
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

CREATE TABLE event_actors (
  actor_id TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_event ON event_actors (event_seq);

CREATE TABLE cluster_members (
  event_seq INTEGER PRIMARY KEY,
  cluster_seq INTEGER NOT NULL,
  matched_event_seq INTEGER,
  reasons_json TEXT NOT NULL,
  score REAL NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_seq);

CREATE TABLE split_pairs (
  event_a INTEGER NOT NULL,
  event_b INTEGER NOT NULL,
  PRIMARY KEY (event_a, event_b)
) WITHOUT ROWID;

CREATE TABLE edits (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL,
  field TEXT NOT NULL,
  previous_json TEXT,
  value_json TEXT,
  editor TEXT NOT NULL,
  note TEXT,
  at TEXT NOT NULL
);
CREATE INDEX edits_event ON edits (event_seq, seq);

-- Full-text search over normalized copies (store/search.ts); rowid = documents.seq / events.seq.
CREATE VIRTUAL TABLE documents_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE events_fts USING fts5 (body, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');
`,
    down: `
DROP TABLE events_fts;
DROP TABLE documents_fts;
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
  event_seq INTEGER NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq)
) WITHOUT ROWID;
CREATE INDEX event_actor_keys_order ON event_actor_keys (actor_id, date_key, event_seq);
CREATE INDEX event_actor_keys_event ON event_actor_keys (event_seq);
INSERT OR IGNORE INTO event_actor_keys (actor_id, event_seq, date_key)
  SELECT a.actor_id, a.event_seq, e.date_key FROM event_actors a JOIN events e ON e.seq = a.event_seq;
DROP TABLE event_actors;

CREATE TABLE event_place_keys (
  place_key TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (place_key, event_seq)
) WITHOUT ROWID;
CREATE INDEX event_place_keys_order ON event_place_keys (place_key, date_key, event_seq);
CREATE INDEX event_place_keys_event ON event_place_keys (event_seq);
INSERT OR IGNORE INTO event_place_keys (place_key, event_seq, date_key) SELECT place_norm, seq, date_key FROM events WHERE place_norm IS NOT NULL;
INSERT OR IGNORE INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(place_name), seq, date_key FROM events WHERE place_name IS NOT NULL;
INSERT OR IGNORE INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(pcode), seq, date_key FROM events WHERE pcode IS NOT NULL;
INSERT OR IGNORE INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(admin2), seq, date_key FROM events WHERE admin2 IS NOT NULL;
INSERT OR IGNORE INTO event_place_keys (place_key, event_seq, date_key) SELECT LOWER(admin3), seq, date_key FROM events WHERE admin3 IS NOT NULL;
DROP INDEX events_place;
DROP INDEX events_pcode;
ALTER TABLE events ADD COLUMN geo_precision INTEGER;
UPDATE events SET geo_precision = json_extract(record_json, '$.location.geo_precision');
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
  event_seq INTEGER NOT NULL,
  role TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq, role)
) WITHOUT ROWID;
CREATE INDEX event_actors_event ON event_actors (event_seq);
INSERT OR IGNORE INTO event_actors (actor_id, event_seq, role) SELECT actor_id, event_seq, 'actor' FROM event_actor_keys;
DROP TABLE event_actor_keys;
`,
  },
  {
    // Dedup compares a new event with candidates on their columns alone, without parsing their
    // record: the effective actor ids (actor1, actor2, associated, in order, joined by U+001F) and
    // the place label the merge reasons quote. NULL (rows written before this) means "read the
    // record".
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
    // Columns added by ALTER TABLE land after record_json (kilobytes): reading geo_precision,
    // actor_ids or place_label then walked the record's overflow pages, on every dedup candidate
    // and listed event. The table is rebuilt with every small column ahead of the large values.
    name: "2026_11_22_0400_events_small_columns_first",
    up: `
CREATE TABLE events_rebuilt (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
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
  latitude REAL,
  longitude REAL,
  geo_precision INTEGER,
  actor1_id TEXT,
  actor2_id TEXT,
  fatalities INTEGER,
  background INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  confidence REAL,
  review_status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_status IN ('unreviewed', 'reviewed', 'rejected')),
  cluster_seq INTEGER,
  is_canonical INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  actor_ids TEXT,
  place_label TEXT,
  -- Large values last (see documents).
  overrides_json TEXT,
  record_json TEXT NOT NULL
);
INSERT INTO events_rebuilt (seq, id, document_seq, local_id, event_type, sub_event_type, event_date, date_key, time_precision, admin1, admin2, admin3, place_name, place_norm, pcode, latitude, longitude, geo_precision, actor1_id, actor2_id, fatalities, background, source, confidence, review_status, cluster_seq, is_canonical, created_at, updated_at, actor_ids, place_label, overrides_json, record_json) SELECT seq, id, document_seq, local_id, event_type, sub_event_type, event_date, date_key, time_precision, admin1, admin2, admin3, place_name, place_norm, pcode, latitude, longitude, geo_precision, actor1_id, actor2_id, fatalities, background, source, confidence, review_status, cluster_seq, is_canonical, created_at, updated_at, actor_ids, place_label, overrides_json, record_json FROM events;
-- Keep the AUTOINCREMENT high-water mark: a deleted event's seq is never handed out again.
DELETE FROM sqlite_sequence WHERE name = 'events_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'events_rebuilt', seq FROM sqlite_sequence WHERE name = 'events';
DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;
CREATE INDEX events_order ON events (date_key, seq);
CREATE INDEX events_canonical ON events (is_canonical, date_key, seq);
CREATE INDEX events_type ON events (event_type, date_key, seq);
CREATE INDEX events_sub_type ON events (sub_event_type, date_key, seq);
CREATE INDEX events_admin1 ON events (admin1, date_key, seq);
CREATE INDEX events_source ON events (source, date_key, seq);
CREATE INDEX events_document ON events (document_seq);
CREATE INDEX events_cluster ON events (cluster_seq);
CREATE INDEX events_dedup ON events (event_type, time_precision, is_canonical, date_key, latitude, longitude);
`,
    down: `
CREATE TABLE events_rebuilt (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
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
  latitude REAL,
  longitude REAL,
  actor1_id TEXT,
  actor2_id TEXT,
  fatalities INTEGER,
  background INTEGER NOT NULL DEFAULT 0,
  source TEXT,
  confidence REAL,
  review_status TEXT NOT NULL DEFAULT 'unreviewed' CHECK (review_status IN ('unreviewed', 'reviewed', 'rejected')),
  cluster_seq INTEGER,
  is_canonical INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- Large values last (see documents).
  overrides_json TEXT,
  record_json TEXT NOT NULL,
  geo_precision INTEGER,
  actor_ids TEXT,
  place_label TEXT
);
INSERT INTO events_rebuilt (seq, id, document_seq, local_id, event_type, sub_event_type, event_date, date_key, time_precision, admin1, admin2, admin3, place_name, place_norm, pcode, latitude, longitude, geo_precision, actor1_id, actor2_id, fatalities, background, source, confidence, review_status, cluster_seq, is_canonical, created_at, updated_at, actor_ids, place_label, overrides_json, record_json) SELECT seq, id, document_seq, local_id, event_type, sub_event_type, event_date, date_key, time_precision, admin1, admin2, admin3, place_name, place_norm, pcode, latitude, longitude, geo_precision, actor1_id, actor2_id, fatalities, background, source, confidence, review_status, cluster_seq, is_canonical, created_at, updated_at, actor_ids, place_label, overrides_json, record_json FROM events;
-- Keep the AUTOINCREMENT high-water mark: a deleted event's seq is never handed out again.
DELETE FROM sqlite_sequence WHERE name = 'events_rebuilt';
INSERT INTO sqlite_sequence (name, seq) SELECT 'events_rebuilt', seq FROM sqlite_sequence WHERE name = 'events';
DROP TABLE events;
ALTER TABLE events_rebuilt RENAME TO events;
CREATE INDEX events_order ON events (date_key, seq);
CREATE INDEX events_canonical ON events (is_canonical, date_key, seq);
CREATE INDEX events_type ON events (event_type, date_key, seq);
CREATE INDEX events_sub_type ON events (sub_event_type, date_key, seq);
CREATE INDEX events_admin1 ON events (admin1, date_key, seq);
CREATE INDEX events_source ON events (source, date_key, seq);
CREATE INDEX events_document ON events (document_seq);
CREATE INDEX events_cluster ON events (cluster_seq);
CREATE INDEX events_dedup ON events (event_type, time_precision, is_canonical, date_key, latitude, longitude);
`,
  },
  {
    // Ingest writes fewer b-tree pages per document (each page a save touches is a WAL frame at
    // commit): indexes that no query reads are dropped (entities by name and by actor, sightings by
    // URL, clusters by size: listClusters reads clusters_updated), and each key table keeps two
    // b-trees instead of three: its primary key is now the listing order (key, date_key, event_seq),
    // which the separate _order index held. A key row's date_key is always its event's date_key.
    name: "2026_11_22_0500_fewer_index_writes",
    up: `
DROP INDEX entities_norm_name;
DROP INDEX entities_actor;
DROP INDEX document_sightings_url;
DROP INDEX clusters_size;

CREATE TABLE event_actor_keys_rebuilt (
  actor_id TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (actor_id, date_key, event_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_actor_keys_rebuilt (actor_id, event_seq, date_key) SELECT actor_id, event_seq, date_key FROM event_actor_keys;
DROP TABLE event_actor_keys;
ALTER TABLE event_actor_keys_rebuilt RENAME TO event_actor_keys;
CREATE INDEX event_actor_keys_event ON event_actor_keys (event_seq);

CREATE TABLE event_place_keys_rebuilt (
  place_key TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (place_key, date_key, event_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_place_keys_rebuilt (place_key, event_seq, date_key) SELECT place_key, event_seq, date_key FROM event_place_keys;
DROP TABLE event_place_keys;
ALTER TABLE event_place_keys_rebuilt RENAME TO event_place_keys;
CREATE INDEX event_place_keys_event ON event_place_keys (event_seq);
`,
    down: `
CREATE TABLE event_place_keys_rebuilt (
  place_key TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (place_key, event_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_place_keys_rebuilt (place_key, event_seq, date_key) SELECT place_key, event_seq, date_key FROM event_place_keys;
DROP TABLE event_place_keys;
ALTER TABLE event_place_keys_rebuilt RENAME TO event_place_keys;
CREATE INDEX event_place_keys_order ON event_place_keys (place_key, date_key, event_seq);
CREATE INDEX event_place_keys_event ON event_place_keys (event_seq);

CREATE TABLE event_actor_keys_rebuilt (
  actor_id TEXT NOT NULL,
  event_seq INTEGER NOT NULL,
  date_key TEXT NOT NULL,
  PRIMARY KEY (actor_id, event_seq)
) WITHOUT ROWID;
INSERT OR IGNORE INTO event_actor_keys_rebuilt (actor_id, event_seq, date_key) SELECT actor_id, event_seq, date_key FROM event_actor_keys;
DROP TABLE event_actor_keys;
ALTER TABLE event_actor_keys_rebuilt RENAME TO event_actor_keys;
CREATE INDEX event_actor_keys_order ON event_actor_keys (actor_id, date_key, event_seq);
CREATE INDEX event_actor_keys_event ON event_actor_keys (event_seq);

CREATE INDEX clusters_size ON clusters (size, seq);
CREATE INDEX document_sightings_url ON document_sightings (url);
CREATE INDEX entities_actor ON entities (actor_id);
CREATE INDEX entities_norm_name ON entities (norm_name);
`,
  },
  {
    // A document's entities are one JSON value on its row, written with it, instead of one row each
    // (about 21 rows and two b-trees per article: ~7 WAL frames and 18 statements a save). Nothing
    // queried entities by column (0500 dropped their name and actor indexes); they are read with
    // their document. The value is an array of [local_id, entity] pairs; the reader keeps the first
    // of a repeated local id and orders by local id, as the table's primary key did.
    name: "2026_12_05_0600_document_entities_json",
    up: `
ALTER TABLE documents ADD COLUMN entities_json TEXT;
UPDATE documents SET entities_json = (
  SELECT json_group_array(json_array(e.local_id, json(e.data_json)) ORDER BY e.local_id) FROM entities e WHERE e.document_seq = documents.seq
) WHERE seq IN (SELECT document_seq FROM entities);
DROP TABLE entities;
`,
    // norm_name was normalize(name) (JavaScript); no query reads it, and name stands in for it here.
    down: `
CREATE TABLE entities (
  document_seq INTEGER NOT NULL REFERENCES documents (seq) ON DELETE CASCADE,
  local_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  norm_name TEXT NOT NULL,
  actor_id TEXT,
  data_json TEXT NOT NULL,
  PRIMARY KEY (document_seq, local_id)
);
INSERT OR IGNORE INTO entities (document_seq, local_id, type, name, norm_name, actor_id, data_json)
  SELECT d.seq, j.value ->> 0, j.value ->> '$[1].type', j.value ->> '$[1].name', j.value ->> '$[1].name',
    COALESCE(j.value ->> '$[1].actorId', j.value ->> '$[1].actor_id'), j.value -> '$[1]'
  FROM documents d, json_each(d.entities_json) j WHERE d.entities_json IS NOT NULL ORDER BY d.seq, j.key;
ALTER TABLE documents DROP COLUMN entities_json;
`,
  },
  {
    // An event's cluster membership (the event it was matched with, the score and reasons, when it
    // joined) is kept on its own row, written with it, instead of a cluster_members row and index:
    // one statement and two b-trees less per new event. An event is a member of its cluster_seq's
    // cluster when clustered_at is set. The columns land after record_json: only loading a cluster
    // reads them (listing reads whole rows anyway), never dedup.
    name: "2026_12_05_0700_memberships_on_events",
    up: `
ALTER TABLE events ADD COLUMN matched_event_seq INTEGER;
ALTER TABLE events ADD COLUMN match_score REAL;
ALTER TABLE events ADD COLUMN match_reasons_json TEXT;
ALTER TABLE events ADD COLUMN clustered_at TEXT;
UPDATE events SET matched_event_seq = m.matched_event_seq, match_score = m.score, match_reasons_json = m.reasons_json, clustered_at = m.added_at
  FROM cluster_members m WHERE m.event_seq = events.seq;
DROP TABLE cluster_members;
`,
    down: `
CREATE TABLE cluster_members (
  event_seq INTEGER PRIMARY KEY,
  cluster_seq INTEGER NOT NULL,
  matched_event_seq INTEGER,
  reasons_json TEXT NOT NULL,
  score REAL NOT NULL,
  added_at TEXT NOT NULL
);
CREATE INDEX cluster_members_cluster ON cluster_members (cluster_seq);
INSERT INTO cluster_members (event_seq, cluster_seq, matched_event_seq, reasons_json, score, added_at)
  SELECT seq, cluster_seq, matched_event_seq, COALESCE(match_reasons_json, '[]'), COALESCE(match_score, 1), clustered_at
  FROM events WHERE clustered_at IS NOT NULL AND cluster_seq IS NOT NULL;
ALTER TABLE events DROP COLUMN clustered_at;
ALTER TABLE events DROP COLUMN match_reasons_json;
ALTER TABLE events DROP COLUMN match_score;
ALTER TABLE events DROP COLUMN matched_event_seq;
`,
  },
  {
    // The two indexes that only ever serve canonical events hold only those: dedup compares a new
    // event with cluster representatives (is_canonical = 1 in every branch of its candidate query),
    // and the canonicalOnly listing reads (date_key, seq) of canonical events. An event that joins a
    // cluster as a non-canonical member writes neither (~4.5 WAL frames less per sample article).
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
    // The key tables lose their per-event index (event_seq), which only served deleting an event's
    // keys: each event row now lists its keys exactly as written (JSON arrays, null: none), and an
    // event's keys are deleted by primary key (key, date_key, event_seq; a key row's date_key is its
    // event's). About 28 index entries and 4.4 WAL frames less per sample article.
    name: "2026_12_05_0900_event_keys_on_events",
    up: `
ALTER TABLE events ADD COLUMN actor_keys TEXT;
ALTER TABLE events ADD COLUMN place_keys TEXT;
UPDATE events SET
  actor_keys = (SELECT json_group_array(k.actor_id) FROM event_actor_keys k WHERE k.event_seq = events.seq),
  place_keys = (SELECT json_group_array(k.place_key) FROM event_place_keys k WHERE k.event_seq = events.seq);
UPDATE events SET actor_keys = NULLIF(actor_keys, '[]'), place_keys = NULLIF(place_keys, '[]');
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
