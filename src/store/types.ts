/**
 * @module store/types
 * The storage contract of rasd: one `Store` interface, implemented by the embedded SQLite backend
 * (`store/sqlite/`, the default, one file) and the PostgreSQL backend (`store/postgres/`, selected
 * by DATABASE_URL). Both run the same contract suite (`store/contract.test-suite.ts`).
 *
 * Everything here is plain JSON (dates are "YYYY-MM-DD" strings, instants ISO-8601 UTC strings), so
 * the same objects go to the HTTP API and to exports unchanged. All methods are async so the
 * PostgreSQL backend fits; the SQLite backend answers synchronously underneath.
 *
 * Stability: this interface only grows (new optional fields, new methods). Callers may rely on every
 * name written here.
 *
 * Identity and idempotency:
 * - A document is identified by `id` (given by the caller, e.g. the input line's id, or derived from
 *   the content hash when absent) and deduplicated by `contentHash` = sha256 hex of
 *   `normalize(text)` with whitespace collapsed (see `contentHash()` in store/hash.ts). Saving the
 *   same text twice stores it once: the second call returns the first document (`created: false`)
 *   and only records the extra sighting (source/url) in `sightings`.
 * - An event is identified by `${documentId}:${record.id}` (record.id is document-local, "e1"...).
 *
 * Reviewed values win: an analyst's edit overrides one field of an event's record. Reads
 * (`getEvent`, `listEvents`, `search`, exports) return the effective record (extracted values with
 * the edits applied); filters run on the effective values too. The extracted record stays
 * available (`StoredEvent.extracted` from `getEvent`).
 */
import type { EventRecord, Message, Span } from "../doc/types.ts";

// ---------------------------------------------------------------------------------------------
// Documents

export type DocumentStatus = "pending" | "processed" | "failed";

/** What the ingestion side hands to `saveDocument`. */
export interface NewDocument {
  /** Caller's id (input line id, feed guid ...). Absent: "doc-" + the first 16 hex of the content hash. */
  id?: string;
  /** The cleaned text the pipeline ran on; offsets of events and entities point into it. */
  text: string;
  /** The raw form as fetched (HTML, feed item ...), kept for re-cleaning; optional. */
  rawText?: string | null;
  /** Outlet or feed name, e.g. "SY24". */
  source?: string | null;
  url?: string | null;
  title?: string | null;
  /** Publication date "YYYY-MM-DD" (a date-time is cut to its day). */
  published?: string | null;
}

/** An entity as produced by the pipeline (doc/types Entity) or by the contract output (ContractEntity). */
export interface EntityInput {
  /** Document-local id ("P1", "L2"); absent: assigned by position. */
  id?: string;
  type: string;
  name: string;
  aliases?: string[];
  mentions?: Span[];
  /** Pipeline spelling. */
  actorId?: string;
  /** Contract spelling. */
  actor_id?: string;
  // Other fields (place, roles, latitude ...) are kept as given; no index signature here, so the
  // pipeline's Entity and the contract's ContractEntity are both assignable.
}

/** The output of the extraction pipeline for one document. */
export interface ExtractionResult {
  events: EventRecord[];
  entities: EntityInput[];
  messages?: Message[];
}

/** One time a document was seen (the same text can come from several URLs or feeds). */
export interface Sighting {
  source: string | null;
  url: string | null;
  seenAt: string;
}

export interface StoredDocument {
  id: string;
  contentHash: string;
  text: string;
  /** Only filled by getDocument(id, { withRaw: true }); null otherwise or when none was stored. */
  rawText: string | null;
  source: string | null;
  url: string | null;
  title: string | null;
  published: string | null;
  status: DocumentStatus;
  /** Last failure message when status is "failed" (kept after a later success for history: null then). */
  error: string | null;
  /** How many times processing failed. */
  attempts: number;
  /** Number of events stored for this document. */
  eventCount: number;
  createdAt: string;
  updatedAt: string;
  /** Every sighting, first one first (the first is the document's own source/url). Filled by getDocument. */
  sightings?: Sighting[];
  /** Filled by getDocument(id, { withEntities: true }). */
  entities?: StoredEntity[];
  /** Pipeline messages, filled by getDocument(id, { withEntities: true }). */
  messages?: Message[];
}

export interface StoredEntity {
  /** `${documentId}:${localId}` */
  id: string;
  documentId: string;
  localId: string;
  type: string;
  name: string;
  actorId: string | null;
  /** The entity exactly as given to saveDocument. */
  data: EntityInput;
}

export interface SaveDocumentOptions {
  /**
   * When a processed document with the same content hash exists: false (default) keeps it and
   * returns it with created=false; true replaces its entities and events by the new extraction
   * (edits of events whose id survives stay attached).
   */
  reprocess?: boolean;
  /** Run cross-source deduplication on the new events (default true). */
  dedup?: boolean;
}

