/**
 * The HTTP API in-process (app.inject) over a throw-away SQLite store holding the five seed
 * articles with events built from their gold (src/store/test-fixtures.ts), since the extractor's
 * events are still landing: list and filter events, documents, search, exports, POST /ingest,
 * validation errors that name the field, the page size limit, and the OpenAPI docs.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { openSqliteStore } from "../store/sqlite/store.ts";
import type { Store, StoredEvent } from "../store/types.ts";
import { seedWithGold } from "../store/test-fixtures.ts";
import { buildApp } from "./app.ts";
import { startFixtureServer, type FixtureServer } from "../../test/fixtures/ingest/server.ts";

let store: Store;
let app: FastifyInstance;
let srv: FixtureServer;
const SEEDS = ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"];

before(async () => {
  store = await openSqliteStore(":memory:");
  for (const id of SEEDS) {
    const { doc, extraction } = seedWithGold(id);
    await store.saveDocument(doc, extraction);
  }
  srv = await startFixtureServer();
  app = await buildApp({ store, fetchPolicy: { allowPrivate: true, perHostIntervalMs: 0, backoffMs: 5, retries: 0, timeoutMs: 3000 }, maxPageSize: 100 });
});
after(async () => {
  await app.close();
  await store.close();
  await srv.close();
});

const get = async (url: string) => {
  const r = await app.inject({ method: "GET", url });
  return { status: r.statusCode, body: r.headers["content-type"]?.toString().startsWith("application/json") ? r.json() : r.body, headers: r.headers };
};

test("GET /events lists events newest first and filters them", async () => {
  const all = await get("/events?limit=100");
  assert.equal(all.status, 200);
  const items = all.body.items as StoredEvent[];
  assert.ok(items.length > 5, "items.length > 5");
  const dates = items.map((e) => e.record.event_date).filter((d): d is string => d !== null);
  assert.deepEqual(dates, [...dates].sort().reverse(), "event_date descending");
  const first = items[0];
  const cases: [string, (e: StoredEvent) => boolean][] = [
    [`/events?documentId=seed-002`, (e) => e.documentId === "seed-002"],
    [`/events?eventType=${encodeURIComponent(first.record.event_type)}`, (e) => e.record.event_type === first.record.event_type],
    [`/events?dateFrom=2022-11-01&dateTo=2022-11-30`, (e) => e.record.event_date !== null && e.record.event_date >= "2022-11-01" && e.record.event_date <= "2022-11-30"],
    [`/events?source=SY24,North%20Press`, (e) => e.source === "SY24" || e.source === "North Press"],
    [`/events?source=SY24&source=North%20Press`, (e) => e.source === "SY24" || e.source === "North Press"],
  ];
  for (const [url, holds] of cases) {
    const r = await get(url);
    assert.equal(r.status, 200, url);
    assert.ok(r.body.items.length > 0, `${url}: some events`);
    assert.ok((r.body.items as StoredEvent[]).every(holds), url);
    assert.ok(r.body.items.length < items.length || url.includes("source"), `${url}: filters something`);
  }
  // Keyset paging walks every event once.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const r = await get(`/events?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    seen.push(...(r.body.items as StoredEvent[]).map((e) => e.id));
    cursor = r.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, items.map((e) => e.id));
  const one = await get(`/events/${encodeURIComponent(first.id)}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.id, first.id);
  assert.equal((await get("/events/nope:e1")).status, 404);
});

test("GET /documents/:id returns the text, metadata, sightings and entities", async () => {
  const r = await get("/documents/seed-002");
  assert.equal(r.status, 200);
  assert.match(r.body.text, /^درعا – نورث برس\nقتل أكثر من 25 شخصاً/);
  assert.equal(r.body.published, "2022-10-21");
  assert.equal(r.body.source, "North Press");
  assert.equal(r.body.status, "processed");
  assert.ok(r.body.sightings.length >= 1, "r.body.sightings.length >= 1");
  const ents = await get("/documents/seed-002/entities?type=ORG");
  assert.ok(ents.body.items.length >= 1, "ents.body.items.length >= 1");
  assert.ok(ents.body.items.every((e: { type: string }) => e.type === "ORG"), "ents.body.items.every((e: { type: string }) => e.type === \"ORG\")");
  const evs = await get("/documents/seed-002/events");
  assert.ok(evs.body.items.every((e: StoredEvent) => e.documentId === "seed-002"), "evs.body.items.every((e: StoredEvent) => e.documentId === \"seed-002\")");
  assert.equal((await get("/documents/nope")).status, 404);
  const list = await get("/documents?source=SY24");
  assert.deepEqual(list.body.items.map((d: { id: string }) => d.id).sort(), ["seed-000", "seed-004"]);
});

test("POST /ingest stores a text once; GET /search «قتل» finds «قُتل»", async () => {
  const text = "قُتِلَ ثلاثة مدنيين وأصيب خمسة آخرون، اليوم الأحد، بقصف مدفعي استهدف بلدة النيرب في ريف إدلب الشرقي.";
  const body = { text, id: "post-1", source: "Test Outlet", published: "2022-11-06", title: "قصف على النيرب" };
  const r1 = await app.inject({ method: "POST", url: "/ingest", payload: body });
  assert.equal(r1.statusCode, 201, r1.body);
  assert.equal(r1.json().outcomes[0].status, "stored");
  assert.equal(r1.json().outcomes[0].documentId, "post-1");
  const r2 = await app.inject({ method: "POST", url: "/ingest", payload: body });
  assert.equal(r2.statusCode, 200);
  assert.equal(r2.json().outcomes[0].status, "unchanged", "idempotent by content hash");
  const s = await get(`/search?q=${encodeURIComponent("قتل")}&kind=documents`);
  assert.equal(s.status, 200);
  const ids = s.body.documents.map((d: { document: { id: string } }) => d.document.id);
  assert.ok(ids.includes("post-1"), `«قتل» finds «قُتِلَ»: ${ids}`);
  assert.ok(ids.includes("seed-002"), "ids.includes(\"seed-002\")");
  const d = await get("/documents/post-1");
  assert.equal(d.body.text, text, "text stored verbatim, diacritics kept");
});

test("POST /ingest by URL fetches the page (private addresses only when the server allows them)", async () => {
  const r = await app.inject({ method: "POST", url: "/ingest", payload: { url: `${srv.base}/news/cp1256.html` } });
  assert.equal(r.statusCode, 201, r.body);
  const o = r.json().outcomes[0];
  assert.equal(o.status, "stored");
  const d = await get(`/documents/${o.documentId}`);
  assert.match(d.body.text, /لليوم الثاني على التوالي، تستمر الفصائل المحلية/);
  assert.equal(d.body.published, "2022-11-01");
  const bad = await app.inject({ method: "POST", url: "/ingest", payload: { url: `${srv.base}/loop/a` } });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.json().outcomes[0].error, /redirect-loop/);
  // A server with the default policy refuses loopback.
  const strict = await buildApp({ store, fetchPolicy: { retries: 0 } });
  try {
    const before = srv.total();
    const refused = await strict.inject({ method: "POST", url: "/ingest", payload: { url: `${srv.base}/news/utf8.html` } });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.json().outcomes[0].error, /private-address/);
    assert.equal(srv.total(), before);
  } finally {
    await strict.close();
  }
});

test("validation errors are JSON naming the field; page size and body size are limited", async () => {
  const cases: [string, string, unknown, string, string][] = [
    ["GET", "/events?limit=101", undefined, "querystring", "limit"],
    ["GET", "/events?limit=0", undefined, "querystring", "limit"],
    ["GET", "/events?limit=abc", undefined, "querystring", "limit"],
    ["GET", "/events?dateFrom=07-11-2022", undefined, "querystring", "dateFrom"],
    ["GET", "/events?colour=red", undefined, "querystring", "colour"],
    ["GET", "/events?reviewStatus=maybe", undefined, "querystring", "reviewStatus.0"],
    ["GET", "/search", undefined, "querystring", "q"],
    ["GET", "/export?format=xlsx", undefined, "querystring", "format"],
    ["POST", "/ingest", { title: "x" }, "body", "text"],
    ["POST", "/ingest", { text: 5 }, "body", "text"],
    ["POST", "/ingest", { text: "نص", published: "yesterday" }, "body", "published"],
    ["POST", "/ingest", { url: "not a url" }, "body", "url"],
  ];
  for (const [method, url, payload, where, field] of cases) {
    const r = await app.inject({ method: method as "GET" | "POST", url, ...(payload !== undefined ? { payload: payload as object } : {}) });
    assert.equal(r.statusCode, 400, `${method} ${url}`);
    const b = r.json();
    assert.equal(b.error, "validation");
    assert.ok(b.issues.some((i: { in: string; field: string }) => i.in === where && i.field === field), `${method} ${url}: ${JSON.stringify(b.issues)}`);
    assert.ok(b.message.includes(field), `${method} ${url}: message names ${field}: ${b.message}`);
  }
  const big = await app.inject({ method: "POST", url: "/ingest", payload: { text: "قتل ".repeat(600_000) } });
  assert.equal(big.statusCode, 413);
  assert.equal(big.json().error, "FST_ERR_CTP_BODY_TOO_LARGE");
  const ok = await get("/events?limit=100");
  assert.equal(ok.status, 200);
});

/** RFC 4180: quoted cells may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell), rows.push(row), (row = []), (cell = ""), i++;
    } else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

test("GET /export writes CSV and GeoJSON of the canonical events", async () => {
  const csv = await get("/export?format=csv");
  assert.equal(csv.status, 200);
  assert.match(String(csv.headers["content-type"]), /text\/csv/);
  const rows = parseCsv((csv.body as string).replace(/^\uFEFF/, ""));
  assert.equal(rows[0][0], "event_id_cnty");
  const date = rows[0].indexOf("event_date");
  const happenings: string[] = [];
  for await (const e of store.iterateEvents({ canonicalOnly: true })) happenings.push(e.record.event_date ?? "");
  assert.deepEqual(rows.slice(1).map((r) => r[date]), happenings, "one row per canonical event, in list order");
  assert.ok(rows.every((r) => r.length === rows[0].length), "every row has every column");
  const geo = await get("/export?format=geojson&documentId=seed-002");
  assert.equal(geo.status, 200);
  const fc = JSON.parse(geo.body as string);
  assert.equal(fc.type, "FeatureCollection");
  assert.ok(fc.features.length > 0, "fc.features.length > 0");
  for (const f of fc.features) {
    assert.equal(f.geometry.type, "Point");
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(lat > 32 && lat < 37.5 && lon > 35 && lon < 42.5, "in Syria");
    assert.equal(f.properties.document_id, "seed-002");
  }
});

test("OpenAPI document and offline interactive docs", async () => {
  const spec = await get("/openapi.json");
  assert.equal(spec.status, 200);
  assert.equal(spec.body.openapi.slice(0, 2), "3.");
  for (const p of ["/events", "/events/{id}", "/documents/{id}", "/search", "/export", "/ingest", "/clusters"]) assert.ok(spec.body.paths[p], p);
  const limit = spec.body.paths["/events"].get.parameters.find((p: { name: string }) => p.name === "limit");
  assert.equal(limit.schema.maximum, 100);
  const docs = await app.inject({ method: "GET", url: "/docs/" });
  assert.equal(docs.statusCode, 200);
  assert.match(docs.body, /swagger/i);
  const asset = await app.inject({ method: "GET", url: "/docs/static/swagger-ui-bundle.js" });
  assert.equal(asset.statusCode, 200, "assets served from the package, no CDN");
});

test("PATCH /events/:id records an analyst's edit; review and edits history; cluster split", async () => {
  const ev = (await get("/events?documentId=seed-002&limit=1")).body.items[0] as StoredEvent;
  const r = await app.inject({ method: "PATCH", url: `/events/${encodeURIComponent(ev.id)}`, payload: { field: "fatalities", value: 26, editor: "analyst-1", note: "corrected from a follow-up report" } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal(r.json().record.fatalities, 26);
  assert.deepEqual(r.json().editedFields, ["fatalities"]);
  const review = await app.inject({ method: "POST", url: `/events/${encodeURIComponent(ev.id)}/review`, payload: { status: "reviewed", editor: "analyst-2" } });
  assert.equal(review.statusCode, 200, review.body);
  const edits = await get(`/events/${encodeURIComponent(ev.id)}/edits`);
  const history = edits.body.items.map((e: { field: string; editor: string }) => [e.field, e.editor]);
  assert.deepEqual(history[0], ["fatalities", "analyst-1"]);
  assert.deepEqual(history[history.length - 1], ["review_status", "analyst-2"]);
  const cases: [string, string, unknown, number, string | null][] = [
    ["PATCH", `/events/${encodeURIComponent(ev.id)}`, { field: "evidence", value: [], editor: "x" }, 400, "field"],
    ["PATCH", `/events/${encodeURIComponent(ev.id)}`, { field: "notes", value: "x" }, 400, "editor"],
    ["PATCH", "/events/nope:e1", { field: "notes", value: "x", editor: "x" }, 404, null],
    ["POST", `/events/${encodeURIComponent(ev.id)}/review`, { status: "maybe", editor: "x" }, 400, "status"],
    ["POST", "/clusters/nope/split", { eventIds: [], editor: "x" }, 400, "eventIds"],
  ];
  for (const [method, url, payload, status, field] of cases) {
    const res = await app.inject({ method: method as "PATCH" | "POST", url, payload: payload as object });
    assert.equal(res.statusCode, status, `${method} ${url} ${res.body}`);
    if (field) assert.ok(res.json().issues.some((i: { field: string }) => i.field === field), `${method} ${url}: names ${field}: ${res.body}`);
  }
  // Split a real merge if the seeds produced one.
  const merged = (await get("/clusters?minSize=2&limit=1")).body.items[0] as { id: string; members: { eventId: string }[] } | undefined;
  if (merged) {
    const out = await app.inject({ method: "POST", url: `/clusters/${encodeURIComponent(merged.id)}/split`, payload: { eventIds: [merged.members[1].eventId], editor: "analyst-1" } });
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual(out.json().created.members.map((m: { eventId: string }) => m.eventId), [merged.members[1].eventId]);
  }
});
