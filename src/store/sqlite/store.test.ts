import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { storeContract } from "../contract.ts";
import { openSqliteStore } from "./store.ts";
import { SqliteDatabase } from "./connection.ts";
import { migrations } from "./migrations.ts";
import { appliedMigrations, migrateUp, rollback } from "../migrator.ts";
import { seedWithGold } from "../test-fixtures.ts";
import { migrationDataTests } from "../migration-data.ts";

storeContract("sqlite", { newStore: () => openSqliteStore(":memory:") });
migrationDataTests("sqlite", { kind: "sqlite", newDb: async () => new SqliteDatabase(":memory:"), migrations });

test("store sqlite: a file store uses WAL and keeps what was saved across reopening", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rasd-store-"));
  try {
    const path = join(dir, "rasd.db");
    let s = await openSqliteStore(path);
    const { doc, extraction } = seedWithGold("seed-000");
    await s.saveDocument(doc, extraction);
    await s.close();
    const db = new SqliteDatabase(path);
    assert.equal(db.raw.pragma("journal_mode", { simple: true }), "wal");
    await db.close();
    s = await openSqliteStore(path);
    assert.equal((await s.getDocument("seed-000"))?.eventCount, extraction.events.length);
    await s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("store sqlite: a long run of saves is checkpointed in the background; close ends it and keeps everything", async () => {
  const dir = mkdtempSync(join(tmpdir(), "rasd-store-"));
  try {
    const path = join(dir, "rasd.db");
    let s = await openSqliteStore(path);
    const n = 120;
    for (let i = 0; i < n; i++) {
      const { doc, extraction } = seedWithGold(`seed-00${i % 5}`);
      await s.saveDocument({ ...doc, id: `doc-${i}`, text: `${i}\n${doc.text}` }, extraction);
    }
    // The worker copied committed pages into the database file while the saves went on.
    assert.ok(statSync(path).size > 1_000_000, `database file checkpointed (${statSync(path).size} bytes)`);
    await s.close();
    assert.equal(existsSync(`${path}-wal`), false, "the last connection's close removes the WAL");
    s = await openSqliteStore(path);
    assert.equal((await s.stats()).documents.processed, n);
    assert.equal((await s.getDocument(`doc-${n - 1}`))?.status, "processed");
    await s.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("store sqlite: migrations go down and up again", async () => {
  const db = new SqliteDatabase(":memory:");
  assert.deepEqual(await migrateUp(db, migrations), migrations.map((m) => m.name));
  assert.deepEqual(await migrateUp(db, migrations), [], "idempotent");
  assert.deepEqual(await rollback(db, migrations, migrations.length), migrations.map((m) => m.name).reverse());
  assert.deepEqual(await appliedMigrations(db), []);
  const left = await db.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'rasd_migrations'`);
  assert.deepEqual(left, []);
  await migrateUp(db, migrations);
  assert.deepEqual(await appliedMigrations(db), migrations.map((m) => m.name));
  await db.close();
});
