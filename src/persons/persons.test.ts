import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createDoc } from "../doc/doc.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";
import { actorsStage } from "../stages/actors/index.ts";
import { personsStage } from "../stages/persons/index.ts";
import type { Doc } from "../doc/types.ts";

function run(text: string): Doc {
  return personsStage.run(actorsStage.run(tokenizeStage.run(createDoc("t", text))));
}

/** [name, aliases] of every person found. */
function people(text: string): [string, string[]][] {
  return run(text).personEntities!.map((e) => [e.name, e.aliases]);
}

const CASES: { from: string; text: string; persons: [string, string[]][] }[] = [
  {
    from: "seed-000: يدعى + quoted name; المدعو + الملقب alias",
    text: "والعثور خلال عملية التقدم على جثة الانتحاري الذي فجر نفسه قبل يومين، ويدعى ” أبو أحمد الإدلبي” وهو من عناصر المدعو “محمد المسالمة” الملقب “هفو”، وفي وقت سابق كان قد ادعى أنه “أبو حمزة سبينة” الانتحاري الأول الذي فجر نفسه في القائد الميداني “أبو عمر أبازيد”.",
    persons: [
      ["أبو أحمد الإدلبي", []],
      ["محمد المسالمة", ["هفو"]],
      ["أبو حمزة سبينة", []],
      ["أبو عمر أبازيد", []],
    ],
  },
  {
    from: "seed-000: role with a complement before the quoted name",
    text: "وفي وقت سابق كان الصحفي ابن محافظة درعا “مؤيد أبازيد” قد أكد لمنصة SY24، أنه بالنسبة لـ “الخلية التي يجري اجتثاثها حاليا في حي طريق السد بدرعا البلد”.",
    persons: [["مؤيد أبازيد", []]],
  },
  {
    from: "seed-001: bare name after a preposition, bracketed nickname and kunya",
    text: "أضاف مراسلنا: بأن المجموعات التابعة ل محمد المسالمة (هفّو) ،و “مؤيد حرفوش” (أبو طعجة)، والتي عملت خلال الفترة المنصرمة على إيواء قيادات وعناصر تنظيم داعش.",
    persons: [
      ["محمد المسالمة", ["هفّو"]],
      ["مؤيد حرفوش", ["أبو طعجة"]],
    ],
  },
  {
    from: "seed-002: a name in running text, its kunya later; الملقب بالكسم",
    text: "قال مصدر محلي، لنورث برس، إنّ “علاء رضوان أبو قياص، أحد عناصر فرع الأمن العسكري التابع للقوات الحكومية، قتل في حي المنشية بدرعا البلد”.\nوأشار المصدر إلى أن “ أبو قياص عنصر سابق في المعارضة السورية ويعمل حاليا ضمن مجموعة مصطفى المسالمة الملقب بالكسم التابعة لفرع الأمن العسكري في درعا.",
    persons: [
      ["علاء رضوان أبو قياص", ["أبو قياص"]],
      ["مصطفى المسالمة", ["الكسم"]],
    ],
  },
  {
    from: "seed-003: role, organisation, then the name; a later short form",
    text: "وقال مدير «المرصد» رامي عبد الرحمن: «تدور منذ الاثنين مفاوضات بين قوات النظام وتنظيم الدولة الإسلامية». وأوضح عبد الرحمن: «تزامناً مع هذه المفاوضات الصعبة».",
    persons: [["رامي عبد الرحمن", ["عبد الرحمن"]]],
  },
  {
    from: "seed-004: المدعو with brackets, الملقب باسم, اسم مستعار",
    text: "ومن بين هؤلاء القادة المدعو “أسامة عزيزية” الملقب (أبو الليث)، والمدعو (الشايب). وفي الأسبوع ذاته، قتل المدعو “نادر خلف أبو نبوت” الملقب باسم “أبو جزوان” إثر استهدافه. يقول الناشط “أحمد حسان” اسم مستعار، والمطلع على الوضع.",
    persons: [
      ["أسامة عزيزية", ["أبو الليث"]],
      ["الشايب", []],
      ["نادر خلف أبو نبوت", ["أبو جزوان"]],
      ["أحمد حسان", []],
    ],
  },
  {
    from: "seed-004: للمدعو + bare kunya with nisba",
    text: "أحدهما تعود لشخص من السويداء والآخر للمدعو أبو طارق الصبيحي، والآخرين تمت ملاحقتهم إلى المنطقة الشرقية.",
    persons: [["أبو طارق الصبيحي", []]],
  },
  {
    from: "gsr-assault: title before a name; «جيش المهدي» is no person",
    text: "وقال اللواء محمد العسكري، المتحدث باسم الوزارة، من مدينة الموصل «ان قوات خاصة من الجيش العراقي قتلت 11 ارهابيا من تنظيم القاعدة».",
    persons: [["محمد العسكري", []]],
  },
  {
    from: "gsr-protest: names joined by و are separate people",
    text: "وأصيب في الصدامات التي وقعت بين الشرطة والمتظاهرين عدد من الاشخاص من بينهم محمد عثمان ابوراس القيادي في حزب البعث السوداني.",
    persons: [["محمد عثمان ابوراس", []]],
  },
  {
    from: "gsr-assault: a kunya given after the name with المكنى، and «علي» as a name",
    text: "بتبرئة خمسة سعوديين وأربعة عشر شخصا، هم كل من علي عبد الله علي الحصيان المكنى بأبي علي الحارثي الصغير تأسيا بأبي علي الحارثي رجل «القاعدة» السابق في اليمن.",
    persons: [["علي عبد الله علي الحصيان", ["أبي علي الحارثي"]]],
  },
  {
    from: "wojood: a list of names",
    text: "نعي موجه من رئيس بلدية طولكرم واعضاء المجلس البلدي الى الشعب العربي الفلسطيني باستشهاد محمد برقاوي ، ومعتصم جيوسي ، جبار درويش الذين اعدمهم النظام",
    persons: [
      ["محمد برقاوي", []],
      ["معتصم جيوسي", []],
      ["جبار درويش", []],
    ],
  },
  {
    from: "organisation and place names are not people",
    text: "يذكّر أن منصة SY24 كشفت عام 2019 عن إطلاق سراح العشرات من عناصر وقادة “جيش خالد بن الوليد” الموالي لتنظيم داعش من سجون النظام السوري في درعا.",
    persons: [],
  },
  {
    from: "names of groups and buildings named after people (wojood val sentence with the hospital's name changed to a person's, and a constructed one)",
    text: "مطالعة المجلس الشرعي الإسلامي الأعلى حول مستشفى عمر بن الخطاب والحديث عن شراء المجلس له . وتبنت كتيبة الشهيد أحمد عبدو الهجوم.",
    persons: [],
  },
  {
    from: "a first name that is also a word does not make a person",
    text: "وكان رائد فضاء أمريكي قد أعلن أن سلامة الركاب مضمونة على متن الرحلة.",
    persons: [],
  },
  {
    from: "ANERcorp training sentence: an alias after «الشهير ب ـ», the tatweel detached from the preposition",
    text: "وأشاد مدير الاتحاد المصري للمصارعة مصطفى عبد الله بفوز عبد الفتاح الشهير ب ـ \" بوجي \" وقال إنه يفتح آفاقا جديدة أمام المصارعين المصريين .",
    persons: [
      ["مصطفى عبد الله", []],
      ["عبد الفتاح", ["بوجي"]],
    ],
  },
];

