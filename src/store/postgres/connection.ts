/**
 * @module store/postgres/connection
 * The PostgreSQL executor over a pg Pool. SQL is written with `?` placeholders (as for SQLite) and
 * rewritten here to $1, $2 ... once per distinct text. A transaction holds one pooled client from
 * BEGIN to COMMIT/ROLLBACK.
 */
import pg from "pg";
import type { Sql, SqlDatabase } from "../sql.ts";

type Params = readonly unknown[] | undefined;

const rewritten = new Map<string, string>();

function toDollar(text: string): string {
  let out = rewritten.get(text);
  if (out === undefined) {
    let n = 0;
    out = text.replace(/\?/g, () => `$${++n}`);
    rewritten.set(text, out);
  }
  return out;
}

function executor(q: { query: pg.Pool["query"] } | pg.PoolClient): Sql {
  const query = async (text: string, params?: Params) => (q as pg.PoolClient).query(toDollar(text), params ? [...params] : []);
  return {
    dialect: "postgres",
    all: async <T>(text: string, params?: Params) => (await query(text, params)).rows as T[],
    get: async <T>(text: string, params?: Params) => (await query(text, params)).rows[0] as T | undefined,
    run: async (text: string, params?: Params) => ({ changes: (await query(text, params)).rowCount ?? 0 }),
    runEach: async (text: string, rows: readonly (readonly unknown[])[]) => {
      for (const row of rows) await query(text, row);
    },
    exec: async (text: string) => {
      await (q as pg.PoolClient).query(text);
    },
  };
}

export class PostgresDatabase implements SqlDatabase {
  readonly dialect = "postgres" as const;
  readonly pool: pg.Pool;
  private readonly direct: Sql;

  constructor(connectionString: string, poolSize = 10, schema?: string) {
    this.pool = new pg.Pool({ connectionString, max: poolSize });
    if (schema) {
      // Every pooled client works in the schema (created on first use).
      this.pool.on("connect", (client) => {
        // Queued before any other query of this client; two clients racing to create it is harmless.
        client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`).catch(() => {});
        client.query(`SET search_path TO ${schema}`).catch(() => {});
      });
    }
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    this.pool.on("error", () => {});
    this.direct = executor(this.pool);
  }

  all<T>(text: string, params?: Params): Promise<T[]> {
    return this.direct.all<T>(text, params);
  }
  get<T>(text: string, params?: Params): Promise<T | undefined> {
    return this.direct.get<T>(text, params);
  }
  run(text: string, params?: Params): Promise<{ changes: number }> {
    return this.direct.run(text, params);
  }
  runEach(text: string, rows: readonly (readonly unknown[])[]): Promise<void> {
    return this.direct.runEach(text, rows);
  }
  exec(text: string): Promise<void> {
    return this.direct.exec(text);
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(executor(client));
      await client.query("COMMIT");
      return out;
    } catch (err) {
      await client.query("ROLLBACK").catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
