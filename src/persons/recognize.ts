/**
 * @module persons/recognize
 * People named in Arabic news, found by the ways the news introduces them:
 * - introducers: «المدعو X», «يدعى X», «المسمى X» (X quoted or bare);
 * - roles and titles before a name: «القيادي», «الشاب», «الصحفي …», «العقيد», «مدير «المرصد» …»;
 * - quoted names that start with a first name or a kunya: «“مؤيد حرفوش”», «(أبو الحسن الهاشمي القرشي)»;
 * - kunyas in running text: «أبو + name (+ nisba/family)»;
 * - a first name from the first-name list followed by name words: «يوسف محمود الداغر».
 * Then alias linking: «الملقب “هفو”», «الملقب بالكسم», a bracketed name after a name «(أبو طعجة)»,
 * later short forms («أبو قياص» of «علاء رضوان أبو قياص», «عبد الرحمن» of «رامي عبد الرحمن») and
 * every later occurrence of any of the forms join one PERSON entity.
 * Names never come from inside actor or place mentions («جيش خالد بن الوليد» is an ORG).
 */
import type { Doc, Entity, Span, Token } from "../doc/types.ts";
import { keyCacheFor, KeyCache, matchAll, TokenTrie, trimStart } from "../actors/trie.ts";
import { personLexicon, type CueKind, type PersonLexicon } from "./lexicon.ts";
import { wordCount } from "../text/lexicon.ts";
import { tokenForms, type FormMemo } from "../text/tokenize.ts";

/** Corpus frequency above which a word that is not a first name is taken as ordinary vocabulary. */
const FREQUENT = 40;

const QUOTES = new Set(["«", "»", "“", "”", "„", "‟", '"', "'", "‘", "’", "(", ")", "‹", "›"]);
const CLOSERS = new Set([")", "»", "›"]);

interface Range {
  tokenStart: number;
  tokenEnd: number;
}

interface Candidate extends Range {
  start: number;
  end: number;
  rule: string;
  priority: number;
  /** For aliases: the person they name. */
  owner?: Candidate;
}

interface CueHit extends Range {
  start: number;
  end: number;
  kinds: readonly CueKind[];
}

/** What the lexicon says about a word form; memoized per form since words repeat across documents. */
interface WordFacts {
  base: string;
  /** Letters to strip before the first name («ومحمد» -> 1), or -1 when not a first name. */
  firstStrip: number;
  firstKey: string;
  common: boolean;
  stop: boolean;
}
const FACTS = new WeakMap<PersonLexicon, Map<string, WordFacts>>();
const FACTS_MAX = 200_000;

