/**
 * @module text/dateline
 * The dateline news sites open an article with: «منبج – نورث برس», «دمشق – الشرق الأوسط», «درعا - SY24»
 * (where – who). It says the text is an article, not an isolated sentence, and its second half is the
 * outlet's name, never a place of the story (Asharq Al-Awsat is «the Middle East»).
 */
import type { Span } from "../doc/types.ts";

export interface Dateline {
  /** The place half, before the dash. */
  place: Span;
  /** The outlet half, after the dash. */
  outlet: Span;
}

const DASH = /\s+[\u2013\u2014-]\s+/;

/** The dateline on the first line of the text: a short line of two halves of one to four words around a dash. */
export function findDateline(text: string): Dateline | null {
  const nl = text.indexOf("\n");
  if (nl < 0 || !/\S/.test(text.slice(nl + 1))) return null;
  const line = text.slice(0, nl);
  const first = line.trim();
  if (first.length > 60) return null;
  const m = DASH.exec(line);
  if (!m) return null;
  const a = line.slice(0, m.index), b = line.slice(m.index + m[0].length);
  const words = (x: string) => x.trim().split(/\s+/).filter(Boolean).length;
  if (DASH.test(b) || words(a) < 1 || words(a) > 4 || words(b) < 1 || words(b) > 4) return null;
  const lead = line.length - line.trimStart().length;
  const trail = b.length - b.trimEnd().length;
  return { place: { start: lead, end: m.index }, outlet: { start: m.index + m[0].length, end: line.length - trail } };
}
