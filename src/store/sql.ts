/**
 * @module store/sql
 * The small executor both backends provide, so that the repository and the service are written
 * once. SQL text uses `?` placeholders (the PostgreSQL executor rewrites them to $1, $2 ...); SQL
 * that differs between dialects is chosen in the repository by `sql.dialect`.
 */

export interface Sql {
  readonly dialect: "sqlite" | "postgres";
  all<T>(text: string, params?: readonly unknown[]): Promise<T[]>;
  get<T>(text: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** `lastInsertRowid`: SQLite only, the rowid of the row the statement inserted last. */
  run(text: string, params?: readonly unknown[]): Promise<{ changes: number; lastInsertRowid?: number | bigint }>;
  /** Runs one statement once per parameter row, in order (SQLite: without yielding between rows). */
  runEach(text: string, rows: readonly (readonly unknown[])[]): Promise<void>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

export interface SqlDatabase extends Sql {
  /** Runs fn in one transaction: committed when fn resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A versioned migration: timestamped name, up and down SQL for one dialect. */
export interface Migration {
  /** e.g. "2026_11_22_0100_initial" (sorted by name). */
  name: string;
  up: string;
  down: string;
}
