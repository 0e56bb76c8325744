/**
 * @module ingest/fetch
 * The one way ingestion reaches the network, with a policy: http(s) only; no loopback or private
 * addresses unless allowed (checked on the literal host and on every DNS-resolved address, at
 * connect time, so a name that resolves to 127.0.0.1 or rebinds after a check is still refused);
 * robots.txt; a per-host rate limit; a timeout per attempt; a body size limit (also after
 * decompression); redirects followed by hand with loop detection, each hop checked again; and
 * retries with exponential backoff for transient failures (network errors, 429, 5xx) only.
 */
import http from "node:http";
import https from "node:https";
import dns from "node:dns";
import { isIP, type LookupFunction } from "node:net";
import zlib from "node:zlib";
import type { Readable } from "node:stream";
import { isPrivateAddress } from "./net.ts";
import { parseRobots, robotsAllows, type RobotsRules } from "./robots.ts";

export interface FetchPolicy {
  /** Allow loopback and private addresses (tests, intranet sources). Default false. */
  allowPrivate: boolean;
  /** Milliseconds for one attempt, from connect to the last byte. */
  timeoutMs: number;
  /** Largest body accepted, in bytes (after decompression). */
  maxBytes: number;
  maxRedirects: number;
  /** Extra attempts after a transient failure. */
  retries: number;
  /** First backoff in milliseconds; doubled per attempt (with jitter). */
  backoffMs: number;
  /** Least milliseconds between two requests to one host (robots.txt Crawl-delay may raise it). */
  perHostIntervalMs: number;
  /** Obey robots.txt. */
  robots: boolean;
  userAgent: string;
}

export const DEFAULT_POLICY: Readonly<FetchPolicy> = Object.freeze({
  allowPrivate: false,
  timeoutMs: 20_000,
  maxBytes: 10 * 1024 * 1024,
  maxRedirects: 5,
  retries: 2,
  backoffMs: 500,
  perHostIntervalMs: 1000,
  robots: true,
  userAgent: "rasd/0.1 (+https://github.com/rasd; Arabic conflict news monitor)",
});

/** The robots.txt product token we match groups against. */
const ROBOTS_AGENT = "rasd";
/** How long a robots.txt is trusted before it is read again. */
const ROBOTS_TTL_MS = 24 * 3600 * 1000;
/** The most we wait for a Retry-After or Crawl-delay, so one site cannot stall a run for hours. */
const MAX_WAIT_MS = 30_000;

export type FetchErrorCode =
  | "bad-url"
  | "unsupported-scheme"
  | "private-address"
  | "dns"
  | "robots"
  | "timeout"
  | "too-large"
  | "redirect-loop"
  | "too-many-redirects"
  | "http-status"
  | "network";

export class FetchError extends Error {
  constructor(
    readonly code: FetchErrorCode,
    message: string,
    readonly url: string,
    readonly retryable = false,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "FetchError";
  }
}

export interface FetchResult {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  contentType: string | null;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A fetcher keeps per-host state (robots.txt, rate limit) and counts its requests. */
export class Fetcher {
  readonly policy: Readonly<FetchPolicy>;
  /** Requests sent (robots.txt included); tests bound it. */
  requests = 0;
  private readonly robots = new Map<string, { at: number; rules: Promise<RobotsRules> }>();
  private readonly nextSlot = new Map<string, number>();
  private readonly hostInterval = new Map<string, number>();

  private readonly resolve: typeof dns.lookup;

  /** `resolve` replaces the system resolver (tests map a public-looking name to a loopback address). */
  constructor(policy: Partial<FetchPolicy> = {}, resolve: typeof dns.lookup = dns.lookup) {
    this.policy = Object.freeze({ ...DEFAULT_POLICY, ...policy });
    this.resolve = resolve;
  }

