/**
 * @module persons/lexicon
 * The person recogniser's data (data/persons, see its README): first names, common words that end a
 * name, and the cue words of Arabic news writing (المدعو، الملقب، القيادي ...). Loaded once, on first
 * use; cue phrases go into token tries.
 */
import { readFileSync } from "node:fs";
import { normalize } from "../text/normalize.ts";
import { TokenTrie, phraseKeys } from "../actors/trie.ts";

const DIR = new URL("../../data/persons/", import.meta.url);

export type CueKind = "introducer" | "alias" | "aliasPrep" | "pseudonym" | "role" | "affiliation" | "placeKunya";

export interface PersonLexicon {
  firstNames: Set<string>;
  /** Common Arabic first names (the hand list) that are not also ordinary words: the strongest evidence. */
  trustedFirst: Set<string>;
  /** First names that are also ordinary words («رائد», «سلامة»): they need more evidence. */
  ambiguousFirst: Set<string>;
  /** The hand-listed ones among them, first of all nouns («سلامة», «نجاح»). */
  strictAmbiguous: Set<string>;
  common: Set<string>;
  /** Role and title words, with and without the article: a name ends before them («… مفتي»). */
  roleWords: Set<string>;
  stop: Set<string>;
  kunya: Set<string>;
  connectors: Set<string>;
  connectorSuffixes: Set<string>;
  roleModifiers: Set<string>;
  aliasPreps: Set<string>;
  /** Nouns a name can follow as the name of a group, place or building («كتيبة الشهيد …», «مسجد عمر بن الخطاب»). */
  namedAfterHeads: Set<string>;
  namedAfterTitles: Set<string>;
  /** All cue phrases; a phrase may have several kinds. */
  cues: TokenTrie<CueKind>;
}

interface CuesFile {
  introducers: string[];
  aliasIntroducers: string[];
  aliasPrepositions: string[];
  pseudonym: string[];
  roles: string[];
  roleModifiers: string[];
  kunya: string[];
  ambiguousFirstNames: string[];
  connectors: string[];
  connectorSuffixes: string[];
  stop: string[];
  affiliationCues: string[];
  placeKunyas: string[];
  namedAfterHeads: string[];
  namedAfterTitles: string[];
}

function lines(name: string): string[] {
  const out: string[] = [];
  for (const raw of readFileSync(new URL(name, DIR), "utf8").split("\n")) {
    const l = raw.trim();
    if (l && !l.startsWith("#")) out.push(normalize(l));
  }
  return out;
}

const keySet = (list: string[]) => new Set(list.map((w) => phraseKeys(w).join(" ")));

export function loadPersonLexicon(): PersonLexicon {
  const c = JSON.parse(readFileSync(new URL("cues.json", DIR), "utf8")) as CuesFile;
  const cues = new TokenTrie<CueKind>(true);
  const add = (list: string[], kind: CueKind) => {
    for (const p of list) cues.add(p, kind);
  };
  add(c.introducers, "introducer");
  add(c.aliasIntroducers, "alias");
  add(c.pseudonym, "pseudonym");
  add(c.roles, "role");
  add(c.affiliationCues, "affiliation");
  add(c.placeKunyas, "placeKunya");
  const extra = lines("first-names-extra.txt");
  const firstNames = new Set([...lines("first-names.txt"), ...extra]);
  const connectors = keySet(c.connectors);
  // «ابن», «أبو» continue or make a name but are not first names themselves («عبد» begins «عبد الله»).
  for (const w of connectors) if (w !== "عبد") firstNames.delete(w);
  const common = new Set(lines("common-words.txt"));
  const ambiguousFirst = new Set(lines("ambiguous-first-names.txt"));
  const strictAmbiguous = new Set(c.ambiguousFirstNames.map((w) => normalize(w)));
  for (const w of strictAmbiguous) ambiguousFirst.add(w);
  for (const w of firstNames) if (common.has(w)) ambiguousFirst.add(w);
  const trustedFirst = new Set(extra.filter((w) => !ambiguousFirst.has(w)));
  const roleWords = new Set<string>();
  for (const r of c.roles) {
    const k = phraseKeys(r);
    if (k.length !== 1) continue;
    roleWords.add(k[0]!);
    if (k[0]!.startsWith("ال")) roleWords.add(k[0]!.slice(2));
  }
  return {
    firstNames,
    trustedFirst,
    ambiguousFirst,
    strictAmbiguous,
    common,
    roleWords,
    stop: keySet(c.stop),
    kunya: keySet(c.kunya),
    connectors,
    connectorSuffixes: keySet(c.connectorSuffixes),
    roleModifiers: keySet(c.roleModifiers),
    aliasPreps: keySet(c.aliasPrepositions),
    namedAfterHeads: keySet(c.namedAfterHeads),
    namedAfterTitles: keySet(c.namedAfterTitles),
    cues,
  };
}

let shared: PersonLexicon | undefined;
export function personLexicon(): PersonLexicon {
  shared ??= loadPersonLexicon();
  return shared;
}