export interface SaveResult {
  document: StoredDocument;
  /** False when the content hash was already stored (idempotent re-ingest). */
  created: boolean;
  /** Ids of the events stored by this call (empty when nothing was written). */
  eventIds: string[];
  /** For each stored event, the cluster it joined or founded. */
  clusters: { eventId: string; clusterId: string; merged: boolean }[];
}

// ---------------------------------------------------------------------------------------------
// Events, edits, review

export type ReviewStatus = "unreviewed" | "reviewed" | "rejected";

/** Fields of EventRecord an analyst may override. */
export const EDITABLE_FIELDS = [
  "event_type",
  "sub_event_type",
  "event_date",
  "time_precision",
  "actor1",
  "actor2",
  "assoc_actors",
  "location",
  "fatalities",
  "injured",
  "captured",
  "notes",
  "background",
] as const;
export type EditableField = (typeof EDITABLE_FIELDS)[number];

export interface StoredEvent {
  /** `${documentId}:${record.id}` */
  id: string;
  documentId: string;
  /** The effective record: extracted values with the analyst's edits applied. */
  record: EventRecord;
  /** The record as extracted; only filled by getEvent. */
  extracted?: EventRecord;
  /** Fields that an edit overrides. */
  editedFields: string[];
  reviewStatus: ReviewStatus;
  clusterId: string | null;
  /** True when this event is its cluster's canonical event (or has no cluster). */
  canonical: boolean;
  /** Document metadata, for display and exports. */
  source: string | null;
  url: string | null;
  title: string | null;
  published: string | null;
  createdAt: string;
  updatedAt: string;
  /** Edits, oldest first; only filled by getEvent. */
  edits?: Edit[];
  /** Number of events in its cluster (1 when alone or without cluster). */
  clusterSize?: number;
  /** Distinct sources (outlets) of its cluster, in order of arrival (its own source when alone). */
  clusterSources?: string[];
}

export interface EditInput {
  eventId: string;
  field: EditableField;
  /** The new value, in EventRecord's shape for that field (null clears it). */
  value: unknown;
  /** Who made the edit (user name or id). */
  editor: string;
  /** Why (free text). */
  note?: string | null;
  /** Review status to set with the edit (default "reviewed": an edited value is a reviewed value). */
  reviewStatus?: ReviewStatus;
}

export interface Edit {
  id: string;
  eventId: string;
  /** A record field, or "review_status", or "cluster" for splits. */
  field: string;
  /** Value before the edit (effective value). */
  previous: unknown;
  value: unknown;
  editor: string;
  note: string | null;
  at: string;
}

// ---------------------------------------------------------------------------------------------
// Clusters (cross-source deduplication)

/** One reason why two events were merged, e.g. {rule: "date", detail: "2022-11-06 = 2022-11-06 (day precision)"}. */
export interface MergeReason {
  rule: string;
  detail: string;
}

export interface ClusterMember {
  eventId: string;
  documentId: string;
  /** The event of the cluster it was matched against; null for the founding event. */
  matchedEventId: string | null;
  /** Why it was merged; empty for the founding event. */
  reasons: MergeReason[];
  /** Match score 0..1 (1 for the founding event). */
  score: number;
  source: string | null;
  url: string | null;
  published: string | null;
  addedAt: string;
}

export interface Cluster {
  id: string;
  canonicalEventId: string;
  /** The canonical event (effective record). */
  canonical: StoredEvent;
  members: ClusterMember[];
  size: number;
  /** Distinct sources (outlets) of the members, in order of arrival. */
  sources: string[];
  createdAt: string;
  updatedAt: string;
}

