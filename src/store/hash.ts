/**
 * @module store/hash
 * The content hash that makes ingestion idempotent: sha256 (hex) of the Arabic-normalized text
 * with whitespace runs collapsed and the ends trimmed, so that the same article fetched twice, or
 * with different diacritics, tatweel or line breaks, is stored once.
 */
import { createHash } from "node:crypto";
import { normalize } from "../text/normalize.ts";

/**
 * Every whitespace run as one space: only runs of two or more and single characters other than a
 * space are replaced (the same result as replacing each run of /\s+/, with a few replacements per
 * article instead of one per word: ~11 instead of ~35 us for an article).
 */
function collapseWhitespace(s: string): string {
  return s.replace(/\s{2,}|[^\S ]/g, " ").trim();
}

export function normalizeForHash(text: string): string {
  return collapseWhitespace(normalize(text));
}

export function contentHash(text: string): string {
  return contentHashOfNormalized(normalize(text));
}

/**
 * contentHash(text) given `normalized` = normalize(text) (for a caller that needs both). The UTF-8
 * bytes are made first: hashing a Buffer is about three times faster here than handing the hash
 * a (two-byte) string to encode.
 */
export function contentHashOfNormalized(normalized: string): string {
  return createHash("sha256").update(Buffer.from(collapseWhitespace(normalized), "utf8")).digest("hex");
}

/** The id given to a document saved without one. */
export function defaultDocumentId(hash: string): string {
  return `doc-${hash.slice(0, 16)}`;
}