test("persons and aliases on real sentences", () => {
  for (const c of CASES) assert.deepEqual(people(c.text), c.persons, c.from);
});

test("every mention of a person, and mentions point at the text", () => {
  const text = readFileSync(new URL("../../../shared/seeds/002_debb04998c220257.txt", import.meta.url), "utf8");
  const doc = run(text);
  const dagher = doc.personEntities!.find((e) => e.name === "يوسف محمود الداغر")!;
  assert.deepEqual(dagher.mentions.map((m) => m.text), ["يوسف محمود الداغر", "الداغر"]);
  for (const e of doc.personEntities!) for (const m of e.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  const names = doc.personEntities!.map((e) => e.name);
  for (const bad of ["درعا", "داعش", "جاسم"]) assert.ok(!names.includes(bad), bad);
});

test("roles and affiliations stated in the text", () => {
  const doc = run("ومن جملة نتائج حملة يوم أمس، أسر أحد عناصر تنظيم داعش الإرهابي، المدعو “إيهاب الكور” في حي طريق السد بدرعا. حيث جرى قنص الشاب “محمد حسين فارس الزنغري” برصاص قناص. قتل المدعو “نادر خلف أبو نبوت” ويعد قائد مجموعة تتبع لـ “محمد المسالمة” الملقب ب”هفو” المبايع لتنظيم داعش.");
  const by = (n: string) => doc.personEntities!.find((e) => e.name === n)!;
  assert.deepEqual(by("إيهاب الكور").affiliations?.map((a) => a.actorId), ["isis"]);
  assert.deepEqual(by("محمد حسين فارس الزنغري").roles?.map((r) => r.text), ["الشاب"]);
  assert.deepEqual(by("محمد المسالمة").aliases, ["هفو"]);
  assert.deepEqual(by("محمد المسالمة").affiliations?.map((a) => a.actorId), ["isis"]);
  // A role that names the group: «قائد اللواء الثامن …» (the words of the actor list).
  const d2 = run("وأكد قائد اللواء الثامن أحمد العودة أن عناصره سيطروا على المنطقة في درعا.");
  const odeh = d2.personEntities![0]!;
  assert.equal(odeh.name, "أحمد العودة");
  assert.deepEqual(odeh.roles?.map((r) => r.text), ["قائد اللواء الثامن"]);
  assert.deepEqual(odeh.affiliations?.map((a) => a.actorId), ["eighth-brigade"]);
});
