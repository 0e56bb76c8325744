/**
 * @module actors/trie
 * A token trie over normalized word keys, built once at load time, and the matcher that walks it
 * over a document's tokens. Phrases are written by analysts in their bare dictionary form
 * («اللواء الثامن», «تنظيم داعش»); a text token reaches the trie through a few candidate keys that
 * undo attached conjunctions and prepositions («وقوات», «للتنظيم», «لـداعش», «بالكسم»), so the
 * per-token work is a handful of Map lookups whatever the size of the dictionary.
 */
import type { Token } from "../doc/types.ts";
import { normalize } from "../text/normalize.ts";
import { tokenForms, tokenize, type FormMemo } from "../text/tokenize.ts";

/** Punctuation that may sit inside a name without breaking it: quotes and brackets («تنظيم «داعش» الإرهابي»). */
const SKIPPABLE = new Set(["«", "»", "“", "”", "„", "‟", '"', "'", "‘", "’", "‹", "›", "(", ")", "[", "]"]);

export function isSkippable(tok: Token): boolean {
  return tok.kind === "punct" && SKIPPABLE.has(tok.text);
}

/** The key of a phrase word as the analyst wrote it: normalized, Latin lower-cased. */
export function phraseKey(tok: Token): string {
  return tok.kind === "latin" ? tok.norm.toLowerCase() : tok.norm;
}

/** Splits a dictionary phrase into word keys (quotes and brackets dropped). */
export function phraseKeys(phrase: string): string[] {
  return tokenize(phrase)
    .filter((t) => !isSkippable(t) && t.kind !== "punct")
    .map(phraseKey);
}

export interface KeyCandidate {
  key: string;
  /** Normalized units stripped from the front of the token (clitics), for trimming the mention. */
  strip: number;
  /**
   * Root lookups of this key in the long-lived tries, memoized (candidates are shared across
   * documents): [node or null, trie version] at 2 * trie slot.
   */
  roots?: unknown[];
}

/**
 * The keys under which a text token may be found in a trie, most literal first: the token as
 * written; the tokenizer's base with its article; and, where the tokenizer's analysis is
 * conservative, the word with a conjunction (و ف) and/or a preposition (ب ل ك) taken off, «لل» read
 * as ل + the article.
 */
export function tokenKeys(tok: Token): KeyCandidate[] {
  if (tok.kind !== "word") return [{ key: phraseKey(tok), strip: 0 }];
  // Words repeat across documents: the candidates are memoized per form (and its clitic analysis).
  const hit = MEMO.get(tok.norm);
  if (hit && hit.base === tok.base) return hit.keys;
  const keys = computeKeys(tok);
  if (MEMO.size >= MEMO_MAX) MEMO.clear();
  MEMO.set(tok.norm, { base: tok.base, keys });
  return keys;
}

const MEMO = new Map<string, { base: string; keys: KeyCandidate[] }>();
const MEMO_MAX = 200_000;

function computeKeys(tok: Token): KeyCandidate[] {
  const n = tok.norm;
  const out: KeyCandidate[] = [{ key: n, strip: 0 }];
  const withArticle = tok.proclitics.includes("ال") ? "ال" + tok.base : tok.base;
  // When the article is kept, the key is a suffix of the norm only if nothing else was elided.
  if (withArticle !== n) pushKey(out, withArticle, n.endsWith(withArticle) ? n.length - withArticle.length : 0);
  pushStems(out, n, 0);
  if (n.length > 3 && (n[0] === "و" || n[0] === "ف")) {
    pushKey(out, n.slice(1), 1);
    pushStems(out, n.slice(1), 1);
  }
  return out;
}

function pushKey(out: KeyCandidate[], key: string, strip: number): void {
  if (key.length < 2) return;
  for (const c of out) if (c.key === key) return;
  out.push({ key, strip });
}

