/**
 * @module doc/doc
 * Creating documents and adding positioned messages to them.
 */
import type { Doc, DocMeta, Message, Span } from "./types.ts";

/** A new document with no annotations. The text is kept exactly as given. */
export function createDoc(id: string, text: string, meta: DocMeta = {}): Doc {
  return {
    id,
    text,
    meta: { ...meta },
    tokens: [],
    sentences: [],
    paragraphs: [],
    numbers: [],
    dates: [],
    places: [],
    actors: [],
    entities: [],
    events: [],
    messages: [],
    annotations: [],
    ext: {},
  };
}

/** Adds a positioned message to the document and returns it. */
export function addMessage(
  doc: Doc,
  source: string,
  ruleId: string,
  reason: string,
  place?: Span,
  fatal?: boolean,
): Message {
  const msg: Message = { reason, ruleId, source };
  if (place) msg.place = { start: place.start, end: place.end };
  if (fatal !== undefined) msg.fatal = fatal;
  doc.messages.push(msg);
  return msg;
}

/** The surface text of a span. */
export function spanText(doc: Doc, span: Span): string {
  return doc.text.slice(span.start, span.end);
}
