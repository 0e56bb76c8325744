import { test } from "node:test";
import assert from "node:assert/strict";
import { createDoc } from "../../doc/doc.ts";
import type { Doc, Entity, PlaceRef } from "../../doc/types.ts";
import { tokenizeStage } from "../tokenize/index.ts";
import { taggerStage, nerSpans } from "../tagger/index.ts";
import { entitiesStage } from "./index.ts";
import { DEFAULT_MERGE, mergeEntities, snapMention, spanName } from "./merge.ts";
import type { NerSpan } from "../../ner/index.ts";

function docOf(text: string): Doc {
  return tokenizeStage.run(createDoc("t", text));
}

function entity(doc: Doc, type: Entity["type"], surface: string, extra: Partial<Entity> = {}): Entity {
  const mentions = [];
  for (let i = doc.text.indexOf(surface); i >= 0; i = doc.text.indexOf(surface, i + 1)) mentions.push({ start: i, end: i + surface.length, text: surface, source: "rule" });
  return { id: "x", type, name: surface, aliases: [], mentions, ...extra };
}

/** A tagger span over the tokens [from, to) of the doc. */
function span(doc: Doc, type: NerSpan["type"], from: number, to: number): NerSpan {
  return { type, tokenStart: from, tokenEnd: to, start: doc.tokens[from]!.start, end: doc.tokens[to - 1]!.end, confidence: 0.9 };
}

const tok = (doc: Doc, surface: string) => doc.tokens.findIndex((t) => t.text === surface);

test("the stage runs on a document without geocoder, actors or persons and keeps the tagger's names", () => {
  let doc = docOf("وقال مدير «المرصد» رامي عبد الرحمن إن اشتباكات عنيفة دارت في درعا.");
  doc = taggerStage.run(doc);
  doc = entitiesStage.run(doc);
  const got = doc.entities.map((e) => `${e.type}:${e.name}`);
  assert.ok(got.includes("PERSON:رامي عبد الرحمن"), JSON.stringify(got));
  assert.ok(got.includes("LOC:درعا"), JSON.stringify(got));
  assert.ok(nerSpans(doc).length >= 2);
});

test("rule entities win over overlapping tagger spans, and keep their ids' data", () => {
  const doc = docOf("أعلنت هيئة تحرير الشام سيطرتها على بلدة جاسم في ريف درعا.");
  doc.orgEntities = [entity(doc, "ORG", "هيئة تحرير الشام", { actorId: "hts" })];
  const spans = [span(doc, "ORG", tok(doc, "تحرير"), tok(doc, "الشام") + 1), span(doc, "LOC", tok(doc, "جاسم"), tok(doc, "جاسم") + 1)];
  const out = mergeEntities(doc, spans, DEFAULT_MERGE);
  assert.deepEqual(out.map((e) => `${e.id}:${e.type}:${e.name}`), ["O1:ORG:هيئة تحرير الشام", "L1:LOC:جاسم"]);
  assert.equal(out[0]!.actorId, "hts");
});

test("a span claimed by two rule entities goes to one of them only", () => {
  const doc = docOf("قصفت قوات النظام مدينة درعا صباح اليوم.");
  doc.placeEntities = [entity(doc, "LOC", "درعا", { place: { id: "SY12", name: "Daraa", name_ar: "درعا", admin1: "Dar'a", admin2: null, admin3: null, pcode: "SY12", latitude: 32.6, longitude: 36.1, geo_precision: 1 } })];
  doc.personEntities = [entity(doc, "PERSON", "درعا")];
  const out = mergeEntities(doc, [], DEFAULT_MERGE);
  assert.deepEqual(out.map((e) => e.type), ["LOC"]);
});

test("tagger mentions of one name make one entity; a one-word name joins the fuller person name", () => {
  const doc = docOf("قال ألونسو إن فرناندو ألونسو سيعود. وأضاف ألونسو أن الفريق جاهز.");
  const a = doc.tokens.map((t, i) => [t.text, i] as const).filter(([t]) => t === "ألونسو").map(([, i]) => i);
  const f = tok(doc, "فرناندو");
  const spans = [span(doc, "PERS", a[0]!, a[0]! + 1), span(doc, "PERS", f, f + 2), span(doc, "PERS", a[2]!, a[2]! + 1)];
  const out = mergeEntities(doc, spans, DEFAULT_MERGE);
  assert.equal(out.length, 1);
  assert.equal(out[0]!.name, "فرناندو ألونسو");
  assert.deepEqual(out[0]!.aliases, ["ألونسو"]);
  assert.equal(out[0]!.mentions.length, 3);
});

