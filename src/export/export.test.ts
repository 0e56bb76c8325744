import { test } from "node:test";
import assert from "node:assert/strict";
import { PassThrough } from "node:stream";
import { openSqliteStore } from "../store/sqlite/store.ts";
import type { Store } from "../store/types.ts";
import { firstParagraphs, seedWithGold } from "../store/test-fixtures.ts";
import { ACLED_COLUMNS, csvCell, exportEvents, writeExport } from "./index.ts";

/** ACLED's column order, written out as the issue gives it. */
const ACLED_HEADER =
  "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

/** A small RFC 4180 reader, to check the writer from the outside. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

async function seededStore(): Promise<Store> {
  const s = await openSqliteStore(":memory:");
  for (const id of ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]) {
    const { doc, extraction } = seedWithGold(id);
    await s.saveDocument(doc, extraction);
  }
  const text = firstParagraphs("seed-000", 5);
  const b = seedWithGold("seed-000", { text });
  await s.saveDocument({ id: "repub-000", text, source: "Horan Free League", published: "2022-11-07" }, { ...b.extraction, events: b.extraction.events.filter((e) => e.evidence.length) });
  return s;
}

async function text(it: AsyncIterable<string>): Promise<string> {
  let out = "";
  for await (const c of it) out += c;
  return out;
}

test("export csv: ACLED's columns in ACLED's order, one row per happening, reviewed values win", async () => {
  const s = await seededStore();
  try {
    assert.equal(ACLED_COLUMNS.join(","), ACLED_HEADER);
    await s.recordEdit({ eventId: "seed-000:e1", field: "fatalities", value: 5, editor: "analyst-1" });
    await s.recordEdit({ eventId: "seed-000:e1", field: "notes", value: 'Clashes in "Daraa al-Balad", Hay al-Hamadin;\nISIS cells retreat.', editor: "analyst-1" });
    const csv = await text(exportEvents(s, "csv", { admin1: "Dar'a", dateFrom: "2022-11-06", dateTo: "2022-11-06" }));
    const rows = parseCsv(csv);
    assert.equal(rows[0]!.join(","), ACLED_HEADER);
    const body = rows.slice(1).map((r) => Object.fromEntries(ACLED_COLUMNS.map((c, i) => [c, r[i]])));
    assert.ok(body.every((r) => Object.keys(r).length === 31));
    const clash = body.filter((r) => r.event_type === "Battles" && r.sub_event_type === "Armed clash");
    assert.equal(clash.length, 1, "the re-published clash is the same row");
    const c = clash[0]!;
    assert.equal(c.fatalities, "5", "the reviewed value wins");
    assert.equal(c.notes, 'Clashes in "Daraa al-Balad", Hay al-Hamadin;\nISIS cells retreat.', "quotes, commas and newlines survive quoting");
    assert.equal(c.source, "SY24; Horan Free League");
    assert.equal(c.event_date, "2022-11-06");
    assert.equal(c.year, "2022");
    assert.equal(c.time_precision, "1");
    assert.equal(c.disorder_type, "Political violence");
    assert.equal(c.country, "Syria");
    assert.equal(c.iso, "760");
    assert.equal(c.admin1, "Dar'a");
    assert.equal(c.latitude, "32.6241");
    assert.equal(c.longitude, "36.1049");
    assert.equal(c.tags, "reviewed");
    assert.match(c.event_id_cnty!, /^SYR-c-\d+$/);
    assert.ok(Number(c.timestamp) > 1_600_000_000);
    // Civilians targeted by ISIS sniper fire (seed-000 e6) is civilian targeting.
    const all = parseCsv(await text(exportEvents(s, "csv", {}))).slice(1).map((r) => Object.fromEntries(ACLED_COLUMNS.map((col, i) => [col, r[i]])));
    const sniper = all.find((r) => r.event_type === "Violence against civilians" && r.event_date === "2022-11-07")!;
    assert.equal(sniper.civilian_targeting, "Civilian targeting");
    assert.equal(sniper.interaction, "Rebel group-Civilians");
    assert.equal(sniper.inter1, "Rebel group");
    assert.equal(sniper.inter2, "Civilians");
    assert.equal(all.length, (await s.listEvents({ canonicalOnly: true }, { limit: 1000 })).items.length);
    // Without dedup, every event with its own source.
    const every = parseCsv(await text(exportEvents(s, "csv", { dateFrom: "2022-11-06", dateTo: "2022-11-06", eventType: "Battles" }, { dedup: false }))).slice(1);
    assert.deepEqual(every.map((r) => r[ACLED_COLUMNS.indexOf("source")]).sort(), ["Horan Free League", "SY24"]);
  } finally {
    await s.close();
  }
});

test("export csv: cells are quoted per RFC 4180 and never start a spreadsheet formula", () => {
  const cases: [unknown, string][] = [
    ["درعا البلد", "درعا البلد"],
    ["a,b", '"a,b"'],
    ['قال "المراسل"', '"قال ""المراسل"""'],
    ["line1\nline2", '"line1\nline2"'],
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    [-3.5, "-3.5"],
    [null, ""],
    [0, "0"],
  ];
  for (const [v, want] of cases) assert.equal(csvCell(v), want, String(v));
});

test("export geojson and jsonl: the same filters, valid JSON, UTF-8 Arabic intact", async () => {
  const s = await seededStore();
  try {
    const filter = { admin1: "Dar'a", dateFrom: "2022-10-01", dateTo: "2022-10-31" };
    const gj = JSON.parse(await text(exportEvents(s, "geojson", filter))) as { type: string; features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[]; skipped_unlocated: number };
    assert.equal(gj.type, "FeatureCollection");
    const expected = (await s.listEvents({ ...filter, canonicalOnly: true }, { limit: 1000 })).items;
    assert.equal(gj.features.length, expected.length);
    assert.equal(gj.skipped_unlocated, 0);
    for (const f of gj.features) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      assert.ok(lon > 35 && lon < 37 && lat > 32 && lat < 33.5, "[longitude, latitude] in Daraa");
      assert.equal(f.properties.admin1, "Dar'a");
    }
    const lines = (await text(exportEvents(s, "jsonl", filter))).trim().split("\n").map((l) => JSON.parse(l) as { id: string; event: { event_date: string } });
    assert.deepEqual(lines.map((l) => l.id), expected.map((e) => e.id));
    assert.ok(lines.every((l) => l.event.event_date >= "2022-10-01" && l.event.event_date <= "2022-10-31"));
    // writeExport streams to a Writable as UTF-8.
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on("data", (c: Buffer) => chunks.push(c));
    await writeExport(s, "jsonl", { documentId: "seed-002" }, out, { dedup: false });
    out.end();
    const back = Buffer.concat(chunks).toString("utf8");
    assert.equal(back.trim().split("\n").length, 6);
    const withAr = await text(exportEvents(s, "csv", { q: "المنشية" }, { bom: true }));
    assert.ok(withAr.startsWith("\uFEFF"));
  } finally {
    await s.close();
  }
});
