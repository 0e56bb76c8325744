/**
 * @module store/sqlite/connection
 * The SQLite executor over better-sqlite3: one connection, WAL journal (readers never block the
 * writer; a committed transaction survives a kill -9 of the process), foreign keys on, prepared
 * statements cached by SQL text.
 *
 * better-sqlite3 is synchronous, but the Store is async (for PostgreSQL): between two awaits of one
 * transaction another call could run on the same connection. A promise mutex serializes top-level
 * calls and whole transactions, so a transaction sees only its own statements.
 *
 * Checkpoints (copying the WAL into the database file, with its two syncs) run in a background
 * worker once commits keep coming (see Checkpointer), so no save waits for them.
 */
import Database from "better-sqlite3";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Sql, SqlDatabase } from "../sql.ts";

type Params = readonly unknown[] | undefined;

const EMPTY: unknown[] = [];

function bind(params: Params): readonly unknown[] {
  if (!params) return EMPTY;
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (p === undefined || typeof p === "boolean") return params.map((p) => (p === undefined ? null : typeof p === "boolean" ? (p ? 1 : 0) : p));
  }
  return params;
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

/**
 * The background checkpointer (a worker thread with its own connection), plain JavaScript so that
 * it runs without the TypeScript loader. A checkpoint copies committed pages from the WAL into the
 * database file and syncs both files: done by the writer (SQLite's automatic checkpoint), the syncs
 * stall the save that crosses the threshold for tens of milliseconds. Here the writer only signals
 * its commits; the worker runs PASSIVE checkpoints (they never block the writer or readers, and
 * sync exactly as the automatic ones do) and reports the WAL's length. Commits are durable in the
 * WAL either way: checkpointing never changes what a crash keeps.
 *
 * Shared Int32Array: [0] commits signalled, [1] stop, [2] frames in the WAL at the last checkpoint,
 * [3] 1 while a checkpoint runs.
 */
const CHECKPOINTER_SOURCE = `
const { workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const s = new Int32Array(workerData.shared);
const db = new Database(workerData.path);
try {
  db.pragma("busy_timeout = 5000");
  db.pragma("synchronous = NORMAL");
  db.pragma("wal_autocheckpoint = 0");
  let done = Atomics.load(s, 0);
  for (;;) {
    Atomics.wait(s, 0, done);
    if (Atomics.load(s, 1)) break;
    done = Atomics.load(s, 0);
    Atomics.store(s, 3, 1);
    try {
      const r = db.pragma("wal_checkpoint(PASSIVE)")[0];
      if (r && r.log >= 0) Atomics.store(s, 2, r.log);
    } catch {
      // Retried at the next signal.
    } finally {
      Atomics.store(s, 3, 0);
    }
  }
} finally {
  db.close();
}
`;

const BUSY_TIMEOUT_MS = 5000;
/** The writer's automatic checkpoint threshold (pages) while no checkpointer runs. */
const AUTOCHECKPOINT_PAGES = 10_000;
/** Commits before the checkpointer is started (short runs never start a thread). */
const CHECKPOINTER_AFTER_COMMITS = 32;
/** The checkpointer is signalled every this many commits. */
const COMMITS_PER_CHECKPOINT = 16;
/**
 * WAL length (frames) at which the writer restarts the log itself: a PASSIVE checkpoint running
 * beside a busy writer rarely finds the log fully copied with no commit since, and only then can
 * the next writer start the log over. The worker has copied nearly everything by then, so the
 * writer's RESTART checkpoint costs little more than its two syncs.
 */
const RESTART_FRAMES = 40_000;

class Checkpointer {
  private readonly shared = new Int32Array(new SharedArrayBuffer(16));
  private readonly worker: Worker;
  private readonly exited: Promise<void>;
  private commits = 0;
  /** WAL length (frames) at which the writer next tries to restart the log. */
  private restartAt = RESTART_FRAMES;
  alive = true;

  constructor(path: string, onExit: () => void) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(CHECKPOINTER_SOURCE, { eval: true, workerData: { driver, path, shared: this.shared.buffer } });
    // Never keeps the process alive; close() stops it.
    this.worker.unref();
    this.exited = new Promise((resolve) => {
      this.worker.once("exit", () => {
        this.alive = false;
        onExit();
        resolve();
      });
      this.worker.once("error", () => {
        // An exit follows; the writer checkpoints by itself again.
      });
    });
  }

  /** After each commit: signal the worker now and then; true when the writer should restart the log. */
  committed(): boolean {
    if (++this.commits % COMMITS_PER_CHECKPOINT === 0) {
      Atomics.add(this.shared, 0, 1);
      Atomics.notify(this.shared, 0);
    }
    return Atomics.load(this.shared, 2) >= this.restartAt && Atomics.load(this.shared, 3) === 0;
  }

  /** The writer's RESTART checkpoint: done (the next commit starts the log over), or busy (another reader or checkpointer). */
  restarted(done: boolean): void {
    if (done) {
      Atomics.store(this.shared, 2, 0);
      this.restartAt = RESTART_FRAMES;
    } else {
      // Not again at every commit while a reader holds the log: a quarter of the threshold later.
      this.restartAt = Atomics.load(this.shared, 2) + RESTART_FRAMES / 4;
    }
  }

  async stop(): Promise<void> {
    // Held by the event loop until it has exited (unref'd, awaiting its exit would end the process).
    this.worker.ref();
    Atomics.store(this.shared, 1, 1);
    Atomics.add(this.shared, 0, 1);
    Atomics.notify(this.shared, 0);
    await this.exited;
  }
}

