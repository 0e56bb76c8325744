import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createDoc } from "../doc/doc.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";
import { actorsStage } from "../stages/actors/index.ts";
import { actorDictionary, actorInfo, actorRef, actorsInSpan, ancestors, buildDictionary, canonicalId, canonicalRef, isA, mainOrganisation } from "./index.ts";

function run(text: string) {
  return actorsStage.run(tokenizeStage.run(createDoc("t", text)));
}

const CASES: { text: string; from: string; actors: [string, string][] }[] = [
  {
    from: "seed-000",
    text: "ومن جملة نتائج حملة يوم أمس، أسر أحد عناصر تنظيم داعش الإرهابي، المدعو “إيهاب الكور” في حي طريق السد بدرعا.",
    actors: [["تنظيم داعش الإرهابي", "isis"]],
  },
  {
    from: "seed-002",
    text: "وأمس الخميس، قال مصدر محلي، لنورث برس، إنّ “علاء رضوان أبو قياص، أحد عناصر فرع الأمن العسكري التابع للقوات الحكومية، قتل إثر استهدافه برصاص مسلحين مجهولين يستقلون دراجة نارية في حي المنشية بدرعا البلد”.",
    actors: [
      ["فرع الأمن العسكري", "syrian-military-security"],
      ["للقوات الحكومية", "syrian-government"],
      ["مسلحين مجهولين", "unidentified-armed-group"],
    ],
  },
  {
    from: "seed-002",
    text: "وقالت مصادر محلية لنورث برس، الاثنين الماضي، إن “مسلحين مجهولين استهدف سيارة عسكرية تابعة للواء 112 من الفرقة الخامسة، بريف درعا الغربي”.",
    actors: [
      ["مسلحين مجهولين", "unidentified-armed-group"],
      ["للواء 112", "syrian-army-brigade-112"],
      ["الفرقة الخامسة", "syrian-army-5th-division"],
    ],
  },
  {
    from: "seed-002 (quotes inside the name)",
    text: "قتل أكثر من 25 شخصاً في محافظة درعا، الأسبوع الماضي، معظمهم من عناصر تنظيم الدولة الإسلامية “داعش”، في اشتباكات بمدينة جاسم شمال درعا.",
    actors: [["تنظيم الدولة الإسلامية “داعش”", "isis"]],
  },
  {
    from: "seed-001 (clitics, anaphor)",
    text: "أن العمليات العسكرية ضد خلايا التنظيم في المدينة، تشارك فيها المجموعات المحلية العاملة في درعا البلد،وبمساندة قوات من اللواء الثامن ، ولا تشارك فيها قوات النظام السوري, فالحملة العسكرية يقوم بها أبناء المنطقة ضد خلايا داعش.",
    actors: [
      ["خلايا التنظيم", "isis"],
      ["المجموعات المحلية", "local-armed-groups"],
      ["اللواء الثامن", "eighth-brigade"],
      ["قوات النظام السوري", "syrian-government"],
      ["أبناء المنطقة", "local-armed-groups"],
      ["داعش", "isis"],
    ],
  },
  {
    from: "seed-004",
    text: "باستقدام عدة مجموعات تتبع للتنظيم من البادية السورية عبر الأمن العسكري التابع للنظام، تحت حماية من المخابرات الجوية، حسب ما أعلنته القوات الأميركية آنذاك عن مقتل زعيم تنظيم داعش.",
    actors: [
      ["للتنظيم", "isis"],
      ["الأمن العسكري", "syrian-military-security"],
      ["للنظام", "syrian-government"],
      ["المخابرات الجوية", "syrian-air-force-intelligence"],
      ["القوات الأميركية", "usa"],
      ["تنظيم داعش", "isis"],
    ],
  },
  {
    from: "seed-003",
    text: "وأوضح عبد الرحمن: «تزامناً مع هذه المفاوضات الصعبة، شنّت الطائرات الحربية الروسية (أمس) الثلاثاء غارات ضد مقاتلي التنظيم المحاصرين في درعا».",
    // No named organisation in the sentence: «التنظيم» has nothing to refer to and is dropped.
    actors: [["الطائرات الحربية الروسية", "russia"]],
  },
  {
    from: "gsr-assault (Iraq)",
    text: "وقال اللواء محمد العسكري، المتحدث باسم الوزارة، من مدينة الموصل «ان قوات خاصة من الجيش العراقي قتلت 11 ارهابيا من تنظيم القاعدة بينهم عضو بارز عربي الجنسية، على الطريق الرئيسي شمال مدينة تكريت فجر اليوم (أمس)».",
    actors: [
      ["الجيش العراقي", "iraq-forces"],
      ["تنظيم القاعدة", "al-qaeda"],
    ],
  },
  {
    from: "gsr-assault (Iraq: scoped police, civilians)",
    text: "من جانب اخر، ذكر مصدر في الشرطة العراقية أن عدة قذائف هاون سقطت على مبان سكنية فجر امس في ضاحية «مدينة الصدر» شرق بغداد ما ادى الى مقتل مدنيين اثنين وتدمير عدة منازل.",
    actors: [
      ["الشرطة العراقية", "iraq-forces"],
      ["مدنيين", "generic-civilians"],
    ],
  },
  {
    from: "gsr-assault (Iraq: militia)",
    text: "واصبحت الدقة التي تسيطر بها الميليشيات على الكهرباء في المحافظات واضحة في البصرة يوم 25 مايو (ايار) الماضي عندما نفذ جيش المهدي التابع لمقتدى الصدر هجوما على قاعدة بريطانية عراقية صغيرة في مركز المدينة.",
    actors: [
      ["الميليشيات", "generic-militias"],
      ["جيش المهدي", "mahdi-army"],
    ],
  },
  {
    from: "gsr-protest (a Sudanese sentence: the police is Sudan's)",
    text: "الى ذلك فرقت الشرطة السودانية مستخدمة الغاز المسيل للدموع مظاهرة، وأصيب في الصدامات التي وقعت بين الشرطة والمتظاهرين عدد من الاشخاص.",
    actors: [
      ["الشرطة السودانية", "sudan-armed-forces"],
      ["الشرطة", "sudan-armed-forces"],
      ["المتظاهرين", "generic-protesters"],
    ],
  },
  {
    from: "gsr-protest (no country cue: generic readings)",
    text: "وأصيب في الصدامات التي وقعت بين الشرطة والمتظاهرين عدد من الاشخاص.",
    actors: [
      ["الشرطة", "generic-police"],
      ["المتظاهرين", "generic-protesters"],
    ],
  },
];

