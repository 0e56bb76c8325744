/**
 * `rasd ingest` as a process: killed with SIGKILL in the middle of a run, every document stored
 * before the kill is whole (one transaction per document), and the next run stores the rest, none
 * twice. The corpus is a few hundred distinct articles made from the seed texts (paragraphs of a
 * seed with one left out and rotated), so each has its own id and content hash.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { contentHash } from "../store/hash.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const seeds = readFileSync(new URL("../../../shared/seeds/seeds.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; text: string; published: string; source: string });

/** `n` distinct articles made from the seeds: paragraph j left out, then rotated by r. */
function corpus(n: number): { id: string; text: string; published: string; source: string }[] {
  const out: { id: string; text: string; published: string; source: string }[] = [];
  const hashes = new Set<string>();
  for (let k = 0; out.length < n; k++) {
    const s = seeds[k % seeds.length];
    const paras = s.text.split(/\n+/).filter((p) => p.trim());
    const j = Math.floor(k / seeds.length) % paras.length;
    const r = Math.floor(k / (seeds.length * paras.length)) % paras.length;
    const kept = paras.filter((_, i) => i !== j);
    const text = [...kept.slice(r), ...kept.slice(0, r)].join("\n");
    const h = contentHash(text);
    if (hashes.has(h)) continue;
    hashes.add(h);
    out.push({ id: `gen-${String(out.length).padStart(4, "0")}`, text, published: s.published, source: s.source });
    if (k > n * 50) throw new Error("cannot make enough distinct documents");
  }
  return out;
}

function rows(db: string): { id: string; text: string; content_hash: string; status: string; updated_at: string }[] {
  if (!existsSync(db)) return [];
  const conn = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return conn.prepare("SELECT id, text, content_hash, status, updated_at FROM documents ORDER BY seq").all() as ReturnType<typeof rows>;
  } catch {
    return []; // the schema is not created yet
  } finally {
    conn.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("rasd ingest killed mid-run: stored documents intact, the rest ingest on the next run, none twice", async () => {
  const dir = mkdtempSync(`${tmpdir()}/rasd-kill-`);
  try {
    const docs = corpus(200);
    const input = `${dir}/corpus.jsonl`;
    writeFileSync(input, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
    const db = `${dir}/rasd.db`;
    const env = { ...process.env, RASD_DB: "", DATABASE_URL: "" };

    // Run 1, slowed down per document, killed once some documents are stored.
    const child = spawn(process.execPath, ["bin/rasd.js", "ingest", input, "--db", db, "--delay-ms", "25", "-q"], { cwd: root, env, stdio: "ignore" });
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    let stored = 0;
    for (let i = 0; i < 1200 && stored < 30; i++) {
      await sleep(50);
      stored = rows(db).length;
    }
    child.kill("SIGKILL");
    await exited;
    const before = rows(db);
    assert.ok(before.length >= 30 && before.length < docs.length, `killed mid-run (${before.length} of ${docs.length} stored)`);

    // Every document stored before the kill is whole and processed.
    const byId = new Map(docs.map((d) => [d.id, d]));
    for (const r of before) {
      const d = byId.get(r.id)!;
      assert.ok(d, r.id);
      assert.equal(r.text, d.text, r.id);
      assert.equal(r.content_hash, contentHash(d.text), r.id);
      assert.equal(r.status, "processed", r.id);
    }
    // In input order: the first k documents, no gaps (one at a time, committed in order).
    assert.deepEqual(before.map((r) => r.id), docs.slice(0, before.length).map((d) => d.id));

    // Run 2 to completion.
    const run2 = spawnSync(process.execPath, ["bin/rasd.js", "ingest", input, "--db", db], { cwd: root, env, encoding: "utf8" });
    assert.equal(run2.status, 0, run2.stderr);
    assert.match(run2.stderr, new RegExp(`${docs.length} documents .* ${docs.length - before.length} stored, ${before.length} already stored, 0 failed`));
    const after = rows(db);
    assert.equal(after.length, docs.length);
    assert.equal(new Set(after.map((r) => r.id)).size, docs.length, "no id twice");
    assert.equal(new Set(after.map((r) => r.content_hash)).size, docs.length, "no text twice");
    for (const r of after) {
      assert.equal(r.text, byId.get(r.id)!.text, r.id);
      assert.equal(r.status, "processed", r.id);
    }
    // The documents of run 1 were not rewritten by run 2.
    const was = new Map(before.map((r) => [r.id, r.updated_at]));
    for (const r of after) if (was.has(r.id)) assert.equal(r.updated_at, was.get(r.id), r.id);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/rasd.js", ...args], { cwd: root, env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (c) => (stderr += c));
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

test("rasd ingest URL refuses loopback without --allow-private (kept as a failure); rasd watch polls a feed", async () => {
  const { startFixtureServer } = await import("../../test/fixtures/ingest/server.ts");
  const srv = await startFixtureServer();
  const dir = mkdtempSync(`${tmpdir()}/rasd-watch-`);
  try {
    const db = `${dir}/rasd.db`;
    const env = { ...process.env, RASD_DB: "", DATABASE_URL: "" };
    const refused = await run(["ingest", `${srv.base}/news/utf8.html`, "--db", db], env);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /private-address/);
    assert.equal(srv.total(), 0, "no request reached the server");
    assert.deepEqual(rows(db).map((r) => r.status), ["failed"]);

    const watched = await run(["watch", `${srv.base}/feed.rss`, "--db", db, "--rounds", "1", "--allow-private", "--host-interval-ms", "0", "--retries", "0"], env);
    assert.equal(watched.code, 0, watched.stderr);
    assert.match(watched.stderr, /4 documents .* 2 stored, 0 already stored, 2 failed/);
    const stored = rows(db).filter((r) => r.status === "processed");
    assert.equal(stored.length, 2);
    assert.ok(srv.total() <= 8, `bounded requests (${srv.total()})`);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