export class SqliteDatabase implements SqlDatabase {
  readonly dialect = "sqlite" as const;
  readonly raw: Database.Database;
  private readonly cache = new Map<string, Database.Statement>();
  private readonly mutex = new Mutex();
  /** The executor handed to transactions: same statements, no locking. */
  private readonly inner: Sql;
  /** File databases only: where the background checkpointer connects. */
  private readonly file: string | null;
  private checkpointer: Checkpointer | null = null;
  private noCheckpointer = false;
  private commits = 0;

  constructor(path: string) {
    this.raw = new Database(path);
    this.file = path === ":memory:" || path === "" || this.raw.memory ? null : this.raw.name;
    this.raw.pragma("journal_mode = WAL");
    // NORMAL in WAL mode: a commit is durable against a process crash; only an OS crash or power
    // loss may lose the last transactions (never corrupts the file).
    this.raw.pragma("synchronous = NORMAL");
    this.raw.pragma("foreign_keys = ON");
    this.raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    // A 16 MB page cache. Larger costs every write transaction: SQLite's B-tree balancing parks a
    // page at the lock-byte page number, and the commit then scans the whole page-cache hash
    // (~0.1 ms a save at 64 MB). Listing at 100,000 events is as fast with 16 MB as with 64 MB: the
    // OS keeps the file's pages.
    this.raw.pragma("cache_size = -16384");
    this.raw.pragma("temp_store = MEMORY");
    // Until the background checkpointer runs (see Checkpointer): checkpoint every ~40 MB of WAL
    // instead of 4 MB: index pages written by many consecutive saves are copied to the database
    // once per checkpoint, and the checkpoint's syncs are rarer. Durability is unchanged (a commit
    // is in the WAL either way).
    this.raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    const self = this;
    this.inner = {
      dialect: "sqlite",
      all: async <T>(text: string, params?: Params) => self.stmt(text).all(...bind(params)) as T[],
      get: async <T>(text: string, params?: Params) => self.stmt(text).get(...bind(params)) as T | undefined,
      run: async (text: string, params?: Params) => self.stmt(text).run(...bind(params)),
      runEach: async (text: string, rows: readonly (readonly unknown[])[]) => {
        const s = self.stmt(text);
        for (const row of rows) s.run(...bind(row));
      },
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
  run(text: string, params?: Params): Promise<{ changes: number; lastInsertRowid?: number | bigint }> {
    return this.locked(() => this.inner.run(text, params));
  }
  runEach(text: string, rows: readonly (readonly unknown[])[]): Promise<void> {
    return this.locked(() => this.inner.runEach(text, rows));
  }
  exec(text: string): Promise<void> {
    return this.locked(() => this.inner.exec(text));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return this.locked(async () => {
      this.raw.exec("BEGIN IMMEDIATE");
      let out: T;
      try {
        out = await fn(this.inner);
        this.raw.exec("COMMIT");
      } catch (err) {
        if (this.raw.inTransaction) this.raw.exec("ROLLBACK");
        throw err;
      }
      this.afterCommit();
      return out;
    });
  }

  /** Hands checkpoints to the background checkpointer once commits keep coming. */
  private afterCommit(): void {
    if (this.file === null) return;
    const c = this.checkpointer;
    if (c?.alive) {
      if (c.committed()) {
        // Without waiting: a reader (another process) or the worker's checkpoint makes it busy,
        // and it is tried again later.
        // Never fails the save: its transaction is committed already.
        this.raw.pragma("busy_timeout = 0");
        try {
          const r = (this.raw.pragma("wal_checkpoint(RESTART)") as { busy: number }[])[0];
          c.restarted(r?.busy === 0);
        } catch {
          c.restarted(false);
        } finally {
          this.raw.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
        }
      }
      return;
    }
    if (c === null && !this.noCheckpointer && ++this.commits >= CHECKPOINTER_AFTER_COMMITS) {
      try {
        this.checkpointer = new Checkpointer(this.file, () => {
          // The worker is gone (stopped or failed): the writer checkpoints by itself again.
          if (this.raw.open) this.raw.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        });
        this.raw.pragma("wal_autocheckpoint = 0");
      } catch {
        this.noCheckpointer = true;
      }
    }
  }

  async close(): Promise<void> {
    await this.locked(async () => {
      await this.checkpointer?.stop();
      this.cache.clear();
      this.raw.close();
    });
  }
}
