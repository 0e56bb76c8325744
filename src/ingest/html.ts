/**
 * @module ingest/html
 * A news web page to an input document: the main text by Mozilla Readability on a linkedom DOM
 * (paragraph breaks kept as newlines, since sentence and paragraph splitting rely on them), and
 * the title, byline, site and publication date from meta tags (Open Graph, article:*, Dublin Core,
 * `date`, `pubdate`, itemprop) and JSON-LD (`datePublished` of an Article/NewsArticle, also inside
 * an `@graph`).
 */
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";

export interface PageInfo {
  text: string;
  title: string | null;
  byline: string | null;
  /** "YYYY-MM-DD" when the page states its publication date. */
  published: string | null;
  siteName: string | null;
  /** The page's canonical URL if it declares one. */
  canonical: string | null;
  lang: string | null;
}

// Minimal structural types: the project compiles without the DOM lib, and linkedom is DOM-shaped.
interface El {
  tagName: string;
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<El>;
  getAttribute(name: string): string | null;
}
interface DomDoc {
  title: string;
  documentElement: El | null;
  body: El | null;
  querySelectorAll(sel: string): ArrayLike<El>;
  querySelector(sel: string): El | null;
}

/** Meta names/properties that carry the publication date, most specific first. */
const DATE_META = [
  "article:published_time",
  "og:published_time",
  "og:article:published_time",
  "datepublished",
  "publishdate",
  "publish-date",
  "publish_date",
  "pubdate",
  "dc.date.issued",
  "dcterms.issued",
  "dc.date",
  "dcterms.date",
  "dc.date.created",
  "dcterms.created",
  "date",
  "sailthru.date",
  "parsely-pub-date",
  "article.published",
  "original-publish-date",
];
const TITLE_META = ["og:title", "twitter:title", "dc.title", "headline"];
const AUTHOR_META = ["author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"];
const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };

