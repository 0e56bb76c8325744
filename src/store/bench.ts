/**
 * @module store/bench
 * `benchStore()`, called by bench/run.ts (`npm run bench`): figures for the store on one core.
 *  1. End-to-end ingest: the bundled sample articles (data/samples/seeds.jsonl), each made unique
 *     by its publication date, run through the extraction pipeline and saved in one transaction
 *     per document (with deduplication) into a SQLite file in WAL mode: documents per second, in the
 *     steady state (after a second of the same ingest). CPU figures count all of the process's
 *     threads (the background checkpointer's and the garbage collector's included).
 *  2. The store filled to 100,000 events (synthetic events over three years, 14 governorates, six
 *     sources, nine actors; written without deduplication), then `listEvents` latency, first and deeper keyset pages, with and
 *     without filters: p50 and p95 in milliseconds.
 * Prints figures only; never fails on time. The temporary database is deleted afterwards.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventRecord } from "../doc/types.ts";
import { openSqliteStore } from "./sqlite/store.ts";
import type { EventFilter, Store } from "./types.ts";

export interface BenchStoreOptions {
  /** Documents for the end-to-end ingest (default 200). */
  ingestDocs?: number;
  /** Events to fill the store with before measuring list latency (default 100,000). */
  events?: number;
  /** listEvents calls measured per query shape (default 40). */
  queries?: number;
  /** Use this store instead of a temporary SQLite file (it is filled, not emptied). */
  store?: Store;
}

export interface BenchStoreResult {
  ingest: { docs: number; seconds: number; docsPerSec: number; storeOnlyMsPerDoc: number; cpuSeconds: number; storeCpuMsPerDoc: number };
  fill: { docs: number; events: number; seconds: number; docsPerSec: number; cpuSeconds: number };
  list: { events: number; calls: number; p50Ms: number; p95Ms: number; maxMs: number; byShape: { shape: string; p95Ms: number }[] };
  lines: string[];
}

const GOVERNORATES: [string, number, number][] = [
  ["Dar'a", 32.62, 36.1],
  ["Damascus", 33.51, 36.29],
  ["Rural Damascus", 33.52, 36.5],
  ["Aleppo", 36.2, 37.16],
  ["Idleb", 35.93, 36.63],
  ["Homs", 34.73, 36.72],
  ["Hama", 35.13, 36.75],
  ["Deir-ez-Zor", 35.33, 40.14],
  ["Ar-Raqqa", 35.95, 39.01],
  ["Al-Hasakeh", 36.5, 40.75],
  ["Quneitra", 33.13, 35.82],
  ["As-Sweida", 32.7, 36.57],
  ["Lattakia", 35.52, 35.79],
  ["Tartous", 34.89, 35.89],
];
const TYPES: [string, string][] = [
  ["Battles", "Armed clash"],
  ["Explosions/Remote violence", "Shelling/artillery/missile attack"],
  ["Explosions/Remote violence", "Air/drone strike"],
  ["Violence against civilians", "Attack"],
  ["Strategic developments", "Arrests"],
  ["Protests", "Peaceful protest"],
];
const ACTORS = ["syrian-government", "isis", "sdf", "hts", "local-armed-groups", "russia", "turkey", "unidentified-armed-group", "civilians"];
const SOURCES = ["SY24", "North Press", "Enab Baladi", "SOHR", "Horan Free League", "Asharq Al-Awsat"];

