/**
 * @module ingest/sources
 * Turns what the operator names (files, directories, URLs, feeds) into a stream of candidate
 * documents, one at a time, so a directory of 100,000 files or a 1 GB .jsonl never sits in memory.
 *
 * Every candidate is either a document ready for extraction or a failure that still names what
 * failed (file and line, URL), so that nothing is silently dropped: failures are stored with their
 * error and retried later.
 *
 * Supported: `.jsonl` (the `rasd extract` input shape: id, text, published?, source?, url?, title?),
 * `.txt` (one article; legacy encodings detected), `.html`/`.htm` (a saved web page), directories
 * (recursively, those extensions), http(s) URLs of web pages, plain text and feeds (RSS, Atom, RDF,
 * JSON Feed; each item's page is fetched).
 */
import { createReadStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { basename, extname, join } from "node:path";
import { parseInputLine, MAX_TEXT_CHARS, type InputDocument } from "../contract/input.ts";
import { readLines } from "../io/lines.ts";
import { decodeBytes } from "./encoding.ts";
import { FetchError, type Fetcher } from "./fetch.ts";
import { extractPage, toIsoDay } from "./html.ts";
import { looksLikeFeed, parseFeedText, type FeedItem } from "./feed.ts";

/** A .jsonl line's JSON may hold escapes, so the byte limit is generous relative to the text limit. */
const MAX_LINE_BYTES = MAX_TEXT_CHARS * 4 + 1_000_000;
/** Raw HTML kept with a document for re-cleaning, at most this many characters. */
const MAX_RAW_CHARS = 2_000_000;
export const FILE_EXTENSIONS = new Set([".jsonl", ".txt", ".html", ".htm"]);

export interface CandidateMeta {
  /** Caller's id (jsonl id); absent: the store derives one from the content hash. */
  id?: string;
  source?: string | null;
  url?: string | null;
  title?: string | null;
  published?: string | null;
}

export type Candidate =
  | {
      ok: true;
      /** Where it came from, for messages: "file.jsonl:12", a URL, "feed URL -> page URL". */
      origin: string;
      doc: InputDocument;
      rawText?: string | null;
    }
  | {
      ok: false;
      origin: string;
      /** What is known about the document that could not be read. */
      meta: CandidateMeta;
      error: string;
      /** The unusable input itself (a malformed line), kept with the failure. */
      raw?: string;
      /** The failure can be retried by fetching `meta.url` again (network failures, not bad input). */
      refetch: boolean;
      /** The operator's mistake (a path that does not exist): reported, not stored as a document. */
      operator?: boolean;
    };

export interface SourceOptions {
  fetcher: Fetcher;
  /** Outlet name for documents that do not carry one. */
  source?: string;
  /** Called for each non-fatal problem (bad date and such). */
  warn?: (message: string) => void;
  /** Read at most this many items of a feed (the newest, as feeds list them first). */
  maxFeedItems?: number;
}

function isUrl(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(s);
}

/** The outlet name of a URL: its host without "www.". */
export function hostSource(url: string): string {
  try {
    return new URL(url).hostname.replace(/^www\./, "");
  } catch {
    return url;
  }
}

function toInput(id: string | undefined, text: string, meta: CandidateMeta): InputDocument {
  return {
    id: id ?? "",
    text,
    meta: {
      ...(meta.published ? { published: meta.published } : {}),
      ...(meta.source ? { source: meta.source } : {}),
      ...(meta.url ? { url: meta.url } : {}),
      ...(meta.title ? { title: meta.title } : {}),
    },
    warnings: [],
  };
}

/** Yields the candidates of every input in order. */
export async function* candidates(inputs: string[], opts: SourceOptions): AsyncGenerator<Candidate> {
  for (const input of inputs) {
    if (isUrl(input)) {
      yield* fromUrl(input, opts);
      continue;
    }
    let st;
    try {
      st = await stat(input);
    } catch {
      yield { ok: false, origin: input, meta: {}, error: `no such file or directory: ${input}`, refetch: false, operator: true };
      continue;
    }
    if (st.isDirectory()) yield* fromDirectory(input, opts);
    else yield* fromFile(input, opts, true);
  }
}

async function* fromDirectory(dir: string, opts: SourceOptions): AsyncGenerator<Candidate> {
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith(".")).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* fromDirectory(p, opts);
    else if (e.isFile() && FILE_EXTENSIONS.has(extname(e.name).toLowerCase())) yield* fromFile(p, opts, false);
  }
}