/** ل + article: «للتنظيم» -> التنظيم; ل + article + a word starting with ل: «للواء» -> اللواء; ب/ل/ك + word. */
function pushStems(out: KeyCandidate[], w: string, strip: number): void {
  if (w.length <= 3) return;
  if (w.charCodeAt(0) === 0x644 && w.charCodeAt(1) === 0x644) {
    pushKey(out, "ال" + w.slice(2), 0);
    pushKey(out, "ال" + w.slice(1), 0);
  } else if (w[0] === "ب" || w[0] === "ل" || w[0] === "ك") {
    pushKey(out, w.slice(1), strip + 1);
  }
}

export interface TrieNode<T> {
  next: Map<string, TrieNode<T>>;
  /** Values of the phrases that end here. */
  values: T[] | null;
}

let nextSlot = 0;
/** Long-lived tries that memoize their root lookups on the key candidates (a few dictionaries). */
const MAX_SLOTS = 16;

export class TokenTrie<T> {
  readonly root: TrieNode<T> = { next: new Map(), values: null };
  size = 0;
  /** Memo slot of a long-lived trie (-1: none; per-document tries must not take one). */
  readonly slot: number;
  /** Bumped by every change, so memoized lookups of an older state are not used. */
  version = 0;

  /** `longLived`: the trie is built once and walked over many documents (memoize its root lookups). */
  constructor(longLived = false) {
    this.slot = longLived && nextSlot < MAX_SLOTS ? nextSlot++ : -1;
  }

  /** Adds a phrase (already split into keys). */
  addKeys(keys: string[], value: T): void {
    if (!keys.length) return;
    this.version++;
    let node = this.root;
    for (const k of keys) {
      let nx = node.next.get(k);
      if (!nx) {
        nx = { next: new Map(), values: null };
        node.next.set(k, nx);
      }
      node = nx;
    }
    (node.values ??= []).push(value);
    this.size++;
  }

  add(phrase: string, value: T): void {
    this.addKeys(phraseKeys(phrase), value);
  }

  /** True when some phrase starts with this key. */
  hasFirst(key: string): boolean {
    return this.root.next.has(key);
  }
}

export interface TrieMatch<T> {
  /** Token index range [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  start: number;
  end: number;
  values: T[];
  /** True when the mention's text starts with the matched word (no elided article, as in «للواء»). */
  literal: boolean;
}

const caches = new WeakMap<Token[], KeyCache>();

/** The key cache of a token array, shared by every stage that walks the same document's tokens. */
export function keyCacheFor(tokens: Token[]): KeyCache {
  let c = caches.get(tokens);
  if (!c) caches.set(tokens, (c = new KeyCache(tokens)));
  return c;
}

/** Per-document cache of token key candidates (computed once, shared by the tries that walk the doc). */
export class KeyCache {
  private readonly cache: (KeyCandidate[] | undefined)[];
  private readonly forms: readonly (FormMemo | undefined)[] | undefined;
  constructor(private readonly tokens: Token[]) {
    this.cache = new Array(tokens.length);
    this.forms = tokenForms(tokens);
  }
  get(i: number): KeyCandidate[] {
    const c = this.cache[i];
    if (c !== undefined) return c;
    const tok = this.tokens[i]!;
    // The candidates depend on the form and its base (as tokenKeys's memo): kept on the interned form.
    const fm = tok.kind === "word" ? this.forms?.[i] : undefined;
    const m = fm?.keys as { base: string; keys: KeyCandidate[] } | undefined;
    if (m !== undefined && m.base === tok.base) return (this.cache[i] = m.keys);
    const keys = tokenKeys(tok);
    if (fm) fm.keys = { base: tok.base, keys };
    return (this.cache[i] = keys);
  }
}

/** Original-text offset just after `strip` normalized units of the token (marks and tatweel skipped). */
export function trimStart(tok: Token, strip: number): number {
  if (strip <= 0) return tok.start;
  const s = tok.text;
  let i = 0;
  let seen = 0;
  while (i < s.length && seen < strip) {
    if (normalize(s[i]!) !== "") seen++;
    i++;
  }
  // A tatweel or mark after the clitic («لـداعش») belongs to neither part; skip it.
  while (i < s.length && normalize(s[i]!) === "") i++;
  return i >= s.length ? tok.start : tok.start + i;
}

