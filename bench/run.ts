/**
 * `npm run bench`: throughput and memory of rasd on real Arabic news text, on one core.
 *
 * Corpus: the five seed articles and the GSR newswire sentences from ../shared (the bench may read
 * them; the product never does). Sentences are grouped into article-sized documents (5 KB of UTF-8,
 * the size of the seeds: 4 to 6.7 KB) so that "articles/s" means what an analyst would expect.
 * Prints figures only; it never fails on time.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createDoc } from "../src/doc/doc.ts";
import type { Doc } from "../src/doc/types.ts";
import { createPipeline } from "../src/pipeline/pipeline.ts";
import { defaultStages } from "../src/pipeline/default.ts";
import { loadCorpus, type BenchDoc } from "./corpus.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

const mb = (bytes: number) => bytes / 1e6;
const fmt = (x: number, d = 1) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * Runs `bin/rasd.js extract` over `n` articles of the corpus (repeated) in a child process; returns
 * wall time, time to the first output line and the child's peak RSS (VmHWM from /proc, read until
 * it exits), or null where /proc is missing.
 */
function extractProcess(corpus: BenchDoc[], n: number): { articles: number; seconds: number; startSeconds: number; maxRssMb: number } | null {
  if (!existsSync("/proc/self/status")) return null;
  const dir = mkdtempSync(join(tmpdir(), "rasd-bench-extract-"));
  try {
    const input = join(dir, "in.jsonl");
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const d = corpus[i % corpus.length]!;
      lines.push(JSON.stringify({ id: `b${i}`, text: d.text, published: d.published }));
    }
    writeFileSync(input, lines.join("\n") + "\n");
    const script = `
      const { spawn } = require("node:child_process");
      const { readFileSync } = require("node:fs");
      const t0 = process.hrtime.bigint();
      const c = spawn(process.execPath, [${JSON.stringify(join(root, "bin", "rasd.js"))}, "extract", ${JSON.stringify(input)}], { stdio: ["ignore", "pipe", "inherit"] });
      let hwm = 0, first = 0, out = 0;
      const poll = () => { try { const m = /VmHWM:\\s+(\\d+)/.exec(readFileSync("/proc/" + c.pid + "/status", "utf8")); if (m) hwm = Math.max(hwm, Number(m[1])); } catch {} };
      const timer = setInterval(poll, 20);
      c.stdout.on("data", (b) => { if (!first) first = Number(process.hrtime.bigint() - t0) / 1e9; for (const x of b) if (x === 10) { out++; if (out === ${n}) poll(); } });
      c.on("exit", (code) => { clearInterval(timer); process.stdout.write(JSON.stringify({ code, seconds: Number(process.hrtime.bigint() - t0) / 1e9, first, hwm, out })); });
    `;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", maxBuffer: 1 << 20 });
    const j = JSON.parse(r.stdout) as { code: number; seconds: number; first: number; hwm: number; out: number };
    if (j.code !== 0 || j.out !== n) return null;
    return { articles: n, seconds: j.seconds, startSeconds: j.first, maxRssMb: j.hwm / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function timeIt(minMs: number, fn: () => number): { seconds: number; units: number; rounds: number } {
  // Warm up for a second (lazy data loading, then the JIT needs several passes to settle), then
  // repeat whole rounds until minMs has passed: the figure is the steady state of a long run.
  const w0 = process.hrtime.bigint();
  do fn();
  while (Number(process.hrtime.bigint() - w0) / 1e6 < 1000);
  let units = 0;
  let rounds = 0;
  const t0 = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < minMs) {
    units += fn();
    rounds++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return { seconds: elapsed / 1000, units, rounds };
}

async function main() {
  const corpus = loadCorpus();
  const bytes = corpus.reduce((s, d) => s + Buffer.byteLength(d.text, "utf8"), 0);
  const chars = corpus.reduce((s, d) => s + d.text.length, 0);
  console.log(`rasd bench: ${corpus.length} documents, ${fmt(mb(bytes), 2)} MB UTF-8 (${chars.toLocaleString("en-US")} characters), node ${process.version}, one core`);
  const make = (d: BenchDoc): Doc => createDoc(d.id, d.text, d.published ? { published: d.published } : {});

  // 1. The text layer: the stages up to and including dates.
  const all = defaultStages();
  const textNames = new Set(["rasd.tokenize.v1", "rasd.numbers.v1", "rasd.dates.v1"]);
  const textStages = all.filter((s) => textNames.has(s.name));
  const textPipe = createPipeline(textStages);
  let tokens = 0;
  const t = timeIt(3000, () => {
    tokens = 0;
    for (const d of corpus) tokens += textPipe.run(make(d)).tokens.length;
    return bytes;
  });
  console.log(`text layer (${textStages.map((s) => s.name).join(", ")}): ${fmt(mb(t.units) / t.seconds)} MB/s, ${fmt((t.rounds * corpus.length) / t.seconds, 0)} docs/s, ${fmt((tokens * t.rounds) / t.seconds / 1000, 0)}k tokens/s`);

  // 2. The name tagger alone, when it exists.
  const taggerStage = all.find((s) => s.name === "rasd.tagger.v1");
  if (taggerStage) {
    const pre = corpus.map((d) => textPipe.run(make(d)));
    const tg = timeIt(3000, () => {
      let n = 0;
      for (const d of pre) {
        taggerStage.run(d);
        n += d.tokens.length;
      }
      return n;
    });
    console.log(`name tagger (${taggerStage.name}): ${fmt(tg.units / tg.seconds / 1000, 0)}k tokens/s`);
  }

  // 3. The whole extraction pipeline, as `rasd extract` runs it.
  const full = createPipeline(all);
  const f = timeIt(5000, () => {
    for (const d of corpus) full.run(make(d));
    return corpus.length;
  });
  console.log(`whole pipeline (${all.length} stages): ${fmt(f.units / f.seconds)} articles/s, ${fmt((mb(bytes) * f.rounds) / f.seconds)} MB/s`);

  // Per-stage share of the time, to show where it goes.
  const per = new Map<string, number>();
  for (const d of corpus) {
    let doc = make(d);
    for (const s of all) {
      const t0 = process.hrtime.bigint();
      doc = s.run(doc);
      per.set(s.name, (per.get(s.name) ?? 0) + Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const totalMs = [...per.values()].reduce((a, b) => a + b, 0);
  console.log(`  per stage (one pass): ${[...per].map(([n, ms]) => `${n} ${fmt((100 * ms) / totalMs, 0)}%`).join(", ")}`);

  const ru = process.resourceUsage();
  // This process holds the corpus and every section's caches: the memory of `rasd extract` itself is
  // the separate-process figure below.
  console.log(`bench process (corpus and all sections so far in one heap): max RSS ${fmt(ru.maxRSS / 1024, 0)} MB; heap used now ${fmt(process.memoryUsage().heapUsed / 1e6, 0)} MB`);

  // 3b. `rasd extract` itself, as a user runs it: a separate process streaming JSON Lines in and
  // out (start-up, parsing and serialization included), with its own peak memory.
  const ex = extractProcess(corpus, 2000);
  if (ex) {
    console.log(
      `rasd extract (separate process, ${ex.articles} articles streamed to /dev/null): ${fmt(ex.articles / ex.seconds)} articles/s wall including start-up ` +
        `(${fmt(ex.startSeconds, 2)} s to the first line), ${fmt((ex.articles - 1) / Math.max(ex.seconds - ex.startSeconds, 1e-9))} articles/s after it; peak memory (max RSS) ${fmt(ex.maxRssMb, 0)} MB`,
    );
  }

  // 4. The store (end-to-end ingest into SQLite, list queries with 100,000 events) and the API.
  const { benchStore } = await import("../src/store/bench.ts");
  const store = await benchStore({ ingestDocs: 200, events: 100_000 });
  for (const l of store.lines) console.log(`store: ${l}`);
  const { measureListLatency } = await import("../src/api/bench.ts");
  const apiEvents = Number(process.env.RASD_BENCH_API_EVENTS ?? 100_000);
  const api = await measureListLatency({ events: apiEvents });
  console.log(`api: GET /events?limit=50 with ${api.events.toLocaleString("en-US")} events stored: p50 ${fmt(api.p50Ms, 2)} ms, p95 ${fmt(api.p95Ms, 2)} ms, max ${fmt(api.maxMs, 2)} ms over ${api.requests} requests (store filled in ${fmt(api.loadSeconds)} s)`);
  console.log(`bench process at the end (store and API sections included): max RSS ${fmt(process.resourceUsage().maxRSS / 1024, 0)} MB`);
}

await main();
