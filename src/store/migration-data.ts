/**
 * @module store/migration-data
 * TEST ONLY: migrations keep the data of existing databases. A database is migrated up to the
 * schema before a migration, filled with rows as the store of that time wrote them (raw SQL, the
 * same for both dialects), migrated to the current schema, and read back through the Store.
 * Called by store/sqlite/store.test.ts and store/postgres/store.test.ts.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { contentHash } from "./hash.ts";
import { migrateUp, rollback } from "./migrator.ts";
import { placeKey } from "./repository.ts";
import { StoreService } from "./service.ts";
import type { Migration, SqlDatabase } from "./sql.ts";

export interface MigrationDataOptions {
  kind: "sqlite" | "postgres";
  /** A fresh, empty database (no migrations applied); `close` also removes it. */
  newDb: () => Promise<SqlDatabase>;
  migrations: readonly Migration[];
  skip?: string | false;
}

const AT = "2026-12-01T10:00:00.000Z";
const LATER = "2026-12-02T10:00:00.000Z";

function record(id: string, actor1: string, actor2: string | null, place: { name: string; name_ar: string; admin2: string }, date: string): Record<string, unknown> {
  return {
    id,
    event_type: "Battles",
    sub_event_type: "Armed clash",
    event_date: date,
    time_precision: 1,
    actor1: { id: actor1, name: actor1 },
    actor2: actor2 ? { id: actor2, name: actor2 } : null,
    assoc_actors: [],
    location: { ...place, admin1: "Dar'a", admin3: null, pcode: null, latitude: 32.62, longitude: 36.1, geo_precision: 1 },
    fatalities: 2,
    injured: null,
    captured: null,
    evidence: [],
    notes: "",
    confidence: 0.8,
    decisions: [],
  };
}

const DARAA = { name: "Dar'a", name_ar: "درعا", admin2: "Dar'a" };
const BUSRA = { name: "Busra", name_ar: "بصرى", admin2: "Dar'a" };