/** Reads one file; `named` is true when the operator named it (so an unknown type is an error, not skipped). */
export async function* fromFile(path: string, opts: SourceOptions, named: boolean): AsyncGenerator<Candidate> {
  const ext = extname(path).toLowerCase();
  if (ext === ".jsonl" || ext === ".ndjson") {
    yield* fromJsonl(path, opts);
    return;
  }
  if (!FILE_EXTENSIONS.has(ext) && !named) return;
  let bytes: Buffer;
  try {
    const st = await stat(path);
    if (st.size > MAX_TEXT_CHARS * 4) throw new Error(`the file is ${st.size} bytes, over the limit of ${MAX_TEXT_CHARS * 4}`);
    bytes = await readFile(path);
  } catch (e) {
    yield { ok: false, origin: path, meta: { source: opts.source }, error: `cannot read ${path}: ${(e as Error).message}`, refetch: false };
    return;
  }
  const isHtml = ext === ".html" || ext === ".htm" || (ext !== ".txt" && /^\s*<(!doctype html|html)/i.test(bytes.subarray(0, 512).toString("latin1")));
  const decoded = decodeBytes(bytes, { html: isHtml });
  const meta: CandidateMeta = { source: opts.source ?? null };
  if (!isHtml) {
    const text = decoded.text.replace(/\r\n?/g, "\n");
    if (!text.trim()) {
      yield { ok: false, origin: path, meta, error: `${path} is empty`, refetch: false };
      return;
    }
    yield { ok: true, origin: path, doc: toInput(undefined, text, { ...meta, title: basename(path, ext) }) };
    return;
  }
  const page = extractPage(decoded.text);
  const pmeta: CandidateMeta = { ...meta, source: opts.source ?? page.siteName ?? null, title: page.title, published: page.published, url: page.canonical };
  if (!page.text) {
    yield { ok: false, origin: path, meta: pmeta, error: `no article text found in ${path}`, raw: decoded.text.slice(0, MAX_RAW_CHARS), refetch: false };
    return;
  }
  yield { ok: true, origin: path, doc: toInput(undefined, page.text, pmeta), rawText: decoded.text.slice(0, MAX_RAW_CHARS) };
}

async function* fromJsonl(path: string, opts: SourceOptions): AsyncGenerator<Candidate> {
  let stream;
  try {
    await stat(path);
    stream = createReadStream(path);
  } catch (e) {
    yield { ok: false, origin: path, meta: {}, error: `cannot read ${path}: ${(e as Error).message}`, refetch: false };
    return;
  }
  for await (const rec of readLines(stream, MAX_LINE_BYTES)) {
    const origin = `${path}:${rec.lineNo}`;
    if (rec.oversized !== undefined) {
      yield { ok: false, origin, meta: {}, error: `line ${rec.lineNo}: the line is ${rec.oversized} bytes, over the limit of ${MAX_LINE_BYTES}`, refetch: false };
      continue;
    }
    if (rec.text.trim() === "") continue;
    const parsed = parseInputLine(rec.text);
    if (!parsed.ok) {
      yield { ok: false, origin, meta: { source: opts.source ?? null }, error: `line ${rec.lineNo}: ${parsed.error}`, raw: rec.text.slice(0, MAX_RAW_CHARS), refetch: false };
      continue;
    }
    const doc = parsed.doc;
    if (opts.source && !doc.meta.source) doc.meta.source = opts.source;
    for (const w of doc.warnings) opts.warn?.(`${origin}: ${w}`);
    yield { ok: true, origin, doc };
  }
}

