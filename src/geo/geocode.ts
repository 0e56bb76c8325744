/**
 * @module geo/geocode
 * Finds and resolves the place mentions of a document.
 *
 * 1. Candidates: at each word token, the longest gazetteer name that starts there (names are keyed
 *    by geo/keys.ts, so hamza, ة/ه, ى/ي, ث/ت, -ية/-يا, the optional article and shadda do not matter;
 *    attached «و ف ب ل ك» are tried off, from the tokenizer's clitic analysis and by shape).
 * 2. Context of each candidate: the cue word before it (مدينة، بلدة، قرية، حي، مخيم، منطقة، ناحية،
 *    محافظة، ريف and their plurals, which carry over a list «بلدات الشجرة وعابدين ومعرية»), a
 *    preceding kunya or first name (then it is part of a person's name: «أبو أحمد الإدلبي»,
 *    «محمد المسالمة»), and directional words («ريف درعا الغربي», «شمال درعا»).
 * 3. Acceptance: common words and family names that are also village names («الشيخ», «السد»,
 *    «الحريري») need a cue or a list; quarters need their city in the article.
 * 4. Resolution among same-named places by cue kind, the governorates and places of the article,
 *    admin rank and population; every ambiguity and every unknown cued name is a positioned message.
 * 5. One LOC entity per distinct resolved place.
 */
import type { Doc, Entity, Mention, PlaceMention, PlaceRef, Token } from "../doc/types.ts";
import { addMessage } from "../doc/doc.ts";
import { normalize } from "../text/normalize.ts";
import { wordCount } from "../text/lexicon.ts";
import { tokenForms, type FormMemo } from "../text/tokenize.ts";
import { distanceKm, gazetteer, toPlaceRef, type GazPlace, type Gazetteer, type NameEntry, type TrieNode } from "./gazetteer.ts";
import { wordKey } from "./keys.ts";
import { cueTable, type Cue, type CueClass } from "./cues.ts";
import { contextWords, type ContextWords, type Dir } from "./words.ts";

export const GEOCODE_SOURCE = "rasd.geocode.v1";

/** Direction nouns and adjectives, locative words, proclitics: data/gazetteer/context-words.tsv. */
const W = (): ContextWords => contextWords();

const DIR_VEC: Record<Dir, [number, number]> = {
  N: [1, 0], S: [-1, 0], E: [0, 1], W: [0, -1],
  NE: [Math.SQRT1_2, Math.SQRT1_2], NW: [Math.SQRT1_2, -Math.SQRT1_2], SE: [-Math.SQRT1_2, Math.SQRT1_2], SW: [-Math.SQRT1_2, -Math.SQRT1_2],
};
const DIR_EN: Record<Dir, string> = { N: "north", S: "south", E: "east", W: "west", NE: "north-east", NW: "north-west", SE: "south-east", SW: "south-west" };

function combineDir(a: Dir, b: Dir | undefined): Dir {
  if (!b) return a;
  const key = a + b;
  if (key === "NE" || key === "NW" || key === "SE" || key === "SW") return key;
  return a;
}

interface Cand {
  /** token range of the name */
  t0: number;
  t1: number;
  start: number;
  end: number;
  entries: NameEntry[];
  cue?: { word: string; cls: CueClass; plural: boolean; t: number };
  /** directional phrase: base place + direction (undefined = plain «ريف X») */
  dir?: { d: Dir | undefined; rural: boolean; t0: number };
  rule: string;
  resolved?: GazPlace;
  ref?: PlaceRef;
  alternatives?: string[];
  locator?: boolean;
  dropped?: string;
  /** the name itself, without cue, direction words or attached clitics */
  nameStart: number;
  nameEnd: number;
  /** the distinct places of `entries` (cached) */
  places?: GazPlace[];
  /** normalized letters stripped from the front of the first token */
  pre: number;
  /** matched after stripping a proclitic by shape only («فاديم» -> «اديم»?): needs a strong place or a cue */
  shape?: boolean;
  /** the named base of a locating direction phrase, emitted on its own */
  base?: boolean;
  /** dropped without a message: an everyday word that happens to be a village name */
  quiet?: boolean;
}

interface TokInfo {
  /** stems to look up: [normalized stem, prefix length in the normalized token] */
  stems: [string, number][];
}

/** Stems per normalized form (the clitic analysis depends on the form only); bounded. */
const STEM_CACHE = new Map<string, Stem[]>();

interface Stem {
  stem: string;
  /** prefix length in the normalized token */
  pre: number;
  /** wordKey(stem) */
  key: string;
  /** the stem carries the article */
  al: boolean;
  /** a proclitic stripped by shape here, not by the text layer's lexicon-checked analysis */
  shape: boolean;
  /** the trie node of the key and the cue, looked up once per form (for the gazetteer `gz`) */
  node?: TrieNode;
  cue?: Cue;
  gz?: Gazetteer;
}

/** Bumped when STEM_CACHE is cleared: a form's memo of an older generation is stale. */
let stemGeneration = 0;

function stemsOf(tok: Token, form?: FormMemo): Stem[] {
  // The interned form remembers what STEM_CACHE gave for its norm in this generation (the cache never
  // changes a norm's value within one), so the per-token map lookup is skipped.
  if (form !== undefined) {
    const m = form.geo as { gen: number; st: Stem[] } | undefined;
    if (m !== undefined && m.gen === stemGeneration) return m.st;
  }
  let st = STEM_CACHE.get(tok.norm);
  if (!st) {
    if (STEM_CACHE.size > 100_000) {
      STEM_CACHE.clear();
      stemGeneration++;
    }
    st = computeStems(tok).map(([stem, pre, shape]) => ({ stem, pre, key: wordKey(stem), al: stem.length > 3 && stem.startsWith("ال"), shape }));
    STEM_CACHE.set(tok.norm, st);
  }
  if (form !== undefined) form.geo = { gen: stemGeneration, st };
  return st;
}

