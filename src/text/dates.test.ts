import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createDoc } from "../doc/doc.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";
import { numbersStage } from "../stages/numbers/index.ts";
import { datesStage } from "../stages/dates/index.ts";
import type { Doc } from "../doc/types.ts";
import { dayNumber, hijriToDay, weekday, ymd } from "./dates.ts";

function run(text: string, published?: string): Doc {
  return datesStage.run(numbersStage.run(tokenizeStage.run(createDoc("t", text, published ? { published } : {}))));
}

type Row = [surface: string, date: string | null, until: string | null, precision: string, partOfDay?: string];

// [published, sentence (seeds, GSR dev, and patterns of news writing), expected mentions in order]
const CASES: [string | undefined, string, Row[]][] = [
  // seed-000 (published Monday 2022-11-07)
  ["2022-11-07", "حيث استمرت الاشتباكات العنيفة إلى ساعات متأخرة من ليلة أمس، حسب آخر المستجدات", [["ليلة أمس", "2022-11-06", "2022-11-06", "day", "night"]]],
  ["2022-11-07", "بسبب إخلاء عدد من الجرحى الذين أصيبوا يوم أمس الأحد، على يد الفصائل المحلية", [["يوم أمس الأحد", "2022-11-06", "2022-11-06", "day"]]],
  ["2022-11-07", "على جثة الانتحاري الذي فجر نفسه قبل يومين، ويدعى", [["قبل يومين", "2022-11-05", "2022-11-05", "day"]]],
  ["2022-11-07", "كشفت عام 2019 في تقرير لها، عقب اعتقالهم في منطقة حوض اليرموك بدرعا عام 2018", [["عام 2019", "2019-01-01", "2019-12-31", "year"], ["عام 2018", "2018-01-01", "2018-12-31", "year"]]],
  // seed-002 (published Friday 2022-10-21)
  ["2022-10-21", "الأسبوع الماضي، وفي الجمعة الماضية، وفجر الجمعة", [["الأسبوع الماضي", "2022-10-14", "2022-10-20", "week"], ["الجمعة الماضية", "2022-10-14", "2022-10-14", "day"], ["وفجر الجمعة", "2022-10-21", "2022-10-21", "day", "dawn"]]],
  // seed-004 (published 2023-01-20)
  ["2023-01-20", "منذ أواخر تشرين الثاني 2022، وفي شهر تشرين الأول، وأواخر العام الماضي", [["أواخر تشرين الثاني 2022", "2022-11-21", "2022-11-30", "month"], ["شهر تشرين الأول", "2022-10-01", "2022-10-31", "month"], ["وأواخر العام الماضي", "2022-10-01", "2022-12-31", "year"]]],
  // GSR dev sentences
  ["2007-01-11", "قتل ثلاثة اشخاص فجر امس الأربعاء في هجوم", [["فجر امس الأربعاء", "2007-01-10", "2007-01-10", "day", "dawn"]]],
  ["2007-03-13", "وكان قد اعتقل مساء أول من امس في منزله", [["مساء أول من امس", "2007-03-11", "2007-03-11", "day", "evening"]]],
  ["2007-08-24", "وقعت الحادثة يوم 25 مايو (ايار) الماضي", [["يوم 25 مايو (ايار)", "2007-05-25", "2007-05-25", "day"]]],
  ["2008-02-10", "منذ اغتيال الحريري في 14 فبراير (شباط) 2005", [["14 فبراير (شباط) 2005", "2005-02-14", "2005-02-14", "day"]]],
  ["2008-11-24", "وقتل يوم الجمعة الماضي، أي قبل سبعة عشر يوماً من الانتخابات", [["يوم الجمعة الماضي", "2008-11-21", "2008-11-21", "day"], ["قبل سبعة عشر يوماً", "2008-11-07", "2008-11-07", "day"]]],
  ["2008-10-17", "شهدت المدينة عدة تفجيرات قبل اربع سنوات", [["قبل اربع سنوات", "2004-01-01", "2004-12-31", "year"]]],
  ["2007-01-07", "كان عمدة للمدينة ما بين 1993 و2003", [["1993 و2003", "1993-01-01", "2003-12-31", "year"]]],
  // relative days and periods (published Wednesday 2022-11-02)
  ["2022-11-02", "قتل اليوم وأمس وأول أمس وقبل ثلاثة أيام", [["اليوم", "2022-11-02", "2022-11-02", "day"], ["وأمس", "2022-11-01", "2022-11-01", "day"], ["وأول أمس", "2022-10-31", "2022-10-31", "day"], ["وقبل ثلاثة أيام", "2022-10-30", "2022-10-30", "day"]]],
  ["2022-11-02", "الأربعاء الماضي ويوم الأربعاء وصباح اليوم والليلة الماضية", [["الأربعاء الماضي", "2022-10-26", "2022-10-26", "day"], ["ويوم الأربعاء", "2022-11-02", "2022-11-02", "day"], ["وصباح اليوم", "2022-11-02", "2022-11-02", "day", "morning"], ["والليلة الماضية", "2022-11-01", "2022-11-01", "day", "night"]]],
  ["2022-11-02", "الشهر الماضي والعام المنصرم وهذا العام ومنتصف الشهر الجاري", [["الشهر الماضي", "2022-10-01", "2022-10-31", "month"], ["والعام المنصرم", "2021-01-01", "2021-12-31", "year"], ["وهذا العام", "2022-01-01", "2022-12-31", "year"], ["ومنتصف الشهر الجاري", "2022-11-11", "2022-11-20", "month"]]],
  ["2022-11-07", "كان ذلك قبل عام 2011", [["عام 2011", "2011-01-01", "2011-12-31", "year"]]],
  ["2022-11-07", "تتواصل الاشتباكات منذ يوم الجمعة", [["يوم الجمعة", "2022-11-04", "2022-11-04", "day"]]],
  ["2022-11-06", "قتل اليوم الأحد ثلاثة", [["اليوم الأحد", "2022-11-06", "2022-11-06", "day"]]],
  ["2022-11-02", "في اليوم التالي للهجوم، وفي نفس اليوم، وفي ذلك اليوم، وفي اليوم نفسه، واليوم الذي قتل فيه", []],
  ["2022-11-07", "خلال الأيام القليلة الماضية، ومطلع العام 2022، وأواخر عام 2021", [["الأيام القليلة الماضية", "2022-10-31", "2022-11-06", "week"], ["ومطلع العام 2022", "2022-01-01", "2022-03-31", "year"], ["وأواخر عام 2021", "2021-10-01", "2021-12-31", "year"]]],
  // seed-003 (published Wednesday 2018-08-01)
  ["2018-08-01", "شنّت الطائرات الحربية الروسية (أمس) الثلاثاء غارات", [["(أمس) الثلاثاء", "2018-07-31", "2018-07-31", "day"]]],
  // announced events: tomorrow (GSR protest sentence)
  ["2007-11-20", "الانتخابات البرلمانية التي تنطلق يوم غد الأربعاء", [["يوم غد الأربعاء", "2007-11-21", "2007-11-21", "day"]]],
  // explicit dates in every month naming, numeric forms, year inference
  ["2022-11-02", "في 15 تشرين الأول 2022 وفي الخامس عشر من أكتوبر وفي 2/11/2022 و2022-11-02", [["15 تشرين الأول 2022", "2022-10-15", "2022-10-15", "day"], ["الخامس عشر من أكتوبر", "2022-10-15", "2022-10-15", "day"], ["2/11/2022", "2022-11-02", "2022-11-02", "day"], ["2022-11-02", "2022-11-02", "2022-11-02", "day"]]],
  ["2022-11-02", "في آب 2022 وفي جويلية 2021 وفي 3 أفريل وفي 20 ديسمبر وفي 15/10", [["آب 2022", "2022-08-01", "2022-08-31", "month"], ["جويلية 2021", "2021-07-01", "2021-07-31", "month"], ["3 أفريل", "2022-04-03", "2022-04-03", "day"], ["20 ديسمبر", "2021-12-20", "2021-12-20", "day"], ["15/10", "2022-10-15", "2022-10-15", "day"]]],
  ["2022-11-02", "في الخامس من الشهر الجاري، و15 من الشهر الماضي", [["الخامس من الشهر الجاري", "2022-11-05", "2022-11-05", "day"], ["15 من الشهر الماضي", "2022-10-15", "2022-10-15", "day"]]],
  ["2022-11-07", "قتل قبل نحو أسبوع، ومنذ حوالي ثلاثة أيام، وقبل يوم، وقبل أيام", [["قبل نحو أسبوع", "2022-10-31", "2022-10-31", "week"], ["ومنذ حوالي ثلاثة أيام", "2022-11-04", "2022-11-04", "day"], ["وقبل يوم", "2022-11-06", "2022-11-06", "day"], ["وقبل أيام", "2022-10-31", "2022-11-06", "week"]]],
  ["2022-11-02", "أوائل كانون الثاني وفي شهر حزيران", [["أوائل كانون الثاني", "2022-01-01", "2022-01-10", "month"], ["شهر حزيران", "2022-06-01", "2022-06-30", "month"]]],
  // Hijri: 15 Rabi' al-Awwal 1444 = 11 October 2022
  ["2022-11-02", "في 15 ربيع الأول 1444 هـ", [["15 ربيع الأول 1444 هـ", "2022-10-11", "2022-10-11", "day"]]],
  // no publication date: relative dates are unresolved, explicit ones still resolve
  [undefined, "قتل أمس ثلاثة، وفي 15 تشرين الأول 2022 قتل اثنان", [["أمس", null, null, "unknown"], ["15 تشرين الأول 2022", "2022-10-15", "2022-10-15", "day"]]],
  // not dates
  ["2022-11-02", "قال أب الضحية إن مارس الضغط على أحد عشر شخصا", []],
];

