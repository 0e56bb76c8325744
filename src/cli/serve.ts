/**
 * @module cli/serve
 * `rasd serve`: the HTTP API over the configured store, until stopped.
 */
import type { Command } from "commander";
import { Option } from "commander";
import { addNetOptions, fetchPolicy, type NetOptions } from "./ingest.ts";

interface ServeOptions extends NetOptions {
  db?: string;
  host?: string;
  port?: number;
}

/** Example queries printed at start-up, so a first user knows where to look. */
export function examples(base: string): string[] {
  const rows: [string, string][] = [
    [`${base}/`, "the web application: map, timeline, evidence, review"],
    [`${base}/docs`, `interactive API docs (OpenAPI document: ${base}/openapi.json)`],
    [`${base}/events?limit=10`, "latest events"],
    [`${base}/events?eventType=Battles&admin1=Dar'a`, "events filtered by type and governorate"],
    [`${base}/search?q=${encodeURIComponent("قتل")}`, "search «قتل» (also finds «قُتل»)"],
    [`${base}/export?format=geojson`, "canonical events for a map (format=csv for a spreadsheet)"],
    [`${base}/clusters?minSize=2`, "the same event reported by several sources"],
  ];
  const width = Math.max(...rows.map(([u]) => u.length));
  return [
    ...rows.map(([u, what]) => `${u.padEnd(width)}  ${what}`),
    `curl -X POST ${base}/ingest -H 'content-type: application/json' -d '{"url":"https://..."}'   ingest a page or feed (or {"text":"..."})`,
  ];
}

/** Starts the server; resolves with its base URL and a close function. */
export async function startServer(opts: ServeOptions): Promise<{ base: string; close: () => Promise<void> }> {
  const [{ loadConfig }, { openStore }, { buildApp }] = await Promise.all([import("../config.ts"), import("../store/index.ts"), import("../api/app.ts")]);
  const config = loadConfig(process.env, { ...(opts.db ? { sqlitePath: opts.db } : {}), ...(opts.host ? { host: opts.host } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}) });
  const store = await openStore(config.store);
  const app = await buildApp({ store, fetchPolicy: fetchPolicy(opts), logger: config.logLevel === "silent" ? false : { level: config.logLevel === "info" ? "warn" : config.logLevel } });
  await app.listen({ host: config.server.host, port: config.server.port });
  const addr = app.server.address();
  const port = typeof addr === "object" && addr ? addr.port : config.server.port;
  const host = config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
  const base = `http://${host === "0.0.0.0" ? "127.0.0.1" : host}:${port}`;
  return {
    base,
    close: async () => {
      await app.close();
      await store.close();
    },
  };
}

export function registerServe(program: Command): void {
  const serve = program
    .command("serve")
    .description("serve the HTTP API (events, documents, clusters, search, export, ingest) with OpenAPI docs at /docs")
    .option("--db <path>", "SQLite file (default ./rasd.db or $RASD_DB; DATABASE_URL selects PostgreSQL)")
    .option("--host <address>", "address to listen on (default 127.0.0.1 or $RASD_HOST)")
    .addOption(new Option("--port <n>", "port (default 8080 or $RASD_PORT; 0 picks a free one)").argParser((v) => Number(v)));
  addNetOptions(serve).action(async (opts: ServeOptions) => {
    const server = await startServer(opts);
    process.stderr.write(`rasd serve: listening on ${server.base}\n${examples(server.base).map((l) => "  " + l).join("\n")}\n`);
    const stop = () => {
      server.close().then(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
