/**
 * @module ingest/watch
 * `rasd watch FEED…`: polls RSS/Atom feeds on an interval and ingests the pages of new items.
 * An item is new when its page is not already stored (by the URL's document id) and was not seen
 * earlier in this process, so a poll costs one request per feed plus one per new article.
 */
import { decodeBytes } from "./encoding.ts";
import { parseFeedText } from "./feed.ts";
import { fromFeedItem } from "./sources.ts";
import { urlDocumentId, type Ingestor, type Outcome } from "./ingest.ts";

export interface WatchOptions {
  /** Seconds between two polls of the same feed. */
  intervalSeconds: number;
  /** Stop after this many rounds (all feeds once per round); absent: until stopped. */
  rounds?: number;
  source?: string;
  signal?: AbortSignal;
  onOutcome?: (o: Outcome) => void;
  onError?: (feed: string, message: string) => void;
}

/** One poll of one feed; returns the outcomes of its new items. */
export async function pollFeed(feedUrl: string, ingestor: Ingestor, seen: Set<string>, opts: Pick<WatchOptions, "source" | "onOutcome"> = {}): Promise<Outcome[]> {
  const res = await ingestor.fetcher.fetch(feedUrl, "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5");
  const text = decodeBytes(res.body, { contentType: res.contentType, html: true }).text;
  const feed = parseFeedText(text, res.url);
  const outcomes: Outcome[] = [];
  for (const item of feed.items) {
    const key = item.url ?? item.id;
    if (!key || seen.has(key)) continue;
    if (item.url) {
      const stored = await ingestor.store.getDocument(urlDocumentId(item.url));
      if (stored && stored.status === "processed" && stored.text !== stored.url) {
        seen.add(key);
        continue;
      }
    }
    for await (const c of fromFeedItem(feedUrl, item, { fetcher: ingestor.fetcher, source: opts.source })) {
      const o = await ingestor.ingestCandidate(c);
      outcomes.push(o);
      opts.onOutcome?.(o);
    }
    // A failed item is retried by `rasd ingest --retry-failed`, not by every poll.
    seen.add(key);
  }
  return outcomes;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** Polls every feed each round, until `rounds` are done or the signal aborts. */
export async function watchFeeds(feeds: string[], ingestor: Ingestor, opts: WatchOptions): Promise<void> {
  const seen = new Set<string>();
  for (let round = 0; opts.rounds === undefined || round < opts.rounds; round++) {
    const started = Date.now();
    for (const feed of feeds) {
      if (opts.signal?.aborted) return;
      try {
        await pollFeed(feed, ingestor, seen, opts);
      } catch (e) {
        opts.onError?.(feed, (e as Error).message);
      }
    }
    if (opts.signal?.aborted || (opts.rounds !== undefined && round + 1 >= opts.rounds)) return;
    await sleep(Math.max(0, opts.intervalSeconds * 1000 - (Date.now() - started)), opts.signal);
  }
}
