/**
 * @module contract/input
 * Validating one input document of `rasd extract`: {"id", "text", "published"?, "source"?, "url"?, "title"?}.
 * Returns either a document or a clear reason naming what was wrong.
 */
import type { DocMeta } from "../doc/types.ts";

/** Texts longer than this (UTF-16 units) are refused: no news article is 5 million characters. */
export const MAX_TEXT_CHARS = 5_000_000;

export interface InputDocument {
  id: string;
  text: string;
  meta: DocMeta;
  /** Problems that did not stop the document (e.g. an unreadable publication date). */
  warnings: string[];
}

export type ParseResult = { ok: true; doc: InputDocument } | { ok: false; error: string };

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/** "2022-11-07" or an ISO date-time -> "2022-11-07"; null if it is not a real calendar day. */
export function parsePublished(value: string): string | null {
  const m = ISO_DAY.exec(value.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export function parseInputObject(obj: unknown): ParseResult {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
    return { ok: false, error: `expected a JSON object, found ${Array.isArray(obj) ? "an array" : obj === null ? "null" : typeof obj}` };
  }
  const o = obj as Record<string, unknown>;
  if (!("id" in o) || o.id === null || o.id === undefined || o.id === "") return { ok: false, error: 'no "id"' };
  if (typeof o.id !== "string" && typeof o.id !== "number") return { ok: false, error: `"id" must be a string, found ${typeof o.id}` };
  const id = String(o.id);
  if (!("text" in o) || o.text === undefined || o.text === null) return { ok: false, error: `document ${id}: no "text"` };
  if (typeof o.text !== "string") return { ok: false, error: `document ${id}: "text" must be a string, found ${Array.isArray(o.text) ? "an array" : typeof o.text}` };
  if (o.text.length > MAX_TEXT_CHARS) {
    return { ok: false, error: `document ${id}: "text" is ${o.text.length} characters, over the limit of ${MAX_TEXT_CHARS}` };
  }
  const warnings: string[] = [];
  const meta: DocMeta = {};
  if (o.published !== undefined && o.published !== null && o.published !== "") {
    const p = typeof o.published === "string" ? parsePublished(o.published) : null;
    if (p) meta.published = p;
    else warnings.push(`document ${id}: "published" ${JSON.stringify(o.published)} is not a date (YYYY-MM-DD or ISO date-time); relative dates stay unresolved`);
  }
  for (const k of ["source", "url", "title"] as const) {
    const v = o[k];
    if (typeof v === "string") meta[k] = v;
  }
  return { ok: true, doc: { id, text: o.text, meta, warnings } };
}

export function parseInputLine(line: string): ParseResult {
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return { ok: false, error: `not JSON (${(e as Error).message})` };
  }
  return parseInputObject(obj);
}