/** Rows of two documents as the store wrote them before migration 0600 (schema of 0500). */
async function writeLegacyRows(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    const doc = (seq: number, id: string) =>
      tx.run(
        `INSERT INTO documents (seq, id, content_hash, text, source, url, title, published, status, event_count, messages_json, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'SY24', ?, NULL, '2026-11-30', 'processed', ?, NULL, ?, ?)`,
        [seq, id, contentHash(`text of ${id}`), `text of ${id}`, `https://x.example/${id}`, seq === 1 ? 2 : 1, AT, AT],
      );
    await doc(1, "doc-a");
    await doc(2, "doc-b");
    for (const [seq, url] of [[1, "https://x.example/doc-a"], [2, "https://x.example/doc-b"]] as const) {
      await tx.run(`INSERT INTO document_sightings (document_seq, source, url, seen_at) VALUES (?, 'SY24', ?, ?)`, [seq, url, AT]);
    }
    const entity = (docSeq: number, localId: string, type: string, name: string, actorId: string | null, data: Record<string, unknown>) =>
      tx.run(`INSERT INTO entities (document_seq, local_id, type, name, norm_name, actor_id, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)`, [
        docSeq,
        localId,
        type,
        name,
        name,
        actorId,
        JSON.stringify(data),
      ]);
    // Written in extraction order (O1, L1, then an entity without id: E3 by position); read back by local id.
    await entity(1, "O1", "ORG", "تنظيم الدولة", "isis", { id: "O1", type: "ORG", name: "تنظيم الدولة", actorId: "isis", mentions: [{ start: 0, end: 4 }] });
    await entity(1, "L1", "LOC", "درعا", null, { id: "L1", type: "LOC", name: "درعا", place: { id: "daraa", latitude: 32.62 } });
    await entity(1, "E3", "PERSON", "أحمد", null, { type: "PERSON", name: "أحمد" });
    await entity(2, "O1", "ORG", "الجيش", "syrian-government", { id: "O1", type: "ORG", name: "الجيش", actor_id: "syrian-government" });

    // doc-a:e1 founded cluster 1, doc-b:e1 joined it; doc-a:e2 is alone in cluster 2.
    await tx.run(`INSERT INTO clusters (seq, canonical_event_seq, size, sources_json, created_at, updated_at) VALUES (1, 1, 2, '["SY24"]', ?, ?)`, [AT, LATER]);
    await tx.run(`INSERT INTO clusters (seq, canonical_event_seq, size, sources_json, created_at, updated_at) VALUES (2, 2, 1, '["SY24"]', ?, ?)`, [AT, AT]);
    const events: [number, string, number, string, Record<string, unknown>, number, number][] = [
      [1, "doc-a:e1", 1, "e1", record("e1", "isis", "syrian-government", DARAA, "2026-11-29"), 1, 1],
      [2, "doc-a:e2", 1, "e2", record("e2", "hts", null, BUSRA, "2026-11-28"), 2, 1],
      [3, "doc-b:e1", 2, "e1", record("e1", "isis", "syrian-government", DARAA, "2026-11-29"), 1, 0],
    ];
    for (const [seq, id, docSeq, localId, r, cluster, canonical] of events) {
      const loc = r.location as { name: string; name_ar: string; admin2: string };
      await tx.run(
        `INSERT INTO events (seq, id, document_seq, local_id, event_type, sub_event_type, event_date, date_key, time_precision, admin1, admin2, admin3,
           place_name, place_norm, pcode, latitude, longitude, geo_precision, actor1_id, actor2_id, fatalities, background, source, confidence,
           review_status, cluster_seq, is_canonical, created_at, updated_at, actor_ids, place_label, overrides_json, record_json)
         VALUES (?, ?, ?, ?, 'Battles', 'Armed clash', ?, ?, 1, 'Dar''a', ?, NULL, ?, ?, NULL, 32.62, 36.1, 1, ?, ?, 2, 0, 'SY24', 0.8,
           'unreviewed', ?, ?, ?, ?, ?, ?, NULL, ?)`,
        [
          seq, id, docSeq, localId, r.event_date, r.event_date, loc.admin2, loc.name, loc.name_ar,
          (r.actor1 as { id: string }).id, (r.actor2 as { id: string } | null)?.id ?? null,
          cluster, canonical, AT, AT,
          [(r.actor1 as { id: string }).id, (r.actor2 as { id: string } | null)?.id].filter(Boolean).join("\u001f"), loc.name,
          JSON.stringify(r),
        ],
      );
      const actors = [(r.actor1 as { id: string }).id, (r.actor2 as { id: string } | null)?.id].filter((a): a is string => !!a);
      for (const a of actors) await tx.run(`INSERT INTO event_actor_keys (actor_id, event_seq, date_key) VALUES (?, ?, ?)`, [a, seq, r.event_date]);
      // Keys as placeKey() wrote them: normalized, lower case.
      for (const p of new Set([loc.name, loc.name_ar, loc.admin2].map(placeKey))) {
        await tx.run(`INSERT INTO event_place_keys (place_key, event_seq, date_key) VALUES (?, ?, ?)`, [p, seq, r.event_date]);
      }
    }
    const member = (eventSeq: number, cluster: number, matched: number | null, reasons: unknown[], score: number, at: string) =>
      tx.run(`INSERT INTO cluster_members (event_seq, cluster_seq, matched_event_seq, reasons_json, score, added_at) VALUES (?, ?, ?, ?, ?, ?)`, [
        eventSeq,
        cluster,
        matched,
        JSON.stringify(reasons),
        score,
        at,
      ]);
    await member(1, 1, null, [], 1, AT);
    await member(2, 2, null, [], 1, AT);
    await member(3, 1, 1, [{ rule: "same-place-date", detail: "Dar'a, 2026-11-29" }], 0.875, LATER);
    if (tx.dialect === "postgres") {
      // Explicit seqs leave the sequences behind; the store of the time had them in step.
      for (const t of ["documents", "events", "clusters"]) await tx.get(`SELECT setval(pg_get_serial_sequence('${t}', 'seq'), (SELECT MAX(seq) FROM ${t}))`);
    } else {
      await tx.run(`UPDATE sqlite_sequence SET seq = (SELECT MAX(seq) FROM events) WHERE name = 'events'`);
    }
  });
}

/** Migrations from 0600 on: each keeps the data written before it. */
const FIRST_NEW = "2026_12_05_0600";

