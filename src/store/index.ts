/**
 * @module store
 * Opens the store the configuration selects: PostgreSQL when a DATABASE_URL is configured, else
 * the embedded SQLite file (./rasd.db by default). Migrations run on open.
 *
 * @example
 *   const config = loadConfig();             // at the edge (CLI)
 *   const store = await openStore(config.store);
 *   await store.saveDocument({ id, text, source, url, published }, { events, entities });
 *   await store.close();
 */
import type { StoreConfig } from "../config.ts";
import type { Store } from "./types.ts";

export * from "./types.ts";
export { contentHash } from "./hash.ts";

export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === "postgres") {
    if (!config.databaseUrl) throw new Error("rasd store: kind postgres needs a databaseUrl");
    const { openPostgresStore } = await import("./postgres/store.ts");
    return openPostgresStore(config.databaseUrl);
  }
  const { openSqliteStore } = await import("./sqlite/store.ts");
  return openSqliteStore(config.sqlitePath);
}