test("actor mentions on real sentences", () => {
  for (const c of CASES) {
    const doc = run(c.text);
    const got = doc.actors.map((a) => [a.text, a.actorId]);
    assert.deepEqual(got, c.actors, c.from);
    for (const a of doc.actors) assert.equal(doc.text.slice(a.start, a.end), a.text);
  }
});

test("generic actors take the reading of the article's country", () => {
  // gsr-assault AAW_ARB_20070108.0019-7 (no country cue: generic), then the same words in a Syrian
  // and an Iraqi sentence.
  const ids = (t: string) => run(t).actors.map((a) => a.actorId);
  assert.deepEqual(ids("وتسببت بمقتل جندي وإصابة عدد من الجنود."), ["generic-army", "generic-army"]);
  assert.deepEqual(ids("وتسببت بمقتل جندي وإصابة عدد من الجنود في ريف درعا."), ["syrian-government", "syrian-government"]);
  assert.deepEqual(ids("وتسببت بمقتل جندي وإصابة عدد من الجنود شمال بغداد."), ["iraq-forces", "iraq-forces"]);
  assert.deepEqual(ids("هاجمت مجموعة مسلحة حاجزا في بلدة اليادودة بريف درعا الغربي."), ["unidentified-armed-group"]);
});

test("outlets and monitors are ORG sources, not actors", () => {
  const doc = run("انكفأ عشرات من «داعش» إلى جيب محدود في أقصى محافظة درعا، وفق ما أفاد «المرصد السوري لحقوق الإنسان» الذي أكد القضاء على التنظيم. وقالت منصة SY24 ونورث برس ذلك.");
  assert.deepEqual(doc.actors.map((a) => [a.text, a.actorId, a.rule]), [
    ["داعش", "isis", "dictionary"],
    ["التنظيم", "isis", "anaphor"],
  ]);
  const orgs = doc.orgEntities!.map((e) => [e.name, e.actorId ?? null, e.isSource ?? false]);
  assert.deepEqual(orgs, [
    ["داعش", "isis", false],
    ["المرصد السوري لحقوق الإنسان", null, true],
    ["منصة SY24", null, true],
    ["نورث برس", null, true],
  ]);
  assert.equal(mainOrganisation(doc), "isis");
});

