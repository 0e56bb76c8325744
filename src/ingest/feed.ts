/**
 * @module ingest/feed
 * RSS 2.0, RSS 1.0 (RDF), Atom and JSON Feed, parsed by feedsmith, reduced to the few fields
 * ingestion needs: each item's link (the page to fetch), id, title, date and summary.
 */
import { parseFeed } from "feedsmith";
import { toIsoDay } from "./html.ts";

export interface FeedItem {
  /** The item's stable id (guid / Atom id / JSON Feed id), else its link. */
  id: string;
  /** The article page. */
  url: string | null;
  title: string | null;
  published: string | null;
  /** Summary or content as given by the feed (may be HTML). */
  summary: string | null;
}

export interface ParsedFeed {
  format: string;
  title: string | null;
  items: FeedItem[];
}

/** True when a response body looks like a feed rather than a web page. */
export function looksLikeFeed(body: string, contentType: string | null): boolean {
  const ct = (contentType ?? "").toLowerCase();
  if (/rss|atom|rdf|feed\+json/.test(ct)) return true;
  const head = body.slice(0, 2000).replace(/^\uFEFF/, "").trimStart();
  if (/^<\?xml|^<rss[\s>]|^<feed[\s>]|^<rdf:RDF/i.test(head)) return /<(rss|feed|rdf:RDF|channel)[\s>]/i.test(head);
  return /json/.test(ct) && /"version"\s*:\s*"https:\/\/jsonfeed\.org/.test(head);
}

type Loose = Record<string, unknown> | undefined;
const str = (x: unknown): string | null => (typeof x === "string" && x.trim() ? x.trim() : null);

function atomLink(links: unknown): string | null {
  const list = Array.isArray(links) ? (links as Loose[]) : [];
  const alt = list.find((l) => !l?.rel || l.rel === "alternate") ?? list[0];
  return str(alt?.href);
}

/** Parses a feed document; throws with feedsmith's reason when it is not one. */
export function parseFeedText(text: string, base?: string): ParsedFeed {
  const parsed = parseFeed(text) as unknown as { format: string; feed: Record<string, unknown> };
  const f = parsed.feed;
  const raw = ((f.items ?? f.entries ?? []) as Loose[]).filter(Boolean);
  const abs = (u: string | null) => {
    if (!u) return null;
    try {
      return new URL(u, base).href;
    } catch {
      return null;
    }
  };
  const items: FeedItem[] = raw.map((it) => {
    const i = it as Record<string, unknown>;
    const dc = i.dc as Loose;
    const guid = i.guid as Loose | string;
    const content = i.content as Loose | string;
    const url = abs(str(i.link) ?? atomLink(i.links) ?? str(i.url) ?? (typeof guid === "object" && guid?.isPermaLink !== false ? str(guid?.value) : null));
    const id = str(typeof guid === "string" ? guid : guid?.value) ?? str(i.id) ?? url ?? str(i.title) ?? "";
    const published = toIsoDay(str(i.pubDate) ?? str(i.published) ?? str(i.date_published) ?? str(dc?.date) ?? (Array.isArray(dc?.dates) ? str((dc!.dates as unknown[])[0]) : null) ?? str(i.updated) ?? str(i.date_modified));
    const summary = str(i.description) ?? str(i.summary) ?? str(typeof content === "string" ? content : (content as Loose)?.encoded) ?? str(i.content_text) ?? str(i.content_html);
    return { id, url, title: str(i.title), published, summary };
  });
  return { format: parsed.format, title: str(f.title), items };
}