test("dates: relative, weekday, period, explicit and Hijri expressions resolve against publication", () => {
  for (const [published, text, expected] of CASES) {
    const doc = run(text, published);
    const got = doc.dates.map((d) => {
      const row: Row = [text.slice(d.start, d.end), d.date, d.until, d.precision];
      if (d.partOfDay) row.push(d.partOfDay);
      return row;
    });
    assert.deepEqual(got, expected, text);
  }
});

test("dates: a weekday that disagrees with its date is a message, not a silent guess", () => {
  // published Monday 2022-11-07: yesterday was a Sunday, not a Saturday; 6 Nov 2022 was a Sunday
  const doc = run("أصيبوا يوم أمس السبت، وفي الإثنين 6 تشرين الثاني 2022 قتل اثنان، ويوم أمس الأحد", "2022-11-07");
  assert.deepEqual(doc.messages.map((m) => [m.ruleId, doc.text.slice(m.place!.start, m.place!.end)]), [
    ["W-date-weekday", "يوم أمس السبت"],
    ["W-date-weekday", "الإثنين 6 تشرين الثاني 2022"],
  ]);
  assert.deepEqual(doc.dates.map((d) => d.date), ["2022-11-06", "2022-11-06", "2022-11-06"]);
});

test("dates: the middle of a range", () => {
  // seed-004 (published 2023-01-20)
  const doc = run("في شهر تشرين الأول، وفي بداية تشرين الثاني، ومنذ أواخر تشرين الثاني 2022، وأمس", "2023-01-20");
  assert.deepEqual(doc.dates.map((d) => d.mid ?? null), ["2022-10-15", "2022-11-05", "2022-11-25", null]);
});

