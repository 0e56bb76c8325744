/**
 * @module cli/start
 * `npm start`: ingest the bundled sample articles (data/samples/seeds.jsonl) into the embedded
 * store (./rasd.db, or $RASD_DB / DATABASE_URL), print what was found, and serve the API, printing
 * where to look. Running it again stores nothing twice (ingestion is idempotent by content hash).
 */
import { fileURLToPath } from "node:url";
import { loadConfig } from "../config.ts";
import { openStore } from "../store/index.ts";
import { Ingestor } from "../ingest/ingest.ts";
import { Progress } from "../ingest/progress.ts";
import { buildApp } from "../api/app.ts";
import { examples } from "./serve.ts";

const SAMPLES = fileURLToPath(new URL("../../data/samples/seeds.jsonl", import.meta.url));

export async function runStart(): Promise<void> {
  const config = loadConfig();
  const store = await openStore(config.store);
  const where = config.store.kind === "sqlite" ? config.store.sqlitePath : "PostgreSQL (DATABASE_URL)";
  process.stderr.write(`rasd start: ingesting the bundled samples into ${where}\n`);
  const progress = new Progress(process.stderr, "rasd start");
  await new Ingestor({ store, progress }).ingest([SAMPLES]);
  progress.done();

  const events = await store.listEvents({}, { limit: 20 });
  const stats = await store.stats();
  console.log(`\n${stats.documents.processed} documents, ${stats.events} events, ${stats.clusters} clusters in the store`);
  for (const s of events.items) {
    const ev = s.record;
    console.log(`  ${ev.event_date ?? "????-??-??"}  ${ev.sub_event_type.padEnd(28)} ${ev.location?.name ?? "-"}  ${ev.actor1?.name ?? "-"} vs ${ev.actor2?.name ?? "-"}  killed ${ev.fatalities ?? "-"}  [${s.source ?? "?"}]`);
  }

  const app = await buildApp({ store, logger: false });
  let port = config.server.port;
  try {
    await app.listen({ host: config.server.host, port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
    // A fresh clone must start even when 8080 is taken: let the system pick a free port.
    await app.listen({ host: config.server.host, port: 0 });
  }
  const addr = app.server.address();
  port = typeof addr === "object" && addr ? addr.port : port;
  const host = config.server.host === "0.0.0.0" ? "127.0.0.1" : config.server.host.includes(":") ? `[${config.server.host}]` : config.server.host;
  const base = `http://${host}:${port}`;
  console.log(`\nrasd API at ${base}  (Ctrl-C stops)\n${examples(base).map((l) => "  " + l).join("\n")}`);
  const stop = () => {
    app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}