function failure(origin: string, meta: CandidateMeta, e: unknown): Candidate {
  const fe = e instanceof FetchError ? e : null;
  const msg = fe ? `${fe.code}: ${fe.message}` : (e as Error).message;
  // Policy refusals and bad URLs will fail the same way next time; network trouble may not.
  const refetch = !fe || !["bad-url", "unsupported-scheme", "private-address", "robots"].includes(fe.code);
  return { ok: false, origin, meta, error: msg, refetch };
}

/** Fetches a URL: a feed yields its items' pages, anything else is one document. */
export async function* fromUrl(url: string, opts: SourceOptions): AsyncGenerator<Candidate> {
  const meta: CandidateMeta = { url, source: opts.source ?? hostSource(url) };
  let res;
  try {
    res = await opts.fetcher.fetch(url);
  } catch (e) {
    yield failure(url, meta, e);
    return;
  }
  const ct = res.contentType;
  const decoded = decodeBytes(res.body, { contentType: ct, html: true });
  if (looksLikeFeed(decoded.text, ct)) {
    let feed;
    try {
      feed = parseFeedText(decoded.text, res.url);
    } catch (e) {
      yield { ok: false, origin: url, meta, error: `not a readable feed: ${(e as Error).message}`, raw: decoded.text.slice(0, MAX_RAW_CHARS), refetch: true };
      return;
    }
    for (const item of feed.items.slice(0, opts.maxFeedItems ?? Infinity)) yield* fromFeedItem(url, item, opts);
    return;
  }
  yield pageCandidate(url, res.url, ct, decoded.text, opts, {});
}

/** One feed item: its page is fetched; the feed's title and date fill what the page lacks. */
export async function* fromFeedItem(feedUrl: string, item: FeedItem, opts: SourceOptions): AsyncGenerator<Candidate> {
  const origin = `${feedUrl} -> ${item.url ?? item.id}`;
  const meta: CandidateMeta = { url: item.url, title: item.title, published: item.published, source: opts.source ?? hostSource(item.url ?? feedUrl) };
  if (!item.url) {
    yield { ok: false, origin, meta, error: `feed item ${JSON.stringify(item.id || item.title)} has no link`, raw: item.summary ?? undefined, refetch: false };
    return;
  }
  let res;
  try {
    res = await opts.fetcher.fetch(item.url);
  } catch (e) {
    yield failure(origin, meta, e);
    return;
  }
  const decoded = decodeBytes(res.body, { contentType: res.contentType, html: true });
  yield pageCandidate(origin, item.url, res.contentType, decoded.text, opts, meta);
}

/** A fetched page (or plain text) as a candidate; `fallback` is what a feed said about it. */
export function pageCandidate(origin: string, url: string, contentType: string | null, body: string, opts: SourceOptions, fallback: CandidateMeta): Candidate {
  const ct = (contentType ?? "").toLowerCase();
  const base: CandidateMeta = { url, source: opts.source ?? hostSource(url), title: fallback.title ?? null, published: fallback.published ?? null };
  if (ct.startsWith("text/plain")) {
    const text = body.replace(/\r\n?/g, "\n").trim();
    if (!text) return { ok: false, origin, meta: base, error: `${url}: empty text`, refetch: true };
    return { ok: true, origin, doc: toInput(undefined, text, base) };
  }
  if (ct && !/html|xml/.test(ct)) {
    return { ok: false, origin, meta: base, error: `${url}: unsupported content type ${contentType}`, refetch: false };
  }
  let page;
  try {
    page = extractPage(body);
  } catch (e) {
    return { ok: false, origin, meta: base, error: `${url}: the page could not be parsed (${(e as Error).message})`, raw: body.slice(0, MAX_RAW_CHARS), refetch: true };
  }
  const meta: CandidateMeta = {
    url,
    source: base.source,
    title: page.title ?? base.title,
    published: page.published ?? toIsoDay(base.published) ?? null,
  };
  if (page.text.length < 20) {
    return { ok: false, origin, meta, error: `${url}: no article text found in the page`, raw: body.slice(0, MAX_RAW_CHARS), refetch: true };
  }
  return { ok: true, origin, doc: toInput(undefined, page.text, meta), rawText: body.slice(0, MAX_RAW_CHARS) };
}
