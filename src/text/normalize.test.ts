import { test } from "node:test";
import assert from "node:assert/strict";
import { normalize, normalizeWithMap, toOriginalSpan } from "./normalize.ts";

// [what, input, expected normalized form]
const CASES: [string, string, string][] = [
  ["diacritics (harakat, tanwin, shadda, sukun)", "قُتِلَ مُقَاتِلٌ وَاحِدٌ", "قتل مقاتل واحد"],
  ["shadda and dagger alef", "الرَّحْمٰن", "الرحمن"],
  ["tatweel", "لـداعش الـسـوري", "لداعش السوري"],
  ["alef with hamza above/below and madda", "أكد إطلاق آليات", "اكد اطلاق اليات"],
  ["alef wasla", "ٱلقتال", "القتال"],
  ["alef maqsura", "إلى مستشفى", "الي مستشفي"],
  ["taa marbuta", "مدينة درعا البلدة", "مدينه درعا البلده"],
  ["hamza on waw and yaa", "مؤيد فصائل", "مويد فصايل"],
  ["Persian letter forms", "کرد ی", "كرد ي"],
  ["zero-width and direction marks", "درعا\u200c\u200f البلد\u200e\u2067", "درعا البلد"],
  ["BOM and Arabic letter mark", "\ufeffدرعا\u061c", "درعا"],
  ["Eastern Arabic digits", "مقتل ٤ أشخاص و١٢ جريحا", "مقتل 4 اشخاص و12 جريحا"],
  ["Persian digits", "۲۰۲۲", "2022"],
  ["Arabic decimal and thousands separators", "٢٫٥ و١٬٠٠٠", "2.5 و1,000"],
  ["presentation forms (NFKC)", "\ufefb \ufe8d\ufedf\ufe98\ufee8\ufec8\ufbfe\ufee1", "لا التنظيم"],
  ["full-width digits (NFKC)", "\uff11\uff15", "15"],
  ["Arabic punctuation is kept", "قال: لا؛ لماذا؟ نعم، غدا", "قال: لا؛ لماذا؟ نعم، غدا"],
  ["honorific marks dropped", "محمد\u0610\u0612", "محمد"],
  ["no-break space becomes a space", "درعا\u00a0البلد", "درعا البلد"],
  ["ASCII unchanged", "SY24 ACLED 2022", "SY24 ACLED 2022"],
];

test("normalize: folds each written variant", () => {
  for (const [what, input, expected] of CASES) assert.equal(normalize(input), expected, what);
});

test("normalizeWithMap: same text as normalize, and every unit maps to the original unit it came from", () => {
  for (const [what, input] of CASES) {
    const n = normalizeWithMap(input);
    assert.equal(n.text, normalize(input), what);
    assert.equal(n.map.length, n.text.length + 1, what);
    assert.equal(n.map[n.text.length], input.length, what);
    for (let i = 0; i < n.text.length; i++) {
      assert.ok(n.map[i]! < input.length, what);
      if (i > 0) assert.ok(n.map[i]! >= n.map[i - 1]!, `${what}: map is monotonic`);
      // A unit that normalization did not change maps to itself in the original.
      const orig = input[n.map[i]!]!;
      if (orig === n.text[i]) continue;
      assert.equal(normalize(orig).includes(n.text[i]!), true, `${what}: unit ${i}`);
    }
  }
});

test("toOriginalSpan: a match in the normalized copy maps back to the original surface", () => {
  // [original, word to find in the normalized copy, expected original surface]
  const rows: [string, string, string][] = [
    ["أعلنت قوّاتُ النظام السوريّ سيطرتها", "قوات", "قوّاتُ"],
    ["أعلنت قوّاتُ النظام السوريّ سيطرتها", "السوري", "السوريّ"],
    ["هجوم لـداعش على درعا", "لداعش", "لـداعش"],
    ["في ٢٠٢٢ قتل ٤", "2022", "٢٠٢٢"],
    ["قرية\u200cالكفير 🚀 أمس", "الكفير", "الكفير"],
    ["🚀 مقتل ٤", "4", "٤"],
  ];
  for (const [text, word, surface] of rows) {
    const n = normalizeWithMap(text);
    const at = n.text.indexOf(word);
    assert.ok(at >= 0, word);
    const span = toOriginalSpan(n, at, at + word.length);
    assert.equal(text.slice(span.start, span.end), surface);
  }
});