function computeStems(tok: Token): [string, number, boolean][] {
  const n = tok.norm;
  const out: [string, number, boolean][] = [[n, 0, false]];
  const whole = wordCount(n);
  // «ورقة» (paper) is not و + «رقة», «وجيزة» not و + «جيزة»: a word that is common on its own keeps
  // its first letter unless the stem is about as common
  const stemOk = (stem: string) => whole <= 3 || wordCount(stem) + wordCount("ال" + stem.replace(/^ال/, "")) >= whole;
  const pro = tok.proclitics.filter((p) => p !== "ال");
  if (pro.length) {
    const hasAl = tok.proclitics.includes("ال");
    const stem = hasAl ? "ال" + tok.base : tok.base;
    const pre = n.length - stem.length;
    if (pre > 0 && n.endsWith(stem)) { if (stemOk(stem)) out.push([stem, pre, false]); }
    else if (hasAl && n.startsWith("لل")) out.push(["ال" + n.slice(2), 1, false]);
  }
  for (const p of W().proclitics) {
    if (n.length - p.length < 3 || !n.startsWith(p)) continue;
    const rest = n.slice(p.length);
    // «كبيرة» is not ك + «بيرة»: strip by shape only when the stem is about as common as the whole
    if (!stemOk(rest)) continue;
    if (rest.startsWith("ل") && p.endsWith("ل") && !out.some((o) => o[0] === "ا" + rest)) out.push(["ا" + rest, p.length - 1, true]); // «لل» = ل + ال
    if (!out.some((o) => o[0] === rest)) out.push([rest, p.length, true]);
  }
  return out;
}

/** Original offset inside `text` after `count` normalized units. */
function origOffset(text: string, count: number): number {
  if (count <= 0) return 0;
  let seen = 0;
  for (let i = 0; i < text.length; i++) {
    seen += normalize(text[i]!).length;
    if (seen >= count) return i + 1;
  }
  return text.length;
}

function endsWithTaaMarbuta(tok: Token): boolean {
  for (let i = tok.text.length - 1; i >= 0; i--) {
    const c = tok.text.charCodeAt(i);
    if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640) continue;
    return c === 0x0629;
  }
  return false;
}

export interface GeocodeResult {
  places: PlaceMention[];
  entities: Entity[];
}

/** Geocodes one document (tokens required); adds its messages to the doc. */
// Helpers of geocode() kept at module level: a named closure made inside a hot loop costs a
// defineProperty per creation under tsx (esbuild keepNames).

/** The text may drop an article the name has («حراك» for «الحراك»), not add one the name lacks
 * («السورية», «الجاسم» are adjectives and family names, not «سورية», «جاسم»). */
function entryFits(e: NameEntry, alMask: number, lastTaa: boolean): boolean {
  return (alMask & ~e.alMask) === 0 && (!e.endVariant || lastTaa === e.endVariantTaa);
}

/** The stem of a token read as a direction noun where one of its readings is one. */
function directionStem(x: Token, dirNoun: ReadonlyMap<string, unknown>): string {
  const s = stemsOf(x);
  return s.find((y) => dirNoun.has(y.stem))?.stem ?? s[0]!.stem;
}

