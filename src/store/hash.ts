/**
 * @module store/hash
 * The content hash that makes ingestion idempotent: sha256 (hex) of the Arabic-normalized text
 * with whitespace runs collapsed and the ends trimmed, so that the same article fetched twice, or
 * with different diacritics, tatweel or line breaks, is stored once.
 */
import { createHash } from "node:crypto";
import { normalize } from "../text/normalize.ts";

export function normalizeForHash(text: string): string {
  return normalize(text).replace(/\s+/g, " ").trim();
}

export function contentHash(text: string): string {
  return createHash("sha256").update(normalizeForHash(text), "utf8").digest("hex");
}

/** contentHash(text) given `normalized` = normalize(text) (for a caller that needs both). */
export function contentHashOfNormalized(normalized: string): string {
  return createHash("sha256").update(normalized.replace(/\s+/g, " ").trim(), "utf8").digest("hex");
}

/** The id given to a document saved without one. */
export function defaultDocumentId(hash: string): string {
  return `doc-${hash.slice(0, 16)}`;
}
