/**
 * @module store/sqlite/store
 * The embedded default store: one SQLite file (./rasd.db unless configured), migrated on open.
 */
import { StoreService } from "../service.ts";
import type { Store } from "../types.ts";
import { SqliteDatabase } from "./connection.ts";
import { migrations } from "./migrations.ts";

/** Opens (creating when absent) the SQLite store at `path` (":memory:" for a throw-away store). */
export async function openSqliteStore(path: string): Promise<Store> {
  const db = new SqliteDatabase(path);
  const store = new StoreService({ kind: "sqlite", db, migrations });
  try {
    await store.migrate();
  } catch (err) {
    await db.close();
    throw err;
  }
  return store;
}