test("names drop attached clitics, mentions keep whole tokens", () => {
  const doc = docOf("بين جاسم ودرعا البلد وللأمم المتحدة وبالعراق.");
  const cases: [string, string][] = [
    ["ودرعا", "درعا"],
    ["وللأمم", "الأمم"],
    ["وبالعراق", "العراق"],
    ["جاسم", "جاسم"],
  ];
  for (const [surface, name] of cases) {
    const i = tok(doc, surface);
    assert.equal(spanName(doc, span(doc, "LOC", i, i + 1)), name);
  }
  // A rule mention that starts after the conjunction is widened to the token.
  const at = doc.text.indexOf("درعا");
  assert.deepEqual(snapMention(doc, { start: at, end: at + 4, text: "درعا" }).start, at - 1);
  // ... but a mention starting inside a word after non-clitic letters is left alone.
  const j = doc.text.indexOf("اسم");
  assert.equal(snapMention(doc, { start: j, end: j + 3, text: "اسم" }).start, j);
});

test("a name whose first letter only looks like a conjunction keeps it", () => {
  const doc = docOf("واستقبل الرئيس وليد جنبلاط في بيروت فرناندو ألونسو.");
  const i = tok(doc, "وليد");
  assert.equal(spanName(doc, span(doc, "PERS", i, i + 2)), "وليد جنبلاط");
  const f = tok(doc, "فرناندو");
  assert.equal(spanName(doc, span(doc, "PERS", f, f + 2)), "فرناندو ألونسو");
});

test("a person cut to the tagger's bounds is named by what its mentions state, without clitics (GSR)", async () => {
  const { createDefaultPipeline } = await import("../../pipeline/default.ts");
  const pipeline = createDefaultPipeline();
  const cases: [string, string][] = [
    ["لقد بقيت حكومة فؤاد السنيورة صامدة رغم كل ما تعرضت له من ضغط سياسي.", "فؤاد السنيورة"],
    ["وكانت تسيبي لفني، ووزير الدولة حاييم رامون، قد توجها الى أولمرت وباراك طالبين توجيه ضربة عسكرية الى مطلقي الصواريخ.", "باراك"],
  ];
  for (const [text, name] of cases) {
    const doc = pipeline.run(createDoc("t", text, { published: "2008-01-17" }));
    const persons = doc.entities.filter((e) => e.type === "PERSON");
    assert.ok(persons.some((e) => e.name === name), `${name}: ${persons.map((e) => e.name).join(" | ")}`);
    // The mention keeps the whole token («وباراك», as ANERcorp annotates); the name does not.
    assert.ok(!persons.some((e) => e.name === "و" + name), `«و${name}» named with its conjunction`);
  }
});

const JASIM: PlaceRef = { id: "C6053", name: "Jasim", name_ar: "جاسم", admin1: "Dar'a", admin2: "Izra'", admin3: "Jasim", pcode: "C6053", latitude: 33.03, longitude: 36.06, geo_precision: 1 };

test("tagger places can be limited to spans the geocoder did not resolve", () => {
  const doc = docOf("وصل الوفد إلى مدينة جاسم ثم إلى بلدة نوى.");
  doc.annotations.push("doc.places");
  const j = tok(doc, "جاسم");
  doc.places = [{ start: doc.tokens[j]!.start, end: doc.tokens[j]!.end, text: "جاسم", place: JASIM, rule: "test" }];
  const n = tok(doc, "نوى");
  const spans = [span(doc, "LOC", j, j + 1), span(doc, "LOC", n, n + 1)];
  assert.deepEqual(mergeEntities(doc, spans, { ...DEFAULT_MERGE, taggerPlaces: "unchecked" }).map((e) => e.name), ["نوى"]);
  // A place the geocoder only saw after a cue word and could not locate is left to the tagger.
  doc.places = [{ start: doc.tokens[j]!.start, end: doc.tokens[j]!.end, text: "جاسم", place: null, cue: "مدينة", rule: "cue-unknown" }];
  assert.deepEqual(mergeEntities(doc, spans, { ...DEFAULT_MERGE, taggerPlaces: "unchecked" }).map((e) => e.name), ["جاسم", "نوى"]);
  assert.deepEqual(mergeEntities(doc, spans, { ...DEFAULT_MERGE, taggerPlaces: "none" }).map((e) => e.name), []);
  assert.deepEqual(mergeEntities(doc, spans, { ...DEFAULT_MERGE, taggerPlaces: "all" }).map((e) => e.name), ["جاسم", "نوى"]);
});