  /** GET a URL under the policy; throws FetchError naming the URL and the reason. */
  async fetch(url: string, accept = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.8"): Promise<FetchResult> {
    const seen = new Set<string>();
    let current = this.checkUrl(url, url);
    for (let hop = 0; ; hop++) {
      const key = current.href;
      if (seen.has(key)) throw new FetchError("redirect-loop", `redirect loop at ${key}`, url);
      seen.add(key);
      if (this.policy.robots) await this.checkRobots(current, url);
      const res = await this.withRetries(current, accept);
      if (res.location !== undefined) {
        if (hop >= this.policy.maxRedirects) throw new FetchError("too-many-redirects", `more than ${this.policy.maxRedirects} redirects (last to ${res.location})`, url);
        let next: URL;
        try {
          next = new URL(res.location, current);
        } catch {
          throw new FetchError("bad-url", `redirect to an invalid URL ${JSON.stringify(res.location)}`, url);
        }
        current = this.checkUrl(next.href, url);
        continue;
      }
      return res.result!;
    }
  }

  private checkUrl(href: string, original: string): URL {
    let u: URL;
    try {
      u = new URL(href);
    } catch {
      throw new FetchError("bad-url", `not a URL: ${JSON.stringify(href)}`, original);
    }
    if (u.protocol !== "http:" && u.protocol !== "https:") throw new FetchError("unsupported-scheme", `only http and https URLs are fetched, not ${u.protocol}`, original);
    u.hash = "";
    const host = u.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !this.policy.allowPrivate && isPrivateAddress(host)) {
      throw new FetchError("private-address", `${host} is a loopback or private address (allow private addresses to fetch it)`, original);
    }
    if (!this.policy.allowPrivate && /^localhost\.?$|\.localhost\.?$/i.test(host)) {
      throw new FetchError("private-address", `${host} is a loopback name (allow private addresses to fetch it)`, original);
    }
    return u;
  }

