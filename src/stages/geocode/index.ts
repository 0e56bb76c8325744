/**
 * @module stages/geocode
 * Place mentions (doc.places) and one LOC entity per distinct resolved place (doc.placeEntities,
 * also appended to doc.entities so the contract output carries them before rasd.entities.v1 runs).
 */
import { defineStage } from "../../pipeline/stage.ts";
import { geocode, GEOCODE_SOURCE } from "../../geo/geocode.ts";
import { findDateline } from "../../text/dateline.ts";

export const geocodeStage = defineStage({
  name: GEOCODE_SOURCE,
  requires: ["doc.tokens"],
  assigns: ["doc.places", "doc.placeEntities"],
  run(doc) {
    const r = geocode(doc);
    // «دمشق – الشرق الأوسط»: the outlet half of a dateline names a newspaper, not a place.
    const outlet = findDateline(doc.text)?.outlet;
    const inOutlet = (x: { start: number; end: number }) => !!outlet && x.start >= outlet.start && x.end <= outlet.end;
    // Kept as looked at (so the tagger adds no place there), resolved to nothing.
    doc.places = r.places.map((p) => (inOutlet(p) ? { ...p, place: null, alternatives: undefined, rule: "dateline-outlet" } : p));
    doc.placeEntities = r.entities.filter((e) => !e.mentions.every(inOutlet));
    for (const e of doc.placeEntities) if (e.mentions.some(inOutlet)) e.mentions = e.mentions.filter((x) => !inOutlet(x));
    // rasd.entities.v1 merges placeEntities into entities; until it runs, the places are there too.
    for (const e of doc.placeEntities) if (!doc.entities.includes(e)) doc.entities.push(e);
    return doc;
  },
});
