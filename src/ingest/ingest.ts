/**
 * @module ingest/ingest
 * The ingestion service behind `rasd ingest`, `rasd watch` and `POST /ingest`: each candidate
 * document is run through the extraction pipeline and stored with its events and entities in one
 * store transaction (Store.saveDocument), one document at a time, so a run killed at any moment
 * leaves every stored document whole and the next run carries on where it stopped.
 *
 * Idempotent by content hash: a text already stored and processed is not extracted again (only a
 * new sighting is recorded). Nothing is dropped: a document whose fetch, parse or extraction fails
 * is stored as "failed" with its error and picked up again by `retryFailed()`
 * (`rasd ingest --retry-failed`). A document that could not even be read (fetch failed, malformed
 * line) is stored as a placeholder whose text is its URL or its raw line, so the failure is kept,
 * listed and retried like any other.
 */
import { createHash } from "node:crypto";
import type { InputDocument } from "../contract/input.ts";
import { toContractLine } from "../contract/output.ts";
import { processDocument } from "../extract/extract.ts";
import type { Pipeline } from "../pipeline/pipeline.ts";
import { contentHash } from "../store/hash.ts";
import { StoreError, type ExtractionResult, type NewDocument, type Store, type StoredDocument } from "../store/types.ts";
import { Fetcher } from "./fetch.ts";
import { Progress } from "./progress.ts";
import { candidates, fromUrl, type Candidate } from "./sources.ts";

export interface IngestOptions {
  store: Store;
  /** Network access policy and state; a default-policy fetcher when absent. */
  fetcher?: Fetcher;
  /** Outlet name for documents that do not carry one. */
  source?: string;
  pipeline?: Pipeline;
  /** Extract and store again even when the text is already stored. */
  reprocess?: boolean;
  /** Pause after each document (ms): throttles a bulk load sharing a machine; tests use it to stop a run midway. */
  delayMs?: number;
  /** Progress and per-document failures; null for silence. */
  progress?: Progress | null;
}

export type OutcomeStatus = "stored" | "unchanged" | "failed";

export interface Outcome {
  status: OutcomeStatus;
  origin: string;
  documentId: string | null;
  events: number;
  error?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const sha16 = (s: string) => createHash("sha256").update(s, "utf8").digest("hex").slice(0, 16);

/** The id of a document fetched from a URL: stable, so a failed fetch and its later success share it. */
export function urlDocumentId(url: string): string {
  return `url-${sha16(url)}`;
}

/** Ids of placeholders for input that could not be read at all (malformed lines, pages without text). */
export const INPUT_ERROR_PREFIX = "input-error-";

function isPlaceholder(d: StoredDocument): boolean {
  return d.url !== null && d.text === d.url;
}

export class Ingestor {
  readonly store: Store;
  readonly fetcher: Fetcher;
  readonly progress: Progress | null;
  private readonly opts: IngestOptions;

  constructor(opts: IngestOptions) {
    this.opts = opts;
    this.store = opts.store;
    this.fetcher = opts.fetcher ?? new Fetcher();
    this.progress = opts.progress === undefined ? null : opts.progress;
  }

  /** Ingests every candidate of the inputs (files, directories, URLs, feeds), in order. */
  async ingest(inputs: string[], onOutcome?: (o: Outcome) => void): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const warn = (m: string) => this.progress?.note(m);
    for await (const c of candidates(inputs, { fetcher: this.fetcher, source: this.opts.source, warn })) {
      const o = await this.ingestCandidate(c);
      outcomes.push(o);
      onOutcome?.(o);
      if (this.opts.delayMs) await sleep(this.opts.delayMs);
    }
    return outcomes;
  }

  /** Stores one candidate (a readable document, or a failure to keep). */
  async ingestCandidate(c: Candidate): Promise<Outcome> {
    const o = c.ok ? await this.ingestDocument(c.doc, c.origin, c.rawText ?? null) : await this.recordUnreadable(c);
    if (o.status === "failed") this.progress?.note(`${this.progressLabel()}: ${o.origin}: ${o.error}`);
    this.progress?.add(o.status, o.events);
    return o;
  }

