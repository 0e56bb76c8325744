/**
 * @module stages/numbers
 * Cardinal quantities (text/numbers.ts) over the document's tokens.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { findNumbers } from "../../text/numbers.ts";

export const numbersStage = defineStage({
  name: "rasd.numbers.v1",
  requires: ["doc.tokens"],
  assigns: ["doc.numbers"],
  run(doc) {
    doc.numbers = findNumbers(doc.tokens, doc.meta.published);
    return doc;
  },
});
