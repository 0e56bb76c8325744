/**
 * @module ner/lexicon
 * Word statistics from unlabeled news text, a cue the labeled corpus is too small to give: how often
 * a stem occurs, and how often it takes the article. Common nouns and adjectives take «ال» often;
 * personal names never do, and foreign names are rare. Each stem gets one small code:
 * 2 + 5 * frequency bucket (floor(log2 count), at most 7) + article bucket (never, <20%, <50%, <80%,
 * more). Code 1 means "not in the table" (seen fewer than twice), 0 is for non-words.
 *
 * Stored as data/ner/wordstats.tsv ("stem<TAB>code" per line, serializeNumberTsv).
 */
import { analyzeWord } from "./word.ts";

export function computeWordStats(words: Iterable<string>, minCount = 2): Map<string, number> {
  const counts = new Map<string, [number, number]>();
  for (const w of words) {
    const a = analyzeWord(w);
    if (a.stem.length < 2) continue;
    let c = counts.get(a.stem);
    if (!c) counts.set(a.stem, (c = [0, 0]));
    c[0]++;
    if (a.art) c[1]++;
  }
  const out = new Map<string, number>();
  for (const [stem, [n, art]] of counts) {
    if (n < minCount) continue;
    const fb = Math.min(7, Math.floor(Math.log2(n)));
    const r = art / n;
    const ab = art === 0 ? 0 : r < 0.2 ? 1 : r < 0.5 ? 2 : r < 0.8 ? 3 : 4;
    out.set(stem, 2 + fb * 5 + ab);
  }
  return out;
}

/** "key<TAB>number" lines, sorted by key: the file format of wordstats.tsv and ngrams.tsv. */
export function serializeNumberTsv(m: Map<string, number>): string {
  return [...m].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, v]) => `${k}\t${v}`).join("\n") + "\n";
}

export function parseNumberTsv(tsv: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of tsv.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab > 0) out.set(line.slice(0, tab), Number(line.slice(tab + 1)));
  }
  return out;
}