  private progressLabel(): string {
    return "rasd ingest";
  }

  /** Extracts and stores one readable document. */
  async ingestDocument(input: InputDocument, origin: string, rawText: string | null = null): Promise<Outcome> {
    const url = input.meta.url ?? null;
    const newDoc: NewDocument = {
      id: input.id || (url ? urlDocumentId(url) : undefined),
      text: input.text,
      rawText,
      source: input.meta.source ?? null,
      url,
      title: input.meta.title ?? null,
      published: input.meta.published ?? null,
    };
    const existing = await this.store.findDocumentByHash(contentHash(input.text));
    if (existing && existing.status === "processed" && !this.opts.reprocess) {
      // Already stored: only a new sighting (another URL or outlet with the same text) is worth a write.
      if ((url && url !== existing.url) || (newDoc.source && newDoc.source !== existing.source)) await this.store.saveDocument(newDoc, null);
      return { status: "unchanged", origin, documentId: existing.id, events: existing.eventCount };
    }
    if (existing) newDoc.id = existing.id;

    let extraction: ExtractionResult;
    let fatal: string[] = [];
    try {
      const doc = processDocument({ ...input, id: newDoc.id ?? input.id }, this.opts.pipeline);
      const line = toContractLine(doc);
      extraction = { events: line.events, entities: line.entities, messages: doc.messages };
      fatal = doc.messages.filter((m) => m.fatal).map((m) => m.reason);
    } catch (e) {
      return this.saveFailed(newDoc, origin, `extraction failed: ${(e as Error).message}`);
    }
    let saved;
    try {
      saved = await this.save(newDoc, extraction);
    } catch (e) {
      return this.saveFailed(newDoc, origin, `storing failed: ${(e as Error).message}`);
    }
    if (fatal.length) {
      const error = `extraction failed: ${fatal.join("; ")}`;
      await this.store.markFailed(saved.document.id, error);
      return { status: "failed", origin, documentId: saved.document.id, events: saved.eventIds.length, error };
    }
    return { status: saved.created || existing ? "stored" : "unchanged", origin, documentId: saved.document.id, events: saved.eventIds.length };
  }

