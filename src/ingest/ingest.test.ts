/**
 * Ingestion end to end against a local server on 127.0.0.1 (test/fixtures/ingest/server.ts) and a
 * throw-away SQLite store: an RSS and an Atom feed listing an Arabic UTF-8 page, windows-1256
 * pages, a broken page, a redirect loop and an oversized body; each outcome is stored (as a
 * document, or as a failure with its error), nothing is lost, and nothing is stored twice.
 */
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { openSqliteStore } from "../store/sqlite/store.ts";
import type { Store, StoredDocument } from "../store/types.ts";
import { Fetcher } from "./fetch.ts";
import { Ingestor, urlDocumentId } from "./ingest.ts";
import { pollFeed } from "./watch.ts";
import { startFixtureServer, type FixtureServer } from "../../test/fixtures/ingest/server.ts";

let srv: FixtureServer;
before(async () => {
  srv = await startFixtureServer();
});
after(async () => {
  await srv.close();
});

const seeds = readFileSync(new URL("../../../shared/seeds/seeds.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; text: string });
const line = (i: number) => seeds[i].text.split("\n").find((l) => l.trim().length > 40)!.trim();

/** Loopback allowed (the test server), one retry with short backoff, 1 MB body limit. */
const policy = { allowPrivate: true, backoffMs: 5, perHostIntervalMs: 0, timeoutMs: 3000, retries: 1, maxBytes: 1_000_000 };

async function allDocuments(store: Store): Promise<StoredDocument[]> {
  const out: StoredDocument[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listDocuments({}, { limit: 100, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

test("ingest: feeds and pages from a local server, each outcome stored, nothing lost or doubled", async () => {
  const store = await openSqliteStore(":memory:");
  try {
    const b = srv.base;
    const ingestor = new Ingestor({ store, fetcher: new Fetcher(policy) });
    const outcomes = await ingestor.ingest([`${b}/feed.rss`, `${b}/feed.atom`, `${b}/news/cp1256-header.html`, `${b}/article.txt`, `${b}/gone.html`]);
    const by = (suffix: string) => outcomes.filter((o) => o.origin.endsWith(suffix)).map((o) => o.status);
    const cases: [string, string[], RegExp | null][] = [
      // RSS items
      [`feed.rss -> ${b}/news/utf8.html`, ["stored"], null],
      [`feed.rss -> ${b}/news/cp1256.html`, ["stored"], null],
      [`feed.rss -> ${b}/news/broken.html`, ["failed"], /no article text/],
      [`feed.rss -> ${b}/loop/a`, ["failed"], /redirect-loop/],
      // Atom entries: the UTF-8 page again is the same text, stored once
      [`feed.atom -> ${b}/news/cp1256-undeclared.html`, ["stored"], null],
      [`feed.atom -> ${b}/news/utf8.html`, ["unchanged"], null],
      [`feed.atom -> ${b}/big.html`, ["failed"], /too-large/],
      // The same windows-1256 article served with a charset header: same text, stored once
      [`${b}/news/cp1256-header.html`, ["unchanged"], null],
      [`${b}/article.txt`, ["stored"], null],
      [`${b}/gone.html`, ["failed"], /HTTP 404/],
    ];
    for (const [origin, want, err] of cases) {
      assert.deepEqual(by(origin), want, origin);
      if (err) assert.match(outcomes.find((o) => o.origin.endsWith(origin))!.error!, err, origin);
    }
    assert.equal(outcomes.length, cases.length, "one outcome per item");

    const docs = await allDocuments(store);
    const processed = docs.filter((d) => d.status === "processed");
    const failed = docs.filter((d) => d.status === "failed");
    assert.equal(processed.length, 4);
    assert.equal(failed.length, 4);
    // Stored texts are the articles, decoded right, with page metadata.
    const byUrl = new Map(docs.map((d) => [d.url, d]));
    const utf8 = byUrl.get(`${b}/news/utf8.html`)!;
    assert.ok(utf8.text.includes(line(2)), "utf8.text.includes(line(2))");
    assert.equal(utf8.published, "2022-10-21");
    assert.equal(utf8.title, "مقتل أكثر من 25 شخصاً في درعا خلال أسبوع");
    assert.equal(utf8.source, "127.0.0.1");
    assert.equal(utf8.id, urlDocumentId(`${b}/news/utf8.html`));
    const cp = byUrl.get(`${b}/news/cp1256.html`)!;
    assert.ok(cp.text.includes(line(1)), "windows-1256 page decoded");
    assert.equal(cp.published, "2022-11-01");
    assert.ok(byUrl.get(`${b}/news/cp1256-undeclared.html`)!.text.includes(line(0)), "byUrl.get(`${b}/news/cp1256-undeclared.html`)!.text.includes(line(0))");
    assert.ok(byUrl.get(`${b}/article.txt`)!.text.includes(line(3)), "byUrl.get(`${b}/article.txt`)!.text.includes(line(3))");
    // Failures keep their URL and error, so they can be listed and retried.
    for (const d of failed) {
      assert.ok(d.url, d.id);
      assert.ok(d.error && d.error.length > 5, d.id);
      assert.equal(d.attempts, 1);
    }
    // Nothing lost: every URL the feeds list is a document (its own, or a sighting of the same text).
    const full = await Promise.all(docs.map((d) => store.getDocument(d.id)));
    const seenUrls = new Set(full.flatMap((d) => d!.sightings!.map((s) => s.url)));
    for (const u of ["/news/utf8.html", "/news/cp1256.html", "/news/broken.html", "/loop/a", "/news/cp1256-undeclared.html", "/big.html", "/news/cp1256-header.html", "/article.txt", "/gone.html"]) {
      assert.ok(seenUrls.has(b + u), u);
    }

    // Run again: nothing new is stored; failures are recorded once more (attempts 2).
    const again = await new Ingestor({ store, fetcher: new Fetcher(policy) }).ingest([`${b}/feed.rss`, `${b}/feed.atom`]);
    assert.equal(again.filter((o) => o.status === "stored").length, 0);
    const stats = await store.stats();
    assert.deepEqual(stats.documents, { pending: 0, processed: 4, failed: 4 });
    assert.ok(srv.total() < 80, `bounded requests (${srv.total()})`);
  } finally {
    await store.close();
  }
});

test("ingest --retry-failed: a transient failure succeeds on retry; bad input stays failed, attempts counted", async () => {
  const store = await openSqliteStore(":memory:");
  try {
    const b = srv.base;
    srv.hits.delete("/flaky.html");
    // No retries inside the fetch, so the first 503 of /flaky.html fails the document.
    const ingestor = new Ingestor({ store, fetcher: new Fetcher({ ...policy, retries: 0 }) });
    const first = await ingestor.ingest([`${b}/flaky.html`, `${b}/news/broken.html`]);
    assert.deepEqual(first.map((o) => o.status), ["failed", "failed"]);
    assert.match(first[0].error!, /HTTP 503/);
    const retried = await ingestor.retryFailed();
    const statusOf = (suffix: string) => retried.filter((o) => o.origin.endsWith(suffix) || o.documentId === urlDocumentId(b + suffix)).map((o) => o.status);
    assert.deepEqual(statusOf("/flaky.html"), ["stored"]);
    assert.deepEqual(statusOf("/news/broken.html"), ["failed"]);
    const docs = await allDocuments(store);
    const real = docs.filter((d) => d.status === "processed" && d.text !== d.url);
    assert.equal(real.length, 1);
    assert.ok(real[0].text.includes(line(2)), "real[0].text.includes(line(2))");
    assert.equal(real[0].url, `${b}/flaky.html`);
    const broken = docs.find((d) => d.url === `${b}/news/broken.html`)!;
    assert.equal(broken.status, "failed");
    assert.equal(broken.attempts, 2);
    // A document whose extraction had failed is extracted again from its stored text.
    const again = await ingestor.retryFailed();
    assert.ok(again.every((o) => o.status === "failed"), "again.every((o) => o.status === \"failed\")");
  } finally {
    await store.close();
  }
});

test("ingest: files, directories and .jsonl lines; a malformed line is kept as a failure", async () => {
  const store = await openSqliteStore(":memory:");
  try {
    const { mkdtempSync, writeFileSync, copyFileSync, mkdirSync, rmSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const dir = mkdtempSync(`${tmpdir()}/rasd-ingest-`);
    try {
      const fx = new URL("../../test/fixtures/ingest/", import.meta.url);
      mkdirSync(`${dir}/sub`);
      copyFileSync(new URL("article-cp1256.txt", fx), `${dir}/a.txt`);
      copyFileSync(new URL("page-utf8.html", fx), `${dir}/sub/p.html`);
      copyFileSync(new URL("article-utf8-bom.txt", fx), `${dir}/sub/notes.md`);
      const lines = [JSON.stringify({ id: "seed-004", text: seeds[4].text, published: "2023-01-20", source: "SY24" }), "{not json", JSON.stringify({ id: "x", text: 5 }), ""];
      writeFileSync(`${dir}/batch.jsonl`, lines.join("\n"));
      const ingestor = new Ingestor({ store });
      const out = await ingestor.ingest([dir]);
      assert.deepEqual(
        out.map((o) => [o.origin.slice(dir.length + 1), o.status]),
        [
          ["a.txt", "stored"],
          ["batch.jsonl:1", "stored"],
          ["batch.jsonl:2", "failed"],
          ["batch.jsonl:3", "failed"],
          ["sub/p.html", "stored"],
        ],
        "sub/notes.md is not an article file and is skipped",
      );
      // The BOM text and the .jsonl line are the same article: stored once.
      const txt = await ingestor.ingest([new URL("article-utf8-bom.txt", fx).pathname]);
      assert.equal(txt[0].status, "unchanged");
      assert.equal(txt[0].documentId, "seed-004");
      const d = (await store.getDocument("seed-004"))!;
      assert.equal(d.published, "2023-01-20");
      assert.equal(d.source, "SY24");
      // The same id with another text (a corrected article) is not lost: it is stored under its hash id.
      writeFileSync(`${dir}/corrected.jsonl`, JSON.stringify({ id: "seed-004", text: seeds[4].text.replace("داعش", "تنظيم الدولة") }) + "\n");
      const corrected = await ingestor.ingest([`${dir}/corrected.jsonl`]);
      assert.equal(corrected[0].status, "stored");
      assert.match(corrected[0].documentId!, /^doc-[0-9a-f]{16}$/);
      const failed = (await store.listDocuments({ status: "failed" })).items;
      assert.equal(failed.length, 2);
      assert.ok(failed.some((f) => /not JSON/.test(f.error!)), "failed.some((f) => /not JSON/.test(f.error!))");
      assert.ok(failed.some((f) => /"text" must be a string/.test(f.error!)), "failed.some((f) => /\"text\" must be a string/.test(f.error!))");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    await store.close();
  }
});

test("watch: a poll ingests new feed items once; the next poll fetches only the feed", async () => {
  const store = await openSqliteStore(":memory:");
  try {
    const ingestor = new Ingestor({ store, fetcher: new Fetcher(policy) });
    const seen = new Set<string>();
    const first = await pollFeed(`${srv.base}/feed.atom`, ingestor, seen);
    assert.deepEqual(first.map((o) => o.status), ["stored", "stored", "failed"]);
    const pages = () => (srv.hits.get("/news/utf8.html") ?? 0) + (srv.hits.get("/news/cp1256-undeclared.html") ?? 0);
    const before = pages();
    const second = await pollFeed(`${srv.base}/feed.atom`, ingestor, seen);
    assert.equal(second.length, 0);
    // A new process (empty seen set) skips stored pages without fetching them.
    const third = await pollFeed(`${srv.base}/feed.atom`, ingestor, new Set());
    assert.deepEqual(third.map((o) => o.status), ["failed"], "only the failed item is tried again");
    assert.equal(pages(), before);
  } finally {
    await store.close();
  }
});