export function migrationDataTests(name: string, options: MigrationDataOptions): void {
  const before = options.migrations.filter((m) => m.name < FIRST_NEW);
  const t = (title: string, fn: (store: StoreService, db: SqlDatabase) => Promise<void>) =>
    test(`store ${name}: migrating data: ${title}`, { skip: options.skip || false }, async () => {
      const db = await options.newDb();
      const store = new StoreService({ kind: options.kind, db, migrations: options.migrations });
      try {
        await migrateUp(db, before);
        await writeLegacyRows(db);
        await store.migrate();
        await fn(store, db);
      } finally {
        await store.close();
      }
    });

  t("entities move onto their document, in the same order and form", async (s) => {
    const a = await s.getDocument("doc-a", { withEntities: true });
    assert.deepEqual(
      a?.entities?.map((e) => [e.id, e.localId, e.type, e.name, e.actorId]),
      [
        ["doc-a:E3", "E3", "PERSON", "أحمد", null],
        ["doc-a:L1", "L1", "LOC", "درعا", null],
        ["doc-a:O1", "O1", "ORG", "تنظيم الدولة", "isis"],
      ],
    );
    assert.deepEqual(a?.entities?.[0]?.data, { type: "PERSON", name: "أحمد" });
    assert.deepEqual(a?.entities?.[2]?.data, { id: "O1", type: "ORG", name: "تنظيم الدولة", actorId: "isis", mentions: [{ start: 0, end: 4 }] });
    const b = await s.getDocument("doc-b", { withEntities: true });
    assert.deepEqual(b?.entities?.map((e) => e.actorId), ["syrian-government"]);
  });

  t("cluster memberships move onto their events", async (s) => {
    const c = await s.getCluster("c-1");
    assert.equal(c?.canonicalEventId, "doc-a:e1");
    assert.equal(c?.size, 2);
    assert.deepEqual(
      c?.members.map((m) => [m.eventId, m.matchedEventId, m.score, m.reasons, m.addedAt]),
      [
        ["doc-a:e1", null, 1, [], AT],
        ["doc-b:e1", "doc-a:e1", 0.875, [{ rule: "same-place-date", detail: "Dar'a, 2026-11-29" }], LATER],
      ],
    );
    // A split moves the membership with the event.
    const [rest, split] = await s.splitCluster({ clusterId: "c-1", eventIds: ["doc-b:e1"], editor: "analyst" });
    assert.deepEqual(rest.members.map((m) => m.eventId), ["doc-a:e1"]);
    assert.deepEqual(split.members.map((m) => [m.eventId, m.matchedEventId, m.reasons[0]?.rule]), [["doc-b:e1", null, "split"]]);
  });

  t("canonical listing and dedup read migrated events", async (s) => {
    assert.deepEqual((await s.listEvents({ canonicalOnly: true })).items.map((e) => e.id), ["doc-a:e1", "doc-a:e2"]);
    const r = await s.saveDocument(
      { id: "doc-c", text: "text of doc-c", source: "Enab Baladi", published: "2026-11-30" },
      { events: [record("e1", "isis", "syrian-government", DARAA, "2026-11-29") as never], entities: [] },
    );
    assert.deepEqual(r.clusters, [{ eventId: "doc-c:e1", clusterId: "c-1", merged: true }]);
    const c = await s.getCluster("c-1");
    assert.deepEqual(c?.members.map((m) => [m.eventId, m.matchedEventId]), [
      ["doc-a:e1", null],
      ["doc-b:e1", "doc-a:e1"],
      ["doc-c:e1", "doc-a:e1"],
    ]);
    assert.deepEqual(c?.sources, ["SY24", "Enab Baladi"]);
  });

  t("actor and place keys of migrated events are rewritten and deleted exactly", async (s, db) => {
    const ids = async (f: Parameters<typeof s.listEvents>[0]) => (await s.listEvents(f)).items.map((e) => e.id);
    const keyRows = async (seq: number) => {
      const a = await db.all<{ k: string; d: string }>(`SELECT actor_id AS k, date_key AS d FROM event_actor_keys WHERE event_seq = ? ORDER BY actor_id`, [seq]);
      const p = await db.all<{ k: string; d: string }>(`SELECT place_key AS k, date_key AS d FROM event_place_keys WHERE event_seq = ? ORDER BY place_key`, [seq]);
      // Sorted here: PostgreSQL's collation may order the keys otherwise.
      return [...a.map((r) => `a:${r.k}@${r.d}`).sort(), ...p.map((r) => `p:${r.k}@${r.d}`).sort()];
    };
    assert.deepEqual(await ids({ actor: "hts" }), ["doc-a:e2"]);
    assert.deepEqual(await ids({ place: "بصرى" }), ["doc-a:e2"]);
    // An edit of the actor and one of the date: the old key rows go, the new ones carry the new date.
    await s.recordEdit({ eventId: "doc-a:e2", field: "actor1", value: { id: "isis", name: "isis" }, editor: "analyst" });
    await s.recordEdit({ eventId: "doc-a:e2", field: "event_date", value: "2026-11-27", editor: "analyst" });
    assert.deepEqual(await ids({ actor: "hts" }), []);
    assert.deepEqual(await ids({ actor: "isis" }), ["doc-b:e1", "doc-a:e1", "doc-a:e2"]);
    const busra = ["busra", "dar'a", placeKey("بصرى")].sort();
    assert.deepEqual(await keyRows(2), ["a:isis@2026-11-27", ...busra.map((k) => `p:${k}@2026-11-27`)]);
    // Reprocessing without the events deletes their key rows.
    await s.saveDocument({ id: "doc-a", text: "text of doc-a", source: "SY24", published: "2026-11-30" }, { events: [], entities: [] }, { reprocess: true });
    assert.deepEqual(await keyRows(1), []);
    assert.deepEqual(await keyRows(2), []);
    assert.deepEqual(await ids({ place: "بصرى" }), []);
    assert.deepEqual(await ids({ actor: "isis" }), ["doc-b:e1"]);
    assert.deepEqual(await keyRows(3), ["a:isis@2026-11-29", "a:syrian-government@2026-11-29", ...["dar'a", placeKey("درعا")].sort().map((k) => `p:${k}@2026-11-29`)]);
  });

  t("a migrated document is reprocessed and saved as new ones are", async (s) => {
    const r = await s.saveDocument(
      { id: "doc-a", text: "text of doc-a", source: "SY24", url: "https://x.example/doc-a", published: "2026-11-30" },
      { events: [], entities: [{ id: "P1", type: "PERSON", name: "خالد" }] },
      { reprocess: true },
    );
    assert.equal(r.created, false);
    const a = await s.getDocument("doc-a", { withEntities: true });
    assert.deepEqual(a?.entities?.map((e) => e.id), ["doc-a:P1"]);
    assert.equal(a?.eventCount, 0);
  });

  test(`store ${name}: migrating data: the new migrations go down again with their data`, { skip: options.skip || false }, async () => {
    const db = await options.newDb();
    try {
      await migrateUp(db, before);
      await writeLegacyRows(db);
      await migrateUp(db, options.migrations);
      const added = options.migrations.length - before.length;
      assert.equal((await rollback(db, options.migrations, added)).length, added);
      const rows = await db.all<{ document_seq: number; local_id: string; type: string; actor_id: string | null }>(
        `SELECT document_seq, local_id, type, actor_id FROM entities ORDER BY document_seq, local_id`,
      );
      assert.deepEqual(
        rows.map((r) => [Number(r.document_seq), r.local_id, r.type, r.actor_id]),
        [
          [1, "E3", "PERSON", null],
          [1, "L1", "LOC", null],
          [1, "O1", "ORG", "isis"],
          [2, "O1", "ORG", "syrian-government"],
        ],
      );
      const members = await db.all<{ event_seq: number; cluster_seq: number; matched_event_seq: number | null; score: number }>(
        `SELECT event_seq, cluster_seq, matched_event_seq, score FROM cluster_members ORDER BY event_seq`,
      );
      assert.deepEqual(
        members.map((m) => [Number(m.event_seq), Number(m.cluster_seq), m.matched_event_seq === null ? null : Number(m.matched_event_seq), Number(m.score)]),
        [
          [1, 1, null, 1],
          [2, 2, null, 1],
          [3, 1, 1, 0.875],
        ],
      );
    } finally {
      await db.close();
    }
  });
}