  /**
   * saveDocument, tolerating an id already used by a different text (the article was corrected
   * since, or a placeholder of a failed fetch holds the URL's id): the new text is then stored
   * under its content-hash id, so it is never lost.
   */
  private async save(doc: NewDocument, extraction: ExtractionResult | null) {
    try {
      return await this.store.saveDocument(doc, extraction, { reprocess: this.opts.reprocess });
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== "E_ID_CONFLICT" || doc.id === undefined) throw e;
      const held = await this.store.getDocument(doc.id);
      const result = await this.store.saveDocument({ ...doc, id: undefined }, extraction, { reprocess: this.opts.reprocess });
      if (!held || !isPlaceholder(held)) this.progress?.note(`rasd ingest: document id "${doc.id}" already holds a different text; this text is stored as "${result.document.id}"`);
      // A failed-fetch placeholder is settled by the real document: close it so it is not retried forever.
      if (held && isPlaceholder(held) && held.status !== "processed") await this.store.saveDocument(placeholderOf(held), { events: [], entities: [] });
      return result;
    }
  }

  private async saveFailed(doc: NewDocument, origin: string, error: string): Promise<Outcome> {
    try {
      const saved = await this.save(doc, null);
      await this.store.markFailed(saved.document.id, error);
      return { status: "failed", origin, documentId: saved.document.id, events: 0, error };
    } catch (e) {
      // The store itself refused: nothing more can be kept than the message.
      return { status: "failed", origin, documentId: null, events: 0, error: `${error}; and it could not be stored: ${(e as Error).message}` };
    }
  }

  /**
   * A candidate that has no text, stored as a failed placeholder so the failure is kept and listed:
   * a fetch failure under the URL's id with the URL as its text (retried by fetching again); bad
   * input (a malformed line, a page with no article) under an `input-error-` id with the raw input
   * as its text (retrying cannot fix input, so a retry only records the attempt).
   */
  private async recordUnreadable(c: Extract<Candidate, { ok: false }>): Promise<Outcome> {
    if (c.operator) return { status: "failed", origin: c.origin, documentId: null, events: 0, error: c.error };
    const url = c.meta.url ?? null;
    const refetch = url !== null && c.refetch;
    const text = refetch ? url : (c.raw ?? url ?? c.origin);
    const doc: NewDocument = {
      id: refetch ? urlDocumentId(url) : `${INPUT_ERROR_PREFIX}${sha16(c.origin + "\n" + text)}`,
      text,
      rawText: c.raw ?? null,
      source: c.meta.source ?? null,
      url,
      title: c.meta.title ?? null,
      published: c.meta.published ?? null,
    };
    const existing = await this.store.getDocument(doc.id!);
    if (existing && existing.status === "processed" && !isPlaceholder(existing)) {
      // The URL was read before; this fetch failing does not undo that.
      return { status: "failed", origin: c.origin, documentId: existing.id, events: 0, error: `${c.error} (an earlier version is stored)` };
    }
    return this.saveFailed(doc, c.origin, c.error);
  }

  /**
   * Processes failed and pending documents again (`rasd ingest --retry-failed`): stored texts are
   * extracted again; placeholders of failed fetches are fetched again.
   */
  async retryFailed(options: { maxAttempts?: number } = {}, onOutcome?: (o: Outcome) => void): Promise<Outcome[]> {
    const tried = new Set<string>();
    const outcomes: Outcome[] = [];
    for (;;) {
      const batch = (await this.store.listRetry({ maxAttempts: options.maxAttempts, limit: 100 })).filter((d) => !tried.has(d.id));
      if (!batch.length) break;
      for (const d of batch) {
        tried.add(d.id);
        const results = await this.retryOne(d);
        for (const o of results) {
          outcomes.push(o);
          onOutcome?.(o);
        }
        if (this.opts.delayMs) await sleep(this.opts.delayMs);
      }
    }
    return outcomes;
  }

  private async retryOne(d: StoredDocument): Promise<Outcome[]> {
    if (d.id.startsWith(INPUT_ERROR_PREFIX)) {
      const error = d.error ?? "the input could not be read";
      await this.store.markFailed(d.id, error);
      const o: Outcome = { status: "failed", origin: `retry ${d.id}`, documentId: d.id, events: 0, error: `${error} (bad input: fix the source and ingest it again)` };
      this.progress?.add("failed");
      return [o];
    }
    if (isPlaceholder(d)) {
      const out: Outcome[] = [];
      for await (const c of fromUrl(d.url!, { fetcher: this.fetcher, source: d.source ?? undefined })) {
        if (c.ok) {
          // Keep what the failed attempt knew (feed title/date) where the page says nothing.
          c.doc.meta.title ??= d.title ?? undefined;
          c.doc.meta.published ??= d.published ?? undefined;
          c.doc.id = c.doc.meta.url === d.url ? d.id : "";
        }
        out.push(await this.ingestCandidate(c));
      }
      return out;
    }
    const input: InputDocument = {
      id: d.id,
      text: d.text,
      meta: {
        ...(d.published ? { published: d.published } : {}),
        ...(d.source ? { source: d.source } : {}),
        ...(d.url ? { url: d.url } : {}),
        ...(d.title ? { title: d.title } : {}),
      },
      warnings: [],
    };
    return [await this.ingestCandidate({ ok: true, origin: `retry ${d.id}`, doc: input })];
  }
}

function placeholderOf(d: StoredDocument): NewDocument {
  return { id: d.id, text: d.text, source: d.source, url: d.url, title: d.title, published: d.published };
}
