/**
 * @module pipeline/stage
 * A stage is a named `Doc -> Doc` function that declares the annotations it requires and the ones
 * it assigns ("doc.tokens", "doc.dates", ...). The runner checks the list before it runs.
 */
import type { Doc } from "../doc/types.ts";

export interface Stage {
  /** Versioned, unique name, e.g. "rasd.tokenize.v1". */
  readonly name: string;
  readonly requires: readonly string[];
  readonly assigns: readonly string[];
  /** Processes one document. Per-document problems become messages on the doc, not exceptions. */
  run(doc: Doc): Doc;
}

/** A valid annotation name: "doc.<field>", letters only. */
export const ANNOTATION = /^doc\.[a-z][a-zA-Z]*$/;

export function defineStage(stage: Stage): Stage {
  for (const a of [...stage.requires, ...stage.assigns]) {
    if (!ANNOTATION.test(a)) {
      throw new Error(`[E101] stage "${stage.name}" declares annotation "${a}", expected a name like "doc.tokens"`);
    }
  }
  return Object.freeze({ ...stage, requires: Object.freeze([...stage.requires]), assigns: Object.freeze([...stage.assigns]) });
}
