/**
 * @module store/sqlite/connection
 * The SQLite executor over better-sqlite3: one connection, WAL journal (readers never block the
 * writer; a committed transaction survives a kill -9 of the process), foreign keys on, prepared
 * statements cached by SQL text.
 *
 * better-sqlite3 is synchronous, but the Store is async (for PostgreSQL): between two awaits of one
 * transaction another call could run on the same connection. A promise mutex serializes top-level
 * calls and whole transactions, so a transaction sees only its own statements.
 */
import Database from "better-sqlite3";
import type { Sql, SqlDatabase } from "../sql.ts";

type Params = readonly unknown[] | undefined;

function bind(params: Params): unknown[] {
  if (!params) return [];
  return params.map((p) => (p === undefined ? null : typeof p === "boolean" ? (p ? 1 : 0) : p));
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((r) => (release = r));
    const prev = this.tail;
    this.tail = prev.then(() => next);
    await prev;
    return release;
  }
}

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = "sqlite" as const;
  readonly raw: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();
  private readonly mutex = new Mutex();
  /** The executor handed to transactions: same statements, no locking. */
  private readonly inner: Sql;

  constructor(path: string) {
    this.raw = new Database(path);
    this.raw.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a commit is durable against a process crash; only an OS crash or power
    // loss may lose the last transactions (never corrupts the file).
    this.raw.pragma("synchronous = NORMAL");
    this.raw.pragma("foreign_keys = ON");
    this.raw.pragma("busy_timeout = 5000");
    // A 64 MB page cache: the indexes that listing and deduplication read stay in memory.
    this.raw.pragma("cache_size = -65536");
    this.raw.pragma("temp_store = MEMORY");
    // Checkpoint every ~40 MB of WAL instead of 4 MB: index pages written by many consecutive
    // saves are copied to the database once per checkpoint, and the checkpoint's syncs are rarer.
    // Durability is unchanged (a commit is in the WAL either way).
    this.raw.pragma("wal_autocheckpoint = 10000");
    const self = this;
    this.inner = {
      dialect: "sqlite",
      all: async <T>(text: string, params?: Params) => self.stmt(text).all(...bind(params)) as T[],
      get: async <T>(text: string, params?: Params) => self.stmt(text).get(...bind(params)) as T | undefined,
      run: async (text: string, params?: Params) => ({ changes: self.stmt(text).run(...bind(params)).changes }),
      exec: async (text: string) => {
        self.raw.exec(text);
      },
    };
  }

  private stmt(text: string): Database.Statement {
    let s = this.cache.get(text);
    if (!s) {
      s = this.raw.prepare(text);
      this.cache.set(text, s);
    }
    return s;
  }

  private async locked<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.mutex.lock();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  all<T>(text: string, params?: Params): Promise<T[]> {
    return this.locked(() => this.inner.all<T>(text, params));
  }
  get<T>(text: string, params?: Params): Promise<T | undefined> {
    return this.locked(() => this.inner.get<T>(text, params));
  }
  run(text: string, params?: Params): Promise<{ changes: number }> {
    return this.locked(() => this.inner.run(text, params));
  }
  exec(text: string): Promise<void> {
    return this.locked(() => this.inner.exec(text));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      this.raw.exec("BEGIN IMMEDIATE");
      try {
        const out = await fn(this.inner);
        this.raw.exec("COMMIT");
        return out;
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw err;
      }
    });
  }

  async close(): Promise<void> {
    await this.locked(async () => {
      this.cache.clear();
      this.raw.close();
    });
  }
}
