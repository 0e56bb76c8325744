/**
 * The fetch policy against a local server on 127.0.0.1 (test/fixtures/ingest/server.ts): private
 * addresses refused by default (literal and DNS-resolved), robots.txt, redirects and loops, size
 * limit, timeout, retries with backoff, per-host spacing. Request counts are bounded.
 */
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import type dns from "node:dns";
import { Fetcher, FetchError } from "./fetch.ts";
import { startFixtureServer, type FixtureServer } from "../../test/fixtures/ingest/server.ts";

let srv: FixtureServer;
before(async () => {
  srv = await startFixtureServer();
});
after(async () => {
  await srv.close();
});

/** A fast policy for tests: private allowed (the server is on loopback), short backoff, no spacing. */
const fast = { allowPrivate: true, backoffMs: 5, perHostIntervalMs: 0, timeoutMs: 2000 };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return "ok";
  } catch (e) {
    assert.ok(e instanceof FetchError, String(e));
    return e.code;
  }
}

test("fetch: outcomes per URL under the policy", async () => {
  const f = new Fetcher({ ...fast, maxBytes: 1_000_000, retries: 2 });
  const cases: [string, string][] = [
    ["/news/utf8.html", "ok"],
    ["/redirect/to-utf8", "ok"],
    ["/loop/a", "redirect-loop"],
    ["/big.html", "too-large"],
    ["/gone.html", "http-status"],
    ["/private/secret.html", "robots"],
    ["/private/open.html", "ok"],
    ["/slow.html", "timeout"],
  ];
  for (const [path, want] of cases) assert.equal(await code(f.fetch(srv.base + path)), want, path);
  const ok = await f.fetch(srv.base + "/redirect/to-utf8");
  assert.equal(ok.url, srv.base + "/news/utf8.html");
  assert.match(ok.body.toString("utf8"), /نورث برس/);
  assert.equal(srv.hits.get("/robots.txt"), 1, "robots.txt read once per host");
  assert.equal(srv.hits.get("/private/secret.html"), undefined, "a disallowed page is never requested");
  assert.ok(srv.total() < 40, `bounded requests (${srv.total()})`);
});

test("fetch: transient failures are retried with backoff, permanent ones are not", async () => {
  const f = new Fetcher({ ...fast, retries: 2 });
  const before = srv.hits.get("/flaky.html") ?? 0;
  await f.fetch(srv.base + "/flaky.html");
  assert.equal((srv.hits.get("/flaky.html") ?? 0) - before, 2, "503 then 200");
  assert.equal(await code(f.fetch(srv.base + "/always-503.html")), "http-status");
  assert.equal(srv.hits.get("/always-503.html"), 3, "one try and two retries");
  const gone = srv.hits.get("/gone.html") ?? 0;
  await code(f.fetch(srv.base + "/gone.html"));
  assert.equal(srv.hits.get("/gone.html")! - gone, 1, "404 is not retried");
});

test("fetch: loopback and private addresses are refused unless allowed, also after DNS", async () => {
  const strict = new Fetcher({ perHostIntervalMs: 0, retries: 0 });
  const port = new URL(srv.base).port;
  const before = srv.total();
  for (const url of [srv.base + "/news/utf8.html", `http://localhost:${port}/news/utf8.html`, `http://[::1]:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/"]) {
    assert.equal(await code(strict.fetch(url)), "private-address", url);
  }
  assert.equal(await code(strict.fetch("file:///etc/passwd")), "unsupported-scheme");
  // A public-looking name that resolves to loopback is refused at connect time.
  const toLoopback = ((_h: string, _o: unknown, cb: (e: null, a: dns.LookupAddress[]) => void) => cb(null, [{ address: "127.0.0.1", family: 4 }])) as unknown as typeof dns.lookup;
  const rebind = new Fetcher({ perHostIntervalMs: 0, retries: 0, robots: false }, toLoopback);
  assert.equal(await code(rebind.fetch(`http://news.example:${port}/news/utf8.html`)), "private-address");
  assert.equal(srv.total(), before, "no request reached the server");
  const allowed = new Fetcher({ ...fast, robots: false }, toLoopback);
  assert.equal(await code(allowed.fetch(`http://news.example:${port}/news/utf8.html`)), "ok");
});

test("fetch: requests to one host are spaced by the per-host interval", async () => {
  const f = new Fetcher({ ...fast, perHostIntervalMs: 150 });
  const t0 = Date.now();
  await f.fetch(srv.base + "/news/utf8.html");
  await f.fetch(srv.base + "/news/cp1256.html");
  await f.fetch(srv.base + "/news/utf8.html");
  // robots.txt + 3 pages = 4 requests, so at least 3 intervals passed.
  assert.ok(Date.now() - t0 >= 3 * 150 - 10, `spaced (${Date.now() - t0} ms)`);
  assert.equal(f.requests, 4);
});
