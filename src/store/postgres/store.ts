/**
 * @module store/postgres/store
 * The team store: PostgreSQL, selected by DATABASE_URL, migrated on open.
 */
import { StoreService } from "../service.ts";
import type { Store } from "../types.ts";
import { PostgresDatabase } from "./connection.ts";
import { migrations } from "./migrations.ts";

export interface PostgresStoreOptions {
  /** Schema to use (created when absent); default: the connection's search_path (public). */
  schema?: string;
  poolSize?: number;
}

/** Opens the PostgreSQL store at `databaseUrl` (postgres://user:pass@host:port/db). */
export async function openPostgresStore(databaseUrl: string, options: PostgresStoreOptions = {}): Promise<Store> {
  if (options.schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(options.schema)) {
    throw new Error(`rasd store: schema must be a lower-case SQL identifier, found "${options.schema}"`);
  }
  const db = new PostgresDatabase(databaseUrl, options.poolSize, options.schema);
  const store = new StoreService({ kind: "postgres", db, migrations });
  try {
    await store.migrate();
  } catch (err) {
    await db.close();
    throw err;
  }
  return store;
}
