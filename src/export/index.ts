/**
 * @module export
 * Streaming exports of stored events with the store's filters: ACLED-style CSV (ACLED's columns
 * and order), a GeoJSON FeatureCollection and JSON Lines. Events are read from the store in
 * batches (Store.iterateEvents) and written as they come, so an export of any size runs in constant
 * memory; everything is UTF-8. Reviewed values win (the store returns effective records).
 *
 * By default an export has one row per happening: only each cluster's canonical event, citing all
 * the cluster's sources (`dedup: false` exports every event with its own source).
 *
 * @example
 *   await writeExport(store, "csv", { admin1: "Dar'a", dateFrom: "2022-11-01" }, process.stdout);
 */
import type { Writable } from "node:stream";
import { once } from "node:events";
import type { EventFilter, Store, StoredEvent } from "../store/types.ts";
import { ACLED_COLUMNS, acledRow, type AcledOptions } from "./acled.ts";

export { ACLED_COLUMNS, acledRow, COUNTRIES, INTER_LABELS, type AcledOptions, type AcledRow, type Country } from "./acled.ts";

export type ExportFormat = "csv" | "geojson" | "jsonl";
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "geojson", "jsonl"];

export interface ExportOptions extends AcledOptions {
  /** One row per cluster (canonical events, all sources cited); default true. */
  dedup?: boolean;
  /** CSV: start with a UTF-8 byte order mark, for spreadsheets that otherwise misread Arabic; default false. */
  bom?: boolean;
  /** CSV: prefix cells starting with = + - @ (not numbers) with ' so spreadsheets never run them; default true. */
  spreadsheetSafe?: boolean;
  /** Events read per store query; default 500. */
  batchSize?: number;
}

/** RFC 4180: a cell with a comma, quote, CR or LF is quoted, quotes doubled. */
export function csvCell(v: unknown, spreadsheetSafe = true): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "string" ? v : String(v);
  if (spreadsheetSafe && /^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly unknown[], spreadsheetSafe = true): string {
  return `${cells.map((c) => csvCell(c, spreadsheetSafe)).join(",")}\r\n`;
}

/** The GeoJSON Feature of a located event (null when it has no coordinates). */
export function geojsonFeature(e: StoredEvent, options: AcledOptions = {}): object | null {
  const loc = e.record.location;
  if (!loc || !Number.isFinite(loc.latitude) || !Number.isFinite(loc.longitude)) return null;
  const row = acledRow(e, options);
  return {
    type: "Feature",
    id: e.id,
    // GeoJSON positions are [longitude, latitude] (RFC 7946).
    geometry: { type: "Point", coordinates: [loc.longitude, loc.latitude] },
    properties: {
      ...row,
      event_id: e.id,
      document_id: e.documentId,
      cluster_id: e.clusterId,
      location_ar: loc.name_ar,
      pcode: loc.pcode,
      injured: e.record.injured,
      captured: e.record.captured,
      review_status: e.reviewStatus,
      url: e.url,
    },
  };
}

/** The JSON Lines object of an event: its store identity, metadata and effective record. */
export function jsonlObject(e: StoredEvent): object {
  return {
    id: e.id,
    document_id: e.documentId,
    cluster_id: e.clusterId,
    canonical: e.canonical,
    cluster_sources: e.clusterSources ?? [],
    review_status: e.reviewStatus,
    edited_fields: e.editedFields,
    source: e.source,
    url: e.url,
    title: e.title,
    published: e.published,
    updated_at: e.updatedAt,
    event: e.record,
  };
}

function effectiveFilter(filter: EventFilter, options: ExportOptions): EventFilter {
  return options.dedup === false ? filter : { ...filter, canonicalOnly: true };
}

/** The export as a stream of UTF-8 text chunks (one per event, plus header and footer). */
export async function* exportEvents(store: Store, format: ExportFormat, filter: EventFilter = {}, options: ExportOptions = {}): AsyncGenerator<string> {
  if (!EXPORT_FORMATS.includes(format)) throw new Error(`rasd export: format must be one of ${EXPORT_FORMATS.join(", ")}, found "${format}"`);
  const acled: AcledOptions = { ...options, sources: options.sources ?? (options.dedup === false ? "event" : "cluster") };
  const events = store.iterateEvents(effectiveFilter(filter, options), { batchSize: options.batchSize ?? 500 });
  const safe = options.spreadsheetSafe !== false;
  if (format === "csv") {
    yield (options.bom ? "\uFEFF" : "") + csvLine(ACLED_COLUMNS, safe);
    for await (const e of events) {
      const row = acledRow(e, acled);
      yield csvLine(ACLED_COLUMNS.map((c) => row[c]), safe);
    }
  } else if (format === "geojson") {
    yield '{"type":"FeatureCollection","features":[';
    let first = true;
    let skipped = 0;
    for await (const e of events) {
      const f = geojsonFeature(e, acled);
      if (!f) {
        skipped++;
        continue;
      }
      yield (first ? "\n" : ",\n") + JSON.stringify(f);
      first = false;
    }
    // Foreign members are allowed by RFC 7946: say how many events had no place to draw.
    yield `\n],"skipped_unlocated":${skipped}}\n`;
  } else {
    for await (const e of events) yield `${JSON.stringify(jsonlObject(e))}\n`;
  }
}

/** Writes an export to a writable stream (a file, stdout, an HTTP response), honouring backpressure. */
export async function writeExport(store: Store, format: ExportFormat, filter: EventFilter, out: Writable, options: ExportOptions = {}): Promise<void> {
  for await (const chunk of exportEvents(store, format, filter, options)) {
    if (!out.write(chunk, "utf8")) await once(out, "drain");
  }
}

/** The MIME type of an export format. */
export function contentType(format: ExportFormat): string {
  return format === "csv" ? "text/csv; charset=utf-8" : format === "geojson" ? "application/geo+json; charset=utf-8" : "application/x-ndjson; charset=utf-8";
}