const OPEN_CLOSE: Record<string, string | undefined> = { "«": "»", "“": "”", "(": ")", "[": "]", "‹": "›", "„": "“" };

/**
 * Longest-match, left-to-right walk of `trie` over `tokens[from, to)`. Quotes and brackets between
 * phrase words are skipped; a phrase does not run across sentences. A match never starts on
 * punctuation.
 */
export function matchAll<T>(
  trie: TokenTrie<T>,
  tokens: Token[],
  keys: KeyCache,
  from = 0,
  to = tokens.length,
): TrieMatch<T>[] {
  const out: TrieMatch<T>[] = [];
  const root = trie.root.next;
  if (root.size === 0) return out;
  const slot = trie.slot >= 0 ? trie.slot * 2 : -1;
  const version = trie.version;
  let i = from;
  while (i < to) {
    const first = tokens[i]!;
    if (first.kind === "punct" || first.kind === "symbol") {
      i++;
      continue;
    }
    const cands = keys.get(i);
    let bestEnd = -1;
    let bestValues: T[] | null = null;
    let bestCand: KeyCandidate | null = null;
    for (let c0 = 0; c0 < cands.length; c0++) {
      const cand = cands[c0]!;
      let n0: TrieNode<T> | undefined;
      if (slot >= 0) {
        // A word form's candidates are shared across documents: look each up in this trie once.
        const memo = (cand.roots ??= []);
        if (memo[slot + 1] === version) n0 = (memo[slot] as TrieNode<T> | null) ?? undefined;
        else {
          n0 = root.get(cand.key);
          memo[slot] = n0 ?? null;
          memo[slot + 1] = version;
        }
      } else n0 = root.get(cand.key);
      if (n0 === undefined) continue;
      if (n0.values !== null && i + 1 > bestEnd) {
        bestEnd = i + 1;
        bestValues = n0.values;
        bestCand = cand;
      }
      if (n0.next.size === 0) continue;
      // Depth-first over candidate keys of the following tokens (few branches in practice).
      const stack: { node: TrieNode<T>; j: number }[] = [{ node: n0, j: i + 1 }];
      while (stack.length) {
        const { node, j } = stack.pop()!;
        if (node.values !== null && j > bestEnd) {
          bestEnd = j;
          bestValues = node.values;
          bestCand = cand;
        }
        if (node.next.size === 0) continue;
        let k = j;
        while (k < to && isSkippable(tokens[k]!)) k++;
        if (k >= to || tokens[k]!.sentence !== first.sentence) continue;
        const ck = keys.get(k);
        for (let c = 0; c < ck.length; c++) {
          const nx = node.next.get(ck[c]!.key);
          if (nx !== undefined) stack.push({ node: nx, j: k + 1 });
        }
      }
    }
    if (bestValues === null || bestCand === null) {
      i++;
      continue;
    }
    let end = tokens[bestEnd - 1]!.end;
    let tokenEnd = bestEnd;
    // Keep quotes balanced: «تنظيم “داعش» takes its closing quote.
    let opened: string[] | null = null;
    let straight = 0;
    for (let k = i; k < bestEnd; k++) {
      const t = tokens[k]!;
      if (t.kind !== "punct") continue;
      if (t.text === '"') straight++;
      const close = OPEN_CLOSE[t.text];
      if (close) (opened ??= []).push(close);
      else if (opened?.length && opened[opened.length - 1] === t.text) opened.pop();
    }
    while (opened?.length && tokenEnd < to && tokens[tokenEnd]!.text === opened[opened.length - 1]) {
      end = tokens[tokenEnd]!.end;
      tokenEnd++;
      opened.pop();
    }
    // «تنظيم " الدولة الإسلامية "»: an odd straight quote takes the one after the name.
    if (straight % 2 === 1 && tokenEnd < to && tokens[tokenEnd]!.text === '"') {
      end = tokens[tokenEnd]!.end;
      tokenEnd++;
    }
    const literal = bestCand.strip > 0 || bestCand.key === phraseKey(first);
    out.push({ tokenStart: i, tokenEnd, start: trimStart(first, bestCand.strip), end, values: bestValues, literal });
    i = bestEnd;
  }
  return out;
}
