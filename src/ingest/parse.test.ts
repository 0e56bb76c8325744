/**
 * Reading what ingestion gets: encodings, web pages, feeds, robots.txt and address policy, on the
 * fixture pages built from the seed articles (test/fixtures/ingest, see its README).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import { decodeBytes, charsetFromContentType } from "./encoding.ts";
import { extractPage, toIsoDay } from "./html.ts";
import { parseFeedText, looksLikeFeed } from "./feed.ts";
import { parseRobots, robotsAllows } from "./robots.ts";
import { isPrivateAddress } from "./net.ts";

const fx = (name: string) => readFileSync(new URL(`../../test/fixtures/ingest/${name}`, import.meta.url));
const seeds = readFileSync(new URL("../../../shared/seeds/seeds.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { id: string; text: string });
/** A sentence of a seed that survives windows-1256 (no characters outside the code page). */
const firstLine = (i: number) => seeds[i].text.split("\n").find((l) => l.trim().length > 40)!.trim();

test("decodeBytes: charset from BOM, Content-Type, meta, UTF-8 validity, else windows-1256", () => {
  const cases: [string, Buffer, { contentType?: string; html?: boolean }, string, string, string][] = [
    ["utf-8 page, declared", fx("page-utf8.html"), { html: true }, "utf-8", "meta", firstLine(2)],
    ["windows-1256 page, http-equiv", fx("page-cp1256.html"), { contentType: "text/html", html: true }, "windows-1256", "meta", firstLine(1)],
    ["windows-1256 page, header charset", fx("page-cp1256-undeclared.html"), { contentType: "text/html; charset=windows-1256", html: true }, "windows-1256", "content-type", firstLine(0)],
    ["windows-1256 page, undeclared", fx("page-cp1256-undeclared.html"), { contentType: "text/html", html: true }, "windows-1256", "fallback", firstLine(0)],
    ["windows-1256 text", fx("article-cp1256.txt"), {}, "windows-1256", "fallback", firstLine(3)],
    ["utf-8 text with BOM", fx("article-utf8-bom.txt"), {}, "utf-8", "bom", firstLine(4)],
    ["server says utf-8 but bytes are cp1256", fx("article-cp1256.txt"), { contentType: "text/plain; charset=UTF-8" }, "windows-1256", "fallback", firstLine(3)],
    ["ISO-8859-6 by header", iconv.encode("قتل ثلاثة مدنيين في قصف على ريف إدلب", "iso-8859-6"), { contentType: "text/plain; charset=ISO-8859-6" }, "iso-8859-6", "content-type", "قتل ثلاثة مدنيين في قصف على ريف إدلب"],
  ];
  for (const [name, bytes, hints, charset, via, expected] of cases) {
    const d = decodeBytes(bytes, hints);
    assert.equal(d.charset, charset, name);
    assert.equal(d.via, via, name);
    assert.ok(d.text.replace(/\r\n/g, "\n").includes(expected), `${name}: text holds the seed sentence`);
    assert.ok(!d.text.includes("\uFFFD"), `${name}: no replacement characters`);
  }
});

test("charsetFromContentType reads the parameter and canonical names", () => {
  const cases: [string | null, string | null][] = [
    ["text/html; charset=UTF-8", "utf-8"],
    ['text/html; charset="windows-1256"', "windows-1256"],
    ["text/html;charset=cp1256", "windows-1256"],
    ["text/html", null],
    ["text/html; charset=no-such-thing", null],
    [null, null],
  ];
  for (const [ct, expected] of cases) assert.equal(charsetFromContentType(ct), expected, String(ct));
});

test("extractPage: main text without navigation, scripts or footer; metadata from meta tags and JSON-LD", () => {
  const cases: [string, string, { title: string; published: string | null; byline: string | null; seed: number }][] = [
    ["page-utf8.html", "utf-8", { title: "مقتل أكثر من 25 شخصاً في درعا خلال أسبوع", published: "2022-10-21", byline: "نورث برس", seed: 2 }],
    ["page-cp1256.html", "windows-1256", { title: "استمرار العملية العسكرية في درعا البلد", published: "2022-11-01", byline: "مراسل درعا", seed: 1 }],
    ["page-cp1256-undeclared.html", "windows-1256", { title: "ليلة مشتعلة في حي الحمادين بدرعا", published: "2022-11-07", byline: null, seed: 0 }],
  ];
  for (const [file, cs, want] of cases) {
    const html = iconv.decode(fx(file), cs);
    const page = extractPage(html);
    assert.equal(page.title, want.title, file);
    assert.equal(page.published, want.published, file);
    assert.equal(page.byline, want.byline, file);
    for (const junk of ["الرئيسية أخبار", "خبر آخر", "الأكثر قراءة", "جميع الحقوق محفوظة", "لا تقرأ هذا"]) assert.ok(!page.text.includes(junk), `${file}: no "${junk}"`);
    // Every paragraph of the article is a line of the text, in order.
    const paras = seeds[want.seed].text.split(/\n+/).map((p) => p.trim()).filter(Boolean);
    const lines = page.text.split("\n");
    let at = -1;
    for (const p of paras.filter((p) => iconv.decode(iconv.encode(p, cs), cs) === p)) {
      const i = lines.indexOf(p, at + 1);
      assert.ok(i > at, `${file}: paragraph in order: ${p.slice(0, 40)}`);
      at = i;
    }
  }
  assert.equal(extractPage(fx("page-broken.html").toString("utf8")).text, "");
});

