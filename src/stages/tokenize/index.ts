/**
 * @module stages/tokenize
 * Tokens with clitic analysis, sentences and paragraphs.
 */
import { defineStage } from "../../pipeline/stage.ts";
import { tokenize } from "../../text/tokenize.ts";
import { splitParagraphs, splitSentences } from "../../text/sentences.ts";

export const tokenizeStage = defineStage({
  name: "rasd.tokenize.v1",
  requires: [],
  assigns: ["doc.tokens", "doc.sentences", "doc.paragraphs"],
  run(doc) {
    doc.tokens = tokenize(doc.text);
    doc.paragraphs = splitParagraphs(doc.text);
    doc.sentences = splitSentences(doc.text, doc.tokens, doc.paragraphs);
    return doc;
  },
});
