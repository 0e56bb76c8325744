import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { findDateline } from "./dateline.ts";

test("dateline: the seeds' first lines («درعا – نورث برس») and what is not one", () => {
  const seeds = readFileSync(new URL("../../../shared/seeds/seeds.jsonl", import.meta.url), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as { id: string; text: string });
  const seed2 = seeds.find((s) => s.id === "seed-002")!.text;
  const d = findDateline(seed2);
  assert.ok(d, "seed-002 opens with a dateline");
  assert.equal(seed2.slice(d.place.start, d.place.end), "درعا");
  assert.equal(seed2.slice(d.outlet.start, d.outlet.end), "نورث برس");
  const t = "دمشق – الشرق الأوسط\nأفاد المرصد السوري لحقوق الإنسان بأن ستة عناصر قُتلوا.";
  const d2 = findDateline(t)!;
  assert.equal(t.slice(d2.outlet.start, d2.outlet.end), "الشرق الأوسط");
  // A sentence with a dash, a single line, a long first line: no dateline.
  assert.equal(findDateline("قتل أكثر من 25 شخصاً في محافظة درعا – الأسبوع الماضي."), null);
  assert.equal(findDateline("قتل أكثر من 25 شخصاً في محافظة درعا الأسبوع الماضي – بحسب مصادر محلية في المدينة\nوأضاف المصدر"), null);
});
