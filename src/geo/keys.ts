/**
 * @module geo/keys
 * Matching keys for place names. A key folds the ways Arabic writing varies one place name beyond
 * what text/normalize.ts already folds (hamza on alef, ة/ه, ى/ي, diacritics and shadda):
 * - the article «ال» is optional («الشجرة» = «شجرة»): dropped from every word of the key;
 * - ث/ت: «جباثا الخشب» = «جباتا الخشب» (the sources spell by ear);
 * (The endings «-ية» / «-يا», «معرية» = «معريا», are variants the gazetteer index adds for place names
 * only, see geo/gazetteer.ts: in text, «عليه» and «روسية» must not become «عليا» and «روسيا».)
 * - a final hamza after alef («السويداء» = «السويدا»).
 * The same function keys gazetteer names (at build and load time) and text words (at run time), so no
 * variant lists are needed.
 */
import { normalize } from "../text/normalize.ts";

/** Key of one normalized word (already through normalize()). */
export function wordKey(norm: string): string {
  let w = norm;
  if (w.length > 3 && w.startsWith("ال")) w = w.slice(2);
  if (w.indexOf("ث") >= 0) w = w.replace(/ث/g, "ت");
  if (w.length > 3 && w.endsWith("اء")) w = w.slice(0, -1);
  return w;
}

const NON_LETTER = /[^\u0621-\u064A]+/;

/** Words of a name, normalized, split the way the tokenizer splits text (on anything not a letter). */
export function nameWords(name: string): string[] {
  return normalize(name).split(NON_LETTER).filter(Boolean);
}

/** Key of a whole (possibly multi-word) name: word keys joined by one space. */
export function nameKey(name: string): string {
  return nameWords(name).map(wordKey).join(" ");
}

/** Splits a source name field that holds several names («قناة الشخ / حج عابدين», «X (Y)»). */
export function splitNames(raw: string): string[] {
  const out: string[] = [];
  const paren = /\(([^)]*)\)/g;
  const inner: string[] = [];
  const outer = raw.replace(paren, (_m, g: string) => {
    inner.push(g);
    return " ";
  });
  for (const part of [outer, ...inner]) {
    for (const p of part.split(/[\/\\،,;|]/)) {
      const t = p.replace(/\s+/g, " ").trim();
      if (t) out.push(t);
    }
  }
  return out;
}