  /** Resolves names and refuses private results at connect time (closes the DNS-rebinding gap). */
  private readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return (callback as (e: Error) => void)(err);
      const list = addresses as dns.LookupAddress[];
      const ok = this.policy.allowPrivate ? list : list.filter((a) => !isPrivateAddress(a.address));
      if (!ok.length) {
        const e = new Error(`${hostname} resolves only to loopback or private addresses (${list.map((a) => a.address).join(", ")})`) as NodeJS.ErrnoException;
        e.code = "EPRIVATE";
        return (callback as (e: Error) => void)(e);
      }
      if (options.all) (callback as (e: null, a: dns.LookupAddress[]) => void)(null, ok);
      else (callback as (e: null, a: string, f: number) => void)(null, ok[0].address, ok[0].family);
    });
  };

  private async checkRobots(u: URL, original: string): Promise<void> {
    let entry = this.robots.get(u.origin);
    // Re-read robots.txt daily, as RFC 9309 suggests, so a long `rasd watch` or server follows changes.
    if (!entry || Date.now() - entry.at > ROBOTS_TTL_MS) {
      entry = { at: Date.now(), rules: this.loadRobots(u) };
      this.robots.set(u.origin, entry);
    }
    const rules = await entry.rules;
    if (!robotsAllows(rules, u.pathname + u.search)) {
      throw new FetchError("robots", rules.disallowAll ?? `robots.txt of ${u.host} disallows ${u.pathname}`, original);
    }
  }

  private async loadRobots(u: URL): Promise<RobotsRules> {
    const robotsUrl = new URL("/robots.txt", u);
    try {
      const res = await this.withRetries(robotsUrl, "text/plain", 512 * 1024);
      if (res.location !== undefined) {
        // Rare; RFC 9309 says follow up to five redirects. One hop on the same origin covers the real cases.
        const next = new URL(res.location, robotsUrl);
        if (next.origin !== u.origin) return { rules: [] };
        const again = await this.withRetries(next, "text/plain", 512 * 1024);
        if (!again.result) return { rules: [] };
        return this.applyRobots(u, parseRobots(again.result.body.toString("utf8"), ROBOTS_AGENT));
      }
      return this.applyRobots(u, parseRobots(res.result!.body.toString("utf8"), ROBOTS_AGENT));
    } catch (e) {
      if (e instanceof FetchError && e.code === "http-status" && e.status! >= 400 && e.status! < 500) return { rules: [] }; // no robots.txt: all allowed
      if (e instanceof FetchError && (e.code === "private-address" || e.code === "too-large")) throw e;
      // RFC 9309 2.3.1.4: robots.txt unreachable (5xx, network) means assume complete disallow.
      return { rules: [], disallowAll: `robots.txt of ${u.host} could not be read (${(e as Error).message}), so the site is treated as disallowed` };
    }
  }

  private applyRobots(u: URL, rules: RobotsRules): RobotsRules {
    if (rules.crawlDelay !== undefined) this.hostInterval.set(u.host, Math.min(rules.crawlDelay * 1000, MAX_WAIT_MS));
    return rules;
  }

  /** Waits for this host's next slot so requests to one host are spaced by its interval. */
  private async rateLimit(host: string): Promise<void> {
    const interval = Math.max(this.policy.perHostIntervalMs, this.hostInterval.get(host) ?? 0);
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + interval);
    if (slot > now) await sleep(slot - now);
  }

  private async withRetries(u: URL, accept: string, maxBytes = this.policy.maxBytes): Promise<{ location?: string; result?: FetchResult }> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.once(u, accept, maxBytes);
      } catch (e) {
        const fe = e instanceof FetchError ? e : new FetchError("network", (e as Error).message, u.href, true);
        if (!fe.retryable || attempt >= this.policy.retries) throw fe;
        const backoff = this.policy.backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
        await sleep(Math.min(Math.max(backoff, fe.retryAfterMs ?? 0), MAX_WAIT_MS));
      }
    }
  }

  private async once(u: URL, accept: string, maxBytes: number): Promise<{ location?: string; result?: FetchResult }> {
    await this.rateLimit(u.host);
    this.requests++;
    const mod = u.protocol === "https:" ? https : http;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (e: FetchError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(e);
      };
      const req = mod.request(
        u,
        {
          method: "GET",
          lookup: this.lookup,
          headers: { "user-agent": this.policy.userAgent, accept, "accept-encoding": "gzip, deflate, br", "accept-language": "ar,en;q=0.5" },
        },
        (res) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && res.headers.location !== undefined) {
            res.resume();
            settled = true;
            clearTimeout(timer);
            resolve({ location: res.headers.location });
            return;
          }
          if (status < 200 || status >= 300) {
            res.resume();
            const transient = status === 429 || status === 408 || status >= 500;
            const ra = retryAfterMs(res.headers["retry-after"]);
            fail(new FetchError("http-status", `HTTP ${status} from ${u.href}`, u.href, transient, status, ra));
            return;
          }
          const declared = Number(res.headers["content-length"]);
          if (Number.isFinite(declared) && declared > maxBytes) {
            fail(new FetchError("too-large", `the body is ${declared} bytes, over the limit of ${maxBytes}`, u.href));
            return;
          }
          let stream: Readable = res;
          const enc = String(res.headers["content-encoding"] ?? "").toLowerCase().trim();
          if (enc === "gzip" || enc === "x-gzip") stream = res.pipe(zlib.createGunzip());
          else if (enc === "deflate") stream = res.pipe(zlib.createInflate());
          else if (enc === "br") stream = res.pipe(zlib.createBrotliDecompress());
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on("data", (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              fail(new FetchError("too-large", `the body is over the limit of ${maxBytes} bytes`, u.href));
              return;
            }
            chunks.push(c);
          });
          stream.on("error", (e) => fail(new FetchError("network", `reading ${u.href}: ${e.message}`, u.href, true)));
          res.on("aborted", () => fail(new FetchError("network", `connection closed while reading ${u.href}`, u.href, true)));
          stream.on("end", () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            const ct = res.headers["content-type"] ?? null;
            resolve({ result: { url: u.href, status, contentType: ct, headers: res.headers, body: Buffer.concat(chunks) } });
          });
        },
      );
      const timer = setTimeout(() => fail(new FetchError("timeout", `no complete answer from ${u.host} within ${this.policy.timeoutMs} ms`, u.href, true)), this.policy.timeoutMs);
      req.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code === "EPRIVATE") return fail(new FetchError("private-address", e.message, u.href));
        if (e.code === "ENOTFOUND") return fail(new FetchError("dns", `${u.hostname} does not resolve`, u.href));
        fail(new FetchError("network", `${u.href}: ${e.code ?? ""} ${e.message}`.trim(), u.href, true));
      });
      req.end();
    });
  }
}

function retryAfterMs(h: string | string[] | undefined): number | undefined {
  if (typeof h !== "string") return undefined;
  const s = Number(h);
  if (Number.isFinite(s)) return s * 1000;
  const t = Date.parse(h);
  return Number.isFinite(t) ? Math.max(0, t - Date.now()) : undefined;
}
