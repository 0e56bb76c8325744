/**
 * @module api/bench
 * Latency of the API's main list query, for `npm run bench`: with N events stored in a throw-away
 * SQLite store, the p50/p95 of `GET /events?limit=50` (first pages, filtered pages and deep pages
 * by cursor) through Fastify's inject (the full request path: routing, zod validation, the store
 * query, serialization; no socket).
 *
 * @example
 *   const r = await measureListLatency({ events: 10_000 });
 *   console.log(`GET /events?limit=50 p95 ${r.p95Ms.toFixed(2)} ms over ${r.events} events`);
 */
import { openSqliteStore } from "../store/sqlite/store.ts";
import type { EventRecord } from "../doc/types.ts";
import { buildApp } from "./app.ts";

export interface LatencyOptions {
  /** Events to store (default 10,000). */
  events?: number;
  /** Requests to time (default 300). */
  requests?: number;
  /** Events per synthetic document (default 5). */
  perDocument?: number;
}

export interface LatencyResult {
  events: number;
  requests: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Seconds spent filling the store (not part of the latency). */
  loadSeconds: number;
}

const PLACES = [
  { name: "Daraa", name_ar: "درعا", admin1: "Dar'a", admin2: "Dara'a", admin3: "Dara'a", pcode: "C1", latitude: 32.6189, longitude: 36.1021 },
  { name: "Jasim", name_ar: "جاسم", admin1: "Dar'a", admin2: "Izra'", admin3: "Jasim", pcode: "C2", latitude: 32.9922, longitude: 36.0603 },
  { name: "Idlib", name_ar: "إدلب", admin1: "Idleb", admin2: "Idleb", admin3: "Idleb", pcode: "C3", latitude: 35.9306, longitude: 36.6339 },
  { name: "Deir ez-Zor", name_ar: "دير الزور", admin1: "Deir-ez-Zor", admin2: "Deir-ez-Zor", admin3: "Deir-ez-Zor", pcode: "C4", latitude: 35.3359, longitude: 40.1408 },
];
const TYPES: [string, string][] = [
  ["Battles", "Armed clash"],
  ["Explosions/Remote violence", "Shelling/artillery/missile attack"],
  ["Violence against civilians", "Attack"],
  ["Explosions/Remote violence", "Remote explosive/landmine/IED"],
];
/** Real seed sentences, so stored texts look like the news the API serves. */
const SENTENCES = [
  "قتل أكثر من 25 شخصاً في محافظة درعا، الأسبوع الماضي، معظمهم من عناصر تنظيم الدولة الإسلامية.",
  "ليلة مشتعلة شهدتها منطقة حي الحمادين في محافظة درعا، عقب استئناف الاشتباكات بين الفصائل المحلية.",
  "لليوم الثاني على التوالي، تستمر الفصائل المحلية العاملة في أحياء درعا البلد في عملياتها العسكرية.",
];

function record(i: number, day: string): EventRecord {
  const [event_type, sub_event_type] = TYPES[i % TYPES.length];
  const { ...location } = PLACES[i % PLACES.length];
  return {
    id: `e${(i % 5) + 1}`,
    event_type,
    sub_event_type,
    event_date: day,
    time_precision: 1,
    actor1: { id: "isis", name: "Islamic State" },
    actor2: i % 3 ? { id: "local-factions", name: "Local factions" } : null,
    assoc_actors: [],
    location: { ...location, geo_precision: 1 },
    fatalities: i % 7,
    injured: i % 4 ? null : 2,
    captured: null,
    evidence: [{ start: 0, end: 10 }],
    notes: `${sub_event_type} in ${location.name}.`,
    confidence: 0.8,
    decisions: [],
  };
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function measureListLatency(opts: LatencyOptions = {}): Promise<LatencyResult> {
  const n = opts.events ?? 10_000;
  const per = opts.perDocument ?? 5;
  const requests = opts.requests ?? 300;
  const store = await openSqliteStore(":memory:");
  const app = await buildApp({ store });
  try {
    const t0 = performance.now();
    const base = Date.UTC(2022, 0, 1);
    for (let d = 0, made = 0; made < n; d++) {
      const day = new Date(base + (d % 700) * 86_400_000).toISOString().slice(0, 10);
      const text = `${SENTENCES[d % SENTENCES.length]}\n(${d})`;
      const events: EventRecord[] = [];
      for (let k = 0; k < per && made < n; k++, made++) events.push({ ...record(made, day), id: `e${k + 1}` });
      // No cross-source dedup: the synthetic events would all merge, and only list latency is measured.
      await store.saveDocument({ id: `bench-${d}`, text, source: ["SY24", "North Press", "Enab Baladi"][d % 3], published: day }, { events, entities: [] }, { dedup: false });
    }
    const loadSeconds = (performance.now() - t0) / 1000;

    const urls = ["/events?limit=50", "/events?limit=50&admin1=Dar'a", "/events?limit=50&eventType=Battles&dateFrom=2022-06-01", "/events?limit=50&source=SY24"];
    // Deep pages: follow the cursor a few pages in.
    let cursor: string | null = null;
    for (let i = 0; i < 10; i++) {
      const url: string = `/events?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = (await app.inject({ method: "GET", url })).json() as { nextCursor: string | null };
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    if (cursor) urls.push(`/events?limit=50&cursor=${encodeURIComponent(cursor)}`);
    for (let i = 0; i < 20; i++) await app.inject({ method: "GET", url: urls[i % urls.length] }); // warm-up
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const s = performance.now();
      const r = await app.inject({ method: "GET", url: urls[i % urls.length] });
      times.push(performance.now() - s);
      if (r.statusCode !== 200) throw new Error(`bench: ${urls[i % urls.length]} answered ${r.statusCode}: ${r.body.slice(0, 200)}`);
    }
    times.sort((a, b) => a - b);
    return { events: n, requests, p50Ms: pct(times, 50), p95Ms: pct(times, 95), maxMs: times[times.length - 1], loadSeconds };
  } finally {
    await app.close();
    await store.close();
  }
}

// `node --import tsx src/api/bench.ts [events]` prints the figures.
if (import.meta.url === `file://${process.argv[1]}`) {
  const r = await measureListLatency({ events: Number(process.argv[2] ?? 10_000) });
  console.log(`GET /events?limit=50 over ${r.events} events: p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms, max ${r.maxMs.toFixed(2)} ms (${r.requests} requests; store filled in ${r.loadSeconds.toFixed(1)} s)`);
}
