import { test } from "node:test";
import assert from "node:assert/strict";
import { tokenize } from "../text/tokenize.ts";
import { splitParagraphs, splitSentences } from "../text/sentences.ts";
import { benchTagger, loadTagger, tagTokens, widenOverMarks } from "./index.ts";
import { analyzeWord } from "./word.ts";
import { readConll, toTrainSentence, goldCharSpans } from "./corpus.ts";
import { NerModel, tagsToSpans, TAG_INDEX } from "./model.ts";

function names(text: string): string[] {
  const tokens = tokenize(text);
  const sentences = splitSentences(text, tokens, splitParagraphs(text));
  return tagTokens(tokens, sentences, text).map((s) => `${s.type}:${text.slice(s.start, s.end)}`);
}

// Real sentences: the opening of the ANERcorp training part, and sentences of the seed articles.
const cases: { text: string; expect: string[] }[] = [
  {
    text: "فرانكفورت (د ب أ) أعلن اتحاد صناعة السيارات في ألمانيا امس الاول أن شركات صناعة السيارات في ألمانيا تواجه عاما صعبا .",
    expect: ["LOC:فرانكفورت", "ORG:اتحاد صناعة السيارات", "LOC:ألمانيا"],
  },
  {
    text: "وقال مدير «المرصد» رامي عبد الرحمن: «تدور منذ الاثنين مفاوضات بين قوات النظام وتنظيم الدولة الإسلامية لإجلاء نحو مائة مقاتل».",
    expect: ["PERS:رامي عبد الرحمن"],
  },
  {
    text: "حيث جرى قنص الشاب “محمد حسين فارس الزنغري” برصاص قناص تابع للتنظيم، في حي “طريق السد” أثناء محاولته عبور أحد الطرقات.",
    expect: ["PERS:محمد حسين فارس الزنغري"],
  },
  {
    // A GSR protest sentence (../shared/eval/dev/gsr-protest.dev.jsonl).
    text: "ويحمّل المتظاهرون بكين مسؤولية عدم صدور قرار عن الأمم المتحدة يدين جنرالات الحكم العسكري في بورما، بعد أن اعترضت الصين عليه.",
    expect: ["LOC:بكين", "ORG:الأمم المتحدة", "LOC:الصين"],
  },
  {
    text: "وقام ممثل عن المتظاهرين في نهاية المظاهرة بتسليم رسالة تضم مطالبهم إلى مسؤول مكتب الأمم المتحدة بالرباط.",
    expect: ["ORG:الأمم المتحدة", "LOC:بالرباط"],
  },
  {
    text: "احتمالية عودة التنظيم للتشكيل بعد القضاء عليه في عدة مواقع أهمها جاسم ودرعا البلد، وفي منطقة طريق السد بمدينة درعا.",
    // The conjunction stays inside the span, as ANERcorp annotates it.
    expect: ["LOC:ودرعا", "LOC:درعا"],
  },
];

for (const c of cases) {
  test(`tagger finds ${c.expect.join(", ")}`, () => {
    const got = names(c.text);
    for (const e of c.expect) assert.ok(got.includes(e), `expected ${e} in ${JSON.stringify(got)}`);
  });
}

test("spans cover whole tokens and index the original text", () => {
  const text = "أكد وزير الخارجية الروسي سيرغي لافروف في موسكو أن بلاده تدعم سوريا .";
  const tokens = tokenize(text);
  for (const s of tagTokens(tokens, undefined, text)) {
    assert.equal(s.start, tokens[s.tokenStart]!.start);
    assert.equal(s.end, tokens[s.tokenEnd - 1]!.end);
    assert.ok(s.confidence >= 0 && s.confidence <= 1);
  }
});

test("invisible marks glued to a name are part of its span", () => {
  const text = "وصل إلى لشبونه\u200f أمس";
  const at = text.indexOf("لشبونه");
  assert.deepEqual(widenOverMarks(text, at, at + 6), { start: at, end: at + 7 });
  assert.deepEqual(widenOverMarks(text, 0, 3), { start: 0, end: 3 });
});

test("the committed model loads and round-trips through its file format", () => {
  const t = loadTagger();
  const again = NerModel.deserialize(t.model.serialize());
  assert.equal(again.bits, t.model.bits);
  // Re-quantizing the stored weights changes them by at most one quantization step.
  let maxDiff = 0;
  const a = t.model.qweights!;
  const b = again.qweights!;
  for (let i = 0; i < a.length; i += 997) maxDiff = Math.max(maxDiff, Math.abs(b[i]! * again.scale - a[i]! * t.model.scale));
  assert.ok(maxDiff < 0.05, `max difference ${maxDiff}`);
});

