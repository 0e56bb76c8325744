/**
 * @module stages/dates
 * Date expressions (text/dates.ts) resolved against `doc.meta.published`; a stated weekday that
 * disagrees with its date becomes a W-date-weekday message.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { findDates } from "../../text/dates.ts";

export const datesStage = defineStage({
  name: "rasd.dates.v1",
  requires: ["doc.tokens", "doc.sentences"],
  assigns: ["doc.dates"],
  run(doc) {
    doc.dates = findDates(doc.tokens, doc.meta.published, doc);
    return doc;
  },
});
