/**
 * @module ner/gazetteer
 * Name lists the tagger uses as features: which token sequences are known person, place or
 * organisation names, and which single words occur in such names. Built once from
 * data/ner/gazetteer.tsv ("TYPE<TAB>normalized name" per line, TYPE = PERS | LOC | ORG).
 *
 * Lookups go through maps keyed by normalized words, so a lookup is a few hash-map probes per token.
 */
import { analyzeWord } from "./word.ts";

export const GAZ_PERS = 1;
export const GAZ_LOC = 2;
export const GAZ_ORG = 4;

const TYPE_BITS: Record<string, number> = { PERS: GAZ_PERS, LOC: GAZ_LOC, ORG: GAZ_ORG };

/** A node of the word trie: the type bits of an entry ending here (0 if none), and its continuations. */
export interface GazNode {
  bits: number;
  next: Map<string, GazNode> | null;
}

export interface Gazetteer {
  /** Entries as a word trie: first word -> node (a list of 20,000 names matches in a few probes per word). */
  readonly entries: Map<string, GazNode>;
  /** Any word of any entry, by its stem (clitics stripped) -> type bits. */
  readonly words: Map<string, number>;
  /** Longest entry, in words. */
  readonly maxLen: number;
}

export function parseGazetteer(tsv: string): Gazetteer {
  const entries = new Map<string, GazNode>();
  const words = new Map<string, number>();
  let maxLen = 1;
  for (const line of tsv.split("\n")) {
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const bits = TYPE_BITS[line.slice(0, tab)];
    if (!bits) continue;
    const parts = line.slice(tab + 1).trim().split(/\s+/).filter(Boolean);
    if (!parts.length) continue;
    maxLen = Math.max(maxLen, parts.length);
    let level = entries;
    let node: GazNode | undefined;
    for (const p of parts) {
      node = level.get(p);
      if (!node) level.set(p, (node = { bits: 0, next: null }));
      level = node.next ??= new Map();
    }
    node!.bits |= bits;
    for (const p of parts) {
      const stem = analyzeWord(p).stem;
      words.set(stem, (words.get(stem) ?? 0) | bits);
    }
  }
  return { entries, words, maxLen };
}

/** Word classes of data/ner/world.tsv (single words; what the model makes of them is learned). */
export const WORD_CLASSES: Record<string, number> = {
  /** A given name (Arabic or transliterated foreign). */
  GIVEN: 1,
  /** A title or role that precedes a person's name: «الرئيس», «وزير», «الشيخ». */
  TITLE: 2,
  /** A head noun of organisation names: «وزارة», «حزب», «شركة». */
  ORGHEAD: 4,
  /** A head noun of place names: «مدينة», «قرية», «محافظة». */
  LOCHEAD: 8,
  /** A nationality or origin adjective: «الفرنسي», «السورية». */
  NISBA: 16,
  /** A particle inside Arabic names: «بن», «أبو», «عبد». */
  PARTICLE: 32,
  /** A verb of saying or meeting, often next to a person's name: «قال», «التقى». */
  SAY: 64,
  /** A verb of travel, often before a place name: «زار», «وصل». */
  MOVE: 128,
};

/**
 * Parses data/ner/world.tsv: "TYPE<TAB>name" lines (# starts a comment). PERS, LOC and ORG lines
 * are names matched over the sentence like the gazetteer's; the WORD_CLASSES lines are single words
 * keyed by their stem. Names are normalized here with `norm` (text/normalize.ts).
 */
export function parseWorld(tsv: string, norm: (s: string) => string): { world: Gazetteer; classes: Map<string, number> } {
  const names: string[] = [];
  const classes = new Map<string, number>();
  for (const raw of tsv.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    const tab = line.indexOf("\t");
    if (tab < 0) continue;
    const type = line.slice(0, tab).trim();
    const name = norm(line.slice(tab + 1)).replace(/[^\u0621-\u064a ]+/g, " ").replace(/\s+/g, " ").trim();
    if (name.length < 2) continue;
    if (TYPE_BITS[type]) names.push(`${type}\t${name}`);
    else if (WORD_CLASSES[type]) {
      for (const w of name.split(" ")) {
        const stem = analyzeWord(w).stem;
        // A nationality adjective also stands for its feminine and plural forms.
        for (const f of type === "NISBA" && stem.endsWith("ي") ? [stem, stem + "ه", stem + "ين", stem + "ون"] : [stem]) {
          classes.set(f, (classes.get(f) ?? 0) | WORD_CLASSES[type]!);
        }
      }
    }
  }
  return { world: parseGazetteer(names.join("\n")), classes };
}
