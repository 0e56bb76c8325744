/**
 * @module pipeline/default
 * The default extraction pipeline, in order. Order matters: the text layer first (tokens, numbers,
 * dates), then the recognisers that read tokens (places, actors, people, the tagger), then events,
 * which need all of them. `createPipeline` checks the order before the first document.
 *
 * Stages and the annotations they declare (requires -> assigns):
 *   rasd.tokenize.v1   -                                     -> doc.tokens, doc.sentences, doc.paragraphs
 *   rasd.numbers.v1    doc.tokens                            -> doc.numbers
 *   rasd.dates.v1      doc.tokens, doc.sentences             -> doc.dates
 *   rasd.geocode.v1    doc.tokens                            -> doc.places, doc.placeEntities
 *   rasd.actors.v1     doc.tokens                            -> doc.actors, doc.orgEntities
 *   rasd.persons.v1    doc.tokens, doc.actors                -> doc.personEntities
 *   rasd.tagger.v1     doc.tokens                            -> doc.nerTags
 *   rasd.entities.v1   doc.placeEntities, doc.orgEntities, doc.personEntities, doc.nerTags -> doc.entities
 *   rasd.events.v1     doc.tokens, doc.numbers, doc.dates, doc.places, doc.actors -> doc.events
 */
import type { Stage } from "./stage.ts";
import { createPipeline, type ErrorHandler, type Pipeline } from "./pipeline.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";
import { numbersStage } from "../stages/numbers/index.ts";
import { datesStage } from "../stages/dates/index.ts";
import { geocodeStage } from "../stages/geocode/index.ts";
import { actorsStage } from "../stages/actors/index.ts";
import { personsStage } from "../stages/persons/index.ts";
import { taggerStage } from "../stages/tagger/index.ts";
import { entitiesStage } from "../stages/entities/index.ts";
import { eventsStage } from "../stages/events/index.ts";

export function defaultStages(): Stage[] {
  return [
    tokenizeStage,
    numbersStage,
    datesStage,
    geocodeStage,
    actorsStage,
    personsStage,
    taggerStage,
    entitiesStage,
    eventsStage,
  ];
}

export function createDefaultPipeline(onError?: ErrorHandler): Pipeline {
  return createPipeline(defaultStages(), onError);
}
