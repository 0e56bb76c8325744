import { test } from "node:test";
import assert from "node:assert/strict";
import { arabicSpell, parseSpell } from "./spell.ts";
import { normalize } from "./normalize.ts";
import { tokenize } from "./tokenize.ts";

test("the Hunspell reader: prefixes, suffixes, conditions, cross products and twofold suffixes", () => {
  const aff = [
    "FLAG long",
    "PFX Pa Y 1",
    "PFX Pa 0 ال .",
    "PFX Pb N 1",
    "PFX Pb 0 و .",
    "SFX Sa Y 2",
    "SFX Sa 0 ات/Sb [^ة]",
    "SFX Sa ة ات ة",
    "SFX Sb Y 1",
    "SFX Sb 0 ها .",
  ].join("\n");
  const dic = ["2", "مدرسة/PaSa", "كتاب/PbSa"].join("\n");
  const d = parseSpell(aff, dic, (s) => s);
  assert.equal(d.check("مدرسة"), true, "a stem");
  assert.equal(d.check("المدرسة"), true, "a prefix");
  assert.equal(d.check("مدرسات"), true, "a suffix replacing ة (condition ة)");
  assert.equal(d.check("المدرسات"), true, "prefix and suffix, both cross products");
  assert.equal(d.check("كتابات"), true, "a suffix under condition [^ة]");
  assert.equal(d.check("كتاباتها"), true, "a second suffix through the first one's continuation class");
  assert.equal(d.check("وكتاب"), true, "a prefix without cross product alone");
  assert.equal(d.check("وكتابات"), false, "a prefix without cross product never meets a suffix");
  assert.equal(d.check("الكتاب"), false, "a prefix the stem does not allow");
  assert.equal(d.check("مدرستها"), false, "a form no rule makes");
});

test("the Arabic dictionary knows ordinary words of the seeds and not the foreign names of ANERcorp", () => {
  const d = arabicSpell();
  assert.ok(d.size > 90_000, `stems loaded: ${d.size}`);
  // seed-000: every word of this clause is vocabulary.
  const words = tokenize("والعثور خلال عملية التقدم على جثة الانتحاري الذي فجر نفسه قبل يومين").filter((t) => t.kind === "word");
  const rejected = words.filter((t) => !d.check(t.norm)).map((t) => t.text);
  assert.deepEqual(rejected, [], "ordinary words accepted");
  // ANERcorp training sentences: names no list knows.
  for (const name of ["باكويانيس", "تروتنيف", "هانتيلار", "لاريجاني", "جرونسبكت"]) assert.equal(d.check(normalize(name)), false, `${name} is not vocabulary`);
  // Normalized spellings are checked as such: taa marbuta and hamza folded.
  assert.equal(d.check(normalize("المدرسة")), true, "«المدرسة» normalized");
  assert.equal(d.check(normalize("وأكد")), true, "«وأكد» normalized");
});
