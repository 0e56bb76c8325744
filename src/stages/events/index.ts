/**
 * @module stages/events
 * ACLED-coded event extraction (issue 6): triggers, filters, sub-event typing, arguments with
 * evidence, merging, background, notes and confidence. See src/events/.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { extractEvents } from "../../events/extract.ts";

export const eventsStage = defineStage({
  name: "rasd.events.v1",
  requires: ["doc.tokens", "doc.numbers", "doc.dates", "doc.places", "doc.actors"],
  assigns: ["doc.events"],
  run(doc) {
    doc.events = extractEvents(doc);
    return doc;
  },
});
