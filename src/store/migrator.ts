/**
 * @module store/migrator
 * Applies versioned migrations in name order, each in its own transaction, recording the applied
 * names in `rasd_migrations`; `rollback` runs the `down` of the latest ones.
 */
import type { Migration, Sql, SqlDatabase } from "./sql.ts";

/** Several processes may open one PostgreSQL database at once: migrations take this lock. */
const PG_MIGRATION_LOCK = 727_001;

async function lock(tx: Sql): Promise<void> {
  if (tx.dialect === "postgres") await tx.get(`SELECT pg_advisory_xact_lock(?)`, [PG_MIGRATION_LOCK]);
}

async function ensureTable(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await lock(tx);
    await tx.exec(`CREATE TABLE IF NOT EXISTS rasd_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`);
  });
}

export async function appliedMigrations(db: SqlDatabase): Promise<string[]> {
  await ensureTable(db);
  const rows = await db.all<{ name: string }>(`SELECT name FROM rasd_migrations ORDER BY name`);
  return rows.map((r) => r.name);
}

/** Applies every migration not applied yet; returns the names applied now. */
export async function migrateUp(db: SqlDatabase, migrations: readonly Migration[]): Promise<string[]> {
  const done = new Set(await appliedMigrations(db));
  const applied: string[] = [];
  for (const m of [...migrations].sort((a, b) => a.name.localeCompare(b.name))) {
    if (done.has(m.name)) continue;
    await db.transaction(async (tx) => {
      await lock(tx);
      // Another process may have applied it while we waited for the lock.
      if (await tx.get(`SELECT name FROM rasd_migrations WHERE name = ?`, [m.name])) return;
      await tx.exec(m.up);
      await tx.run(`INSERT INTO rasd_migrations (name, applied_at) VALUES (?, ?)`, [m.name, new Date().toISOString()]);
    });
    applied.push(m.name);
  }
  return applied;
}

/** Reverts the latest `steps` applied migrations; returns the names reverted. */
export async function rollback(db: SqlDatabase, migrations: readonly Migration[], steps = 1): Promise<string[]> {
  const done = (await appliedMigrations(db)).reverse().slice(0, steps);
  const byName = new Map(migrations.map((m) => [m.name, m]));
  for (const name of done) {
    const m = byName.get(name);
    if (!m) throw new Error(`rasd store: applied migration ${name} is unknown to this version; cannot roll it back`);
    await db.transaction(async (tx) => {
      await lock(tx);
      await tx.exec(m.down);
      await tx.run(`DELETE FROM rasd_migrations WHERE name = ?`, [name]);
    });
  }
  return done;
}
