import { test } from "node:test";
import assert from "node:assert/strict";
import { analyzePipeline, createPipeline, recordError } from "./pipeline.ts";
import { defineStage } from "./stage.ts";
import { createDoc } from "../doc/doc.ts";
import { createDefaultPipeline } from "./default.ts";

const a = defineStage({ name: "a", requires: [], assigns: ["doc.tokens"], run: (d) => d });
const b = defineStage({ name: "b", requires: ["doc.tokens", "doc.dates"], assigns: ["doc.events"], run: (d) => d });

test("pipeline_analyze_lists_unmet_requirements", () => {
  assert.deepEqual(analyzePipeline([a, b]).problems, { b: ["doc.dates"] });
  assert.deepEqual(analyzePipeline([b, a]).problems, { b: ["doc.tokens", "doc.dates"] });
});

test("pipeline_refuses_misordered_and_duplicate_stages", () => {
  assert.throws(() => createPipeline([b]), /E103.*"b" requires doc.tokens, doc.dates/);
  assert.throws(() => createPipeline([a, a]), /E102/);
  assert.throws(() => defineStage({ name: "x", requires: ["tokens"], assigns: [], run: (d) => d }), /E101/);
});

test("pipeline_stage_error_becomes_a_fatal_message_when_recording", () => {
  const boom = defineStage({ name: "boom", requires: [], assigns: [], run: () => { throw new Error("bad data"); } });
  const doc = createPipeline([boom, a], recordError).run(createDoc("d", "نص"));
  assert.equal(doc.messages.length, 1);
  assert.equal(doc.messages[0]!.fatal, true);
  assert.match(doc.messages[0]!.reason, /bad data/);
  assert.deepEqual(doc.annotations, ["doc.tokens"]);
});

test("pipeline_stage_returning_nothing_is_refused", () => {
  const bad = defineStage({ name: "bad", requires: [], assigns: [], run: () => undefined as never });
  assert.throws(() => createPipeline([bad]).run(createDoc("d", "نص")), /E104.*"bad" returned undefined/);
});

test("pipeline_default_is_well_ordered", () => {
  assert.ok(createDefaultPipeline().stages.length >= 1);
});