test("a place inside a confident tagger organisation gives way: «سبارتاك موسكو» is a club", () => {
  const doc = docOf("وتضم المجموعة الثانية سبارتاك موسكو وسبورتينغ لشبونة.");
  const m = tok(doc, "موسكو");
  doc.placeEntities = [entity(doc, "LOC", "موسكو")];
  const spans = [span(doc, "ORG", tok(doc, "سبارتاك"), m + 1)];
  assert.deepEqual(mergeEntities(doc, spans, DEFAULT_MERGE).map((e) => `${e.type}:${e.name}`), ["ORG:سبارتاك موسكو"]);
  // Not when the tagger is unsure, nor when the spans are the same.
  assert.deepEqual(mergeEntities(doc, [{ ...spans[0]!, confidence: 0.6 }], DEFAULT_MERGE).map((e) => `${e.type}:${e.name}`), ["LOC:موسكو"]);
  assert.deepEqual(mergeEntities(doc, [span(doc, "ORG", m, m + 1)], DEFAULT_MERGE).map((e) => `${e.type}:${e.name}`), ["LOC:موسكو"]);
});

test("a given-name person that runs over a list of names gives way to the tagger's names", () => {
  const doc = docOf("استبعد المدرب كلارنس سيدورف وروي ماكاي وإدغار دافيدز من التشكيلة.");
  const r = tok(doc, "وروي");
  doc.personEntities = [{ id: "x", type: "PERSON", name: "روي ماكاي وإدغار دافيدز", aliases: [], mentions: [{ start: doc.tokens[r]!.start, end: doc.tokens[r + 3]!.end, text: "وروي ماكاي وإدغار دافيدز", source: "first-name" }] }];
  const spans = [span(doc, "PERS", r, r + 2), span(doc, "PERS", r + 2, r + 4)];
  assert.deepEqual(mergeEntities(doc, spans, DEFAULT_MERGE).map((e) => e.name), ["روي ماكاي", "إدغار دافيدز"]);
  // Where one tagger span overlaps it, the rule's person stays (with the tagger's boundaries); where
  // none does, a person read from a given name alone is not trusted.
  assert.equal(mergeEntities(doc, spans.slice(0, 1), DEFAULT_MERGE).length, 1);
  assert.equal(mergeEntities(doc, [], DEFAULT_MERGE).length, 0);
  assert.equal(mergeEntities(doc, [], { ...DEFAULT_MERGE, givenNameTagger: "split" }).length, 1);
});

test("a rare word after a role is a person only where the tagger sees one", () => {
  const doc = docOf("وقال إن هذا المفتي ارتكب أخطاء فادحة عملية وأخلاقية .");
  const r = tok(doc, "ارتكب");
  const m = { start: doc.tokens[r]!.start, end: doc.tokens[r + 2]!.end, text: "ارتكب أخطاء فادحة", source: "role-unknown" };
  doc.personEntities = [{ id: "x", type: "PERSON", name: m.text, aliases: [], mentions: [m] }];
  assert.deepEqual(mergeEntities(doc, [], DEFAULT_MERGE), []);
  assert.deepEqual(mergeEntities(doc, [span(doc, "PERS", r, r + 3)], DEFAULT_MERGE).map((e) => e.name), ["ارتكب أخطاء فادحة"]);
});

test("a tagger person span over «X والY» is two people", () => {
  const doc = docOf("ويبدو أن اثنين من منفذي عملية ابقيق (التويجري والغيث)، لم يحسبوا العواقب.");
  const t = tok(doc, "التويجري");
  const out = mergeEntities(doc, [span(doc, "PERS", t, t + 2)], DEFAULT_MERGE);
  assert.deepEqual(out.map((e) => `${e.type}:${e.name}`), ["PERSON:التويجري", "PERSON:الغيث"]);
});

