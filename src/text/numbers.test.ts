import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createDoc } from "../doc/doc.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";
import { numbersStage } from "../stages/numbers/index.ts";
import type { NumberMention } from "../doc/types.ts";

function numbers(text: string, published?: string): (NumberMention & { surface: string })[] {
  const doc = numbersStage.run(tokenizeStage.run(createDoc("t", text, published ? { published } : {})));
  return doc.numbers.map((n) => ({ ...n, surface: text.slice(n.start, n.end) }));
}

// [sentence (seeds and GSR dev sentences), expected [surface, value, vague, noun?] in order]
const CASES: [string, [string, number, boolean, string?][]][] = [
  // seed-000
  ["التي بلغت مقتل 4 أشخاص من العناصر، وإصابة 7 آخرين، والعثور خلال عملية التقدم على جثة الانتحاري", [["4", 4, false, "اشخاص"], ["7", 7, false, "اخرين"]]],
  ["ومن جملة نتائج حملة يوم أمس، أسر أحد عناصر تنظيم داعش الإرهابي", [["أحد", 1, false, "عناصر"]]],
  ["إذ جرى محاصرتهم جميعاً في قطاع واحد مجهز بمئات الألغام و العبوات الناسفة", [["واحد", 1, false, "قطاع"], ["بمئات", 100, true, "الغام"]]],
  ["عن إطلاق سراح العشرات من عناصر وقادة “جيش خالد”", [["العشرات", 10, true, "عناصر"]]],
  // seed-002
  ["استهدف سيارة عسكرية تابعة للواء 112 من الفرقة الخامسة، بريف درعا", []],
  // GSR
  ["تمرد في دارفور، على مدينة أم درمان، وأسفر عن سقوط أكثر من 220 قتيلا", [["أكثر من 220", 220, true, "قتيلا"]]],
  ["أعلنت مصادر امنية عراقية مقتل عنصرين من الشرطة في هجوم انتحاري بسيارة مفخخة", [["عنصرين", 2, false, "عنصر"]]],
  ["وإصابة ضابط برتبة ملازم أول وعنصرين آخرين", [["وعنصرين", 2, false, "عنصر"]]],
  ["ما قتل اربعة اشخاص، بينهم عنصران من الشرطة، واصيب ما لا يقل عن 15 اخرين، في انفجار سيارة مفخخة", [["اربعة", 4, false, "اشخاص"], ["عنصران", 2, false, "عنصر"], ["ما لا يقل عن 15", 15, true, "اخرين"]]],
  ["قتل 18 شخصا وأصيب عشرات آخرون بجروح في انفجار سيارتين مفخختين", [["18", 18, false, "شخصا"], ["عشرات", 10, true, "اخرون"], ["سيارتين", 2, false, "سياره"]]],
  ["وراح ضحيتها أكثر من مئة ألف بين قتيل وجريح ومفقود، وتدمير عشرات آلاف المنازل", [["أكثر من مئة ألف", 100000, true], ["عشرات آلاف", 10000, true, "منازل"]]],
  ["حسب تقديرات المنظمات الاجنبية حوالي 90 الف نازح", [["حوالي 90 الف", 90000, true, "نازح"]]],
  ["وكانت مجموعة من حوالي ثلاثين طالبا من المسجد الاحمر قد اقتحمت", [["حوالي ثلاثين", 30, true, "طالبا"]]],
  ["هكذا اندفع مئات الألوف من سكان غزة المنكوبة إلى رفح", [["مئات الألوف", 100000, true, "سكان"]]],
  ["قتل خلالها المدنيون الخمسة واصيب ثلاثة اخرون", [["الخمسة", 5, false, "مدنيون"], ["ثلاثة", 3, false, "اخرون"]]],
  ["أرسلت امس ألفي جندي اضافيين الى وادي سوات", [["ألفي", 2000, false, "جندي"]]],
  ["خلال يوم إضافي تصل ثلاثمئة أخرى", [["ثلاثمئة", 300, false, "اخري"]]],
  // compounds, teens, vague words, qualifiers
  ["أسفر القصف عن مقتل خمسة وعشرين شخصا وجرح مائة وخمسين", [["خمسة وعشرين", 25, false, "شخصا"], ["مائة وخمسين", 150, false]]],
  ["قتل خمسة عشر عنصرا من قوات النظام", [["خمسة عشر", 15, false, "عنصرا"]]],
  ["اعتقلت القوات بضعة أشخاص ودمرت عدة منازل", [["بضعة", 3, true, "اشخاص"], ["عدة", 3, true, "منازل"]]],
  ["قتل نحو مائة مقاتل وقرابة ٤٠ مدنيا", [["نحو مائة", 100, true, "مقاتل"], ["وقرابة ٤٠", 40, true, "مدنيا"]]],
  ["قتل 3 آلاف شخص في سنوات الحرب", [["3 آلاف", 3000, false, "شخص"]]],
  // not counts: ages, distances, money, percentages, years, dates, phones, ordinals, weekdays
  ["الخادمة (22 سنة) تعرضت للتعذيب", []],
  ["على بعد 300 كلم من العاصمة، وعلى بعد بضعة امتار من السفارة", []],
  ["رصدت مكافأة 40 ألف دولار مقابل رأسه", []],
  ["يتقلص نفوذ التنظيم إلى نحو 20٪ من المناطق، أي 15 في المئة", []],
  ["كشفت عام 2019 في تقرير لها، وفي 15/10/2022 وفي 15 تشرين الأول", []],
  ["للتواصل على الرقم 0933123456", []],
  ["في الخامس عشر من أكتوبر، يوم الإثنين، الأحد", []],
  ["ولم يسفر الانفجار عن إصابة أحد بأذى، دون أن يصاب أحد", []],
  ["وقال اللواء الركن علي قائد الفرقة 25", []],
];