test("toIsoDay reads the date forms pages and feeds use, as written (not shifted to UTC)", () => {
  const cases: [string, string | null][] = [
    ["2022-11-07T00:30:00+03:00", "2022-11-07"],
    ["2022-11-07", "2022-11-07"],
    ["2022/11/7", "2022-11-07"],
    ["Mon, 07 Nov 2022 10:00:00 GMT", "2022-11-07"],
    ["Fri, 21 Oct 2022 09:15:00 +0300", "2022-10-21"],
    ["7 November 2022", "2022-11-07"],
    ["20221107", "2022-11-07"],
    ["2022-02-30", null],
    ["قبل ساعتين", null],
  ];
  for (const [v, want] of cases) assert.equal(toIsoDay(v), want, v);
});

test("parseFeedText: RSS and Atom items with their links, titles and dates", () => {
  const base = "http://news.example";
  const rss = fx("feed-rss.xml").toString("utf8").replaceAll("{{BASE}}", base);
  const atom = fx("feed-atom.xml").toString("utf8").replaceAll("{{BASE}}", base);
  assert.ok(looksLikeFeed(rss, "application/rss+xml"));
  assert.ok(looksLikeFeed(atom, "text/xml"));
  assert.ok(!looksLikeFeed(fx("page-utf8.html").toString("utf8"), "text/html"));
  const r = parseFeedText(rss, base);
  assert.equal(r.format, "rss");
  assert.deepEqual(
    r.items.map((i) => [i.url, i.published]),
    [
      [`${base}/news/utf8.html`, "2022-10-21"],
      [`${base}/news/cp1256.html`, "2022-11-01"],
      [`${base}/news/broken.html`, "2022-11-01"],
      [`${base}/loop/a`, null],
    ],
  );
  assert.equal(r.items[0].title, "مقتل أكثر من 25 شخصاً في درعا");
  const a = parseFeedText(atom, base);
  assert.equal(a.format, "atom");
  assert.deepEqual(
    a.items.map((i) => [i.id, i.url, i.published]),
    [
      ["urn:rasd:test:1", `${base}/news/cp1256-undeclared.html`, "2022-11-07"],
      ["urn:rasd:test:2", `${base}/news/utf8.html`, "2022-10-21"],
      ["urn:rasd:test:3", `${base}/big.html`, "2022-11-07"],
    ],
  );
});

test("robots.txt: our group over *, longest rule wins, Allow wins a tie, wildcards", () => {
  const txt = "User-agent: *\nDisallow: /\n\nUser-agent: rasd\nUser-agent: other\nDisallow: /private/\nAllow: /private/open\nDisallow: /*.pdf$\nCrawl-delay: 2\n";
  const mine = parseRobots(txt, "rasd");
  const theirs = parseRobots(txt, "somebot");
  const cases: [string, boolean, boolean][] = [
    ["/news/1.html", true, false],
    ["/private/x", false, false],
    ["/private/open.html", true, false],
    ["/files/a.pdf", false, false],
    ["/files/a.pdf?x=1", true, false],
    ["/robots.txt", true, true],
  ];
  for (const [path, forUs, forThem] of cases) {
    assert.equal(robotsAllows(mine, path), forUs, `rasd ${path}`);
    assert.equal(robotsAllows(theirs, path), forThem, `other ${path}`);
  }
  assert.equal(mine.crawlDelay, 2);
  assert.equal(robotsAllows(parseRobots("", "rasd"), "/x"), true);
});

test("isPrivateAddress: loopback, private, link-local, mapped and NAT64 forms refused; public allowed", () => {
  const cases: [string, boolean][] = [
    ["127.0.0.1", true],
    ["127.255.0.9", true],
    ["10.0.0.1", true],
    ["172.16.5.4", true],
    ["172.32.0.1", false],
    ["192.168.0.10", true],
    ["169.254.169.254", true],
    ["100.64.1.1", true],
    ["0.0.0.0", true],
    ["224.0.0.1", true],
    ["8.8.8.8", false],
    ["185.60.216.35", false],
    ["::1", true],
    ["::", true],
    ["::ffff:127.0.0.1", true],
    ["::ffff:7f00:1", true],
    ["::ffff:8.8.8.8", false],
    ["64:ff9b::a00:1", true],
    ["fe80::1", true],
    ["fd12:3456::1", true],
    ["2a00:1450:4001::200e", false],
    ["not-an-ip", true],
  ];
  for (const [ip, want] of cases) assert.equal(isPrivateAddress(ip), want, ip);
});