export function geocode(doc: Doc, g: Gazetteer = gazetteer()): GeocodeResult {
  const toks = doc.tokens;
  const cues = cueTable();
  const cands: Cand[] = [];
  const msg = (rule: string, reason: string, span?: { start: number; end: number }) => addMessage(doc, GEOCODE_SOURCE, rule, reason, span);

  const never = neverAlone(cues);
  const { dirNoun: DIR_NOUN, dirAdj: DIR_ADJ, locative: LOCATIVE, rural: RIF } = W();
  // stems of every token, looked up once; each stem carries its first-word index entry
  const stemArr: Stem[][] = new Array(toks.length);
  const forms = tokenForms(toks);
  for (let k = 0; k < toks.length; k++) {
    const st = stemsOf(toks[k]!, forms?.[k]);
    if (st[0]!.gz !== g) for (const x of st) { x.gz = g; x.node = g.trie.get(x.key); x.cue = cues.get(x.stem); }
    stemArr[k] = st;
  }
  const isWord = (i: number) => i >= 0 && i < toks.length && toks[i]!.kind === "word";
  const sameSentence = (a: number, b: number) => toks[a]!.sentence === toks[b]!.sentence;

  /** Longest gazetteer name starting at token i. */
  const path: TrieNode[] = [];
  const masks: number[] = [];
  const matchAt = (i: number): { t1: number; entries: NameEntry[]; pre: number; shape: boolean } | undefined => {
    const tok = toks[i]!;
    if (tok.kind !== "word") return undefined;
    const taa = endsWithTaaMarbuta(tok);
    let best: { t1: number; entries: NameEntry[]; pre: number; shape: boolean } | undefined;
    for (const st of stemArr[i]!) {
      const { key: fk, pre, al, node: root, shape } = st;
      if (!root) continue;
      // walk the trie along the following tokens; path[k] = node after k+1 words
      path.length = 0;
      masks.length = 0;
      path.push(root);
      masks.push(al ? 1 : 0);
      let node: TrieNode | undefined = root;
      for (let k = 1; node.next && i + k < toks.length; k++) {
        const t = toks[i + k]!;
        if (t.kind !== "word" || t.sentence !== tok.sentence) break;
        const s0 = stemArr[i + k]![0]!;
        node = node.next.get(s0.key);
        if (!node) break;
        path.push(node);
        masks.push(masks[k - 1]! | (s0.al ? 1 << k : 0));
      }
      for (let n = path.length; n >= 1; n--) {
        if (n === 1 && never.has(fk)) continue;
        const list = path[n - 1]!.entries;
        if (!list) continue;
        const alMask = masks[n - 1]!;
        const lastTaa = n === 1 ? taa : endsWithTaaMarbuta(toks[i + n - 1]!);
        let entries = list.every((e) => entryFits(e, alMask, lastTaa)) ? list : list.filter((e) => entryFits(e, alMask, lastTaa));
        if (!entries.length) continue;
        // «رافقه», «عليه»: a name ending in ة against a word ending in a plain ه (a pronoun suffix, most
        // likely) is weak evidence.
        if (n === 1 && !lastTaa) entries = entries.map((e) => (e.taa && !e.weak ? { ...e, weak: true } : e));
        // «غاب» (he was absent) is not «الغاب»: a one-word name written without its article is weak
        if (n === 1 && !al) entries = entries.map((e) => (e.alMask && !e.weak ? { ...e, weak: true } : e));
        // «وفيق» is a first name before it is و + «فيق»: a short name reached by stripping is weak
        if (n === 1 && pre > 0 && fk.length <= 3) entries = entries.map((e) => (e.weak ? e : { ...e, weak: true }));
        best = { t1: i + n, entries, pre, shape };
        break;
      }
      if (best) break; // the least stripped stem that matches wins
    }
    return best;
  };

  const cueAt = (i: number): { word: string; cls: CueClass; plural: boolean; t: number } | undefined => {
    if (!isWord(i)) return undefined;
    const t = toks[i]!;
    // «المدينة» with the article refers back to a city; only the bare noun introduces a name
    for (const st of stemArr[i]!) {
      const c = st.cue;
      if (c) return { word: t.text, cls: c.cls, plural: c.plural, t: i };
    }
    return undefined;
  };

  // ---- 1. candidates --------------------------------------------------------------------------
  let i = 0;
  let listCue: { word: string; cls: CueClass; plural: boolean; t: number } | undefined;
  while (i < toks.length) {
    const tok = toks[i]!;
    if (tok.kind !== "word") {
      if (tok.kind === "punct" && !/^[،,\-–—]$/.test(tok.text)) listCue = undefined;
      i++;
      continue;
    }
    const m = matchAt(i);
    if (m) {
      const first = toks[i]!;
      const last = toks[m.t1 - 1]!;
      let cue = cueAt(i - 1);
      if (!cue && listCue && listCue.t < i) cue = listCue;
      const c: Cand = {
        t0: i, t1: m.t1,
        start: first.start + origOffset(first.text, m.pre),
        end: last.end,
        nameStart: first.start + origOffset(first.text, m.pre),
        nameEnd: last.end,
        entries: m.entries,
        cue,
        rule: cue ? `cue:${cue.cls}` : "name",
        shape: m.shape,
        pre: m.pre,
      };
      // «ريف X [الغربي]», «شمال [شرق] [محافظة] X», «الريف الغربي لـX»
      const dir = directionBefore(i, cue);
      if (dir) c.dir = dir;
      const adj = DIR_ADJ.get(toks[m.t1]?.norm ?? "");
      if (adj && isWord(m.t1) && sameSentence(i, m.t1) && (dir?.rural || cue?.cls === "rural" || startsWithRif(m.entries, g))) {
        const adj2 = DIR_ADJ.get(toks[m.t1 + 1]?.norm ?? "");
        c.dir = { d: combineDir(adj, adj2), rural: true, t0: dir?.t0 ?? (cue?.cls === "rural" ? cue.t : i) };
        c.end = toks[m.t1 + (adj2 ? 1 : 0)]!.end;
        c.t1 = m.t1 + (adj2 ? 2 : 1);
      } else if (!c.dir && cue?.cls === "rural" && cue.t === i - 1) {
        c.dir = { d: undefined, rural: true, t0: cue.t };
      }
      // an everyday word that is also a village name, with nothing around it that says place: skip now
      if (!c.cue && !c.dir && c.t1 - c.t0 === 1 && c.entries.every((e) => e.weak && !e.strong)) {
        i = c.t1;
        continue;
      }
      if (c.dir) {
        // The reading of the token that is the cue or «ريف» decides where the mention starts: «بادية»
        // is the cue itself, «بريف» a clitic «ب» before it.
        const st = stemsOf(toks[c.dir.t0]!);
        const pre = (st.find((x) => x.cue || x.stem === RIF) ?? st.at(-1))?.pre ?? 0;
        c.start = Math.min(c.start, toks[c.dir.t0]!.start + origOffset(toks[c.dir.t0]!.text, pre));
      }
      cands.push(c);
      // a plural cue carries over the list that follows it
      if (cue?.plural) listCue = cue;
      const next = toks[m.t1];
      if (!next || !(next.kind === "punct" && /^[،,\-–—]$/.test(next.text)) && !(next.kind === "word" && next.proclitics[0] === "و")) listCue = undefined;
      i = c.t1;
      continue;
    }
    const cue = cueAt(i);
    if (cue) {
      listCue = cue.plural ? cue : undefined;
      // a cue followed by a word the gazetteer does not know
      const nx = i + 1;
      if (!cue.plural && isWord(nx) && sameSentence(i, nx) && (cue.cls === "town" || cue.cls === "city" || cue.cls === "camp" || cue.cls === "sub") && !matchAt(nx)) {
        const nt = toks[nx]!;
        if (nt.norm.length >= 3 && !g.common.has(wordKey(nt.base)) && !LOCATIVE.has(nt.norm)) {
          cands.push({ t0: nx, t1: nx + 1, start: nt.start, end: nt.end, nameStart: nt.start, nameEnd: nt.end, entries: [], cue, rule: "cue-unknown", pre: 0 });
        }
      }
    } else if (!(tok.proclitics[0] === "و" && listCue)) {
      listCue = undefined;
    }
    i++;
  }

  function startsWithRif(entries: NameEntry[], gz: Gazetteer): boolean {
    const p = gz.places[entries[0]!.place]!;
    return normalize(p.names[entries[0]!.name]!).startsWith(RIF + " ");
  }

  /** A direction phrase right before token i: «شمال», «شمال شرق», «شمالي محافظة», «ريف», «الريف الغربي ل». */
  function directionBefore(i: number, cue: Cand["cue"]): Cand["dir"] | undefined {
    let j = i - 1;
    if (cue && cue.t === j && (cue.cls === "gov" || cue.cls === "city" || cue.cls === "area")) j--;
    if (!isWord(j) || !sameSentence(j, i)) return undefined;
    const t = toks[j]!;
    // «الريف الغربي لدرعا»
    const rawPrev = toks[i]!;
    if (DIR_ADJ.has(t.norm) && isWord(j - 1) && directionStem(toks[j - 1]!, DIR_NOUN).replace(/^ال/, "") === RIF && rawPrev.norm.startsWith("ل")) {
      return { d: DIR_ADJ.get(t.norm)!, rural: true, t0: j - 1 };
    }
    const d2 = DIR_NOUN.get(directionStem(t, DIR_NOUN));
    // «بريف محافظة درعا»
    if (!d2 && cue && cue.t === i - 1 && cue.cls === "gov" && stemArr[j]!.some((x) => x.stem === RIF)) return { d: undefined, rural: true, t0: j };
    if (!d2) return undefined;
    const d1 = isWord(j - 1) && sameSentence(j - 1, i) ? DIR_NOUN.get(directionStem(toks[j - 1]!, DIR_NOUN)) : undefined;
    if (d1 && (d1 === "N" || d1 === "S") && (d2 === "E" || d2 === "W")) return { d: combineDir(d1, d2), rural: false, t0: j - 1 };
    return { d: d2, rural: false, t0: j };
  }

  // ---- 2. person names, weak names, context --------------------------------------------------
  /** In a list with another place: «جاسم ودرعا البلد», «الشجرة، عابدين» (strongOnly: a non-weak one). */
  const joined = (a: Cand, b: Cand) => (b.t0 === a.t1 && toks[b.t0]!.norm.startsWith("و")) || (b.t0 === a.t1 + 1 && /^[،,\-–—]$/.test(toks[a.t1]!.text));
  function listed(c: Cand, strongOnly: boolean): boolean {
    return [candAt[c.t0 - 1], candAt[c.t0 - 2], candAt[c.t1], candAt[c.t1 + 1]].some((k) => {
      if (k === undefined || k < 0 || cands[k] === c) return false;
      const o = cands[k]!;
      if (o.dropped || !o.entries.length) return false;
      if (strongOnly && !o.entries.some((e) => !e.weak)) return false;
      return o.t0 < c.t0 ? joined(o, c) : joined(c, o);
    });
  }
  const candAt = new Int32Array(toks.length + 2).fill(-1);
  cands.forEach((c, k) => {
    for (let t = c.t0; t < c.t1; t++) candAt[t] = k;
  });
  // The article's Syrian frame: governorates of the unambiguous strong Syrian places it names.
  const docGovs = new Set<string>();
  let syrian = false;
  let foreignFrame = false;
  for (const c of cands) {
    if (!c.entries.length || c.shape) continue;
    const ps = c.entries.map((e) => g.places[e.place]!);
    if (ps.some(isForeign)) {
      if (c.entries.some((e) => !e.weak && isForeign(g.places[e.place]!))) foreignFrame = true;
      continue;
    }
    // regions without a governorate of their own (the Badia) say nothing about the governorate
    const strong = ps.filter((p, k) => c.entries[k]!.strong && !c.entries[k]!.weak && !(p.kind === "region" && !p.parent) && p.kind !== "country");
    if (ps.some((p, k) => c.entries[k]!.strong && !c.entries[k]!.weak)) syrian = true;
    if (!strong.length) continue;
    const govs = new Set(strong.map((p) => p.adm1).filter(Boolean));
    if (govs.size === 1) docGovs.add([...govs][0]!);
  }
  for (const c of cands) {
    if (!c.entries.length) continue;
    const pt = isWord(c.t0 - 1) ? toks[c.t0 - 1]! : undefined;
    // (the preposition «على» normalizes like the name «علي»: told apart by its alef maqsura)
    if (pt && !c.cue && !c.dir && (g.personCues.has(pt.norm) || g.personCues.has(pt.base)) && !/ى[\u064B-\u065F]*$/.test(pt.text)) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» follows «${pt.text}»: part of a person's name, not a place`;
      continue;
    }
    // «قوات سوريا الديمقراطية», «لواء شهداء اليرموك», «تجمع أحرار حوران»: part of an organisation's name
    const nx = isWord(c.t1) && sameSentence(c.t0, c.t1) ? toks[c.t1]! : undefined;
    if (!c.cue && !c.dir && ((pt && (g.orgBefore.has(pt.norm) || g.orgBefore.has(pt.base) || g.orgBefore.has(pt.norm.replace(/^و/, "")))) || (nx && g.orgAfter.has(nx.norm)))) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» is part of an organisation's name («${pt && g.orgBefore.has(pt.norm.replace(/^و/, "")) || (pt && g.orgBefore.has(pt.base)) || (pt && g.orgBefore.has(pt.norm)) ? pt.text : nx!.text}»), not a place`;
      continue;
    }
    // «أبو عمر أبازيد»: the name after a kunya and a first name
    if (pt && !c.cue && isWord(c.t0 - 2) && /^ابو|^ام$|^ابن$|^بن$/.test(toks[c.t0 - 2]!.norm)) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» ends a kunya «${toks[c.t0 - 2]!.text} ${pt.text}»: part of a person's name`;
      continue;
    }
    const multi = c.t1 - c.t0 > 1 || c.entries.every((e) => e.words > 1);
    const weak = c.entries.every((e) => e.weak);
    const strongKind = c.entries.some((e) => e.strong && !e.weak);
    const cued = !!c.cue || !!c.dir;
    // «مناطق واسعة»: after «منطقة/مناطق» comes as often an adjective as a name; a village there must
    // fit the article's governorates
    if (c.cue?.cls === "area" && !c.dir && !multi && !strongKind && !c.entries.some((e) => docGovs.has(g.places[e.place]!.adm1))) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» after «${c.cue.word}» matches a village in no governorate the article names`;
      c.quiet = true;
      continue;
    }
    if (c.shape && !cued && !strongKind) {
      c.dropped = "shape";
      c.quiet = true;
      continue;
    }
    // «رامي عبد الرحمن», «جاسم محمد»: a first name and the rest of a person's name
    const nt = isWord(c.t1) && sameSentence(c.t0, c.t1) ? toks[c.t1]! : undefined;
    if (nt && !cued && !multi && (nt.norm.startsWith("عبد") || (g.personCues.has(nt.norm) && g.personCues.has(toks[c.t0]!.norm)))) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» is followed by «${nt.text}»: part of a person's name, not a place`;
      continue;
    }
    const before = isWord(c.t0 - 1) ? toks[c.t0 - 1]!.norm : "";
    // «بدرعا», «لدرعا»: an attached preposition (a bare «و» says nothing)
    const attached = /[بل]/.test(toks[c.t0]!.norm.slice(0, c.pre));
    // «دوما», «تدمر», «حماة» are towns and everyday words: a town of rank needs at least a preposition
    const rankWeak = weak && c.entries.some((e) => e.strong) && (LOCATIVE.has(before) || (attached && !c.shape) || listed(c, true));
    if (weak && !cued && !rankWeak) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» is a common word or family name as well as a place; no cue word, so not taken as a place`;
      c.quiet = true;
      continue;
    }
    // «محافظة عراقية», «محافظة المثنى»: after «محافظة» only a governorate (or a province abroad)
    if (c.cue?.cls === "gov" && c.cue.t === c.t0 - 1 && !c.entries.some((e) => { const k = g.places[e.place]!.kind; return k === "governorate" || k.startsWith("foreign"); })) {
      c.dropped = `a cue word «${c.cue.word}» is followed by «${doc.text.slice(c.start, c.end)}», which is no governorate the gazetteer knows`;
      continue;
    }
    // «مدينة تل أبيب», «قرية كفر مالك», «بلدة دير عمار»: a common first word of a longer name the
    // gazetteer does not know
    if (weak && cued && !multi && g.namePrefixes.has(stemArr[c.t0]![0]!.key) && isWord(c.t1) && sameSentence(c.t0, c.t1) && !LOCATIVE.has(toks[c.t1]!.norm) && !toks[c.t1]!.proclitics.length && !DIR_NOUN.has(toks[c.t1]!.norm)) {
      c.dropped = `a cue word «${c.cue?.word ?? ""}» is followed by «${doc.text.slice(c.start, toks[c.t1]!.end)}», which the gazetteer does not know`;
      continue;
    }
    // an article about places abroad that names no Syrian place: a Syrian village of the same name is
    // not meant («بلدة هيت في غرب العراق»)
    if (foreignFrame && !syrian && !strongKind && !c.entries.some((e) => isForeign(g.places[e.place]!))) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» matches a Syrian village, but the article is about places abroad`;
      continue;
    }
    if (!cued && !multi && !strongKind) {
      const inList = listed(c, false);
      if (!LOCATIVE.has(before) && !attached && !inList) {
        c.dropped = `«${doc.text.slice(c.start, c.end)}» matches a village name but has no cue, preposition or neighbouring place`;
        c.quiet = true;
        continue;
      }
      // a bare village name must fit the article: in a governorate it names
      if (!c.entries.some((e) => docGovs.has(g.places[e.place]!.adm1))) {
        c.dropped = `«${doc.text.slice(c.start, c.end)}» matches a village name in no governorate the article names`;
        c.quiet = !syrian;
        continue;
      }
    }
    if (!cued && multi && !strongKind && !syrian && !c.entries.some((e) => isForeign(g.places[e.place]!))) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» matches a Syrian place name, but the article names no Syrian place`;
      c.quiet = true;
      continue;
    }
  }

  // ---- 3. resolution ------------------------------------------------------------------------------
  const live = cands.filter((c) => !c.dropped && c.entries.length);
  const placesOf = (c: Cand): GazPlace[] => {
    if (c.places) return c.places;
    const out: GazPlace[] = [];
    for (const e of c.entries) {
      const p = g.places[e.place]!;
      if (!out.includes(p)) out.push(p);
    }
    c.places = out;
    return out;
  };
  // quarters need their city (or its governorate) in the article
  const mentionedIds = new Set<string>();
  const mentionedAdm1 = new Map<string, number>();
  for (const c of live) {
    const ps = placesOf(c);
    for (const p of ps) mentionedIds.add(p.id);
    // a quarter does not vouch for its own city
    if (ps.some((p) => p.flags.includes("c"))) continue;
    if (ps.length === 1 || new Set(ps.map((p) => p.adm1)).size === 1) {
      const a = ps[0]!.adm1;
      if (a) mentionedAdm1.set(a, (mentionedAdm1.get(a) ?? 0) + 1);
    }
  }
  // unambiguous places of the article (each once), the anchors for choosing among same-named places
  // (at most 100: enough for an article, bounded for a book-length input)
  const anchored: GazPlace[] = [];
  const anchorSet = new Set<GazPlace>();
  for (const c of live) {
    const ps = placesOf(c);
    const p = ps[0]!;
    if (ps.length === 1 && !p.flags.includes("c") && !anchorSet.has(p) && anchored.length < 100 && p.kind !== "governorate" && p.kind !== "country" && p.kind !== "region" && !isForeign(p)) {
      anchored.push(p);
      anchorSet.add(p);
    }
  }

  const cueFits = (p: GazPlace, cls: CueClass | undefined): number => {
    if (!cls) return 0;
    switch (cls) {
      case "gov": return p.kind === "governorate" ? 3 : p.kind === "foreign-region" ? 2 : 0;
      case "sub": return p.kind === "subdistrict" ? 3 : 0;
      case "city": return p.kind === "community" || p.kind === "locality" ? (/[GDS]/.test(p.flags) ? 3 : 2) : p.kind === "foreign-city" ? 3 : p.kind === "quarter" ? 1 : 0;
      case "town": return p.kind === "community" || p.kind === "locality" ? 3 : p.kind === "foreign-city" ? 2 : 0;
      case "quarter": return p.kind === "quarter" || p.kind === "landmark" ? 3 : p.kind === "community" || p.kind === "locality" ? 1 : 0;
      case "camp": return p.kind === "camp" ? 3 : p.kind === "community" || p.kind === "locality" || p.kind === "foreign-city" ? 1 : 0;
      case "area": return p.kind === "region" || p.kind === "quarter" || p.kind === "district" || p.kind === "foreign-region" ? 2 : p.kind === "community" || p.kind === "locality" || p.kind === "foreign-city" ? 1 : 0;
      case "rural": return p.kind === "governorate" ? 3 : p.kind === "community" && /[GD]/.test(p.flags) ? 2 : 0;
      case "region": return p.kind === "region" ? 3 : 0;
    }
  };
  const govFramedSet = new Set<string>();
  const cityFramedSet = new Set<GazPlace>();
  for (const c of live) {
    if (c.cue?.cls === "gov") for (const q of placesOf(c)) if (q.kind === "governorate") govFramedSet.add(q.adm1);
    if (c.cue && c.cue.cls !== "gov" && c.cue.cls !== "rural") for (const q of placesOf(c)) cityFramedSet.add(q);
  }
  const govFramed = (p: GazPlace) => govFramedSet.has(p.adm1);
  const cityFramed = (p: GazPlace) => cityFramedSet.has(p);

  const told = new Set<string>();
  // unambiguous places (governorates included) by sentence
  const sentencePlaces = new Map<number, GazPlace[]>();
  for (const c of live) {
    const ps = placesOf(c);
    // one place, or same-named places of one governorate («الحسكة»: the city, district, governorate)
    if (isForeign(ps[0]!) || ps[0]!.kind === "country" || !ps.every((p) => p.adm1 === ps[0]!.adm1)) continue;
    const sn = toks[c.t0]!.sentence;
    (sentencePlaces.get(sn) ?? sentencePlaces.set(sn, []).get(sn)!).push(ps[0]!);
  }
  for (const c of live) {
    let ps = placesOf(c);
    // quarters of a city need that city (or its governorate) in the article
    ps = ps.filter((p) => !p.flags.includes("c") || !p.parent || mentionedIds.has(p.parent) || (p.adm1 && mentionedAdm1.has(p.adm1)));
    if (!ps.length) {
      c.dropped = `«${doc.text.slice(c.start, c.end)}» names a quarter of a city the article does not mention`;
      continue;
    }
    const ownCue = c.cue && c.cue.t === c.t0 - 1 && c.cue.cls !== "rural" ? c.cue.cls : undefined;
    const cls = ownCue ?? (c.dir ? "rural" : c.cue?.cls);
    const own = ps;
    const score = (p: GazPlace): number => {
      let s = cueFits(p, cls) * 100;
      const n = p.adm1 ? mentionedAdm1.get(p.adm1) ?? 0 : 0;
      s += Math.min(n, 5) * 12;
      let near = Infinity;
      for (const a of anchored) if (a !== p) near = Math.min(near, distanceKm(a.lat, a.lon, p.lat, p.lon));
      if (near < 15) s += 30; else if (near < 40) s += 15;
      // the places of the same sentence weigh most («وفي الحسكة والقامشلي ورأس العين»)
      const local = sentencePlaces.get(toks[c.t0]!.sentence);
      if (local) {
        // (the candidate's own same-named places do not count)
        if (p.adm1 && local.some((a) => !own.includes(a) && a.adm1 === p.adm1)) s += 80;
        let ln = Infinity;
        for (const a of local) if (!own.includes(a) && a.kind !== "governorate") ln = Math.min(ln, distanceKm(a.lat, a.lon, p.lat, p.lon));
        if (ln < 40) s += 25;
      }
      if (p.flags.includes("G")) s += 30; else if (p.flags.includes("D")) s += 20; else if (p.flags.includes("S")) s += 10;
      if (p.kind === "governorate") s += 25; else if (p.kind === "district") s += 5; else if (p.kind === "subdistrict") s += 2;
      if (p.id.startsWith("cur:")) s += 8; else if (p.id.startsWith("C")) s += 4;
      // a country's or foreign city's name, unless the article is about a Syrian area and a cue or
      // its governorate points to a village of the same name
      if (isForeign(p)) s += syrian ? 35 : 120;
      else if (!syrian && p.kind !== "country") s -= 20;
      s += Math.log10(p.pop + 1) * 2;
      return s;
    };
    // A name shared by a governorate and its capital: the governorate when the article frames it as
    // one («محافظة درعا» ... «في درعا») and never names the city as such, else the city.
    if (!cls && ps.some((p) => p.kind === "governorate")) {
      const gov = ps.find((p) => p.kind === "governorate")!;
      const cap = ps.find((p) => p.flags.includes("G") && p.adm1 === gov.adm1);
      if (cap) ps = govFramed(gov) && !cityFramed(cap) ? [gov] : [cap];
    }
    if (ps.length === 1) {
      c.resolved = ps[0]!;
      continue;
    }
    const ranked = ps.map((p) => ({ p, s: score(p) })).sort((a, b) => b.s - a.s || (a.p.id < b.p.id ? -1 : 1));
    const best = ranked[0]!.p;
    c.resolved = best;
    // distinct alternatives: same name far from the chosen one
    const alts = ranked.slice(1).filter((r) => distanceKm(r.p.lat, r.p.lon, best.lat, best.lon) > 5 && r.p.kind !== "governorate" && r.p.kind !== "district" && r.p.kind !== "subdistrict");
    if (alts.length && best.kind !== "governorate") {
      c.alternatives = alts.map((r) => `${r.p.id} ${r.p.nameEn} (${g.byId.get(r.p.adm1)?.nameEn ?? "?"})`);
      const why = best.adm1 && mentionedAdm1.get(best.adm1) ? `by governorate ${g.byId.get(best.adm1)?.nameEn}` : c.cue ? `by the cue «${c.cue.word}»` : "by admin rank and population";
      // one message per name and choice, at its first mention
      const key = `${stemArr[c.t0]![0]!.key}|${c.t1 - c.t0}|${best.id}`;
      if (!told.has(key)) {
        told.add(key);
        msg("G201", `«${doc.text.slice(c.start, c.end)}» is ambiguous between ${alts.length + 1} places; chose ${best.nameEn} (${best.id}, ${g.byId.get(best.adm1)?.nameEn ?? "?"}) ${why}`, c);
      }
    }
  }

  // ---- 4. directional regions and locators --------------------------------------------------------
  for (const c of live) {
    if (c.dropped || !c.resolved) continue;
    const base = c.resolved;
    let ref = toPlaceRef(g, base);
    // «شمالي غربي سوريا»: the country's directions are curated regions (cur:syria-nw ...)
    const countryDir = c.dir?.d && base.kind === "country" ? g.byId.get(`${base.id}-${c.dir.d.toLowerCase()}`) : undefined;
    if (countryDir) {
      c.ref = toPlaceRef(g, countryDir);
      c.rule = "direction";
      continue;
    }
    if (c.dir && base.kind !== "region" && base.kind !== "country" && !isForeign(base)) {
      const cityCue = c.cue && c.cue.t === c.t0 - 1 && (c.cue.cls === "city" || c.cue.cls === "town");
      const govLevel = base.kind === "governorate" || base.kind === "district" || (base.flags.includes("G") && !cityCue);
      const gov = govLevel ? g.byId.get(base.adm1) ?? base : base;
      let lat: number, lon: number;
      const sector = c.dir.d && gov.kind === "governorate" ? sectorCentre(g, gov, c.dir.d) : undefined;
      if (sector) [lat, lon] = sector;
      else {
        const km = c.dir.d ? (govLevel ? 20 : 6) : 0;
        const [dy, dx] = c.dir.d ? DIR_VEC[c.dir.d] : [0, 0];
        lat = base.lat + (dy * km) / 111.2;
        lon = base.lon + (dx * km) / (111.2 * Math.cos((base.lat * Math.PI) / 180));
      }
      ref = {
        id: `${gov.id}:${c.dir.rural ? "rural" : "dir"}${c.dir.d ? "-" + c.dir.d : ""}`,
        name: `${c.dir.rural ? "rural " : ""}${c.dir.d ? DIR_EN[c.dir.d] + " " : ""}${gov.nameEn}`.replace(/^./, (s) => s.toUpperCase()),
        name_ar: doc.text.slice(c.start, c.end),
        admin1: ref.admin1,
        admin2: govLevel ? null : ref.admin2,
        admin3: null,
        pcode: govLevel ? gov.adm1 || null : gov.adm2 || null,
        latitude: Math.round(lat * 1e5) / 1e5,
        longitude: Math.round(lon * 1e5) / 1e5,
        geo_precision: govLevel ? 3 : 2,
        kind: "region",
      };
      c.rule = c.dir.rural ? "rural" : "direction";
    }
    c.ref = ref;
  }
  // A direction phrase right after a place locates it («جاسم شمال درعا», «علما بريف درعا الشرقي»,
  // «محافظة درعا جنوبي سوريا»): not a place of its own.
  for (let k = 1; k < live.length; k++) {
    const c = live[k]!, p = live[k - 1]!;
    if (!c.ref || !p.ref || c.dropped || p.dropped) continue;
    const isDirectional = c.ref.kind === "region" && (c.dir || /:(dir|rural)|^cur:syria-/.test(c.ref.id));
    if (!isDirectional) continue;
    const gap = (c.dir ? c.dir.t0 : c.t0) - p.t1;
    const between = gap === 1 ? toks[p.t1]!.norm : "";
    // («ريف درعا الغربي وريف درعا الشرقي» is a list, not a locator)
    const conj = toks[c.dir ? c.dir.t0 : c.t0]!.norm.startsWith("و");
    if (!conj && (gap === 0 || (gap === 1 && (between === "في" || between === "," || between === "،")))) {
      c.locator = true;
      c.rule = "locator";
      // «شمال شرقي مدينة القنيطرة»: the phrase names the city itself, which is then a place mention
      if (c.dir && c.cue && c.cue.t > c.dir.t0 && c.cue.cls !== "gov" && c.resolved) {
        const nameStart = toks[c.t0]!.start;
        const nameEnd = c.dir.rural ? toks[c.t0]!.end : c.end;
        live.push({ ...c, start: nameStart, end: nameEnd, dir: undefined, locator: false, rule: `cue:${c.cue.cls}`, ref: toPlaceRef(g, c.resolved), base: true });
      }
    }
  }

  // ---- 5. output ----------------------------------------------------------------------------------
  const places: PlaceMention[] = [];
  const byPlace = new Map<string, { ref: PlaceRef; mentions: Mention[]; full: string }>();
  for (const c of [...cands, ...live.filter((x) => x.base)]) {
    const text = doc.text.slice(c.start, c.end);
    if (c.dropped) {
      if (c.entries.length && !c.quiet) msg("G202", c.dropped, c);
      continue;
    }
    if (!c.entries.length) {
      msg("G203", `a cue word «${c.cue?.word}» is followed by «${text}», which the gazetteer does not know`, c);
      places.push({ start: c.start, end: c.end, text, place: null, cue: c.cue?.word, rule: c.rule });
      continue;
    }
    if (!c.ref) continue;
    const pm: PlaceMention = { start: c.start, end: c.end, text, place: c.ref, rule: c.rule };
    if (c.cue) pm.cue = c.cue.word;
    if (c.alternatives) pm.alternatives = c.alternatives;
    places.push(pm);
    if (c.locator) {
      msg("G204", `«${text}» locates the place before it; not counted as a place of its own`, c);
      continue;
    }
    const e = byPlace.get(c.ref.id) ?? byPlace.set(c.ref.id, { ref: c.ref, mentions: [], full: text }).get(c.ref.id)!;
    // the entity's mention is the name itself («ريف درعا الغربي» -> «درعا», as NER corpora mark it);
    // the place mention above keeps the whole phrase
    e.mentions.push({ start: c.nameStart, end: c.nameEnd, text: doc.text.slice(c.nameStart, c.nameEnd), source: c.rule });
    if (text.length > e.full.length) e.full = text;
  }
  const entities: Entity[] = [];
  let n = 0;
  for (const { ref, mentions, full } of byPlace.values()) {
    const name = ref.kind === "region" && full ? full : mentions.reduce((a, m) => (m.text.length > a.length ? m.text : a), "");
    const aliases = [...new Set(mentions.map((m) => m.text))].filter((t) => t !== name);
    entities.push({ id: `L${++n}`, type: "LOC", name, aliases, mentions, place: ref, confidence: ref.geo_precision === 1 ? 0.9 : 0.7 });
  }
  return { places, entities };
}

/** Words that are never a place on their own, whatever the gazetteer says: cue and direction words. */
let neverCache: Set<string> | undefined;
function neverAlone(cues: Map<string, unknown>): Set<string> {
  if (neverCache) return neverCache;
  const s = new Set<string>();
  const w = W();
  for (const x of [...cues.keys(), ...w.dirNoun.keys(), ...w.dirAdj.keys(), w.rural]) s.add(wordKey(x));
  neverCache = s;
  return s;
}

function isForeign(p: GazPlace): boolean {
  return p.kind.startsWith("foreign");
}

/** Communities of each governorate (lazy), for the centres of direction phrases. */
let byGov: Map<string, GazPlace[]> | undefined;
const sectorCache = new Map<string, [number, number] | undefined>();

/**
 * Centre of «ريف درعا الغربي», «شرق محافظة دير الزور»: the mean position of the governorate's
 * communities that lie in the stated direction from its capital (within 60° of it), kept within a
 * reach that grows with the governorate's size (0.35 × its farthest community, 20 to 60 km).
 */
function sectorCentre(g: Gazetteer, gov: GazPlace, d: Dir): [number, number] | undefined {
  const key = `${gov.id}:${d}`;
  if (sectorCache.has(key)) return sectorCache.get(key);
  if (!byGov) {
    byGov = new Map();
    for (const p of g.places) if (p.kind === "community" && p.adm1) (byGov.get(p.adm1) ?? byGov.set(p.adm1, []).get(p.adm1)!).push(p);
  }
  const list = byGov.get(gov.adm1) ?? [];
  const cosLat = Math.cos((gov.lat * Math.PI) / 180);
  const [dy, dx] = DIR_VEC[d];
  let sy = 0, sx = 0, n = 0, far = 0;
  for (const p of list) {
    const y = (p.lat - gov.lat) * 111.2, x = (p.lon - gov.lon) * 111.2 * cosLat;
    const r = Math.sqrt(x * x + y * y);
    if (r > far) far = r;
    if (r < 3 || (y * dy + x * dx) / r < 0.5) continue;
    sy += y; sx += x; n++;
  }
  let out: [number, number] | undefined;
  if (n >= 3) {
    let my = sy / n, mx = sx / n;
    const r = Math.sqrt(mx * mx + my * my);
    const cap = Math.min(60, Math.max(20, 0.35 * far));
    if (r > cap) { my *= cap / r; mx *= cap / r; }
    out = [Math.round((gov.lat + my / 111.2) * 1e5) / 1e5, Math.round((gov.lon + mx / (111.2 * cosLat)) * 1e5) / 1e5];
  }
  sectorCache.set(key, out);
  return out;
}
