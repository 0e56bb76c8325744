import { test } from "node:test";
import assert from "node:assert/strict";
import type { EventRecord } from "../doc/types.ts";
import { matchEvents, type DedupEvent } from "./match.ts";
import { clusterEvents } from "./cluster.ts";
import { firstParagraphs, seedWithGold } from "../store/test-fixtures.ts";

/** An event of a seed's gold, as reported by document `docId` (another outlet when docId differs). */
function ev(seed: string, eventId: string, docId = seed, change: Partial<EventRecord> = {}, text?: string): DedupEvent {
  const { extraction } = seedWithGold(seed, text ? { text } : {});
  const record = extraction.events.find((e) => e.id === eventId);
  if (!record) throw new Error(`no ${seed} ${eventId}`);
  return { id: `${docId}:${eventId}`, documentId: docId, record: { ...record, ...change } };
}

const repub = firstParagraphs("seed-000", 5);

test("dedup match: the same happening from two reports merges, and says why", () => {
  const cases: { name: string; a: DedupEvent; b: DedupEvent; rules: string[] }[] = [
    {
      name: "the same article from two URLs (seed-000 clash)",
      a: ev("seed-000", "e1"),
      b: ev("seed-000", "e1", "mirror-000"),
      rules: ["type", "date", "place", "actors", "casualties"],
    },
    {
      name: "a shortened re-publication without the casualty figure",
      a: ev("seed-000", "e1"),
      b: ev("seed-000", "e1", "repub-000", { fatalities: null, injured: null }, repub),
      rules: ["type", "date", "place", "actors", "casualties"],
    },
    {
      name: "an outlet that codes the Manshiyeh shooting as an attack, one that codes it as a clash",
      a: ev("seed-002", "e2"),
      b: ev("seed-002", "e2", "other-002", { event_type: "Violence against civilians", sub_event_type: "Attack" }),
      rules: ["type", "date", "place", "actors", "casualties"],
    },
    {
      name: "an updated death toll (15 then more than 25 in Jasim), week precision on one side",
      a: ev("seed-002", "e1"),
      b: ev("seed-002", "e1", "other-002", { fatalities: 15, time_precision: 2, event_date: "2022-10-16" }),
      rules: ["type", "date", "place", "actors", "casualties"],
    },
    {
      name: "one report names only an unidentified gunman",
      a: ev("seed-002", "e3"),
      b: ev("seed-002", "e3", "other-002", { actor1: { id: "unidentified-armed-group", name: "Unidentified" }, actor2: null }),
      rules: ["type", "date", "place", "actors", "casualties"],
    },
  ];
  for (const c of cases) {
    const m = matchEvents(c.a, c.b);
    assert.equal(m.merge, true, `${c.name}: ${JSON.stringify(m.blocker)}`);
    assert.deepEqual(m.reasons.map((r) => r.rule), c.rules, c.name);
    assert.ok(m.score > 0.5 && m.score <= 1, c.name);
    assert.ok(m.reasons.every((r) => r.detail.length > 0));
  }
});

