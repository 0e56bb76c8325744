/**
 * @module text/layer
 * The whole Arabic text layer on one document, in pipeline order: tokens (with clitics),
 * paragraphs and sentences, numbers, dates. The same work as the stages rasd.tokenize.v1,
 * rasd.numbers.v1 and rasd.dates.v1, for benchmarks and callers that need only this layer.
 */
import type { Doc } from "../doc/types.ts";
import { tokenize } from "./tokenize.ts";
import { splitParagraphs, splitSentences } from "./sentences.ts";
import { findNumbers } from "./numbers.ts";
import { findDates } from "./dates.ts";

export function runTextLayer(doc: Doc): Doc {
  doc.tokens = tokenize(doc.text);
  doc.paragraphs = splitParagraphs(doc.text);
  doc.sentences = splitSentences(doc.text, doc.tokens, doc.paragraphs);
  doc.numbers = findNumbers(doc.tokens, doc.meta.published);
  doc.dates = findDates(doc.tokens, doc.meta.published, doc);
  for (const a of ["doc.tokens", "doc.paragraphs", "doc.sentences", "doc.numbers", "doc.dates"]) if (!doc.annotations.includes(a)) doc.annotations.push(a);
  return doc;
}
