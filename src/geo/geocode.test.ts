/**
 * Table test of the geocoder on real sentences from the seeds, the GSR sentences, ANERcorp and Wojood
 * (../shared). Each row: a sentence, the surface expected as a place mention (or absent), and the
 * expected place (gazetteer id or a test on the PlaceRef).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createDoc } from "../doc/doc.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";
import { geocode } from "./geocode.ts";
import { mainPlace, placeAt } from "./index.ts";
import type { Doc } from "../doc/types.ts";

function run(text: string): Doc {
  const doc = tokenizeStage.run(createDoc("t", text));
  const r = geocode(doc);
  doc.places = r.places;
  doc.placeEntities = r.entities;
  return doc;
}

interface Row {
  /** where the sentence comes from */
  from: string;
  text: string;
  /** surface of the mention (exact substring of text) */
  mention: string;
  /** expected place id, or null: must NOT be a place entity */
  id: string | null;
  /** expected text of a message (substring), optional */
  message?: string;
}

const ROWS: Row[] = [
  // seeds: Daraa quarters and cues
  { from: "seed-000", text: "ليلة مشتعلة شهدتها منطقة “حي الحمادين” في محافظة درعا، عقب استئناف الاشتباكات", mention: "حي الحمادين", id: "cur:daraa-hamadin" },
  { from: "seed-000", text: "ليلة مشتعلة شهدتها منطقة “حي الحمادين” في محافظة درعا، عقب استئناف الاشتباكات", mention: "محافظة درعا", id: "SY12" },
  { from: "seed-000", text: "أسر أحد عناصر تنظيم داعش الإرهابي، المدعو “إيهاب الكور” في حي طريق السد بدرعا.", mention: "طريق السد", id: "cur:daraa-tariq-sad" },
  { from: "seed-000", text: "ويدعى ” أبو أحمد الإدلبي” وهو من عناصر المدعو “محمد المسالمة” الملقب “هفو”", mention: "الإدلبي", id: null },
  { from: "seed-000", text: "ويدعى ” أبو أحمد الإدلبي” وهو من عناصر المدعو “محمد المسالمة” الملقب “هفو”", mention: "المسالمة", id: null },
  { from: "seed-000", text: "الانتحاري الأول الذي فجر نفسه في القائد الميداني “أبو عمر أبازيد” في درعا.", mention: "أبو عمر", id: null },
  { from: "seed-000", text: "عقب اعتقالهم في منطقة “حوض اليرموك” بدرعا عام 2018", mention: "حوض اليرموك", id: "cur:yarmouk-basin" },
  { from: "seed-001", text: "وتركزت في بناء المهندسين في حي الحمادين، وهو الحي الفاصل بين أحياء درعا البلد ومخيم درعا", mention: "مخيم درعا", id: "cur:daraa-camp" },
  { from: "seed-001", text: "وتركزت في بناء المهندسين في حي الحمادين، وهو الحي الفاصل بين أحياء درعا البلد ومخيم درعا", mention: "درعا البلد", id: "cur:daraa-balad" },
  { from: "seed-002", text: "يستقلون دراجة نارية في حي المنشية بدرعا البلد", mention: "المنشية", id: "cur:daraa-manshiya" },
  { from: "seed-002", text: "قتل يوسف محمود الداغر، بهجوم مسلح نفذه مجهولون يستقلون دراجة نارية في بلدة علما بريف درعا الشرقي", mention: "علما", id: "C6011" },
  { from: "seed-002", text: "قتل أكثر من 25 شخصاً في محافظة درعا، الأسبوع الماضي، في اشتباكات بمدينة جاسم شمال درعا.", mention: "جاسم", id: "C6111" },
  { from: "seed-003", text: "وبسطت سيطرتها الاثنين على بلدات الشجرة وعابدين ومعرية في ريف درعا الغربي", mention: "الشجرة", id: "C6021", message: "«الشجرة» is ambiguous" },
  { from: "seed-003", text: "وبسطت سيطرتها الاثنين على بلدات الشجرة وعابدين ومعرية في ريف درعا الغربي", mention: "معرية", id: "C6029" },
  { from: "seed-003", text: "وصلت إلى ممر قرية أوفانيا شمال شرقي مدينة القنيطرة لإخراج المسلحين الرافضين للتسوية من بلدة جباثا الخشب", mention: "جباثا الخشب", id: "C6281" },
  { from: "seed-003", text: "وصلت إلى ممر قرية أوفانيا شمال شرقي مدينة القنيطرة لإخراج المسلحين", mention: "أوفانيا", id: "C6282" },
  { from: "seed-004", text: "ثم حصل اجتماع أمني للقيادات في مدينة إنخل القريبة من مدينة جاسم", mention: "إنخل", id: "C6058" },
];

test("place mentions in real sentences", () => {
  for (const row of ROWS) {
    const doc = run(row.text);
    const at = row.text.indexOf(row.mention);
    assert.ok(at >= 0, `${row.from}: «${row.mention}» not in the sentence`);
    const span = { start: at, end: at + row.mention.length };
    const ents = (doc.placeEntities ?? []).filter((e) => e.mentions.some((m) => m.start < span.end && span.start < m.end));
    if (row.id === null) {
      assert.equal(ents.length, 0, `${row.from}: «${row.mention}» should not be a place, got ${ents.map((e) => e.place?.id).join(", ")}`);
    } else {
      assert.ok(ents.some((e) => e.place?.id === row.id), `${row.from}: «${row.mention}» should be ${row.id}, got [${ents.map((e) => e.place?.id).join(", ")}]`);
    }
    if (row.message) assert.ok(doc.messages.some((m) => m.reason.includes(row.message!)), `${row.from}: expected a message «${row.message}», got ${doc.messages.map((m) => m.reason).join(" / ")}`);
  }
});

test("placeAt and mainPlace", () => {
  const doc = run("قتل أكثر من 25 شخصاً في محافظة درعا، الأسبوع الماضي، في اشتباكات بمدينة جاسم شمال درعا.");
  const i = doc.text.indexOf("اشتباكات");
  assert.equal(placeAt(doc, { start: i, end: i + 8 })?.place?.id, "C6111");
  const k = doc.text.indexOf("قتل");
  assert.equal(placeAt(doc, { start: k, end: k + 3 })?.place?.id, "SY12");
  assert.equal(mainPlace(doc)?.place?.id, "C6111");
});
