/**
 * Deduplication on the real output of the extraction pipeline (not hand-built events): the seeds,
 * a shortened re-publication of one of them by another outlet, and the same article from a second
 * URL, saved through the store as `rasd ingest` does.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { processDocument } from "../extract/extract.ts";
import { openSqliteStore } from "../store/sqlite/store.ts";
import { firstParagraphs, seeds } from "../store/test-fixtures.ts";
import type { NewDocument } from "../store/types.ts";

async function save(store: Awaited<ReturnType<typeof openSqliteStore>>, doc: NewDocument & { id: string; published: string }) {
  const d = processDocument({ id: doc.id, text: doc.text, meta: { published: doc.published, source: doc.source ?? undefined }, warnings: [] });
  return store.saveDocument(doc, { events: d.events, entities: d.entities, messages: d.messages });
}

test("dedup on pipeline output: a re-publication joins the original, the seeds stay apart", async () => {
  const store = await openSqliteStore(":memory:");
  try {
    for (const s of seeds().values()) await save(store, { id: s.id, text: s.text, source: s.source, published: s.published });
    const seedClusters = (await store.listClusters({ minSize: 2, limit: 1000 })).items;
    for (const c of seedClusters) {
      assert.equal(new Set(c.members.map((m) => m.documentId)).size, c.members.length, `one document per cluster: ${c.id}`);
    }
    const crossSeed = seedClusters.filter((c) => new Set(c.members.map((m) => m.documentId)).size > 1);
    assert.deepEqual(crossSeed.map((c) => c.members.map((m) => m.eventId)), [], "different articles (different days, places) are not merged");

    // The first paragraphs of seed-000, re-published by another outlet the same day.
    const s0 = seeds().get("seed-000")!;
    const r = await save(store, { id: "repub-000", text: firstParagraphs("seed-000", 5), source: "Horan Free League", url: "https://example.org/a", published: s0.published });
    assert.ok(r.eventIds.length > 0, "the re-publication has events");
    const merged = r.clusters.filter((c) => c.merged);
    assert.ok(merged.length > 0, "at least one event of the re-publication joins the original");
    for (const m of merged) {
      const c = (await store.getCluster(m.clusterId))!;
      assert.deepEqual(c.members.map((x) => x.documentId).sort(), ["repub-000", "seed-000"], `merged only with the original: ${JSON.stringify(c.members.map((x) => x.eventId))}`);
      assert.deepEqual(c.sources, ["SY24", "Horan Free League"]);
      assert.ok(c.members.find((x) => x.documentId === "repub-000")!.reasons.some((x) => x.rule === "date"));
    }
    // The clash of 6 November is one of them.
    const battles: (string | null)[] = [];
    for (const m of merged) {
      const e = (await store.getEvent(m.eventId))!;
      if (e.record.event_type === "Battles") battles.push(e.record.event_date);
    }
    assert.deepEqual(battles, ["2022-11-06"]);

    // The same article from a second URL: stored once, both sightings kept.
    const again = await save(store, { id: "seed-000-mirror", text: s0.text, source: "SY24", url: "https://mirror.example/x", published: s0.published });
    assert.equal(again.created, false);
    assert.equal(again.document.id, "seed-000");
  } finally {
    await store.close();
  }
});
