import { test } from "node:test";
import assert from "node:assert/strict";
import { buildApp } from "../api/app.ts";
import { openSqliteStore } from "../store/sqlite/store.ts";

test("web_serves_the_application_and_its_map_offline", async () => {
  const store = await openSqliteStore(":memory:");
  const app = await buildApp({ store });
  try {
    const page = await app.inject({ method: "GET", url: "/" });
    assert.equal(page.statusCode, 200, "GET / answers");
    assert.match(page.headers["content-type"] as string, /text\/html/);
    assert.match(page.body, /<script type="module" src="\/web\/app.js">/);
    const js = await app.inject({ method: "GET", url: "/web/app.js" });
    assert.equal(js.statusCode, 200, "the script is served");
    // The review form talks to the API's edit and review routes.
    assert.match(js.body, /method: "PATCH"/);
    assert.match(js.body, /\/review`/);
    const map = await app.inject({ method: "GET", url: "/web/map.json" });
    const outlines = map.json() as { features: { name_ar: string; rings: unknown[] }[] };
    assert.equal(outlines.features.length, 14, "Syria's 14 governorates");
    assert.ok(outlines.features.some((f) => f.name_ar === "درعا"), "Daraa governorate is on the map");
  } finally {
    await app.close();
    await store.close();
  }
});
