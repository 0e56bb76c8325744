/**
 * @module store/contract
 * TEST ONLY: the one contract suite every Store backend must pass (called by
 * store/sqlite/store.test.ts and store/postgres/store.test.ts with their `newStore`). Real seed
 * articles from ../shared, events built from their gold (store/test-fixtures.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Store } from "./types.ts";
import { StoreError } from "./types.ts";
import { contentHash } from "./hash.ts";
import { firstParagraphs, seedWithGold } from "./test-fixtures.ts";

export interface ContractOptions {
  /** A fresh, empty, migrated store for each test. */
  newStore: () => Promise<Store>;
  /** When set, every test is skipped with this reason (shown as "skipped" by the runner). */
  skip?: string | false;
}

const SEED_IDS = ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"];

async function withStore(newStore: () => Promise<Store>, fn: (s: Store) => Promise<void>): Promise<void> {
  const s = await newStore();
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

async function saveAllSeeds(s: Store): Promise<void> {
  for (const id of SEED_IDS) {
    const { doc, extraction } = seedWithGold(id);
    await s.saveDocument(doc, extraction);
  }
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

export function storeContract(name: string, options: ContractOptions): void {
  const t = (title: string, fn: (s: Store) => Promise<void>) =>
    test(`store ${name}: ${title}`, { skip: options.skip || false }, () => withStore(options.newStore, fn));

  t("saveDocument stores the document, its entities and events in one call", async (s) => {
    const { doc, extraction } = seedWithGold("seed-000", { url: "https://www.sy-24.com/a/1", title: "درعا البلد" });
    const r = await s.saveDocument(doc, extraction);
    assert.equal(r.created, true);
    assert.equal(r.document.id, "seed-000");
    assert.equal(r.document.status, "processed");
    assert.equal(r.document.eventCount, extraction.events.length);
    assert.equal(r.document.contentHash, contentHash(doc.text));
    assert.deepEqual(r.eventIds, extraction.events.map((e) => `seed-000:${e.id}`));
    assert.equal(r.clusters.length, extraction.events.length);
    const d = await s.getDocument("seed-000", { withEntities: true, withRaw: true });
    assert.ok(d);
    assert.equal(d.text, doc.text, "the text is stored verbatim");
    assert.equal(d.published, "2022-11-07");
    assert.equal(d.entities?.length, extraction.entities.length);
    assert.equal(d.entities?.find((e) => e.type === "ORG")?.actorId, "isis");
    assert.deepEqual(d.sightings?.map((x) => x.url), ["https://www.sy-24.com/a/1"]);
    const e1 = await s.getEvent("seed-000:e1");
    assert.ok(e1);
    assert.deepEqual(e1.record, extraction.events[0], "the event record JSON round-trips");
    assert.equal(d.text.slice(e1.record.evidence[0]!.start, e1.record.evidence[0]!.end), "مقتل 4 أشخاص من العناصر، وإصابة 7 آخرين");
  });

  t("saving the same text twice stores it once and records the second sighting", async (s) => {
    const { doc, extraction } = seedWithGold("seed-001", { url: "https://a.example/1" });
    await s.saveDocument(doc, extraction);
    // The same article with diacritics, tatweel and other line breaks, from another URL.
    const variant = doc.text.replace("الإشتباكات", "الإشتبـاكات").replace(/\n/g, "\n\n").replace("اليوم", "اليومَ");
    assert.equal(contentHash(variant), contentHash(doc.text));
    const again = await s.saveDocument({ ...doc, id: "other-id", text: variant, url: "https://b.example/2", source: "Other" }, extraction);
    assert.equal(again.created, false);
    assert.equal(again.document.id, "seed-001");
    assert.deepEqual(again.eventIds, []);
    const st = await s.stats();
    assert.equal(st.documents.processed, 1);
    assert.equal(st.events, extraction.events.length);
    const d = await s.getDocument("seed-001");
    assert.deepEqual(d?.sightings?.map((x) => x.url), ["https://a.example/1", "https://b.example/2"]);
    assert.equal((await s.findDocumentByHash(contentHash(doc.text)))?.id, "seed-001");
  });

  t("a different text under a stored id is refused with E_ID_CONFLICT", async (s) => {
    const a = seedWithGold("seed-001");
    await s.saveDocument(a.doc, a.extraction);
    const b = seedWithGold("seed-002");
    await assert.rejects(s.saveDocument({ ...b.doc, id: "seed-001" }, b.extraction), (e: unknown) => e instanceof StoreError && e.code === "E_ID_CONFLICT");
  });

  t("a pending document is completed later; failures are kept for retry", async (s) => {
    const { doc, extraction } = seedWithGold("seed-002");
    const p = await s.saveDocument(doc, null);
    assert.equal(p.document.status, "pending");
    assert.deepEqual((await s.listRetry()).map((d) => d.id), ["seed-002"]);
    await s.markFailed("seed-002", "geocoder crashed");
    let d = await s.getDocument("seed-002");
    assert.equal(d?.status, "failed");
    assert.equal(d?.error, "geocoder crashed");
    assert.equal(d?.attempts, 1);
    assert.deepEqual((await s.listRetry({ maxAttempts: 1 })).map((x) => x.id), []);
    assert.deepEqual((await s.listRetry({ maxAttempts: 2 })).map((x) => x.id), ["seed-002"]);
    const done = await s.saveDocument(doc, extraction);
    assert.equal(done.created, false);
    assert.equal(done.eventIds.length, extraction.events.length);
    d = await s.getDocument("seed-002");
    assert.equal(d?.status, "processed");
    assert.equal(d?.error, null);
    assert.deepEqual(await s.listRetry(), []);
    await assert.rejects(s.markFailed("no-such-doc", "x"), (e: unknown) => e instanceof StoreError && e.code === "E_NOT_FOUND");
  });

  t("a failing save writes nothing (one transaction per document)", async (s) => {
    const { doc, extraction } = seedWithGold("seed-003");
    const broken = { ...extraction, events: [...extraction.events.slice(0, 3), { ...extraction.events[3]!, event_type: undefined as unknown as string }] };
    await assert.rejects(s.saveDocument(doc, broken), (e: unknown) => e instanceof StoreError && e.code === "E_INVALID");
    assert.equal(await s.findDocumentByHash(contentHash(doc.text)), null);
    const st = await s.stats();
    assert.deepEqual([st.documents.pending, st.documents.processed, st.events, st.clusters], [0, 0, 0, 0]);
    const ok = await s.saveDocument(doc, extraction);
    assert.equal(ok.created, true);
  });

  t("reprocessing replaces the extraction and keeps edits of surviving events", async (s) => {
    const { doc, extraction } = seedWithGold("seed-004");
    await s.saveDocument(doc, extraction);
    await s.recordEdit({ eventId: "seed-004:e1", field: "fatalities", value: 2, editor: "analyst-1" });
    const fewer = { ...extraction, events: extraction.events.slice(0, 2) };
    const r = await s.saveDocument(doc, fewer, { reprocess: true });
    assert.deepEqual(r.eventIds, ["seed-004:e1", "seed-004:e2"]);
    assert.equal((await s.getDocument("seed-004"))?.eventCount, 2);
    assert.equal(await s.getEvent("seed-004:e3"), null);
    assert.equal((await s.getEvent("seed-004:e1"))?.record.fatalities, 2, "the reviewed value survives reprocessing");
  });

  t("listEvents filters by date, governorate, place, actor, type and source", async (s) => {
    await saveAllSeeds(s);
    const ids = async (f: Parameters<Store["listEvents"]>[0]) => (await s.listEvents(f, { limit: 1000 })).items.map((e) => e.id).sort();
    const all = await ids({});
    assert.equal(all.length, 34);
    assert.deepEqual(await ids({ dateFrom: "2022-11-01", dateTo: "2022-11-07", eventType: "Battles" }), ["seed-000:e1", "seed-001:e1", "seed-004:e4"]);
    assert.deepEqual(await ids({ dateFrom: "2022-11-06", eventType: ["Battles", "Violence against civilians"], admin1: "Dar'a" }), ["seed-000:e1", "seed-000:e6", "seed-004:e1", "seed-004:e2"]);
    assert.deepEqual(await ids({ admin1: "As-Sweida" }), ["seed-003:e5", "seed-003:e6"]);
    assert.deepEqual(await ids({ place: "Jasim" }), ["seed-002:e1", "seed-002:e5", "seed-002:e6"]);
    assert.deepEqual(await ids({ actor: "russia" }), ["seed-003:e4"]);
    assert.deepEqual(await ids({ actor: "eighth-brigade", subEventType: "Armed clash" }), ["seed-004:e1", "seed-004:e3", "seed-004:e4"]);
    // seed-000 (8 events) and seed-004 (6) are from SY24.
    assert.equal((await ids({ source: "SY24" })).length, 14);
    assert.deepEqual(await ids({ source: ["18 Adar", "North Press"], eventType: "Battles", admin1: "Dar'a" }), ["seed-001:e1", "seed-002:e1", "seed-002:e2", "seed-002:e4"]);
    assert.deepEqual(await ids({ documentId: "seed-001" }), ["seed-001:e1", "seed-001:e2"]);
    assert.equal((await ids({ includeBackground: false })).length, 15, "the gold's required events");
    assert.equal(await s.countEvents({ admin1: "Dar'a" }), 27, "34 events, 2 in As-Sweida, 5 without a place");
  });

  t("listEvents pages with a cursor, newest event date first, undated last, without gaps or repeats", async (s) => {
    await saveAllSeeds(s);
    const seen: string[] = [];
    const dates: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<Store["listEvents"]>> = await s.listEvents({}, { limit: 7, cursor });
      assert.ok(page.items.length <= 7);
      for (const e of page.items) {
        seen.push(e.id);
        dates.push(e.record.event_date ?? "");
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 5);
    assert.equal(seen.length, 34);
    assert.equal(new Set(seen).size, 34);
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.equal(dates[0], "2023-01-18");
    assert.equal(dates.at(-1), "");
    assert.equal((await collect(s.iterateEvents({}, { batchSize: 5 }))).length, 34);
    await assert.rejects(s.listEvents({}, { cursor: "not-a-cursor" }), (e: unknown) => e instanceof StoreError && e.code === "E_INVALID");
  });

  t("listDocuments pages newest first and filters by status and source", async (s) => {
    await saveAllSeeds(s);
    const p1 = await s.listDocuments({}, { limit: 3 });
    assert.deepEqual(p1.items.map((d) => d.id), ["seed-004", "seed-003", "seed-002"]);
    const p2 = await s.listDocuments({}, { limit: 3, cursor: p1.nextCursor });
    assert.deepEqual(p2.items.map((d) => d.id), ["seed-001", "seed-000"]);
    assert.equal(p2.nextCursor, null);
    assert.equal((await s.listDocuments({ status: "pending" })).items.length, 0);
    assert.deepEqual((await s.listDocuments({ publishedFrom: "2022-11-01", publishedTo: "2022-11-30" })).items.map((d) => d.id), ["seed-001", "seed-000"]);
  });

  t("an analyst's edit wins over the extracted value in reads and filters, with who and when", async (s) => {
    await saveAllSeeds(s);
    const before = await s.getEvent("seed-002:e3");
    assert.equal(before?.record.fatalities, 1);
    const after = await s.recordEdit({ eventId: "seed-002:e3", field: "fatalities", value: 2, editor: "analyst-1", note: "second victim died" });
    assert.equal(after.record.fatalities, 2);
    assert.equal(after.extracted?.fatalities, 1, "the extracted value stays available");
    assert.deepEqual(after.editedFields, ["fatalities"]);
    assert.equal(after.reviewStatus, "reviewed");
    await s.recordEdit({ eventId: "seed-002:e3", field: "event_date", value: "2022-10-19", editor: "analyst-2" });
    const listed = (await s.listEvents({ dateFrom: "2022-10-19", dateTo: "2022-10-19" })).items.map((e) => e.id);
    assert.deepEqual(listed, ["seed-002:e3"], "filters read the reviewed date");
    assert.deepEqual((await s.listEvents({ dateFrom: "2022-10-18", dateTo: "2022-10-18" })).items.map((e) => e.id), []);
    await s.recordEdit({ eventId: "seed-002:e3", field: "actor1", value: { id: "syrian-military-security", name: "Military Security" }, editor: "analyst-2" });
    assert.deepEqual((await s.listEvents({ actor: "syrian-military-security" })).items.map((e) => e.id).sort(), ["seed-002:e2", "seed-002:e3"]);
    const edits = await s.listEdits("seed-002:e3");
    assert.deepEqual(edits.map((e) => [e.field, e.editor]), [
      ["fatalities", "analyst-1"],
      ["review_status", "analyst-1"],
      ["event_date", "analyst-2"],
      ["actor1", "analyst-2"],
    ]);
    assert.equal(edits[0]!.previous, 1);
    assert.equal(edits[0]!.value, 2);
    assert.equal(edits[0]!.note, "second victim died");
    assert.ok(!Number.isNaN(Date.parse(edits[0]!.at)));
    await assert.rejects(s.recordEdit({ eventId: "seed-002:e3", field: "fatalities", value: -1, editor: "x" }), (e: unknown) => e instanceof StoreError && e.code === "E_INVALID");
    await assert.rejects(s.recordEdit({ eventId: "seed-002:e3", field: "evidence" as never, value: [], editor: "x" }), (e: unknown) => e instanceof StoreError && e.code === "E_INVALID");
    await assert.rejects(s.recordEdit({ eventId: "nope:e1", field: "notes", value: "x", editor: "x" }), (e: unknown) => e instanceof StoreError && e.code === "E_NOT_FOUND");
    const rejected = await s.setReviewStatus("seed-002:e4", "rejected", "analyst-1", "not an event");
    assert.equal(rejected.reviewStatus, "rejected");
    assert.ok(!(await s.listEvents({}, { limit: 1000 })).items.some((e) => e.id === "seed-002:e4"), "rejected events are hidden by default");
    assert.ok((await s.listEvents({ includeRejected: true }, { limit: 1000 })).items.some((e) => e.id === "seed-002:e4"));
  });

  t("search is Arabic-normalized: «قُتل» finds «قتل» and «قتل» finds «قُتِلَ»", async (s) => {
    await saveAllSeeds(s);
    const r = await s.search({ q: "قُتل", kind: "documents" });
    assert.deepEqual(r.documents.map((d) => d.document.id), ["seed-004", "seed-003", "seed-002"], "newest first; «مقتل» and «قتلهم» are other words");
    assert.match(r.documents[0]!.snippet, /قتل/);
    // A re-publication written with diacritics and tatweel.
    const diacritized = "قُتِلَ أكثرُ من 25 شخصاً في محافظة درعـا، الأسبوع الماضي، معظمهم من عناصر تنظيم الدولة الإسلامية.";
    await s.saveDocument({ id: "diacritized", text: diacritized, source: "Other", published: "2022-10-21" }, null);
    assert.deepEqual((await s.search({ q: "قتل", kind: "documents" })).documents.map((d) => d.document.id), ["diacritized", "seed-004", "seed-003", "seed-002"]);
    assert.deepEqual((await s.search({ q: "درعا الأسبوع", kind: "documents", documentFilter: { source: "Other" } })).documents.map((d) => d.document.id), ["diacritized"]);
    // Events are found by their evidence text and notes, with filters.
    const ev = await s.search({ q: "الانتحاري", kind: "events" });
    assert.deepEqual(ev.events.map((e) => e.id).sort(), ["seed-000:e2", "seed-000:e3"]);
    assert.deepEqual((await s.listEvents({ q: "قنص", admin1: "Dar'a" })).items.map((e) => e.id), ["seed-000:e6"]);
    assert.deepEqual((await s.search({ q: "لا-يوجد-هذا", kind: "all" })), { documents: [], events: [] });
    assert.deepEqual((await s.search({ q: "  ،،  " })), { documents: [], events: [] });
  });

  t("the same happening from two outlets becomes one cluster with both sources; different days stay apart", async (s) => {
    await saveAllSeeds(s);
    // A shortened re-publication of seed-000 (its first five paragraphs) by another outlet.
    const text = firstParagraphs("seed-000", 5);
    const { extraction } = seedWithGold("seed-000", { text });
    const events = extraction.events.filter((e) => e.evidence.length > 0);
    assert.ok(events.some((e) => e.id === "e1"));
    const r = await s.saveDocument({ id: "repub-000", text, source: "Horan Free League", url: "https://example.org/daraa", published: "2022-11-07" }, { ...extraction, events });
    const e1 = r.clusters.find((c) => c.eventId === "repub-000:e1");
    assert.ok(e1?.merged, "the re-published clash joins the original's cluster");
    const cluster = await s.getCluster(e1.clusterId);
    assert.ok(cluster);
    assert.deepEqual(cluster.members.map((m) => m.eventId).sort(), ["repub-000:e1", "seed-000:e1"]);
    assert.deepEqual(cluster.sources, ["SY24", "Horan Free League"]);
    const merged = cluster.members.find((m) => m.eventId === "repub-000:e1")!;
    assert.equal(merged.matchedEventId, "seed-000:e1");
    assert.deepEqual(merged.reasons.map((x) => x.rule), ["type", "date", "place", "actors", "casualties"]);
    assert.ok(merged.score > 0.5);
    // The days of the Daraa al-Balad operation stay apart.
    const c001 = (await s.getEvent("seed-001:e1"))!.clusterId;
    const c004 = (await s.getEvent("seed-004:e4"))!.clusterId;
    assert.notEqual(c001, cluster.id);
    assert.notEqual(c004, cluster.id);
    assert.notEqual(c001, c004);
    // Exports read one event per cluster.
    const canon = (await s.listEvents({ canonicalOnly: true }, { limit: 1000 })).items;
    assert.equal(canon.filter((e) => e.clusterId === cluster.id).length, 1);
    assert.deepEqual(canon.find((e) => e.clusterId === cluster.id)?.clusterSources, ["SY24", "Horan Free League"]);
    const real = await s.listClusters({ minSize: 2 });
    assert.ok(real.items.some((c) => c.id === cluster.id));
    assert.ok(real.items.every((c) => c.size >= 2));
  });

  t("an analyst splits a cluster; the split events are not merged back", async (s) => {
    const a = seedWithGold("seed-000");
    await s.saveDocument(a.doc, a.extraction);
    const text = firstParagraphs("seed-000", 5);
    const b = seedWithGold("seed-000", { text });
    const events = b.extraction.events.filter((e) => e.evidence.length > 0);
    const r = await s.saveDocument({ id: "repub-000", text, source: "Horan Free League", published: "2022-11-07" }, { ...b.extraction, events });
    const clusterId = r.clusters.find((c) => c.eventId === "repub-000:e1")!.clusterId;
    const [rest, split] = await s.splitCluster({ clusterId, eventIds: ["repub-000:e1"], editor: "analyst-1", note: "different neighbourhood" });
    assert.deepEqual(rest.members.map((m) => m.eventId), ["seed-000:e1"]);
    assert.deepEqual(split.members.map((m) => m.eventId), ["repub-000:e1"]);
    assert.equal(split.members[0]!.reasons[0]!.rule, "split");
    assert.equal((await s.getEvent("repub-000:e1"))?.clusterId, split.id);
    assert.deepEqual((await s.listEdits("repub-000:e1")).map((e) => [e.field, e.editor, e.previous, e.value]), [["cluster", "analyst-1", clusterId, split.id]]);
    // Reprocessing the re-publication keeps its events where the analyst put them.
    await s.saveDocument({ id: "repub-000", text, source: "Horan Free League", published: "2022-11-07" }, { ...b.extraction, events }, { reprocess: true });
    assert.equal((await s.getEvent("repub-000:e1"))?.clusterId, split.id);
    await assert.rejects(s.splitCluster({ clusterId: rest.id, eventIds: ["seed-000:e1"], editor: "x" }), (e: unknown) => e instanceof StoreError && e.code === "E_INVALID");
  });

  t("a reviewed event becomes its cluster's canonical event", async (s) => {
    const a = seedWithGold("seed-000");
    await s.saveDocument(a.doc, a.extraction);
    const text = firstParagraphs("seed-000", 5);
    const b = seedWithGold("seed-000", { text });
    const events = b.extraction.events.filter((e) => e.evidence.length > 0).map((e) => ({ ...e, confidence: 0.3 }));
    const r = await s.saveDocument({ id: "repub-000", text, source: "Horan Free League", published: "2022-11-07" }, { ...b.extraction, events });
    const clusterId = r.clusters.find((c) => c.eventId === "repub-000:e1")!.clusterId;
    assert.equal((await s.getCluster(clusterId))?.canonicalEventId, "seed-000:e1");
    await s.setReviewStatus("repub-000:e1", "reviewed", "analyst-1");
    const c = await s.getCluster(clusterId);
    assert.equal(c?.canonicalEventId, "repub-000:e1");
    assert.equal(c?.canonical.reviewStatus, "reviewed");
    assert.equal((await s.getEvent("seed-000:e1"))?.canonical, false);
  });

  t("the place filter matches Arabic names normalized, p-codes and English names, and follows edits", async (s) => {
    await saveAllSeeds(s);
    const loc = { name: "Daraa al-Balad", name_ar: "درعا البلد", admin1: "Dar'a", admin2: "Dar'a", admin3: "Dar'a", pcode: "SY120000", latitude: 32.6118, longitude: 36.1035, geo_precision: 1 };
    await s.recordEdit({ eventId: "seed-001:e1", field: "location", value: loc, editor: "analyst-1" });
    const ids = async (place: string) => (await s.listEvents({ place })).items.map((e) => e.id);
    assert.deepEqual(await ids("دَرْعا البَلَد"), ["seed-001:e1"], "diacritics ignored");
    assert.deepEqual(await ids("درعا  البلد"), ["seed-001:e1"], "spaces collapsed");
    assert.deepEqual(await ids("SY120000"), ["seed-001:e1"]);
    // English names match case-insensitively, here the gold's other events in Daraa al-Balad too.
    assert.deepEqual(await ids("daraa al-balad"), ["seed-004:e2", "seed-004:e4", "seed-001:e2", "seed-001:e1"]);
    assert.deepEqual((await s.listEvents({ place: "Daraa al-Balad", actor: "isis" })).items.map((e) => e.id), ["seed-004:e4", "seed-001:e2", "seed-001:e1"]);
    assert.deepEqual(await ids("Hay al-Hamadin (Engineers' building), Daraa al-Balad"), [], "the extracted place no longer applies");
  });

  t("concurrent saves of one text store it once", async (s) => {
    const { doc, extraction } = seedWithGold("seed-001");
    const results = await Promise.all([1, 2, 3, 4].map((i) => s.saveDocument({ ...doc, url: `https://example.org/${i}` }, extraction)));
    assert.equal(results.filter((r) => r.created).length, 1);
    const st = await s.stats();
    assert.equal(st.documents.processed, 1);
    assert.equal(st.events, extraction.events.length);
    assert.equal((await s.getDocument("seed-001"))?.sightings?.length, 4);
  });

  t("stats count documents by status, events, clusters and edits", async (s) => {
    await saveAllSeeds(s);
    await s.saveDocument({ text: "نص قيد المعالجة من درعا." }, null);
    await s.recordEdit({ eventId: "seed-000:e1", field: "notes", value: "Clashes in Daraa al-Balad.", editor: "a" });
    const st = await s.stats();
    assert.deepEqual(st.documents, { pending: 1, processed: 5, failed: 0 });
    assert.equal(st.events, 34);
    assert.ok(st.clusters > 0 && st.clusters <= 34);
    assert.equal(st.edits, 2);
    const pending = (await s.listDocuments({ status: "pending" })).items[0]!;
    assert.match(pending.id, /^doc-[0-9a-f]{16}$/);
  });
}
