/**
 * @module api/export
 * Streaming exports of stored events for `GET /export`: CSV (ACLED-like columns, one row per
 * event), GeoJSON (a FeatureCollection of located events; unlocated events are left out of the
 * map and counted in the collection's `skipped`), and JSON Lines (the stored events as they are).
 * Rows are produced from Store.iterateEvents batch by batch, so an export never holds the whole
 * table in memory.
 */
import type { StoredEvent } from "../store/types.ts";

export type ExportFormat = "csv" | "geojson" | "jsonl";

export const CSV_COLUMNS = [
  "event_id",
  "document_id",
  "event_date",
  "time_precision",
  "event_type",
  "sub_event_type",
  "actor1",
  "actor1_id",
  "actor2",
  "actor2_id",
  "assoc_actors",
  "location",
  "location_ar",
  "admin1",
  "admin2",
  "admin3",
  "pcode",
  "latitude",
  "longitude",
  "geo_precision",
  "fatalities",
  "injured",
  "captured",
  "source",
  "url",
  "published",
  "cluster_id",
  "review_status",
  "notes",
] as const;

/** RFC 4180 quoting; a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = typeof v === "string" ? v : String(v);
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = "'" + s;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(e: StoredEvent): string {
  const r = e.record;
  const loc = r.location;
  const cells: unknown[] = [
    e.id,
    e.documentId,
    r.event_date,
    r.time_precision,
    r.event_type,
    r.sub_event_type,
    r.actor1?.name,
    r.actor1?.id,
    r.actor2?.name,
    r.actor2?.id,
    r.assoc_actors.map((a) => a.name).join("; "),
    loc?.name,
    loc?.name_ar,
    loc?.admin1,
    loc?.admin2,
    loc?.admin3,
    loc?.pcode,
    loc?.latitude,
    loc?.longitude,
    loc?.geo_precision,
    r.fatalities,
    r.injured,
    r.captured,
    e.source,
    e.url,
    e.published,
    e.clusterId,
    e.reviewStatus,
    r.notes,
  ];
  return cells.map(csvCell).join(",") + "\r\n";
}

export function geoFeature(e: StoredEvent): Record<string, unknown> | null {
  const loc = e.record.location;
  if (!loc || !Number.isFinite(loc.latitude) || !Number.isFinite(loc.longitude)) return null;
  const { evidence: _ev, decisions: _d, location: _l, ...props } = e.record;
  return {
    type: "Feature",
    id: e.id,
    geometry: { type: "Point", coordinates: [loc.longitude, loc.latitude] },
    properties: {
      ...props,
      event_id: e.id,
      document_id: e.documentId,
      location: loc.name,
      location_ar: loc.name_ar,
      admin1: loc.admin1,
      admin2: loc.admin2,
      admin3: loc.admin3,
      pcode: loc.pcode,
      geo_precision: loc.geo_precision,
      source: e.source,
      url: e.url,
      published: e.published,
      cluster_id: e.clusterId,
      review_status: e.reviewStatus,
    },
  };
}

/** The export as a stream of text chunks. */
export async function* exportChunks(format: ExportFormat, events: AsyncIterable<StoredEvent>): AsyncGenerator<string> {
  if (format === "csv") {
    // A BOM so that spreadsheet programs read the Arabic as UTF-8.
    yield "\uFEFF" + CSV_COLUMNS.join(",") + "\r\n";
    for await (const e of events) yield csvRow(e);
    return;
  }
  if (format === "jsonl") {
    for await (const e of events) yield JSON.stringify(e) + "\n";
    return;
  }
  yield '{"type":"FeatureCollection","features":[';
  let first = true;
  let skipped = 0;
  for await (const e of events) {
    const f = geoFeature(e);
    if (!f) {
      skipped++;
      continue;
    }
    yield (first ? "\n" : ",\n") + JSON.stringify(f);
    first = false;
  }
  yield `\n],"skipped":${skipped}}\n`;
}
