import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { phraseKey, tokenize } from "./tokenize.ts";
import { normalize } from "./normalize.ts";
import { analyzeWord, lexiconBase } from "./clitics.ts";
import { splitClauses, splitParagraphs, splitSentences } from "./sentences.ts";

const SEEDS = "../shared/seeds/seeds.jsonl";
const GSR = ["../shared/eval/dev/gsr-assault.dev.jsonl", "../shared/eval/dev/gsr-protest.dev.jsonl"];

function jsonl(path: string): { id: string; text: string; published?: string }[] {
  return readFileSync(path, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

test("tokenize: every token slices back to its surface, and norm is normalize(surface)", () => {
  const texts = [
    // diacritics, tatweel, ZWNJ/ZWJ, direction marks, NBSP, emoji, Eastern digits, Latin
    "قُتِلَ مُقـاتِلٌ\u200cوَاحِدٌ في درعا\u200f، 🚀🔥 و٤ جرحى\u00a0أمس‍ SY24 «الحمادين».",
    "\ufeffلـداعش ﻻ ١٬٢٠٠ عنصر 👨‍👩‍👧 (15/10/2022)",
    ...jsonl(SEEDS).map((d) => d.text),
    ...jsonl(GSR[0]!).slice(0, 200).map((d) => d.text),
  ];
  for (const text of texts) {
    let prevEnd = 0;
    for (const t of tokenize(text)) {
      assert.equal(text.slice(t.start, t.end), t.text);
      assert.equal(t.norm, normalize(t.text));
      assert.ok(t.start >= prevEnd, "tokens are ordered and do not overlap");
      // Nothing but space and invisible marks between tokens.
      assert.equal(text.slice(prevEnd, t.start).replace(/[\s\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u061c]/g, ""), "");
      prevEnd = t.end;
    }
  }
});

test("tokenize: kinds, emoji stay whole, digits keep their separators", () => {
  const text = "قتل ٤ و1,200 🚀 SY24 3.5 ،";
  const toks = tokenize(text).map((t) => [t.text, t.kind]);
  assert.deepEqual(toks, [
    ["قتل", "word"],
    ["٤", "number"],
    ["و", "word"],
    ["1,200", "number"],
    ["🚀", "symbol"],
    ["SY24", "latin"],
    ["3.5", "number"],
    ["،", "punct"],
  ]);
});

// [surface, expected base (normalized), expected proclitics, expected enclitic]
const CLITICS: [string, string, string[], string][] = [
  // the examples (seed-000, seed-002)
  ["وبمساندة", "مسانده", ["و", "ب"], ""],
  ["للتنظيم", "تنظيم", ["ل", "ال"], ""],
  ["بدرعا", "درعا", ["ب"], ""],
  ["فالحملة", "حمله", ["ف", "ال"], ""],
  ["لـداعش", "داعش", ["ل"], ""],
  // words that merely start with a clitic letter
  ["وادي", "وادي", [], ""],
  ["بلدة", "بلده", [], ""],
  ["لواء", "لواء", [], ""],
  ["فصائل", "فصايل", [], ""],
  ["بيان", "بيان", [], ""],
  ["كتيبة", "كتيبه", [], ""],
  ["وزير", "وزير", [], ""],
  // the article needs a bare alef
  ["آليات", "اليات", [], ""],
  ["إلى", "الي", [], ""],
  ["ألفي", "الفي", [], ""],
  ["الإثنين", "اثنين", ["ال"], ""],
  // «لل» is ل + ال, except before a stem that starts with ل
  ["للواء", "لواء", ["ل"], ""],
  ["لليبيا", "ليبيا", ["ل"], ""],
  ["والتنمية", "تنميه", ["و", "ال"], ""],
  ["بالكامل", "كامل", ["ب", "ال"], ""],
  ["وقال", "قال", ["و"], ""],
  ["المدنيين", "مدنيين", ["ال"], ""],
  // pronoun suffixes; a surface ة or ى is never a suffix
  ["مراسلنا", "مراسل", [], "نا"],
  ["حملته", "حمله", [], "ه"],
  ["حملة", "حمله", [], ""],
  ["عليهم", "علي", [], "هم"],
  ["سوري", "سوري", [], ""],
  ["عسكري", "عسكري", [], ""],
];

test("clitics: proclitics and suffixes stripped where safe, checked against the word list", () => {
  for (const [surface, base, pro, enc] of CLITICS) {
    const [t] = tokenize(surface);
    assert.ok(t, surface);
    assert.deepEqual([t.base, [...t.proclitics], t.enclitic], [base, pro, enc], surface);
  }
});

test("clitics: a split no word list supports stands only if the stem occurs alone in the text", () => {
  // Names unknown to the word list: «بايدن», «لافروف», «فاغنر» are not ب/ل/ف + stem;
  // «بكراسنودار» is ب + كراسنودار when «كراسنودار» occurs on its own in the same text.
  const text = "قال بايدن ولافروف إن قوات فاغنر وصلت بكراسنودار إلى مطار كراسنودار";
  const got = tokenize(text).filter((t) => t.kind === "word").map((t) => [t.text, [...t.proclitics], t.base]);
  assert.deepEqual(got.filter(([w]) => ["بايدن", "ولافروف", "فاغنر", "بكراسنودار"].includes(w as string)), [
    ["بايدن", [], "بايدن"],
    ["ولافروف", ["و"], "لافروف"],
    ["فاغنر", [], "فاغنر"],
    ["بكراسنودار", ["ب"], "كراسنودار"],
  ]);
  const alone = tokenize("وصلت القوات بكراسنودار").find((t) => t.text === "بكراسنودار")!;
  assert.deepEqual([[...alone.proclitics], alone.base], [[], "بكراسنودار"]);
});

test("clitics: lexiconBase gives other lexicons the same key as a token's base", () => {
  const rows: [string, string][] = [
    ["الحسكة", "بالحسكة"],
    ["درعا", "بدرعا"],
    ["التنظيم", "للتنظيم"],
    ["داعش", "لـداعش"],
  ];
  for (const [entry, inText] of rows) assert.equal(lexiconBase(entry), tokenize(inText)[0]!.base, entry);
  assert.deepEqual(analyzeWord("وبمسانده").proclitics, ["و", "ب"]);
  assert.equal(phraseKey("دير الزور"), "دير زور");
  assert.equal(phraseKey("ريف دير الزور الشرقي"), tokenize("بريف دير الزور الشرقي").map((t) => t.base).join(" "));
});

test("clitics: conjunction/preposition + article words of the seeds and GSR sentences reach their base", () => {
  const text = [...jsonl(SEEDS), ...jsonl(GSR[1]!).slice(0, 300)].map((d) => d.text).join("\n");
  let n = 0;
  for (const t of tokenize(text)) {
    if (t.kind !== "word") continue;
    // «وال...», «بال...», «فال...»: a bare-alef article after a clitic letter is always split.
    if (/^[وفبك]ال/.test(t.text) && t.norm.length >= 6 && !/^[وفبك]ال[ىي]/.test(t.text)) {
      assert.ok(t.proclitics.includes("ال"), t.text);
      assert.ok(!t.base.startsWith("ال"), t.text);
      n++;
    }
  }
  assert.ok(n > 100, `checked ${n} words`);
});

test("sentences: end at . ! ؟ ؛ and newlines, not at «،»; clauses split at «،»", () => {
  // seed-000, first paragraph and the start of the second
  const text =
    "ليلة مشتعلة شهدتها منطقة “حي الحمادين” في محافظة درعا، عقب استئناف الاشتباكات بين الفصائل المحلية، حيث استمرت الاشتباكات. وأكد مراسلنا أن القادة حاولوا الانسحاب؛ إذ جرت عملية الانسحاب\nهل انتهت المعارك؟ لا. قال د. محمد إن الوضع هادئ";
  const tokens = tokenize(text);
  const paragraphs = splitParagraphs(text);
  const sentences = splitSentences(text, tokens, paragraphs);
  assert.equal(paragraphs.length, 2);
  assert.deepEqual(
    sentences.map((s) => [text.slice(s.start, s.end), s.paragraph]),
    [
      ["ليلة مشتعلة شهدتها منطقة “حي الحمادين” في محافظة درعا، عقب استئناف الاشتباكات بين الفصائل المحلية، حيث استمرت الاشتباكات.", 0],
      ["وأكد مراسلنا أن القادة حاولوا الانسحاب؛", 0],
      ["إذ جرت عملية الانسحاب", 0],
      ["هل انتهت المعارك؟", 1],
      ["لا.", 1],
      ["قال د. محمد إن الوضع هادئ", 1],
    ],
  );
  for (const [k, s] of sentences.entries()) for (let i = s.tokenStart; i < s.tokenEnd; i++) assert.equal(tokens[i]!.sentence, k);
  const clauses = splitClauses(tokens, sentences[0]!).map((c) => text.slice(c.start, c.end));
  assert.deepEqual(clauses, [
    "ليلة مشتعلة شهدتها منطقة",
    "حي الحمادين",
    "في محافظة درعا",
    "عقب استئناف الاشتباكات بين الفصائل المحلية",
    "حيث استمرت الاشتباكات.",
  ]);
});