test("dates: flags and rules", () => {
  const doc = run("قتل أمس وفي 15 ربيع الأول 1444 هـ", "2022-11-07");
  assert.deepEqual(doc.dates.map((d) => [d.relative, d.rule, d.calendar ?? null]), [
    [true, "date-yesterday", null],
    [false, "date-hijri-day", "hijri"],
  ]);
});

test("dates: calendar arithmetic", () => {
  assert.equal(ymd(dayNumber(2024, 2, 29)), "2024-02-29");
  assert.equal(weekday(dayNumber(2022, 11, 7)), 1); // Monday
  // Tabular Hijri against known dates: 1 Muharram 1444 = 30 July 2022; 1 Ramadan 1445 = 11 March 2024 (±1 day of Umm al-Qura)
  assert.equal(ymd(hijriToDay(1444, 1, 1)), "2022-07-30");
  assert.ok(Math.abs(hijriToDay(1445, 9, 1) - dayNumber(2024, 3, 11)) <= 1);
  assert.equal(ymd(hijriToDay(1, 1, 1)), "0622-07-19"); // proleptic Gregorian of 16 July 622 Julian
});

test("dates: every seed and GSR sentence is processed; spans are well-formed", () => {
  const files = ["../shared/seeds/seeds.jsonl", "../shared/eval/dev/gsr-assault.dev.jsonl", "../shared/eval/dev/gsr-protest.dev.jsonl"];
  let total = 0;
  for (const f of files) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const { text, published } = JSON.parse(line);
      const doc = run(text, published);
      for (const d of doc.dates) {
        assert.ok(d.end > d.start);
        if (d.date && d.until) assert.ok(d.date <= d.until, `${d.date} <= ${d.until}`);
        if (d.relative && d.date && published && d.rule !== "date-tomorrow" && d.rule !== "date-weekday-next") assert.ok(d.date <= published, `${text.slice(d.start, d.end)} after publication`);
        total++;
      }
    }
  }
  assert.ok(total > 500, `found ${total}`);
});
