/**
 * @module stages/entities
 * The document's final entities: the rule and dictionary entities (doc.placeEntities,
 * doc.orgEntities, doc.personEntities) combined with the statistical tagger's spans (see merge.ts
 * for the decisions and the figures behind them). Any of the inputs may be missing: a pipeline
 * without the geocoder or the person stage still gets the tagger's names.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { nerSpans } from "../tagger/index.ts";
import { actorInfo } from "../../actors/index.ts";
import { DEFAULT_MERGE, mergeEntities, type MergeOptions } from "./merge.ts";

export function createEntitiesStage(opts: Partial<MergeOptions> = {}) {
  return defineStage({
    name: "rasd.entities.v1",
    requires: ["doc.placeEntities", "doc.orgEntities", "doc.personEntities", "doc.nerTags"],
    assigns: ["doc.entities"],
    run(doc) {
      doc.entities = mergeEntities(doc, nerSpans(doc), { ...DEFAULT_MERGE, actorKind: (id) => actorInfo(id)?.kind, ...opts });
      return doc;
    },
  });
}

export const entitiesStage = createEntitiesStage();