test("a name the rules typed keeps its type in the rest of the document", () => {
  const doc = docOf("اغتيل محمد المسالمة الملقب «هفو» في درعا البلد. وكان هفو قد نجا من محاولة سابقة.");
  const first = doc.text.indexOf("هفو");
  const later = doc.text.indexOf("هفو", first + 1);
  const person: Entity = { id: "x", type: "PERSON", name: "محمد المسالمة", aliases: ["هفو"], mentions: [
    { start: doc.text.indexOf("محمد"), end: doc.text.indexOf("محمد") + "محمد المسالمة".length, text: "محمد المسالمة", source: "rule" },
    { start: first, end: first + 3, text: "هفو", source: "alias" },
  ] };
  doc.personEntities = [person];
  const t = doc.tokens.findIndex((x) => x.start === later);
  const out = mergeEntities(doc, [span(doc, "LOC", t, t + 1)], DEFAULT_MERGE);
  assert.deepEqual(out.map((e) => `${e.type}:${e.name}:${e.mentions.length}`), ["PERSON:محمد المسالمة:3"]);
});

test("a person given an alias by a cue keeps the bounds the text gives it; every person's name is a form a mention states (seeds)", async () => {
  const { readFileSync } = await import("node:fs");
  const { createDefaultPipeline } = await import("../../pipeline/default.ts");
  const pipeline = createDefaultPipeline();
  const seeds = readFileSync(new URL("../../../../shared/seeds/seeds.jsonl", import.meta.url), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { id: string; text: string; published: string });
  const clean = (s: string) => s.replace(/[«»“”"()]/g, " ").replace(/\s+/g, " ").trim();
  for (const s of seeds) {
    const doc = pipeline.run(createDoc(s.id, s.text, { published: s.published }));
    for (const e of doc.entities.filter((x) => x.type === "PERSON")) {
      const texts = e.mentions.map((m) => clean(s.text.slice(m.start, m.end)));
      assert.ok(texts.some((t) => t.includes(e.name)), `${s.id}: «${e.name}» has no mention stating it: ${texts.join(" | ")}`);
    }
    const byName = (n: string) => doc.entities.find((x) => x.type === "PERSON" && x.name === n);
    if (s.id === "seed-001") {
      // «التابعة ل محمد المسالمة (هفّو)»: the tagger reads «محمد» alone; the bracketed alias bounds the name.
      const p = byName("محمد المسالمة");
      assert.ok(p, "seed-001 names محمد المسالمة");
      assert.ok(p.mentions.some((m) => s.text.slice(m.start, m.end) === "محمد المسالمة"), JSON.stringify(p.mentions));
    }
    if (s.id === "seed-002") {
      // «ضمن مجموعة مصطفى المسالمة الملقب بالكسم»: no tagger person over it, the alias cue confirms it.
      const p = byName("مصطفى المسالمة");
      assert.ok(p, "seed-002 names مصطفى المسالمة");
      assert.ok(p.mentions.some((m) => s.text.slice(m.start, m.end) === "مصطفى المسالمة"), JSON.stringify(p.mentions));
    }
  }
});

test("an organisation keeps its name when the tagger cuts it to its first word, not when it drops an adjective (GSR)", () => {
  const doc = docOf("واتهمت انقرة حزب العمال الكردستاني بالهجوم، فيما نفى حزب الله اللبناني اي علاقة.");
  doc.orgEntities = [entity(doc, "ORG", "حزب العمال الكردستاني", { actorId: "pkk" }), entity(doc, "ORG", "حزب الله اللبناني", { actorId: "hezbollah" })];
  const ids = doc.tokens.map((t, i) => [t.text, i] as const).filter(([t]) => t === "حزب").map(([, i]) => i);
  const spans = [span(doc, "ORG", ids[0]!, ids[0]! + 1), span(doc, "ORG", ids[1]!, ids[1]! + 2)];
  const out = mergeEntities(doc, spans, DEFAULT_MERGE);
  const text = (id: string) => out.filter((e) => e.actorId === id).flatMap((e) => e.mentions.map((m) => doc.text.slice(m.start, m.end)));
  assert.deepEqual(text("pkk"), ["حزب العمال الكردستاني"]);
  assert.deepEqual(text("hezbollah"), ["حزب الله"]);
});
