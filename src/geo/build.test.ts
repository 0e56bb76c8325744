/**
 * The committed gazetteer is reproducible: rebuilding it from ../shared/data/gazetteer gives the same
 * bytes. Skipped where ../shared is absent.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const shared = join(root, "..", "shared", "data", "gazetteer");

test("npm run build:gazetteer reproduces data/gazetteer/places.tsv byte for byte", { skip: !existsSync(shared) && "../shared is absent" }, () => {
  const out = mkdtempSync(join(tmpdir(), "rasd-gaz-"));
  try {
    execFileSync(process.execPath, ["--import", "tsx", join(root, "scripts", "build-gazetteer.ts"), "--src", shared, "--out", out], { cwd: root, stdio: "pipe" });
    const built = readFileSync(join(out, "places.tsv"));
    const committed = readFileSync(join(root, "data", "gazetteer", "places.tsv"));
    assert.equal(built.length, committed.length, "size differs");
    assert.ok(built.equals(committed), "bytes differ: run npm run build:gazetteer and commit the result");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