/** A small deterministic generator, so runs are comparable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function day(base: string, plus: number): string {
  return new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
}

function syntheticEvent(i: number, r: () => number): EventRecord {
  const [admin1, lat, lon] = GOVERNORATES[Math.floor(r() * GOVERNORATES.length)]!;
  const [type, sub] = TYPES[Math.floor(r() * TYPES.length)]!;
  const a1 = ACTORS[Math.floor(r() * ACTORS.length)]!;
  const a2 = ACTORS[Math.floor(r() * ACTORS.length)]!;
  const place = Math.floor(r() * 40);
  return {
    id: `e${i + 1}`,
    event_type: type,
    sub_event_type: sub,
    event_date: day("2021-01-01", Math.floor(r() * 1095)),
    time_precision: 1,
    actor1: { id: a1, name: a1 },
    actor2: a2 === a1 ? null : { id: a2, name: a2 },
    assoc_actors: [],
    location: {
      name: `${admin1} place ${place}`,
      name_ar: `مكان ${place}`,
      admin1,
      admin2: null,
      admin3: null,
      pcode: null,
      latitude: lat + (place % 7) * 0.05,
      longitude: lon + Math.floor(place / 7) * 0.05,
      geo_precision: 1,
    },
    fatalities: r() < 0.5 ? Math.floor(r() * 10) : null,
    injured: null,
    captured: null,
    evidence: [{ start: 0, end: 10 }],
    notes: `${type} in ${admin1}.`,
    confidence: 0.8,
    decisions: [],
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const fmt = (x: number, d = 1) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

export async function benchStore(options: BenchStoreOptions = {}): Promise<BenchStoreResult> {
  const ingestDocs = options.ingestDocs ?? 200;
  const targetEvents = options.events ?? 100_000;
  const queries = options.queries ?? 40;
  const dir = options.store ? null : mkdtempSync(join(tmpdir(), "rasd-bench-"));
  const store = options.store ?? (await openSqliteStore(join(dir!, "bench.db")));
  const lines: string[] = [];
  try {
    // 1. End-to-end ingest of real articles.
    const samples = fileURLToPath(new URL("../../data/samples/seeds.jsonl", import.meta.url));
    const base = existsSync(samples)
      ? readFileSync(samples, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string; source?: string; published?: string })
      : [];
    const { processDocument } = await import("../extract/extract.ts");
    let storeMs = 0;
    let storeCpu = 0;
    /** Extracts and saves copy `i` of a sample, `shift` days from its date (a unique text: the dateline differs). */
    const ingestOne = async (id: string, i: number, shift: number) => {
      const s = base[i % base.length]!;
      const published = day(s.published ?? "2022-11-07", shift);
      const text = `${published}\n${s.text}`;
      const doc = processDocument({ id, text, meta: { published, source: s.source }, warnings: [] });
      const ts = performance.now();
      const cs = process.cpuUsage();
      await store.saveDocument({ id, text, source: s.source ?? null, published }, { events: doc.events, entities: doc.entities, messages: doc.messages });
      const ce = process.cpuUsage(cs);
      return { ms: performance.now() - ts, cpuMs: (ce.user + ce.system) / 1000 };
    };
    // Warm-up, as the other sections: a second of the same ingest (articles dated before the
    // measured ones) into the same store, so that the measured documents meet a store with
    // history, a started background checkpointer, compiled code and a young generation grown back
    // to size (the bench process idles in the extract section before, and V8 then shrinks it).
    let warm = 0;
    const w0 = performance.now();
    while (base.length && (performance.now() - w0 < 1000 || warm < 50)) {
      await ingestOne(`bench-warm-${warm}`, warm, -3 * (1 + Math.floor(warm / base.length)));
      warm++;
    }
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let ingested = 0;
    for (let i = 0; i < ingestDocs && base.length; i++) {
      const r = await ingestOne(`bench-${i}`, i, Math.floor(i / base.length) * 3);
      storeCpu += r.cpuMs;
      storeMs += r.ms;
      ingested++;
    }
    const ingestSec = (performance.now() - t0) / 1000;
    const cpu1 = process.cpuUsage(cpu0);
    const ingestCpuSec = (cpu1.user + cpu1.system) / 1e6;
    const ingest = { docs: ingested, seconds: ingestSec, docsPerSec: ingested / Math.max(ingestSec, 1e-9), storeOnlyMsPerDoc: storeMs / Math.max(ingested, 1), cpuSeconds: ingestCpuSec, storeCpuMsPerDoc: storeCpu / Math.max(ingested, 1) };
    // CPU time as well as wall time: on a shared machine the wall clock counts other processes' turns.
    lines.push(
      `ingest end to end (pipeline + saveDocument, SQLite WAL, dedup on; after ${warm} warm-up docs): ${ingested} docs in ${fmt(ingestSec, 2)} s wall = ${fmt(ingest.docsPerSec)} docs/s; ` +
        `${fmt(ingested / Math.max(ingestCpuSec, 1e-9))} docs per CPU-second; store alone ${fmt(ingest.storeOnlyMsPerDoc, 2)} ms/doc wall, ${fmt(ingest.storeCpuMsPerDoc, 2)} ms/doc CPU`,
    );

    // 2. Fill to the target number of events.
    const r = rng(42);
    // Filled without deduplication (it was measured above): the point here is listing at scale.
    const perDoc = 20;
    let events = (await store.stats()).events;
    const f0 = performance.now();
    const fc0 = process.cpuUsage();
    let filled = 0;
    for (let d = 0; events < targetEvents; d++) {
      const evs = Array.from({ length: perDoc }, (_, i) => syntheticEvent(i, r));
      const source = SOURCES[d % SOURCES.length]!;
      await store.saveDocument(
        { id: `fill-${d}`, text: `تقرير رقم ${d}: ${evs.map((e) => e.notes).join(" ")}`, source, published: evs[0]!.event_date },
        { events: evs, entities: [] },
        { dedup: false },
      );
      events += perDoc;
      filled++;
    }
    const fillSec = (performance.now() - f0) / 1000;
    const fc = process.cpuUsage(fc0);
    const fill = { docs: filled, events, seconds: fillSec, docsPerSec: filled / Math.max(fillSec, 1e-9), cpuSeconds: (fc.user + fc.system) / 1e6 };
    lines.push(
      `fill: ${filled} docs (${perDoc} events each) in ${fmt(fillSec, 1)} s wall = ${fmt(fill.docsPerSec, 0)} docs/s, ${fmt(filled / Math.max(fill.cpuSeconds, 1e-9), 0)} docs per CPU-second (store only, no dedup); ${events.toLocaleString("en-US")} events stored`,
    );

    // 3. listEvents latency, limit 50, first page and a page 10 deep.
    const shapes: [string, EventFilter][] = [
      ["no filter", {}],
      ["governorate", { admin1: "Aleppo" }],
      ["type + date range", { eventType: "Battles", dateFrom: "2022-01-01", dateTo: "2022-06-30" }],
      ["actor", { actor: "isis" }],
      ["source + governorate", { source: "SOHR", admin1: "Idleb" }],
      ["canonical only", { canonicalOnly: true }],
      ["place", { place: "Homs place 3" }],
    ];
    const all: number[] = [];
    const byShape: { shape: string; p95Ms: number }[] = [];
    for (const [shape, filter] of shapes) {
      const times: number[] = [];
      await store.listEvents(filter, { limit: 50 }); // warm the statement cache
      for (let q = 0; q < queries; q++) {
        const deep = q % 2 === 1;
        let cursor: string | null = null;
        if (deep) {
          for (let p = 0; p < 9; p++) cursor = (await store.listEvents(filter, { limit: 50, cursor })).nextCursor;
        }
        const t = performance.now();
        await store.listEvents(filter, { limit: 50, cursor });
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      byShape.push({ shape, p95Ms: percentile(times, 95) });
      all.push(...times);
    }
    all.sort((a, b) => a - b);
    const list = { events, calls: all.length, p50Ms: percentile(all, 50), p95Ms: percentile(all, 95), maxMs: all.at(-1) ?? 0, byShape };
    lines.push(
      `listEvents with ${events.toLocaleString("en-US")} events (limit 50, first and 10th page): p50 ${fmt(list.p50Ms, 2)} ms, p95 ${fmt(list.p95Ms, 2)} ms, max ${fmt(list.maxMs, 1)} ms over ${all.length} calls`,
    );
    lines.push(`  p95 by filter: ${byShape.map((b) => `${b.shape} ${fmt(b.p95Ms, 2)} ms`).join("; ")}`);
    return { ingest, fill, list, lines };
  } finally {
    if (!options.store) await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
