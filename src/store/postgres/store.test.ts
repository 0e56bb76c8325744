/**
 * The store contract suite against PostgreSQL: runs when RASD_TEST_PG_URL (or DATABASE_URL) names a
 * server (.ci/postgres.sh starts one in CI), and reports every test as skipped otherwise. Each test
 * works in its own schema, dropped afterwards.
 */
import pg from "pg";
import { storeContract } from "../contract.ts";
import { openPostgresStore } from "./store.ts";
import { PostgresDatabase } from "./connection.ts";
import { migrations } from "./migrations.ts";
import { migrationDataTests } from "../migration-data.ts";
import type { SqlDatabase } from "../sql.ts";
import type { Store } from "../types.ts";

const url = process.env.RASD_TEST_PG_URL || process.env.DATABASE_URL || "";
const skip = url ? false : "no PostgreSQL: set RASD_TEST_PG_URL (CI starts one with .ci/postgres.sh)";
let n = 0;

async function dropSchema(schema: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}

/** An empty database (a schema of its own, no migrations applied), dropped by close. */
async function newDb(): Promise<SqlDatabase> {
  const schema = `rasd_t_${process.pid}_${Date.now().toString(36)}_${n++}`;
  const db = new PostgresDatabase(url, 2, schema);
  const close = db.close.bind(db);
  db.close = async () => {
    await close();
    await dropSchema(schema);
  };
  return db;
}

async function newStore(): Promise<Store> {
  const schema = `rasd_t_${process.pid}_${Date.now().toString(36)}_${n++}`;
  const store = await openPostgresStore(url, { schema, poolSize: 4 });
  const close = store.close.bind(store);
  store.close = async () => {
    await close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  };
  return store;
}

storeContract("postgres", { newStore, skip });
migrationDataTests("postgres", { kind: "postgres", newDb, migrations, skip });
