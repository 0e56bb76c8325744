/**
 * @module geo/words
 * The geocoder's context words (data/gazetteer/context-words.tsv): direction nouns and adjectives,
 * words after which a bare village name is a place, proclitics tried off by shape. Loaded once.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { normalize } from "../text/normalize.ts";

export type Dir = "N" | "S" | "E" | "W" | "NE" | "NW" | "SE" | "SW";

export interface ContextWords {
  dirNoun: Map<string, Dir>;
  dirAdj: Map<string, Dir>;
  locative: Set<string>;
  /** longest first */
  proclitics: string[];
  rural: string;
}

let cached: ContextWords | undefined;

export function contextWords(): ContextWords {
  if (cached) return cached;
  const text = readFileSync(fileURLToPath(new URL("../../data/gazetteer/context-words.tsv", import.meta.url)), "utf8");
  const w: ContextWords = { dirNoun: new Map(), dirAdj: new Map(), locative: new Set(), proclitics: [], rural: "" };
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [kind, word, value] = line.split("\t").map((x) => x.trim());
    const n = normalize(word!);
    if (kind === "dir") w.dirNoun.set(n, value as Dir);
    else if (kind === "diradj") w.dirAdj.set(n, value as Dir);
    else if (kind === "locative") w.locative.add(n);
    else if (kind === "proclitic") w.proclitics.push(n);
    else if (kind === "rural") w.rural = n;
  }
  w.proclitics.sort((a, b) => b.length - a.length);
  cached = w;
  return w;
}