export interface SplitInput {
  clusterId: string;
  /** Events to take out of the cluster; they form one new cluster together. */
  eventIds: string[];
  editor: string;
  note?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Filters and paging

export interface PageRequest {
  /** Default 50, at most 1000. */
  limit?: number;
  /** The `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null;
}

export interface Page<T> {
  items: T[];
  /** Pass back as `cursor` for the next page; null at the end. */
  nextCursor: string | null;
}

export interface DocumentFilter {
  status?: DocumentStatus | DocumentStatus[];
  source?: string | string[];
  /** Publication date range, inclusive, "YYYY-MM-DD". */
  publishedFrom?: string;
  publishedTo?: string;
  /** Full-text query, Arabic-normalized («قتل» finds «قُتل»). */
  q?: string;
}

/**
 * Event filters; all given conditions must hold. Order of results: event_date descending (undated
 * events last), then newest stored first.
 */
export interface EventFilter {
  /** event_date range, inclusive, "YYYY-MM-DD". */
  dateFrom?: string;
  dateTo?: string;
  eventType?: string | string[];
  subEventType?: string | string[];
  /** Governorate, as in location.admin1 (English name from the gazetteer, e.g. "Dara'a"). */
  admin1?: string | string[];
  /** Place: matches location.name, location.name_ar (normalized), admin2, admin3 or pcode. */
  place?: string;
  /** Actor id in actor1, actor2 or assoc_actors. */
  actor?: string | string[];
  /** Document source (outlet). */
  source?: string | string[];
  documentId?: string;
  clusterId?: string;
  reviewStatus?: ReviewStatus | ReviewStatus[];
  /** Only canonical events (one per cluster), as exports do by default. */
  canonicalOnly?: boolean;
  /** Include events marked background (default true). */
  includeBackground?: boolean;
  /** Include rejected events (default false). */
  includeRejected?: boolean;
  /** Full-text query over the event's notes and evidence text, Arabic-normalized. */
  q?: string;
}

export interface SearchRequest extends PageRequest {
  q: string;
  /** What to search (default "all"). */
  kind?: "documents" | "events" | "all";
  documentFilter?: Omit<DocumentFilter, "q">;
  eventFilter?: Omit<EventFilter, "q">;
}

export interface SearchResult {
  documents: { document: StoredDocument; snippet: string }[];
  events: StoredEvent[];
}

export interface StoreStats {
  documents: Record<DocumentStatus, number>;
  events: number;
  clusters: number;
  edits: number;
}

// ---------------------------------------------------------------------------------------------
// The interface

export interface Store {
  /** "sqlite" or "postgres". */
  readonly kind: "sqlite" | "postgres";

  /** Applies pending migrations (open* functions already do it; idempotent). */
  migrate(): Promise<void>;
  /** Closes connections. The store must not be used afterwards. */
  close(): Promise<void>;

  // Documents ---------------------------------------------------------------------------------

  /**
   * Stores a document with its extraction in ONE transaction: the document row, its entities, its
   * events and their cluster assignment (deduplication) are all written or none is. `extraction`
   * null stores the document as "pending" (to be processed later); a later call with the same text
   * and an extraction completes it. Idempotent by content hash (see module doc).
   */
  saveDocument(doc: NewDocument, extraction: ExtractionResult | null, options?: SaveDocumentOptions): Promise<SaveResult>;
  findDocumentByHash(contentHash: string): Promise<StoredDocument | null>;
  getDocument(id: string, options?: { withRaw?: boolean; withEntities?: boolean }): Promise<StoredDocument | null>;
  /** Newest stored first. */
  listDocuments(filter?: DocumentFilter, page?: PageRequest): Promise<Page<StoredDocument>>;
  /** Records a processing failure: status "failed", error kept, attempts + 1. Throws when the id is unknown. */
  markFailed(documentId: string, error: string): Promise<void>;
  /** Documents to (re)process: failed ones with attempts < maxAttempts (default 3), and pending ones; oldest first. */
  listRetry(options?: { maxAttempts?: number; limit?: number }): Promise<StoredDocument[]>;

  // Events ------------------------------------------------------------------------------------

  getEvent(id: string): Promise<StoredEvent | null>;
  /** Keyset-paged, index-backed (see EventFilter for the order). */
  listEvents(filter?: EventFilter, page?: PageRequest): Promise<Page<StoredEvent>>;
  /** All events matching the filter, in listEvents order, read in batches (for exports). */
  iterateEvents(filter?: EventFilter, options?: { batchSize?: number }): AsyncIterable<StoredEvent>;
  countEvents(filter?: EventFilter): Promise<number>;

  /** Overrides one field of an event (reviewed value wins) and records who and when. Returns the updated event. */
  recordEdit(edit: EditInput): Promise<StoredEvent>;
  /** Sets the review status of an event (recorded as an edit of field "review_status"). */
  setReviewStatus(eventId: string, status: ReviewStatus, editor: string, note?: string | null): Promise<StoredEvent>;
  listEdits(eventId: string): Promise<Edit[]>;

  // Clusters ----------------------------------------------------------------------------------

  getCluster(id: string): Promise<Cluster | null>;
  /** Clusters, most recently updated first; `minSize` 2 lists only real merges. */
  listClusters(options?: { minSize?: number } & PageRequest): Promise<Page<Cluster>>;
  /**
   * Takes events out of their cluster into one new cluster (analyst's split, recorded as edits of
   * field "cluster"). The split events are never merged back with the remaining ones automatically.
   * Returns [the remaining cluster, the new cluster].
   */
  splitCluster(input: SplitInput): Promise<[Cluster, Cluster]>;

  // Search ------------------------------------------------------------------------------------

  /** Arabic-normalized full-text search over documents and events, with filters. */
  search(request: SearchRequest): Promise<SearchResult>;

  stats(): Promise<StoreStats>;
}

/** Errors with a stable code, thrown by both backends. */
export class StoreError extends Error {
  constructor(
    readonly code: "E_NOT_FOUND" | "E_ID_CONFLICT" | "E_INVALID",
    message: string,
  ) {
    super(`rasd store: ${message}`);
    this.name = "StoreError";
  }
}