/** A date-ish string ("2022-11-07T10:00+03:00", "Mon, 07 Nov 2022 10:00 GMT", "2022/11/07") to "YYYY-MM-DD". */
export function toIsoDay(value: string | null | undefined): string | null {
  if (!value) return null;
  const v = value.trim();
  // The day as written, not shifted to UTC: a page dated 00:30 +03:00 was published that day.
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T\s])/.exec(v);
  if (m) return validDay(+m[1], +m[2], +m[3]);
  m = /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})/.exec(v);
  if (m && MONTHS[m[2].toLowerCase()]) return validDay(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  if (/^\d{8}$/.test(v)) return validDay(+v.slice(0, 4), +v.slice(4, 6), +v.slice(6, 8));
  const t = Date.parse(v);
  if (!Number.isFinite(t)) return null;
  const d = new Date(t);
  return validDay(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

function validDay(y: number, mo: number, d: number): string | null {
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (y < 1900 || y > 2200 || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function metaMap(doc: DomDoc): Map<string, string> {
  const out = new Map<string, string>();
  const metas = doc.querySelectorAll("meta");
  for (let i = 0; i < metas.length; i++) {
    const m = metas[i];
    const key = (m.getAttribute("property") ?? m.getAttribute("name") ?? m.getAttribute("itemprop") ?? m.getAttribute("http-equiv") ?? "").trim().toLowerCase();
    const content = (m.getAttribute("content") ?? "").trim();
    if (key && content && !out.has(key)) out.set(key, content);
  }
  return out;
}

interface JsonLdInfo {
  published?: string;
  headline?: string;
  author?: string;
  publisher?: string;
}

function asArray<T>(x: T | T[] | undefined | null): T[] {
  return x === undefined || x === null ? [] : Array.isArray(x) ? x : [x];
}

function nameOf(x: unknown): string | undefined {
  if (typeof x === "string") return x;
  for (const item of asArray(x as unknown[])) {
    if (typeof item === "string") return item;
    if (item && typeof item === "object" && typeof (item as { name?: unknown }).name === "string") return (item as { name: string }).name;
  }
  return undefined;
}

function jsonLd(doc: DomDoc): JsonLdInfo {
  const info: JsonLdInfo = {};
  const scripts = doc.querySelectorAll('script[type="application/ld+json"]');
  const visit = (node: unknown, depth: number) => {
    if (!node || typeof node !== "object" || depth > 5) return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, depth + 1));
    const o = node as Record<string, unknown>;
    const types = asArray(o["@type"] as string | string[]).map(String);
    const isArticle = types.some((t) => /Article|Posting|Report|NewsArticle|WebPage/i.test(t));
    if (isArticle || typeof o.datePublished === "string") {
      if (!info.published && typeof o.datePublished === "string") info.published = o.datePublished;
      if (!info.headline && typeof o.headline === "string") info.headline = o.headline;
      info.author ??= nameOf(o.author);
      info.publisher ??= nameOf(o.publisher);
    }
    if (o["@graph"]) visit(o["@graph"], depth + 1);
    if (o.mainEntity) visit(o.mainEntity, depth + 1);
  };
  for (let i = 0; i < scripts.length; i++) {
    try {
      visit(JSON.parse(scripts[i].textContent ?? ""), 0);
    } catch {
      // A broken JSON-LD block is common and harmless: the meta tags still speak.
    }
  }
  return info;
}

const BLOCK = new Set(["P", "DIV", "H1", "H2", "H3", "H4", "H5", "H6", "LI", "UL", "OL", "TR", "TABLE", "BLOCKQUOTE", "SECTION", "ARTICLE", "PRE", "FIGCAPTION", "FIGURE", "HEADER", "FOOTER", "ASIDE", "DD", "DT", "DL", "MAIN", "NAV", "FORM", "HR"]);
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME", "BUTTON", "SELECT"]);

/** Text of a DOM subtree with one paragraph per line (block elements and <br> break lines). */
export function blockText(root: El): string {
  const lines: string[] = [];
  let cur = "";
  const flush = () => {
    const t = cur.replace(/[ \t\f\v\r\n\u00a0]+/g, " ").trim();
    if (t) lines.push(t);
    cur = "";
  };
  const walk = (n: El) => {
    if (n.nodeType === 3) {
      cur += n.textContent ?? "";
      return;
    }
    if (n.nodeType !== 1) return;
    const tag = n.tagName.toUpperCase();
    if (SKIP.has(tag)) return;
    if (tag === "BR") return flush();
    const block = BLOCK.has(tag);
    if (block) flush();
    for (let i = 0; i < n.childNodes.length; i++) walk(n.childNodes[i]);
    if (block) flush();
  };
  walk(root);
  flush();
  return lines.join("\n");
}

/** Extracts the article text and metadata of an HTML page (already decoded to a string). */
export function extractPage(html: string): PageInfo {
  const { document } = parseHTML(html) as unknown as { document: DomDoc };
  const meta = metaMap(document);
  const ld = jsonLd(document);
  const pick = (keys: string[]) => keys.map((k) => meta.get(k)).find((v) => v !== undefined) ?? null;
  const timeEl = document.querySelector("time[datetime][pubdate], time[itemprop=datePublished], article time[datetime]");
  const published = toIsoDay(pick(DATE_META)) ?? toIsoDay(ld.published) ?? toIsoDay(timeEl?.getAttribute("datetime"));
  const canonicalEl = document.querySelector('link[rel="canonical"]');
  const canonical = canonicalEl?.getAttribute("href") ?? meta.get("og:url") ?? null;
  const lang = document.documentElement?.getAttribute("lang") ?? null;

  let text = "";
  let rTitle: string | null = null;
  let rByline: string | null = null;
  let rSite: string | null = null;
  try {
    // Readability mutates the DOM, so it runs after the metadata is read; it gets its own parse
    // of the content so that block structure can be turned into lines.
    const article = new Readability(document as never, { charThreshold: 200 }).parse();
    if (article?.content) {
      const { document: content } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`) as unknown as { document: DomDoc };
      if (content.body) text = blockText(content.body);
      rTitle = article.title?.trim() || null;
      rByline = article.byline?.trim() || null;
      rSite = article.siteName?.trim() || null;
    }
  } catch {
    // Fall through to the plain-body text below.
  }
  if (!text.trim()) {
    const { document: again } = parseHTML(html) as unknown as { document: DomDoc };
    if (again.body) text = blockText(again.body);
  }
  const title = (ld.headline ?? pick(TITLE_META) ?? rTitle ?? (document.title || null))?.trim() || null;
  const byline = (pick(AUTHOR_META) ?? ld.author ?? rByline)?.trim() || null;
  const siteName = (meta.get("og:site_name") ?? ld.publisher ?? rSite)?.trim() || null;
  return { text: text.trim(), title, byline, published, siteName, canonical, lang };
}
