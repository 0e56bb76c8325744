/**
 * @module stages/actors
 * Actor mentions from the actor dictionary (data/actors) and ORG entities for the organisations
 * among them: actors carry their actor id, news outlets and monitors are marked as sources.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { analyzeActors, ACTORS_EXT, type ActorsExt } from "../../actors/index.ts";

export const actorsStage = defineStage({
  name: "rasd.actors.v1",
  requires: ["doc.tokens"],
  assigns: ["doc.actors", "doc.orgEntities"],
  run(doc) {
    const r = analyzeActors(doc);
    doc.actors = r.mentions;
    doc.orgEntities = r.entities;
    const ext: ActorsExt = { country: r.country, mainOrganisation: r.mainOrganisation };
    doc.ext[ACTORS_EXT] = ext;
    return doc;
  },
});
