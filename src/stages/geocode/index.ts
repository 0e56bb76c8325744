/**
 * @module stages/geocode
 * Place mentions (doc.places) and one LOC entity per distinct resolved place (doc.placeEntities,
 * also appended to doc.entities so the contract output carries them before rasd.entities.v1 runs).
 */
import { defineStage } from "../../pipeline/stage.ts";
import { geocode, GEOCODE_SOURCE } from "../../geo/geocode.ts";

export const geocodeStage = defineStage({
  name: GEOCODE_SOURCE,
  requires: ["doc.tokens"],
  assigns: ["doc.places", "doc.placeEntities"],
  run(doc) {
    const r = geocode(doc);
    doc.places = r.places;
    doc.placeEntities = r.entities;
    // rasd.entities.v1 merges placeEntities into entities; until it runs, the places are there too.
    for (const e of r.entities) if (!doc.entities.includes(e)) doc.entities.push(e);
    return doc;
  },
});
