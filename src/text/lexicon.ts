/**
 * @module text/lexicon
 * The text layer's run-time data in data/lexicon/ (see its README): word frequencies, name tokens
 * and protected words for the clitic analysis, and the number and date vocabularies. Each file is read
 * once, on first use, and kept in memory.
 */
import { readFileSync } from "node:fs";
import { normalize } from "./normalize.ts";

const DIR = new URL("../../data/lexicon/", import.meta.url);

/** Reads a data/lexicon file as text. */
export function readLexiconFile(name: string): string {
  return readFileSync(new URL(name, DIR), "utf8");
}

/** Reads a data/lexicon JSON file. */
export function readLexiconJson<T>(name: string): T {
  return JSON.parse(readLexiconFile(name)) as T;
}

/** Lines of a word list: trimmed, without blanks and "#" comments, normalized. */
function wordLines(name: string): string[] {
  const out: string[] = [];
  for (const raw of readLexiconFile(name).split("\n")) {
    const line = raw.trim();
    if (line && !line.startsWith("#")) out.push(normalize(line));
  }
  return out;
}

let counts: Map<string, number> | undefined;
let names: Set<string> | undefined;
let protectedWords: Set<string> | undefined;

function loadCounts(): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readLexiconFile("words.tsv").split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) m.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return m;
}

/** Corpus frequency of a normalized word form (0 when unseen). */
export function wordCount(norm: string): number {
  return (counts ??= loadCounts()).get(norm) ?? 0;
}

/** True for a normalized token of a place, person or organisation name that starts with a clitic-like letter. */
export function isNameToken(norm: string): boolean {
  return (names ??= new Set(wordLines("names.txt"))).has(norm);
}

/** True for a word the clitic analysis must keep whole (data/lexicon/protected.txt). */
export function isProtected(norm: string): boolean {
  return (protectedWords ??= new Set(wordLines("protected.txt"))).has(norm);
}
