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
import { tokenForms } from "../text/tokenize.ts";

/** One pattern of a phrase: exact form, or prefix when `prefix` is true. */
interface Pattern {
  form: string;
  prefix: boolean;
}

interface Phrase {
  cls: string;
  /** Index of the class (for the per-position dedup without building strings). */
  cid: number;
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
    const cid = classes.size;
    classes.add(cls);
    for (const text of phrases) {
      const patterns = text.trim().split(/\s+/).map(parsePattern);
      const phrase: Phrase = { cls, cid, patterns };
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
    // A final «ه» that was a taa marbuta («دعاة» -> «دعاه») is not a pronoun.
    const taaMarbuta = tok.text.endsWith("\u0629") || tok.text.endsWith("\u0629\u064b");
    for (const e of ENCLITICS) {
      if (e === "\u0647" && taaMarbuta) continue;
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

interface TokenEntry {
  keys: string[];
  /** Phrases whose first pattern matches the token, longest first. */
  phrases: Phrase[];
}

/**
 * Memo of token analyses by surface (norm + base): news vocabulary repeats, so most tokens are
 * looked up once per process. Bounded: cleared when it grows past MEMO_MAX entries.
 */
const memo = new Map<string, TokenEntry>();
const MEMO_MAX = 200_000;
const NONE: Phrase[] = [];

function entryOf(tok: Token): TokenEntry {
  // The clitic analysis is a function of the normalized form, so the form identifies the entry.
  const id = tok.norm;
  let e = memo.get(id);
  if (e) return e;
  const lex = lexicon();
  const keys = tokenKeys(tok);
  let phrases = NONE;
  if (tok.kind === "word") {
    const found: Phrase[] = [];
    for (const k of keys) {
      const ex = lex.exact.get(k);
      if (ex) for (const ph of ex) if (!found.includes(ph)) found.push(ph);
      const pre = lex.prefix.get(k.slice(0, 3));
      if (pre) for (const ph of pre) if (k.startsWith(ph.patterns[0]!.form) && !found.includes(ph)) found.push(ph);
    }
    if (found.length) phrases = found.sort((a, b) => b.patterns.length - a.patterns.length);
  }
  e = { keys, phrases };
  if (memo.size >= MEMO_MAX) memo.clear();
  memo.set(id, e);
  return e;
}

/** The entry of token i, kept on its interned form (one property load; it depends on the base too, so that is checked). */
function entryAt(tokens: Token[], forms: ReturnType<typeof tokenForms>, i: number): TokenEntry {
  const tok = tokens[i]!;
  const fm = forms?.[i];
  const m = fm?.events as { base: string; e: TokenEntry } | undefined;
  if (m !== undefined && m.base === tok.base) return m.e;
  const e = entryOf(tok);
  if (fm) fm.events = { base: tok.base, e };
  return e;
}

let stamps = new Uint32Array(0);
let stampGen = 0;
function classStamp(n: number): Uint32Array {
  if (stamps.length < n || stampGen > 0xfffffff0) {
    stamps = new Uint32Array(Math.max(n, 64));
    stampGen = 0;
  }
  return stamps;
}

/**
 * All lexicon matches over the tokens (longest phrase at each start position per class). Matches of
 * different classes may overlap: «الحجارة» is both a riot cue and an object of the sentence.
 */
export function matchLexicon(tokens: Token[], from = 0, to = tokens.length): LexMatch[] {
  lexicon();
  const forms = tokenForms(tokens);
  const out: LexMatch[] = [];
  const seen = classStamp(index!.classes.size);
  for (let i = from; i < to; i++) {
    const tok = tokens[i]!;
    if (tok.kind !== "word") continue;
    const phrases = entryAt(tokens, forms, i).phrases;
    if (phrases === NONE) continue;
    // One match per class at a position (the longest: phrases come longest first).
    const gen = ++stampGen;
    for (const ph of phrases) {
      if (seen[ph.cid] === gen) continue;
      let ok = true;
      for (let k = 1; k < ph.patterns.length; k++) {
        const j = i + k;
        if (j >= to || tokens[j]!.kind !== "word" || !patternHits(ph.patterns[k]!, entryAt(tokens, forms, j).keys)) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      seen[ph.cid] = gen;
      out.push({ cls: ph.cls, tokStart: i, tokEnd: i + ph.patterns.length });
    }
  }
  return out;
}
