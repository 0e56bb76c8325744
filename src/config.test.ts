import { test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.ts";

test("config: the store is chosen by DATABASE_URL, SQLite at ./rasd.db by default", () => {
  const cases: [Record<string, string>, { kind: string; sqlitePath: string; databaseUrl: string | null }][] = [
    [{}, { kind: "sqlite", sqlitePath: "./rasd.db", databaseUrl: null }],
    [{ RASD_DB: "/var/lib/rasd/events.db" }, { kind: "sqlite", sqlitePath: "/var/lib/rasd/events.db", databaseUrl: null }],
    [{ DATABASE_URL: "  " }, { kind: "sqlite", sqlitePath: "./rasd.db", databaseUrl: null }],
    [{ DATABASE_URL: "postgresql://rasd:pw@127.0.0.1:5432/rasd" }, { kind: "postgres", sqlitePath: "./rasd.db", databaseUrl: "postgresql://rasd:pw@127.0.0.1:5432/rasd" }],
  ];
  for (const [env, want] of cases) assert.deepEqual({ ...loadConfig(env).store }, want, JSON.stringify(env));
  // --db on the command line asks for SQLite even with DATABASE_URL set.
  assert.equal(loadConfig({ DATABASE_URL: "postgresql://x@127.0.0.1/rasd" }, { sqlitePath: "/tmp/a.db" }).store.kind, "sqlite");
  assert.equal(loadConfig({}, { sqlitePath: "/tmp/a.db", databaseUrl: "postgresql://x@127.0.0.1/rasd" }).store.kind, "postgres");
});

test("config: frozen, overrides win, bad values are refused naming the variable", () => {
  const c = loadConfig({ RASD_PORT: "9000" }, { sqlitePath: ":memory:" });
  assert.equal(c.server.port, 9000);
  assert.equal(c.store.sqlitePath, ":memory:");
  assert.ok(Object.isFrozen(c) && Object.isFrozen(c.store) && Object.isFrozen(c.server));
  assert.throws(() => ((c.store as { kind: string }).kind = "postgres"), TypeError);
  const bad: [Record<string, string>, RegExp][] = [
    [{ DATABASE_URL: "mysql://x@y/z" }, /DATABASE_URL must start with postgres/],
    [{ DATABASE_URL: "mysql://u:secret@y/z" }, /u:\*\*\*@y/],
    [{ RASD_PORT: "80a" }, /RASD_PORT/],
    [{ RASD_LOG_LEVEL: "loud" }, /RASD_LOG_LEVEL/],
  ];
  for (const [env, msg] of bad) assert.throws(() => loadConfig(env), (e: unknown) => e instanceof ConfigError && msg.test(e.message));
});