test("the bench entry point tags every token it is given", () => {
  const text = "وأفادت وكالة الأنباء السورية الرسمية (سانا) أول من أمس بوقوع اشتباكات في درعا .";
  const tokens = tokenize(text);
  assert.equal(benchTagger(tokens, 3, 8), tokens.length * 3);
});

const words: [string, string, string][] = [
  // word, stem, noPrep
  ["وبالعراق", "عراق", "العراق"],
  ["للتنظيم", "تنظيم", "التنظيم"],
  ["والقنيطرة", "قنيطره", "القنيطره"],
  ["درعا", "درعا", "درعا"],
];
for (const [w, stem, noPrep] of words) {
  test(`clitic analysis of ${w}`, () => {
    const a = analyzeWord(w.replace(/ة/g, "ه"));
    assert.equal(a.stem, stem);
    assert.equal(a.noPrep, noPrep);
  });
}

test("CoNLL gold spans are projected onto rasd tokens", () => {
  const [s] = readConll("فرانكفورت B-LOC\n(د O\nب O\nأ) O\nأعلن O\nاتحاد B-ORG\nصناعة I-ORG\nالسيارات I-ORG\n. O\n");
  const { spans } = goldCharSpans(s!);
  assert.deepEqual(spans.map((x) => x.type), ["LOC", "ORG"]);
  const ts = toTrainSentence(s!);
  const got = tagsToSpans(ts.gold, ts.tokens.length).map((x) => ts.tokens.slice(x.start, x.end).map((t) => t.text).join(" "));
  assert.deepEqual(got, ["فرانكفورت", "اتحاد صناعة السيارات"]);
  assert.equal(ts.gold[0], TAG_INDEX["B-LOC"]);
});

test("the inference fast path scores exactly as the training features do", async () => {
  const { extractFeatures, scoreTokens, compactWeights } = await import("./features.ts");
  const { K } = await import("./model.ts");
  const t = loadTagger();
  const cw = compactWeights(t.model.qweights!, K);
  for (const c of cases) {
    const tokens = tokenize(c.text);
    const n = tokens.length;
    const slow = t.model.emissions(extractFeatures(tokens, t.res), n).slice(0, n * K);
    const fast = scoreTokens(tokens, 0, n, t.res, cw, t.model.mask, t.model.scale, K, new Float32Array(n * K));
    for (let i = 0; i < n * K; i++) assert.ok(Math.abs(slow[i]! - fast[i]!) < 1e-3, `token ${Math.floor(i / K)} tag ${i % K}: ${slow[i]} vs ${fast[i]}`);
  }
});

test("the world list gives names and word classes", async () => {
  const t = loadTagger();
  assert.ok(t.res.world && t.res.world.entries.size > 1000, "world names loaded");
  assert.ok(t.res.classes && t.res.classes.size > 500, "word classes loaded");
  // A person after a title and a given name, unseen in training as a whole.
  const got = names("وقال وزير الداخلية نيكولا ساركوزي إن الحكومة ستدرس الأمر .");
  assert.ok(got.includes("PERS:نيكولا ساركوزي"), `expected PERS:نيكولا ساركوزي in ${JSON.stringify(got)}`);
});

test("the name n-gram score ranks transliterated names above ordinary news words", async () => {
  const { nameBucket, buildNameGrams } = await import("./ngrams.ts");
  const t = loadTagger();
  assert.ok(t.res.grams && t.res.grams.size > 1000, "n-gram table loaded");
  const score = (w: string) => nameBucket(t.res.grams!, analyzeWord(w.replace(/ة/g, "ه")).stem);
  // Names of no list (a Greek and a Dutch surname as the press spells them) against common words.
  for (const name of ["باكويانيس", "هانتيلار"]) {
    for (const word of ["المفاوضات", "الاقتصادية", "اجتماع"]) assert.ok(score(name) > score(word), `${name} ${score(name)} vs ${word} ${score(word)}`);
  }
  // The table is a log-odds: a gram seen only among names is positive, one seen only in the vocabulary negative.
  const g = buildNameGrams(["ساركوزي", "كوزيمو", "كوزلوف"], ["حكومه", "حكومات", "حكومي"]);
  assert.ok(g.get("كوز")! > 0 && g.get("حكو")! < 0);
});
