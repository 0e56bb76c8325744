/**
 * @module stages/tagger
 * The statistical name tagger (src/ner) over the document's tokens. Its spans go to
 * `doc.ext["rasd.tagger.v1"]` as `{ spans: NerSpan[] }` (read them with `nerSpans(doc)`);
 * rasd.entities.v1 decides which of them become entities.
 */
import type { Doc } from "../../doc/types.ts";
import { defineStage } from "../../pipeline/stage.ts";
import { tagTokens, type NerSpan } from "../../ner/index.ts";

export const TAGGER_EXT = "rasd.tagger.v1";

export interface TaggerExt {
  spans: NerSpan[];
}

/** The tagger's spans of a document, [] when the tagger has not run. */
export function nerSpans(doc: Doc): NerSpan[] {
  return (doc.ext[TAGGER_EXT] as TaggerExt | undefined)?.spans ?? [];
}

export const taggerStage = defineStage({
  name: "rasd.tagger.v1",
  requires: ["doc.tokens"],
  assigns: ["doc.nerTags"],
  run(doc) {
    const ext: TaggerExt = { spans: tagTokens(doc.tokens, doc.sentences, doc.text) };
    doc.ext[TAGGER_EXT] = ext;
    return doc;
  },
});