test("dedup match: different happenings stay apart, with the blocking reason", () => {
  const cases: { name: string; a: DedupEvent; b: DedupEvent; blocker: string }[] = [
    { name: "Daraa al-Balad clashes of 6 and 1 November (seeds 000, 001)", a: ev("seed-000", "e1"), b: ev("seed-001", "e1"), blocker: "date" },
    { name: "Daraa al-Balad clashes of 6 and 5 November (seeds 000, 004)", a: ev("seed-000", "e1"), b: ev("seed-004", "e4"), blocker: "date" },
    { name: "a suicide bombing and a clash the same day in the same city", a: ev("seed-000", "e2"), b: ev("seed-004", "e4"), blocker: "type" },
    { name: "two events of one article", a: ev("seed-003", "e1"), b: ev("seed-003", "e2"), blocker: "document" },
    { name: "Jasim and Alma on one day are two places", a: ev("seed-002", "e1"), b: ev("seed-002", "e3", "other-002", { event_date: "2022-10-14", event_type: "Battles", sub_event_type: "Armed clash", actor1: { id: "local-armed-groups", name: "x" } }), blocker: "place" },
    { name: "1 killed and 25 killed are two events", a: ev("seed-002", "e1"), b: ev("seed-002", "e1", "other-002", { fatalities: 1 }), blocker: "casualties" },
    { name: "different named actors", a: ev("seed-003", "e4"), b: ev("seed-003", "e4", "other-003", { actor1: { id: "usa", name: "US" }, actor2: { id: "hts", name: "HTS" } }), blocker: "actors" },
    { name: "an undated event is never merged", a: ev("seed-000", "e3"), b: ev("seed-000", "e3", "other-000"), blocker: "date" },
    { name: "an event without a place is never merged", a: ev("seed-003", "e10"), b: ev("seed-003", "e10", "other-003", { event_date: "2018-07-30" }), blocker: "date" },
    { name: "an arrest and an agreement are two strategic developments", a: ev("seed-002", "e5"), b: ev("seed-002", "e6", "other-002", { event_date: "2022-10-14" }), blocker: "type" },
  ];
  for (const c of cases) {
    const m = matchEvents(c.a, c.b);
    assert.equal(m.merge, false, c.name);
    assert.equal(m.blocker?.rule, c.blocker, `${c.name}: ${JSON.stringify(m.blocker)}`);
    assert.equal(m.score, 0);
  }
});

test("dedup cluster: all seeds plus two re-publications give one cluster per happening", () => {
  const events: DedupEvent[] = [];
  for (const id of ["seed-000", "seed-001", "seed-002", "seed-003", "seed-004"]) {
    for (const r of seedWithGold(id).extraction.events) events.push({ id: `${id}:${r.id}`, documentId: id, record: r });
  }
  const seedCount = events.length;
  // seed-000 re-published in short by another outlet; seed-002 mirrored at another URL.
  for (const r of seedWithGold("seed-000", { text: repub }).extraction.events.filter((e) => e.evidence.length)) {
    events.push({ id: `repub-000:${r.id}`, documentId: "repub-000", record: r });
  }
  for (const r of seedWithGold("seed-002").extraction.events) events.push({ id: `mirror-002:${r.id}`, documentId: "mirror-002", record: r });
  const clusters = clusterEvents(events);
  const clusterOf = (id: string) => clusters.find((c) => c.members.some((m) => m.event.id === id))!;
  assert.equal(clusterOf("repub-000:e1"), clusterOf("seed-000:e1"));
  assert.equal(clusterOf("mirror-002:e2"), clusterOf("seed-002:e2"));
  assert.equal(clusterOf("mirror-002:e1"), clusterOf("seed-002:e1"));
  // Different days of the Daraa al-Balad operation, and the undated events, stay apart.
  const days = ["seed-000:e1", "seed-001:e1", "seed-004:e4"].map(clusterOf);
  assert.equal(new Set(days).size, 3);
  assert.notEqual(clusterOf("seed-000:e3"), clusterOf("seed-000:e2"));
  // No cluster holds two events of one document.
  for (const c of clusters) assert.equal(new Set(c.members.map((m) => m.event.documentId)).size, c.members.length);
  // Every seed event outside the re-published ones is alone or with its copies.
  const merged = clusters.filter((c) => c.members.length > 1);
  for (const c of merged) {
    const seedsIn = c.members.filter((m) => m.event.documentId.startsWith("seed-"));
    assert.ok(seedsIn.length <= 1 || seedsIn.every((m) => m.event.documentId === seedsIn[0]!.event.documentId), `no two seeds merged: ${c.members.map((m) => m.event.id).join(", ")}`);
  }
  assert.ok(clusters.length >= seedCount - 1, `${clusters.length} clusters for ${seedCount} seed events`);
});