test("ORG entity: fullest form as name, other forms as aliases, every mention", () => {
  const text = readFileSync(new URL("../../../shared/seeds/000_f48b5a407d30cbec.txt", import.meta.url), "utf8");
  const doc = run(text);
  const isis = doc.orgEntities!.find((e) => e.actorId === "isis")!;
  assert.equal(isis.name, "تنظيم داعش الإرهابي");
  assert.ok(isis.aliases.includes("داعش"));
  assert.ok(isis.mentions.length >= 8);
  for (const m of isis.mentions) assert.equal(text.slice(m.start, m.end), m.text);
  // «جيش خالد» is an ORG (a child of ISIS), never a person.
  const khalid = doc.orgEntities!.find((e) => e.actorId === "khalid-ibn-al-walid-army")!;
  assert.equal(khalid.name, "جيش خالد");
  assert.ok(isA("khalid-ibn-al-walid-army", "isis"));
  // Civilians are an actor but not an organisation.
  assert.ok(doc.actors.some((a) => a.actorId === "civilians"));
  assert.ok(!doc.orgEntities!.some((e) => e.actorId === "civilians"));
  const sentence = doc.sentences[0]!;
  assert.deepEqual(actorsInSpan(doc, sentence).map((a) => a.actorId), ["local-armed-groups", "isis", "civilians"]);
});

test("straight quotes inside a name; member nouns are actors but not ORG mentions", () => {
  // Wojood train s208.
  const doc = run('( بيروت ) - قالت " هيومن رايتس ووتش في تقرير أصدرته اليوم ، إن تنظيم " الدولة الإسلامية " ( المعروف أيضا بـ ’ داعش ‘ ) استخدم حفرة في شمال شرق سوريا .');
  assert.deepEqual(doc.actors.map((a) => [a.text, a.actorId]), [['تنظيم " الدولة الإسلامية "', "isis"], ["داعش", "isis"]]);
  // gsr-assault AAW_ARB_20070108.0019-7.
  const d2 = run("وبحسب التقرير، قام عدد من جنود «المارينز» بقتل المدنيين بعدما فجرت عبوة ناسفة إحدى مركباتهم، وتسببت بمقتل جندي أميركي.");
  assert.deepEqual(d2.actors.map((a) => [a.text, a.actorId]), [["جنود", "generic-army"], ["المارينز", "usa"], ["المدنيين", "generic-civilians"], ["جندي أميركي", "usa"]]);
  assert.deepEqual(d2.orgEntities!.map((e) => [e.name, e.mentions.length, e.actorId]), [["المارينز", 1, "usa"]]);
});

test("the Syria dictionary holds every canonical id of eval/actors.json with its inter and parent", () => {
  const gold = JSON.parse(readFileSync(new URL("../../../shared/eval/actors.json", import.meta.url), "utf8")) as {
    actors: { id: string; name: string; inter: number; parent?: string }[];
  };
  const canonical = new Set(gold.actors.map((a) => a.id));
  for (const g of gold.actors) {
    const a = actorInfo(g.id);
    assert.ok(a, `missing ${g.id}`);
    assert.equal(a.inter, g.inter, g.id);
    assert.equal(a.parent, g.parent ?? null, g.id);
    assert.equal(a.fileCountry, "SY", g.id);
    assert.ok(a.canonical, g.id);
  }
  // Exactly those are canonical, and every finer Syrian id maps onto one of them.
  for (const a of actorDictionary().actors.values()) if (a.canonical) assert.ok(canonical.has(a.id), a.id);
  assert.equal(canonicalId("syrian-army-brigade-112"), "syrian-government");
  assert.equal(canonicalId("russia-state"), "russia");
  assert.equal(canonicalId("generic-police"), "generic-police");
  assert.deepEqual(canonicalRef("syrian-army-5th-division"), { id: "syrian-government", name: "Syrian government forces" });
  // Finer Syrian ids reach a canonical id through their parents.
  for (const a of actorDictionary().actors.values()) {
    if (a.fileCountry !== "SY" || a.source || a.kind === "institution") continue;
    assert.ok(ancestors(a.id).some((x) => canonical.has(x)), `${a.id} has no canonical ancestor`);
  }
  assert.deepEqual(actorRef("syrian-army-brigade-112"), { id: "syrian-army-brigade-112", name: "112th Brigade (Syria)" });
  assert.deepEqual(ancestors("syrian-army-brigade-112"), ["syrian-army-brigade-112", "syrian-army-5th-division", "syrian-government"]);
});

test("the loader refuses clashing ids, unknown parents and bad inter codes", () => {
  const bad: [unknown[], RegExp][] = [
    [[{ id: "a", name: "A", inter: 1 }, { id: "a", name: "A2", inter: 1 }], /E303/],
    [[{ id: "a", name: "A", inter: 1, parent: "nope" }], /E304/],
    [[{ id: "a", name: "A", inter: 9 }], /inter/],
    [[{ id: "A B", name: "A", inter: 1 }], /E302/],
  ];
  for (const [actors, re] of bad) {
    assert.throws(() => buildDictionary([{ name: "x.json", data: { country: null, actors } }]), re);
  }
});
