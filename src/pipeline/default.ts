/**
 * @module pipeline/default
 * The default extraction pipeline, in order. Order matters: the text layer first (tokens, numbers,
 * dates), then the recognisers that read tokens (places, actors, people, the tagger), then events,
 * which need all of them. `createPipeline` checks the order before the first document.
 */
import type { Stage } from "./stage.ts";
import { createPipeline, type ErrorHandler, type Pipeline } from "./pipeline.ts";
import { tokenizeStage } from "../stages/tokenize/index.ts";

export function defaultStages(): Stage[] {
  return [
    tokenizeStage,
  ];
}

export function createDefaultPipeline(onError?: ErrorHandler): Pipeline {
  return createPipeline(defaultStages(), onError);
}