const stripQuotes = (s: string) => s.replace(/[«»“”„‟"‘’‹›()\[\]]/g, " ").replace(/\s+/g, " ").trim();

class Scanner {
  readonly tokens: Token[];
  readonly keys: KeyCache;
  readonly blocked: Uint8Array;
  readonly cueAt = new Map<number, CueHit>();
  private readonly facts: Map<string, WordFacts>;
  private readonly forms: readonly (FormMemo | undefined)[] | undefined;
  /** Per token: first-name strip (-1 none, -2 not computed yet). */
  private readonly firstAt: Int8Array;
  /** Per token, lazily: 0 unknown, else 1 + (stop ? 2 : 0) + (common ? 4 : 0). */
  private readonly flagsAt: Uint8Array;
  /** Per token: index in doc.actors of the mention that starts in it, or -1. */
  readonly actorStartAt: Int32Array;

  constructor(
    readonly doc: Doc,
    readonly lex: PersonLexicon,
  ) {
    this.tokens = doc.tokens;
    this.keys = keyCacheFor(this.tokens);
    this.forms = tokenForms(this.tokens);
    let f = FACTS.get(lex);
    if (!f) FACTS.set(lex, (f = new Map()));
    this.facts = f;
    this.blocked = new Uint8Array(this.tokens.length);
    const spans: Span[] = [...doc.actors];
    for (const e of doc.orgEntities ?? []) spans.push(...e.mentions);
    for (const p of doc.places ?? []) spans.push(p);
    this.block(spans);
    this.firstAt = new Int8Array(this.tokens.length).fill(-2);
    this.flagsAt = new Uint8Array(this.tokens.length);
    this.actorStartAt = new Int32Array(this.tokens.length).fill(-1);
    if (doc.actors.length) {
      let a = 0;
      for (let i = 0; i < this.tokens.length && a < doc.actors.length; i++) {
        const t = this.tokens[i]!;
        while (a < doc.actors.length && doc.actors[a]!.start < t.start) a++;
        if (a < doc.actors.length && doc.actors[a]!.start < t.end) this.actorStartAt[i] = a;
      }
    }
    for (const m of matchAll(lex.cues, this.tokens, this.keys)) {
      this.cueAt.set(m.tokenStart, { tokenStart: m.tokenStart, tokenEnd: m.tokenEnd, start: m.start, end: m.end, kinds: m.values });
    }
  }

  private block(spans: Span[]) {
    if (!spans.length) return;
    spans.sort((a, b) => a.start - b.start);
    let s = 0;
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!;
      while (s < spans.length && spans[s]!.end <= t.start) s++;
      for (let k = s; k < spans.length && spans[k]!.start < t.end; k++) {
        if (spans[k]!.end > t.start) {
          this.blocked[i] = 1;
          break;
        }
      }
    }
  }

  has(set: Set<string>, i: number): boolean {
    for (const c of this.keys.get(i)) if (set.has(c.key)) return true;
    return false;
  }
  isWord(i: number): boolean {
    const t = this.tokens[i];
    return !!t && t.kind === "word";
  }
  isQuote(i: number): boolean {
    const t = this.tokens[i];
    return !!t && t.kind === "punct" && QUOTES.has(t.text);
  }
  wordFacts(i: number): WordFacts {
    const t = this.tokens[i]!;
    // Facts depend on the form and its base (as the facts map's check): also kept on the interned form.
    const fm = t.kind === "word" ? this.forms?.[i] : undefined;
    const memo = fm?.persons as { lex: PersonLexicon; f: WordFacts } | undefined;
    if (memo !== undefined && memo.lex === this.lex && memo.f.base === t.base) return memo.f;
    const hit = this.facts.get(t.norm);
    if (hit && hit.base === t.base) {
      if (fm) fm.persons = { lex: this.lex, f: hit };
      return hit;
    }
    const f: WordFacts = { base: t.base, firstStrip: -1, firstKey: "", common: false, stop: false };
    if (t.kind === "word") {
      for (const c of this.keys.get(i)) {
        if (!this.lex.firstNames.has(c.key)) continue;
        // «وجود» is a word, not و + «جود»: a clitic is only undone when the whole form is not itself common.
        if (c.strip > 0 && (this.lex.common.has(t.norm) || wordCount(t.norm) >= 5)) continue;
        f.firstStrip = c.strip;
        f.firstKey = c.key;
        break;
      }
    }
    f.stop = this.has(this.lex.stop, i);
    f.common =
      (wordCount(t.norm) >= FREQUENT && !this.lex.firstNames.has(t.norm)) ||
      this.lex.common.has(t.norm) ||
      this.lex.common.has(t.base) ||
      (t.proclitics.length > 0 && this.lex.common.has((t.proclitics.includes("ال") ? "ال" : "") + t.base));
    if (this.facts.size >= FACTS_MAX) this.facts.clear();
    this.facts.set(t.norm, f);
    if (fm) fm.persons = { lex: this.lex, f };
    return f;
  }
  /** A first name; the normalized «علي» is not the preposition «على». */
  firstNameStrip(i: number): number {
    const known = this.firstAt[i];
    if (known === undefined) return -1;
    if (known !== -2) return known;
    const v = this.computeFirstStrip(i);
    this.firstAt[i] = v;
    return v;
  }
  private flags(i: number): number {
    let f = this.flagsAt[i]!;
    if (f === 0) {
      const w = this.wordFacts(i);
      f = 1 | (w.stop ? 2 : 0) | (w.common ? 4 : 0);
      this.flagsAt[i] = f;
    }
    return f;
  }
  private computeFirstStrip(i: number): number {
    const t = this.tokens[i]!;
    if (t.kind !== "word") return -1;
    const f = this.wordFacts(i);
    if (f.firstKey !== "علي" || !t.text.endsWith("ى")) return f.firstStrip;
    for (const c of this.keys.get(i)) {
      if (!this.lex.firstNames.has(c.key)) continue;
      // The normalized «علي» is also the preposition «على».
      if (c.key === "علي" && t.text.endsWith("ى")) continue;
      // «وجود» is a word, not و + «جود»: a clitic is only undone when the whole form is not itself common.
      if (c.strip > 0 && (this.lex.common.has(t.norm) || wordCount(t.norm) >= 5)) continue;
      return c.strip;
    }
    return -1;
  }
  isFirst(i: number): boolean {
    return this.firstNameStrip(i) >= 0;
  }
  isStop(i: number): boolean {
    if ((this.flags(i) & 2) === 0) return false;
    // «علي» written with ي is the name; the preposition «على» is written with ى.
    const t = this.tokens[i]!;
    return !(t.norm === "علي" && t.text.endsWith("ي"));
  }
  isCommon(i: number): boolean {
    return (this.flags(i) & 4) !== 0;
  }
  isKunya(i: number): boolean {
    if (!this.isWord(i)) return false;
    // «أبو», and with a preposition «بأبي», «لأبو».
    let key = "";
    for (const c of this.keys.get(i)) if (this.lex.kunya.has(c.key)) { key = c.key; break; }
    if (!key) return false;
    // «أم» is also «or» and «mother»: a kunya only before a first name.
    return !key.startsWith("ام") || this.isFirst(i + 1);
  }
  isTrustedFirst(i: number): boolean {
    const f = this.wordFacts(i);
    return f.firstStrip >= 0 && this.lex.trustedFirst.has(f.firstKey);
  }
  /** A first name that is first of all a noun or a title («سلامة», «نجاح», «شيخ»). */
  isStrictAmbiguous(i: number): boolean {
    for (const c of this.keys.get(i)) if (this.lex.strictAmbiguous.has(c.key) || this.lex.roleWords.has(c.key)) return true;
    return false;
  }
  isAmbiguousFirst(i: number): boolean {
    // A first name that is also a title («رائد», «أمير») is ambiguous too.
    for (const c of this.keys.get(i)) if (this.lex.ambiguousFirst.has(c.key) || this.lex.roleWords.has(c.key)) return true;
    return false;
  }
  /** «الإدلبي», «الزنغري»: a nisba or family name with the article. */
  isNisba(i: number): boolean {
    const w = this.tokens[i]!.norm;
    return w.startsWith("ال") && w.endsWith("ي") && w.length >= 5 && !this.isStop(i);
  }
  /** A word inside a name that is rather the start of the next clause: «وحلفاؤه», «اعتمدوا», «ترحيبا». */
  endsName(i: number): boolean {
    const t = this.tokens[i]!;
    const w = t.norm;
    if (this.lex.roleWords.has(w) && !this.isFirst(i)) return true;
    // «ومحمود»: and + a first name starts the next person («فرج فودة ومحمود طه»); «وليد» is a name.
    if (w[0] === "و" && this.firstNameStrip(i) > 0) return true;
    if (w.length > 4 && (w[0] === "و" || w[0] === "ف" || w[0] === "ب" || w[0] === "ل" || w[0] === "ك") && !this.isFirst(i)) {
      const rest = w.slice(1);
      if ((w[0] === "و" && this.lex.firstNames.has(rest)) || this.lex.common.has(rest) || wordCount(rest) > 2 * wordCount(w) + 1) return true;
    }
    if (this.isFirst(i)) return false;
    // A pronoun suffix («مشاغبته») belongs to a noun, not to a name.
    if (t.enclitic && wordCount(t.base) > 0) return true;
    if (w.length > 3 && w.endsWith("وا")) return true;
    if (w.length > 3 && w.endsWith("ا") && (t.text.includes("\u064b") || this.lex.common.has(w.slice(0, -1)) || wordCount(w.slice(0, -1)) >= 3)) return true;
    return false;
  }
  isConnector(i: number): boolean {
    return this.isWord(i) && this.lex.connectors.has(this.tokens[i]!.norm);
  }
  /** A clitic other than the article on a token inside a name means the name has ended («وأحمد», «لداعش»). */
  hasClitic(i: number): boolean {
    const t = this.tokens[i]!;
    const p0 = t.proclitics[0];
    if (!p0 || p0 === "ال") return false;
    // «وميخائيل», «وحلفاؤه»: a conjunction starts something new; «وليد» (a whole first name) does not.
    if (p0 === "و") return this.firstNameStrip(i) !== 0;
    // «للمتشددين», «للغناء»: a preposition and the article.
    if (t.norm.startsWith("لل")) return true;
    if (this.isFirst(i)) return false;
    // «كرامي» is a name, not ك + «رامي»: trust the split only when the rest is the likelier word.
    const rest = t.norm.slice(1);
    return wordCount(rest) >= wordCount(t.norm) || this.lex.common.has(rest);
  }
  nameWord(i: number): boolean {
    return this.isWord(i) && !this.blocked[i] && !this.isStop(i) && (this.isFirst(i) || !this.isCommon(i));
  }

  /** A name in running text from token j: a head word, then name words, connectors (بن، عبد، أبو) and their complements. */
  readBare(j: number, head: "first" | "kunya" | "any", cued = false): Range | null {
    const n = this.tokens.length;
    if (!this.isWord(j) || this.blocked[j] || this.isStop(j)) return null;
    if (head === "first" && !this.isFirst(j)) return null;
    if (head === "kunya" && !this.isKunya(j)) return null;
    if (head === "any" && !this.isFirst(j) && !this.isKunya(j)) {
      if (this.isCommon(j) || this.hasClitic(j)) return null;
      // «بن», «ابن» continue a name, they do not begin one.
      if (this.isConnector(j) && this.tokens[j]!.norm !== "عبد") return null;
    }
    const sent = this.tokens[j]!.sentence;
    let end = j + 1;
    // Name units so far: «عبد الله», «أبو قياص», «بن طلال» count once.
    let units = this.isConnector(j) ? 0 : 1;
    for (let k = j + 1; k < n && k - j < 6; k++) {
      const t = this.tokens[k]!;
      if (t.sentence !== sent || !this.isWord(k) || this.blocked[k] || this.isStop(k) || this.hasClitic(k)) break;
      // A title or role word ends the name («ضابط برتبة ملازم أول»), and so does the next clause.
      const cueK = this.cueAt.get(k)?.kinds;
      if ((cueK?.includes("role") && !this.isFirst(k)) || cueK?.includes("alias") || cueK?.includes("introducer") || this.endsName(k)) break;
      if (t.norm.length < 2) break;
      const afterConnector = this.isConnector(k - 1);
      // After a first name that is also a word («رائد فضاء»), only a name-shaped word continues it.
      // (A cue before the name, «الرئيس عمر …», is evidence enough.)
      if (k === j + 1 && !cued && this.isAmbiguousFirst(j) && !afterConnector) {
        const t = this.tokens[k]!;
        const rare = wordCount(t.norm) <= 5 && !this.isCommon(k) && !this.isStrictAmbiguous(j);
        if (!(this.isFirst(k) || this.isConnector(k) || this.has(this.lex.connectorSuffixes, k) || this.isNisba(k) || rare)) break;
      }
      // A family name with the article right after a first name, even when it is also a word
      // («بشار الأسد», «أحمد العودة», «سميرة الخليل»), unless it is an everyday word («اليوم»).
      const familyAfterFirst =
        k === j + 1 && this.isTrustedFirst(j) && t.norm.startsWith("ال") && t.norm.length >= 5 && wordCount(t.norm) < 150;
      const strong = familyAfterFirst || afterConnector || this.isConnector(k) || this.isFirst(k) || this.has(this.lex.connectorSuffixes, k) || this.isNisba(k);
      // Past two words, only name-shaped or rare words go on («يوسف محمود الداغر», not «… يهجر التركمان»).
      if (!strong && units >= 2 && wordCount(this.tokens[k]!.norm) > 3) break;
      if (strong || !this.isCommon(k)) {
        if (!this.isConnector(k)) units++;
        end = k + 1;
        continue;
      }
      break;
    }
    while (end - 1 > j && this.isConnector(end - 1)) end--;
    // A kunya needs its name: «أبو» alone is «father».
    if ((head === "kunya" || this.isKunya(j)) && end === j + 1) return null;
    return { tokenStart: j, tokenEnd: end };
  }

  /** A quoted or bracketed stretch starting at the quote token j: its content range (1..6 words). */
  readQuoted(j: number): Range | null {
    const t = this.tokens[j];
    if (!t || !this.isQuote(j) || CLOSERS.has(t.text)) return null;
    const sent = t.sentence;
    for (let k = j + 1; k < this.tokens.length && k <= j + 7; k++) {
      const u = this.tokens[k]!;
      if (this.isQuote(k)) {
        if (k === j + 1) return null;
        return { tokenStart: j + 1, tokenEnd: k };
      }
      if (u.sentence !== sent || (u.kind !== "word" && u.kind !== "latin")) return null;
    }
    return null;
  }

  rangeBlocked(r: Range): boolean {
    for (let k = r.tokenStart; k < r.tokenEnd; k++) if (this.blocked[k]) return true;
    return false;
  }
  /** A quoted stretch without a cue that reads as a name: a first name or kunya, then name words or family names. */
  quotedName(r: Range): boolean {
    if (r.tokenEnd - r.tokenStart < 2 || r.tokenEnd - r.tokenStart > 4) return false;
    if (!this.isFirst(r.tokenStart) && !this.isKunya(r.tokenStart)) return false;
    for (let k = r.tokenStart + 1; k < r.tokenEnd; k++) {
      if (!this.isWord(k) || this.blocked[k] || this.isStop(k) || this.endsName(k)) return false;
      const t = this.tokens[k]!;
      const family = t.norm.startsWith("ال") && t.norm.length >= 5 && wordCount(t.norm) < 150;
      if (!(this.isConnector(k) || this.isConnector(k - 1) || this.nameWord(k) || this.isNisba(k) || family)) return false;
    }
    return true;
  }
  /** Every word of the range can be part of a name; after a cue and a first name or kunya, any word but a stop word. */
  rangeNameLike(r: Range, cued = false): boolean {
    if (cued && (this.isFirst(r.tokenStart) || this.isKunya(r.tokenStart))) {
      for (let k = r.tokenStart; k < r.tokenEnd; k++) {
        if (!this.isWord(k) || this.blocked[k] || (this.isStop(k) && !this.isConnector(k))) return false;
        if (k > r.tokenStart && (this.endsName(k) || this.hasClitic(k))) return false;
      }
      return true;
    }
    for (let k = r.tokenStart; k < r.tokenEnd; k++) {
      if (this.isConnector(k) || (k > r.tokenStart && this.isConnector(k - 1))) continue;
      if (!this.nameWord(k)) return false;
    }
    return true;
  }

  candidate(r: Range, rule: string, priority: number, stripFirst = true): Candidate {
    const first = this.tokens[r.tokenStart]!;
    let start = first.start;
    if (stripFirst) {
      const fs = this.firstNameStrip(r.tokenStart);
      if (fs > 0) start = trimStart(first, fs);
      else if (fs < 0 && first.proclitics.length && first.proclitics[0] !== "ال") {
        // «بالكسم», «وأبو»: drop the attached conjunction or preposition, keep the article.
        const k = first.proclitics.filter((p) => p !== "ال").length;
        if (first.norm.length - k >= 2) start = trimStart(first, k);
      }
    }
    return { tokenStart: r.tokenStart, tokenEnd: r.tokenEnd, start, end: this.tokens[r.tokenEnd - 1]!.end, rule, priority };
  }

  /** The cue starting at i, if it has this kind. */
  cue(i: number, kind: CueKind): CueHit | undefined {
    const c = this.cueAt.get(i);
    return c !== undefined && c.kinds.includes(kind) ? c : undefined;
  }
}

export interface PersonAnalysis {
  entities: Entity[];
}

export function recognizePersons(doc: Doc, lex: PersonLexicon = personLexicon()): PersonAnalysis {
  const sc = new Scanner(doc, lex);
  const tokens = sc.tokens;
  const n = tokens.length;
  const cands: Candidate[] = [];

  for (let i = 0; i < n; i++) {
    if (sc.blocked[i]) continue;
    const t = tokens[i]!;
    // Only cues, quotes, kunyas and first names start a name.
    if (t.kind === "punct" ? !sc.isQuote(i) : t.kind !== "word" || (!sc.cueAt.has(i) && !sc.isKunya(i) && !sc.isFirst(i))) continue;
    const intro = sc.cue(i, "introducer");
    if (intro) {
      const j = afterAliasPreps(sc, intro.tokenEnd);
      const q = sc.readQuoted(j);
      if (q && !sc.rangeBlocked(q)) cands.push(sc.candidate(q, "introducer-quoted", 5));
      else {
        // Unquoted, one word is a name only if it is a first name or a family name («المدعو الشايب»),
        // not any word after «ما يدعى».
        const b = sc.readBare(j, "any", true);
        if (b && (b.tokenEnd - b.tokenStart >= 2 || sc.isFirst(b.tokenStart) || tokens[b.tokenStart]!.norm.startsWith("ال"))) {
          cands.push(sc.candidate(b, "introducer", 4));
        }
      }
    }
    const role = sc.cue(i, "role");
    if (role) {
      // A quoted name a few words after the role: «الصحفي ابن محافظة درعا “مؤيد أبازيد”».
      let j = role.tokenEnd;
      for (; j < n && j <= role.tokenEnd + 5 && tokens[j]!.sentence === tokens[i]!.sentence; j++) {
        if (sc.isQuote(j)) break;
        if (tokens[j]!.kind === "punct") {
          j = n;
          break;
        }
      }
      const q = j < n ? sc.readQuoted(j) : null;
      // One quoted word after a role is a name only if it is a first name («رئيس «الموساد»» is not).
      if (q && !sc.rangeBlocked(q) && sc.rangeNameLike(q, true) && (q.tokenEnd - q.tokenStart >= 2 || sc.isFirst(q.tokenStart))) {
        cands.push(sc.candidate(q, "role-quoted", 4));
      }
      let k = role.tokenEnd;
      while (k < n && sc.has(lex.roleModifiers, k)) k++;
      const b = sc.readBare(k, "any", true);
      // After a role, a name begins with a first name or a kunya, or is an unknown (foreign) name of 2+ words.
      const head = b ? tokens[b.tokenStart]! : null;
      const unknownHead = !!head && head.proclitics.length === 0 && !head.norm.startsWith("ال") && wordCount(head.norm) <= 2;
      if (b && (sc.isFirst(b.tokenStart) || sc.isKunya(b.tokenStart))) {
        cands.push(sc.candidate(b, "role", 3));
      } else if (b && unknownHead && b.tokenEnd - b.tokenStart >= 2 && sc.rangeNameLike(b)) {
        // A rare word after a role: a foreign name as often as a rare verb or noun («المفتي ارتكب
        // أخطاء فادحة»); the source tells the entity merge to want the tagger's agreement.
        cands.push(sc.candidate(b, "role-unknown", 3));
      }
    }
    if (sc.isQuote(i)) {
      const q = sc.readQuoted(i);
      if (q && !sc.rangeBlocked(q) && sc.quotedName(q)) {
        cands.push(sc.candidate(q, "quoted", 3));
      }
    }
    if (sc.isKunya(i) && !sc.cue(i, "placeKunya")) {
      const b = sc.readBare(i, "kunya");
      if (b && !sc.rangeBlocked(b)) cands.push(sc.candidate(b, "kunya", 2));
    }
    if (sc.isFirst(i)) {
      const b = sc.readBare(i, "first");
      if (b && b.tokenEnd - b.tokenStart >= 2 && !sc.rangeBlocked(b)) cands.push(sc.candidate(b, "first-name", 2));
    }
  }

  // A name that names a group, place or building («كتيبة الشهيد أحمد عبدو», «مسجد عمر بن الخطاب»)
  // is part of that name, not a person in the story; a cue of its own («المدعو») overrides.
  const namedAfter = (c: Candidate) => {
    let k = c.tokenStart - 1;
    while (k >= 0 && sc.isQuote(k)) k--;
    while (k >= 0 && k >= c.tokenStart - 3 && sc.has(lex.namedAfterTitles, k)) k--;
    return k >= 0 && sc.isWord(k) && sc.has(lex.namedAfterHeads, k);
  };
  for (let x = cands.length - 1; x >= 0; x--) if (cands[x]!.priority < 5 && cands[x]!.rule !== "introducer" && namedAfter(cands[x]!)) cands.splice(x, 1);

  // Keep the strongest reading of each stretch of text.
  cands.sort((a, b) => b.priority - a.priority || b.tokenEnd - b.tokenStart - (a.tokenEnd - a.tokenStart) || a.tokenStart - b.tokenStart);
  const taken = new Uint8Array(n);
  let persons: Candidate[] = [];
  for (const c of cands) {
    let free = true;
    for (let k = c.tokenStart; k < c.tokenEnd; k++) if (taken[k]) free = false;
    if (!free) continue;
    for (let k = c.tokenStart; k < c.tokenEnd; k++) taken[k] = 1;
    persons.push(c);
  }
  persons.sort((a, b) => a.tokenStart - b.tokenStart);

  // Aliases: «الملقب “هفو”», «الملقب بالكسم», «(أبو طعجة)» right after a name.
  const aliases: Candidate[] = [];
  for (const p of persons) {
    let pos = p.tokenEnd;
    // Step over the closing quote of a quoted name.
    if (p.tokenStart > 0 && sc.isQuote(p.tokenStart - 1) && sc.isQuote(pos) && tokens[pos]!.text !== "(") pos++;
    // «محمد أحمد الحريري، الملقب بـ«أبو علي»»: a comma may stand before the alias cue.
    if (pos + 1 < n && (tokens[pos]!.text === "،" || tokens[pos]!.text === ",") && sc.cue(pos + 1, "alias")) pos++;
    let alias: Range | null = null;
    let rule = "";
    if (pos < n && tokens[pos]!.text === "(") {
      const q = sc.readQuoted(pos);
      if (q && q.tokenEnd - q.tokenStart <= 4 && !sc.rangeBlocked(q) && sc.rangeNameLike(q)) [alias, rule] = [q, "alias-bracketed"];
    } else if (pos < n && (sc.cue(pos, "alias") || sc.cue(pos, "introducer"))) {
      const cue = sc.cueAt.get(pos)!;
      const j = afterAliasPreps(sc, cue.tokenEnd);
      const q = sc.readQuoted(j);
      if (q) alias = q;
      else if (j < n && sc.isWord(j) && !sc.blocked[j] && !sc.isStop(j)) {
        alias = sc.isKunya(j) ? sc.readBare(j, "kunya") : { tokenStart: j, tokenEnd: j + 1 };
      }
      rule = "alias-cue";
    }
    if (!alias || sc.rangeBlocked(alias)) continue;
    const a = sc.candidate(alias, rule, 6);
    a.owner = p;
    aliases.push(a);
  }
  persons = persons.filter((p) => !aliases.some((a) => a.tokenStart < p.tokenEnd && p.tokenStart < a.tokenEnd));

  return { entities: link(doc, sc, persons, aliases) };
}

interface Group {
  forms: { text: string; key: string; tokens: string[]; alias: boolean; order: number }[];
  mentions: Map<number, { start: number; end: number; text: string; source: string }>;
  members: Candidate[];
  parent: Group | null;
}

function find(g: Group): Group {
  while (g.parent) g = g.parent;
  return g;
}

function union(into: Group, from: Group) {
  into = find(into);
  from = find(from);
  if (into === from) return;
  from.parent = into;
  into.forms.push(...from.forms);
  for (const [k, m] of from.mentions) into.mentions.set(k, m);
  into.members.push(...from.members);
}

/** Normalized keys of a candidate's words, the attached clitics of its first word undone. */
function formKeys(sc: Scanner, c: Candidate): string[] {
  const out: string[] = [];
  for (let k = c.tokenStart; k < c.tokenEnd; k++) {
    const t = sc.tokens[k]!;
    if (t.kind === "punct") continue;
    if (k === c.tokenStart && c.start > t.start) {
      const cand = sc.keys.get(k).find((x) => x.strip > 0 && trimStart(t, x.strip) === c.start);
      out.push(cand ? cand.key : t.norm);
    } else out.push(t.norm);
  }
  return out;
}

function link(doc: Doc, sc: Scanner, persons: Candidate[], aliases: Candidate[]): Entity[] {
  const groups: Group[] = [];
  const byKey = new Map<string, Group>();
  const groupOf = new Map<Candidate, Group>();
  let order = 0;
  const addForm = (g: Group, c: Candidate, alias: boolean) => {
    const tokens = formKeys(sc, c);
    g.forms.push({ text: stripQuotes(doc.text.slice(c.start, c.end)), key: tokens.join(" "), tokens, alias, order: order++ });
    g.mentions.set(c.start, { start: c.start, end: c.end, text: doc.text.slice(c.start, c.end), source: c.rule });
    g.members.push(c);
  };
  for (const p of persons) {
    const key = formKeys(sc, p).join(" ");
    let g = byKey.get(key);
    if (!g) {
      g = { forms: [], mentions: new Map(), members: [], parent: null };
      groups.push(g);
      byKey.set(key, g);
    }
    addForm(find(g), p, false);
    groupOf.set(p, g);
  }
  for (const a of aliases) {
    const g = find(groupOf.get(a.owner!)!);
    addForm(g, a, true);
    const key = formKeys(sc, a).join(" ");
    const other = byKey.get(key);
    if (other) union(g, other);
    else byKey.set(key, g);
  }

  // Short forms: a name that is the end of exactly one longer name («أبو قياص», «عبد الرحمن», «الداغر»).
  const roots = () => [...new Set(groups.map(find))];
  for (const g of roots()) {
    const own = g.forms.filter((f) => !f.alias);
    if (!own.length || own.some((f) => f.tokens.length > 2)) continue;
    const targets = roots().filter(
      (h) => h !== g && h.forms.some((hf) => own.some((f) => hf.tokens.length > f.tokens.length && hf.key.endsWith(" " + f.key))),
    );
    if (targets.length === 1) {
      for (const f of own) f.alias = true;
      union(targets[0]!, g);
    }
  }

  // Every later occurrence of a form (and of a distinctive family name) is a mention of its person.
  const trie = new TokenTrie<Group>();
  const familyOwners = new Map<string, Group[]>();
  for (const g of roots()) {
    for (const f of g.forms) trie.addKeys(f.tokens, g);
    for (const f of g.forms) {
      if (f.alias || f.tokens.length < 2) continue;
      const last = f.tokens[f.tokens.length - 1]!;
      if (last.length < 4 || sc.lex.common.has(last) || sc.lex.firstNames.has(last) || sc.lex.connectorSuffixes.has(last)) continue;
      const list = familyOwners.get(last) ?? [];
      if (!list.includes(g)) list.push(g);
      familyOwners.set(last, list);
    }
  }
  for (const [last, owners] of familyOwners) if (owners.length === 1) trie.addKeys([last], owners[0]!);
  const taken = new Uint8Array(sc.tokens.length);
  for (const c of [...persons, ...aliases]) taken.fill(1, c.tokenStart, c.tokenEnd);
  for (const m of matchAll(trie, sc.tokens, sc.keys)) {
    if (sc.rangeBlocked(m)) continue;
    const g = find(m.values[0]!);
    if (m.values.some((v) => find(v) !== g)) continue;
    if (taken.subarray(m.tokenStart, m.tokenEnd).some((x) => x === 1)) continue;
    taken.fill(1, m.tokenStart, m.tokenEnd);
    const text = doc.text.slice(m.start, m.end);
    g.mentions.set(m.start, { start: m.start, end: m.end, text, source: "linked" });
    // A family name used alone («الداغر») is a short form of the person: an alias too.
    const tokens = formKeys(sc, { tokenStart: m.tokenStart, tokenEnd: m.tokenEnd, start: m.start, end: m.end, rule: "linked", priority: 0 });
    const key = tokens.join(" ");
    if (!g.forms.some((f) => f.key === key)) g.forms.push({ text: stripQuotes(text), key, tokens, alias: true, order: order++ });
  }

  const out: Entity[] = [];
  for (const g of roots()) {
    const own = g.forms.filter((f) => !f.alias);
    const pool = own.length ? own : g.forms;
    let best = pool[0]!;
    for (const f of pool) if (f.tokens.length > best.tokens.length || (f.tokens.length === best.tokens.length && f.text.length > best.text.length)) best = f;
    const aliases: string[] = [];
    const seen = new Set([best.key]);
    for (const f of [...g.forms].sort((a, b) => a.order - b.order)) {
      if (seen.has(f.key)) continue;
      seen.add(f.key);
      aliases.push(f.text);
    }
    const mentions = [...g.mentions.values()].sort((a, b) => a.start - b.start);
    const e: Entity = { id: "", type: "PERSON", name: best.text, aliases, mentions, confidence: 0.8 };
    annotate(doc, sc, g, e);
    out.push(e);
  }
  out.sort((a, b) => a.mentions[0]!.start - b.mentions[0]!.start);
  out.forEach((e, i) => (e.id = `P${i + 1}`));
  return out;
}

/**
 * The token after a cue's prepositions («الملقب بـ»). A detached tatweel («الشهير ب ـ " بوجي "»: a word
 * token with nothing left once normalized) may stand between the preposition and the name.
 */
function afterAliasPreps(sc: Scanner, from: number): number {
  const tokens = sc.tokens;
  let j = from;
  while (j < tokens.length && (sc.has(sc.lex.aliasPreps, j) || (tokens[j]!.kind === "word" && tokens[j]!.norm === ""))) j++;
  return j;
}

/** Roles («القيادي», «الشاب», «أحد عناصر …») and affiliations («التابعة لـ …», «المبايع لتنظيم داعش») stated next to a mention. */
function annotate(doc: Doc, sc: Scanner, g: Group, e: Entity) {
  const roles: NonNullable<Entity["roles"]> = [];
  const affs: NonNullable<Entity["affiliations"]> = [];
  const tokens = sc.tokens;
  const addRole = (start: number, end: number) => {
    const text = doc.text.slice(start, end);
    if (!roles.some((r) => r.span.start === start)) roles.push({ text, span: { start, end } });
  };
  const addAff = (start: number, end: number, actorId?: string) => {
    if (affs.some((a) => a.span.start === start)) return;
    const a: NonNullable<Entity["affiliations"]>[number] = { text: doc.text.slice(start, end), span: { start, end } };
    if (actorId) a.actorId = actorId;
    affs.push(a);
  };
  const actorAt = (i: number) => {
    const a = sc.actorStartAt[i]!;
    return a >= 0 && doc.actors[a]!.rule !== "anaphor" ? doc.actors[a] : undefined;
  };
  for (const c of g.members) {
    const sent = tokens[c.tokenStart]!.sentence;
    // Before: «الشاب “…”», «القائد الميداني “…”», «أحد عناصر تنظيم داعش الإرهابي، المدعو “…”».
    for (let k = c.tokenStart - 1; k >= 0 && k >= c.tokenStart - 6 && tokens[k]!.sentence === sent; k--) {
      if (tokens[k]!.kind === "punct" && !sc.isQuote(k)) break;
      const role = sc.blocked[k] ? undefined : sc.cue(k, "role");
      if (role && role.tokenEnd <= c.tokenStart) {
        let end = role.end;
        let j = role.tokenEnd;
        while (j < c.tokenStart && sc.has(sc.lex.roleModifiers, j)) end = tokens[j++]!.end;
        // «قائد اللواء الثامن أحمد العودة»: the role names the group, which is an affiliation.
        const group = doc.actors.find((a) => a.start >= tokens[j]!.start && a.start <= tokens[j]!.start + 2 && a.end <= c.start && a.rule !== "anaphor");
        if (group) {
          end = group.end;
          addAff(group.start, group.end, group.actorId);
        }
        addRole(role.start, end);
        break;
      }
    }
    let k = c.tokenStart - 1;
    while (k >= 0 && (tokens[k]!.kind === "punct" || sc.cue(k, "introducer") || sc.cueAt.get(k - 0)?.kinds.includes("introducer"))) k--;
    const before = doc.actors.find((a) => a.end === tokens[k]?.end && a.rule !== "anaphor");
    if (before && k >= c.tokenStart - 4) addAff(before.start, before.end, before.actorId);
    // After: «، أحد عناصر فرع الأمن العسكري», «المبايع لتنظيم داعش», «التابعة لفرع الأمن العسكري».
    for (let j = c.tokenEnd; j < tokens.length && j <= c.tokenEnd + 10 && tokens[j]!.sentence === sent; j++) {
      const cue = sc.cue(j, "affiliation");
      if (!cue) continue;
      for (let m = cue.tokenEnd; m < tokens.length && m <= cue.tokenEnd + 2; m++) {
        const a = actorAt(m);
        if (a) {
          addAff(a.start, a.end, a.actorId);
          break;
        }
      }
      if (sc.cue(j, "role")) addRole(cue.start, cue.end);
      break;
    }
  }
  if (roles.length) e.roles = roles;
  if (affs.length) e.affiliations = affs;
}