test("numbers: counts, duals, vague quantities and qualifiers in real sentences", () => {
  for (const [text, expected] of CASES) {
    const got = numbers(text).map((n) => (n.noun === undefined || expected.find((e) => e[0] === n.surface)?.[3] === undefined ? [n.surface, n.value, n.vague] : [n.surface, n.value, n.vague, n.noun]));
    assert.deepEqual(got, expected.map((e) => (e[3] === undefined ? [e[0], e[1], e[2]] : e)), text);
  }
});

test("numbers: token ranges and forms", () => {
  const text = "مقتل 4 أشخاص وعنصرين وأكثر من عشرين مدنيا وعشرات الجرحى و3 آلاف نازح";
  const doc = numbersStage.run(tokenizeStage.run(createDoc("t", text)));
  for (const n of doc.numbers) {
    assert.equal(doc.tokens[n.tokenStart]!.start, n.start);
    assert.equal(doc.tokens[n.tokenEnd - 1]!.end, n.end);
  }
  assert.deepEqual(doc.numbers.map((n) => n.form), ["digits", "dual", "words", "vague", "mixed"]);
});

test("numbers: every seed and GSR sentence is processed and mentions are well-formed", () => {
  const files = ["../shared/seeds/seeds.jsonl", "../shared/eval/dev/gsr-assault.dev.jsonl", "../shared/eval/dev/gsr-protest.dev.jsonl"];
  let total = 0;
  for (const f of files) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const { text, published } = JSON.parse(line);
      for (const n of numbers(text, published)) {
        assert.ok(Number.isFinite(n.value) && n.value > 0, n.surface);
        assert.ok(n.end > n.start && n.tokenEnd > n.tokenStart);
        // No year slips through as a count.
        if (/^(19|20)[0-9]{2}$/.test(n.surface)) assert.fail(`year as a count: ${n.surface} in ${text}`);
        total++;
      }
    }
  }
  assert.ok(total > 500, `found ${total}`);
});

test("numbers and dates stages run right after tokenize in the default pipeline", async () => {
  const { defaultStages } = await import("../pipeline/default.ts");
  const names = defaultStages().map((s) => s.name);
  assert.deepEqual(names.slice(0, 3), ["rasd.tokenize.v1", "rasd.numbers.v1", "rasd.dates.v1"]);
});
