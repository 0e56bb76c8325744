/**
 * @module events/lexicon
 * The trigger and cue lexicon of the event extractor, loaded once from data/events/lexicon.json and
 * indexed for token-based matching: a phrase is a sequence of token patterns (exact normalized form
 * or a prefix ending in `*`), looked up by its first pattern. Each token is tried under a few
 * "keys" (its normalized form, its clitic-stripped base, and the same without a pronoun suffix or a
 * one-letter preposition), so the lexicon lists lemmas-in-context rather than every cliticized form.
 *
 * Cost: per token, a handful of Map lookups (exact keys, then the 3-letter prefix bucket); no
 * regular expressions over the text.
 */
import { readFileSync } from "node:fs";
import type { Token } from "../doc/types.ts";
import { normalize } from "../text/normalize.ts";

/** One pattern of a phrase: exact form, or prefix when `prefix` is true. */
interface Pattern {
  form: string;
  prefix: boolean;
}

interface Phrase {
  cls: string;
  patterns: Pattern[];
}

export interface LexMatch {
  cls: string;
  /** Token index range [tokStart, tokEnd). */
  tokStart: number;
  tokEnd: number;
}

interface Index {
  exact: Map<string, Phrase[]>;
  /** First three letters of the prefix -> phrases whose first pattern is a prefix. */
  prefix: Map<string, Phrase[]>;
  classes: Set<string>;
}

let index: Index | undefined;

function parsePattern(p: string): Pattern {
  const prefix = p.endsWith("*");
  return { form: normalize(prefix ? p.slice(0, -1) : p), prefix };
}

export function loadLexicon(path = new URL("../../data/events/lexicon.json", import.meta.url)): Index {
  const raw = JSON.parse(readFileSync(path, "utf8")) as { classes: Record<string, string[]> };
  const exact = new Map<string, Phrase[]>();
  const prefix = new Map<string, Phrase[]>();
  const classes = new Set<string>();
  for (const [cls, phrases] of Object.entries(raw.classes)) {
    classes.add(cls);
    for (const text of phrases) {
      const patterns = text.trim().split(/\s+/).map(parsePattern);
      const phrase: Phrase = { cls, patterns };
      const first = patterns[0]!;
      if (first.prefix) {
        const k = first.form.slice(0, 3);
        (prefix.get(k) ?? prefix.set(k, []).get(k)!).push(phrase);
      } else {
        (exact.get(first.form) ?? exact.set(first.form, []).get(first.form)!).push(phrase);
      }
    }
  }
  // Longer phrases first, so the longest match at a position wins.
  for (const m of [exact, prefix]) for (const list of m.values()) list.sort((a, b) => b.patterns.length - a.patterns.length);
  return { exact, prefix, classes };
}

function lexicon(): Index {
  index ??= loadLexicon();
  return index;
}

const ENCLITICS = ["هما", "هم", "هن", "ها", "ه", "كم", "نا"];
const ONE_LETTER_PRO = new Set(["ب", "ل", "ك", "و", "ف"]);
const CONJ = new Set(["و", "ف"]);
const PREP = new Set(["ب", "ل", "ك"]);

/**
 * The keys a token is looked up under: normalized form, clitic base, and both without a pronoun
 * suffix or a leading one-letter proclitic. Short results (< 2 letters) are dropped.
 */
export function tokenKeys(tok: Token): string[] {
  const keys: string[] = [];
  const add = (k: string) => {
    if (k.length >= 2 && !keys.includes(k)) keys.push(k);
  };
  add(tok.norm);
  add(tok.base);
  if (tok.kind !== "word") return keys;
  for (const k of [tok.norm, tok.base]) {
    let w = k;
    // A leading one-letter proclitic that the clitic analysis left («بهجوم», «لداعش»).
    if (w.length > 3 && ONE_LETTER_PRO.has(w[0]!)) {
      add(w.slice(1));
      // «وب», «فل»: a conjunction then a preposition, never two prepositions.
      if (w.length > 4 && CONJ.has(w[0]!) && PREP.has(w[1]!)) add(w.slice(2));
    }
    if (w.startsWith("ال") && w.length > 4) add(w.slice(2));
    for (const e of ENCLITICS) {
      if (w.length - e.length >= 3 && w.endsWith(e)) {
        add(w.slice(0, -e.length));
        break;
      }
    }
    void w;
  }
  return keys;
}

function patternHits(p: Pattern, keys: string[]): boolean {
  for (const k of keys) {
    if (p.prefix ? k.startsWith(p.form) : k === p.form) return true;
  }
  return false;
}

/**
 * All lexicon matches over the tokens (longest phrase at each start position per class). Matches of
 * different classes may overlap: «الحجارة» is both a riot cue and an object of the sentence.
 */
export function matchLexicon(tokens: Token[], from = 0, to = tokens.length, keyCache?: (string[] | undefined)[]): LexMatch[] {
  const lex = lexicon();
  const cache = keyCache ?? new Array<string[] | undefined>(tokens.length);
  const keysOf = (i: number) => (cache[i] ??= tokenKeys(tokens[i]!));
  const out: LexMatch[] = [];
  for (let i = from; i < to; i++) {
    const tok = tokens[i]!;
    if (tok.kind !== "word") continue;
    const keys = keysOf(i);
    const candidates: Phrase[] = [];
    for (const k of keys) {
      const e = lex.exact.get(k);
      if (e) candidates.push(...e);
      const p = lex.prefix.get(k.slice(0, 3));
      if (p) for (const ph of p) if (k.startsWith(ph.patterns[0]!.form)) candidates.push(ph);
    }
    if (!candidates.length) continue;
    const seen = new Set<string>();
    candidates.sort((a, b) => b.patterns.length - a.patterns.length);
    for (const ph of candidates) {
      if (seen.has(ph.cls)) continue;
      let ok = true;
      let j = i + 1;
      for (let k = 1; k < ph.patterns.length; k++, j++) {
        if (j >= to || tokens[j]!.kind !== "word" || !patternHits(ph.patterns[k]!, keysOf(j))) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      seen.add(ph.cls);
      out.push({ cls: ph.cls, tokStart: i, tokEnd: i + ph.patterns.length });
    }
  }
  return out;
}

/** True when the token matches a single-token entry of the class (for cue checks on one token). */
export function tokenIn(tokens: Token[], i: number, cls: string): boolean {
  return matchLexicon(tokens, i, i + 1).some((m) => m.cls === cls);
}
