/**
 * @module cli/ingest
 * `rasd ingest FILE|DIR|URL…` and `rasd watch FEED…`: thin adapters over the ingestion service
 * (src/ingest/). Configuration is read here, at the edge, and passed down.
 */
import { Command, Option } from "commander";
import type { Store } from "../store/types.ts";
import { DEFAULT_POLICY, type FetchPolicy } from "../ingest/fetch.ts";

// The services are imported when a command runs, so `rasd extract` does not load HTML parsers,
// the store or the network stack it never uses.
async function services() {
  const [{ Fetcher }, { Ingestor }, { Progress }] = await Promise.all([import("../ingest/fetch.ts"), import("../ingest/ingest.ts"), import("../ingest/progress.ts")]);
  return { Fetcher, Ingestor, Progress };
}

export interface NetOptions {
  allowPrivate?: boolean;
  robots?: boolean;
  timeoutMs?: number;
  maxBytes?: number;
  retries?: number;
  hostIntervalMs?: number;
}

const int = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number >= 0, found "${v}"`);
  return n;
};

/** The network options shared by ingest, watch and serve. */
export function addNetOptions(cmd: Command): Command {
  return cmd
    .option("--allow-private", "allow requests to loopback and private addresses (off by default: no SSRF)")
    .option("--no-robots", "ignore robots.txt")
    .addOption(new Option("--timeout-ms <ms>", "time limit of one request").argParser(int("--timeout-ms")).default(DEFAULT_POLICY.timeoutMs))
    .addOption(new Option("--max-bytes <n>", "largest response body accepted").argParser(int("--max-bytes")).default(DEFAULT_POLICY.maxBytes))
    .addOption(new Option("--retries <n>", "retries of a transient failure (with exponential backoff)").argParser(int("--retries")).default(DEFAULT_POLICY.retries))
    .addOption(new Option("--host-interval-ms <ms>", "least time between two requests to one host").argParser(int("--host-interval-ms")).default(DEFAULT_POLICY.perHostIntervalMs));
}

export function fetchPolicy(o: NetOptions): Partial<FetchPolicy> {
  return {
    allowPrivate: Boolean(o.allowPrivate),
    robots: o.robots !== false,
    timeoutMs: o.timeoutMs ?? DEFAULT_POLICY.timeoutMs,
    maxBytes: o.maxBytes ?? DEFAULT_POLICY.maxBytes,
    retries: o.retries ?? DEFAULT_POLICY.retries,
    perHostIntervalMs: o.hostIntervalMs ?? DEFAULT_POLICY.perHostIntervalMs,
  };
}

export async function openConfiguredStore(db?: string): Promise<Store> {
  const [{ loadConfig }, { openStore }] = await Promise.all([import("../config.ts"), import("../store/index.ts")]);
  const config = loadConfig(process.env, db ? { sqlitePath: db } : {});
  return openStore(config.store);
}

interface IngestCliOptions extends NetOptions {
  db?: string;
  source?: string;
  retryFailed?: boolean;
  maxAttempts?: number;
  reprocess?: boolean;
  delayMs?: number;
  quiet?: boolean;
}

export function registerIngest(program: Command): void {
  const ingest = program
    .command("ingest")
    .description("read articles (.jsonl, .txt, .html, directories, web pages, RSS/Atom feeds), extract their events and store them")
    .argument("[inputs...]", "files, directories or http(s) URLs")
    .option("--db <path>", "SQLite file (default ./rasd.db or $RASD_DB; DATABASE_URL selects PostgreSQL)")
    .option("--source <name>", "outlet name for documents that carry none")
    .option("--retry-failed", "process failed and pending documents again (fetching failed URLs again)")
    .addOption(new Option("--max-attempts <n>", "with --retry-failed: skip documents that failed this many times").argParser(int("--max-attempts")).default(3))
    .option("--reprocess", "extract and store again documents whose text is already stored")
    .addOption(new Option("--delay-ms <ms>", "pause after each document (throttling)").argParser(int("--delay-ms")))
    .option("-q, --quiet", "no progress on stderr");
  addNetOptions(ingest).action(async (inputs: string[], opts: IngestCliOptions) => {
    if (!inputs.length && !opts.retryFailed) {
      process.stderr.write("rasd ingest: name files, directories or URLs to ingest, or use --retry-failed\n");
      process.exitCode = 2;
      return;
    }
    const { Fetcher, Ingestor, Progress } = await services();
    const store = await openConfiguredStore(opts.db);
    const progress = new Progress(opts.quiet ? null : process.stderr);
    const ingestor = new Ingestor({
      store,
      fetcher: new Fetcher(fetchPolicy(opts)),
      source: opts.source,
      reprocess: opts.reprocess,
      delayMs: opts.delayMs,
      progress,
    });
    // Ctrl-C: each document is stored in its own transaction, so stopping at any point leaves every
    // stored document whole; the next run skips them (content hash) and stores the rest.
    process.once("SIGINT", () => {
      progress.done();
      progress.note("rasd ingest: stopped; stored documents are complete, the rest ingest on the next run");
      process.exit(130);
    });
    try {
      if (opts.retryFailed) await ingestor.retryFailed({ maxAttempts: opts.maxAttempts });
      if (inputs.length) await ingestor.ingest(inputs);
    } finally {
      progress.done();
      await store.close();
    }
    if (progress.counts.failed) process.exitCode = 1;
  });
}

interface WatchCliOptions extends NetOptions {
  db?: string;
  source?: string;
  interval: number;
  rounds?: number;
}

export function registerWatch(program: Command): void {
  const watch = program
    .command("watch")
    .description("poll RSS/Atom feeds and ingest the pages of new items, until stopped")
    .argument("<feeds...>", "feed URLs")
    .option("--db <path>", "SQLite file (default ./rasd.db or $RASD_DB; DATABASE_URL selects PostgreSQL)")
    .option("--source <name>", "outlet name (default: each page's host)")
    .addOption(new Option("--interval <seconds>", "seconds between two polls of a feed").argParser(int("--interval")).default(300))
    .addOption(new Option("--rounds <n>", "stop after polling every feed this many times").argParser(int("--rounds")));
  addNetOptions(watch).action(async (feeds: string[], opts: WatchCliOptions) => {
    const { watchFeeds } = await import("../ingest/watch.ts");
    const { Fetcher, Ingestor, Progress } = await services();
    const store = await openConfiguredStore(opts.db);
    const progress = new Progress(process.stderr, "rasd watch", 60_000);
    const ingestor = new Ingestor({ store, fetcher: new Fetcher(fetchPolicy(opts)), source: opts.source, progress });
    const ac = new AbortController();
    const stop = () => ac.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    progress.note(`rasd watch: polling ${feeds.length} feed(s) every ${opts.interval} s; Ctrl-C stops`);
    try {
      await watchFeeds(feeds, ingestor, {
        intervalSeconds: opts.interval,
        rounds: opts.rounds,
        source: opts.source,
        signal: ac.signal,
        onError: (feed, m) => progress.note(`rasd watch: ${feed}: ${m}`),
      });
    } finally {
      progress.done();
      await store.close();
    }
  });
}
