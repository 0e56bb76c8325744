/**
 * @module text/clitics
 * Clitic analysis: splits a normalized word into proclitics, a base and a pronoun enclitic, so that
 * «وبمساندة», «للتنظيم», «بدرعا», «فالحملة», «لـداعش» reach the lexicons as مسانده، تنظيم، درعا،
 * حمله، داعش (normalized forms).
 *
 * Arabic writes conjunctions (و ف), prepositions (ب ل ك), the future particle (س) and the article
 * (ال) attached to the next word, and object/possessive pronouns (ه ها هم ...) attached to its end.
 * Stripping by shape alone breaks words that merely start with those letters («وادي», «بلدة»,
 * «لواء», «فصائل», «بيان»), so every split that is not certain is checked against corpus
 * frequencies (data/lexicon/words.tsv): a proclitic is stripped when the remaining stem is a known
 * word and not too rare next to the whole form (ratios per clitic below, tuned on the GSR
 * vocabulary), never for name tokens (names.txt) or protected words (protected.txt). When neither
 * form is known, «و» is stripped, and «ف», «ب», «ل» are stripped only if the document confirms the
 * stem (`fallback`, applied by the tokenizer). The article is stripped by shape when written with
 * a bare alef (the exceptions are in protected.txt), and its presence forbids a pronoun suffix.
 *
 * Order of proclitics: [و|ف] [ب|ل|ك|س] [ال]; «لل» is ل + ال with the article's alef dropped.
 *
 * Results are cached per normalized form, so the analysis costs one Map lookup per token after the
 * first time a form is seen.
 */
import type { Token } from "../doc/types.ts";
import { isNameToken, isProtected, wordCount } from "./lexicon.ts";
import { isWordInternal, normalize, NORM_DROP, NORM_TABLE } from "./normalize.ts";

export interface CliticAnalysis {
  /** The normalized word without its clitics. */
  base: string;
  /** Normalized proclitics in order, e.g. ["و", "ب"]. */
  proclitics: readonly string[];
  /** Normalized pronoun suffix, "" when none. */
  enclitic: string;
  /**
   * Set when a split rests on no evidence (neither the whole form nor the stem is in the word
   * list): the analysis to use instead when the stem does not occur on its own in the same
   * document («بايدن» stays whole, «بجاسم» splits when «جاسم» occurs elsewhere). The tokenizer
   * applies this; `analyzeWord` alone returns the split.
   */
  fallback?: CliticAnalysis;
}

const AL = "ال";
const CONJ = new Set(["و", "ف"]);
const PREP = new Set(["ب", "ل", "ك"]);
/** Pronoun suffixes, longest first so «هما» wins over «ها». */
const ENCLITICS = ["هما", "كم", "هم", "هن", "ها", "نا", "ه", "ك", "ي"];
/** Suffixes so short or so common at word ends that they are stripped only from unseen forms. */
const WEAK_ENCLITICS = new Set(["ي", "ك"]);

const NONE: readonly string[] = Object.freeze([]);

/** How often a stem occurs on its own or with the article. */
function stemCount(stem: string): number {
  return wordCount(stem) + wordCount(AL + stem);
}

function isKeptWhole(w: string): boolean {
  return isProtected(w) || isNameToken(w);
}

/**
 * Whether `whole` = one clitic letter + `stem` should be split. Both unseen: split when the stem is
 * long enough to be a word (a conjunction or preposition before an unknown name is far more common
 * than an unknown word starting with that letter). Otherwise the stem must be seen, and at least
 * 1/ratio as frequent as the whole form. `deeper` marks the conjunction step (see below).
 */
const NO = 0;
const YES = 1;
/** Split, but neither form is in the word list: the tokenizer confirms it against the document. */
const UNSEEN = 2;

function shouldSplit(whole: string, stem: string, ratio: number, deeper = false): number {
  if (isKeptWhole(whole)) return NO;
  const fw = wordCount(whole);
  let fs = stemCount(stem);
  // After a conjunction the stem may itself carry a preposition («وبمساندة»): count its stem too.
  if (deeper && PREP.has(stem[0]!) && stem.length >= 4 && !isKeptWhole(stem)) fs += stemCount(stem.slice(1));
  if (fw === 0 && fs === 0) return stem.length >= 3 ? UNSEEN : NO;
  // A rare conjunction-initial form with an unseen stem («ومدنيان» seen once) is still far more
  // likely a conjunction + word than a word of its own.
  if (fs === 0) return deeper && fw <= 2 && stem.length >= 3 ? YES : NO;
  // A two-letter stem («ورد» = و + رد?, «بعد» = ب + عد?) is too easily a word of its own: it
  // must be at least as common as the whole form.
  return fs * (stem.length < 3 ? 1 : ratio) >= fw ? YES : NO;
}

function analyzeUncached(w: string, finalFolded: boolean, alefMask: number): CliticAnalysis {
  // The article is written with a bare alef: «آليات», «أليس», «إلى» start with ا after
  // normalization but have no article. `alefMask` bit p is set when normalized letter p was a
  // hamza/madda/wasla alef in the surface.
  const bareAlef = (p: number) => ((alefMask >> p) & 1) === 0;
  if (w.length < 3 || isKeptWhole(w)) return { base: w, proclitics: NONE, enclitic: "" };
  const pro: string[] = [];
  let rest = w;
  // The analysis without the first split that rests on no evidence (see UNSEEN).
  let fallback: CliticAnalysis | undefined;

  // 1. Conjunction.
  if (CONJ.has(rest[0]!) && rest.length >= 3) {
    const stem = rest.slice(1);
    // Before an article or a preposition+article the conjunction is certain.
    const certain = stem.length >= 4 && ((stem.startsWith(AL) && bareAlef(1)) || stem.startsWith("لل") || (PREP.has(stem[0]!) && stem.startsWith(AL, 1) && bareAlef(2)));
    // A conjunction is by far the commonest reading of an initial و/ف before a known word («وأضاف»
    // is 18 times as frequent as «أضاف» in news, and still و + أضاف): the stem needs only 1/40 of
    // the whole form's frequency; lexicalized words (وزير، وادي) are in protected.txt or names.txt.
    const split = certain && !isKeptWhole(rest) ? YES : shouldSplit(rest, stem, 40, true);
    if (split !== NO) {
      // «و» before an unknown word is a conjunction; «ف» starts many foreign names (فاغنر،
      // فنزويلا), so there an unseen split waits for the document's confirmation.
      if (split === UNSEEN && rest[0] === "ف") fallback = { base: rest, proclitics: NONE, enclitic: "" };
      pro.push(rest[0]!);
      rest = stem;
    }
  }

  // 2. Preposition and article.
  let article = false;
  let split2 = NO;
  const at = pro.length; // normalized index where `rest` starts
  if (!isKeptWhole(rest)) {
    if (rest.startsWith("لل") && rest.length >= 4) {
      // «للتنظيم» = ل + ال + تنظيم, but «لليبيا» = ل + ليبيا: prefer the reading whose stem is known.
      const withL = rest.slice(1);
      const withAl = rest.slice(2);
      if (stemCount(withL) > stemCount(withAl) * 2 || isNameToken(withL)) {
        pro.push("ل");
        rest = withL;
      } else {
        pro.push("ل", AL);
        rest = withAl;
        article = true;
      }
    } else if (PREP.has(rest[0]!) && rest.startsWith(AL, 1) && rest.length >= 5 && bareAlef(at + 1)) {
      pro.push(rest[0]!, AL);
      rest = rest.slice(3);
      article = true;
    } else if (rest.startsWith(AL) && rest.length >= 4 && bareAlef(at)) {
      pro.push(AL);
      rest = rest.slice(2);
      article = true;
    } else if (PREP.has(rest[0]!) && rest.length >= 4 && (rest[0] !== "ك" || stemCount(rest.slice(1)) > 0) && (split2 = shouldSplit(rest, rest.slice(1), rest[0] === "ك" ? 0.2 : 30)) !== NO) {
      // Prepositions: «بجروح» is 27 times as frequent as «جروح», «بشكل» 5 times «شكل»: the stem needs
      // 1/30 of the whole form's frequency. «ك» ("like") is rarer, and «كفر...», «كبرى», «كامل»,
      // «كتب» start with it: it is stripped only before a known stem five times as frequent
      // («كذلك» = ك + ذلك).
      // «بايدن», «لافروف»: an unseen ب/ل word may be a name; the document decides (see UNSEEN).
      if (split2 === UNSEEN && !fallback) fallback = { base: rest, proclitics: pro.length ? Object.freeze(pro.slice()) : NONE, enclitic: "" };
      pro.push(rest[0]!);
      rest = rest.slice(1);
    } else if (rest[0] === "س" && pro.length > 0 && rest.length >= 5 && "يتنا".includes(rest[1]!) && wordCount(rest) === 0 && wordCount(rest.slice(1)) > 0) {
      // Future particle, only after a conjunction («وسيتم»): alone it starts too many nouns.
      pro.push("س");
      rest = rest.slice(1);
    }
  }

  // 3. Pronoun suffix: never with the article, never on a word whose surface ends in ة or ى.
  let enclitic = "";
  if (!article && !finalFolded && rest.length >= 4 && !isKeptWhole(rest)) {
    for (const e of ENCLITICS) {
      if (!rest.endsWith(e) || rest.length - e.length < 2) continue;
      let stem = rest.slice(0, rest.length - e.length);
      const fw = wordCount(rest);
      if (WEAK_ENCLITICS.has(e) && fw > 0) break;
      // «حملته» = حملة + ه: a feminine noun shows its taa before a suffix.
      let fs = stemCount(stem);
      if (stem.endsWith("ت")) {
        const fem = stem.slice(0, -1) + "ه";
        const ff = stemCount(fem);
        if (ff > fs) {
          fs = ff;
          stem = fem;
        }
      }
      if (fs > 0 && fs * (e === "ه" ? 1 : 2) >= fw * 2) {
        enclitic = e;
        rest = stem;
      }
      break;
    }
  }
  const out: CliticAnalysis = { base: rest, proclitics: pro.length ? Object.freeze(pro) : NONE, enclitic };
  if (fallback) out.fallback = fallback;
  return out;
}

const cache = new Map<string, CliticAnalysis>();
const CACHE_MAX = 50_000;

/**
 * Analyzes a normalized word. `finalFolded` says the surface ended in ة or ى, which normalization
 * folds to ه and ي: such a final letter is never a pronoun suffix. Bit p of `alefMask` says that
 * normalized letter p (p < 8) was written آ/أ/إ/ٱ, so it cannot be the alef of the article.
 */
export function analyzeWord(norm: string, finalFolded = false, alefMask = 0): CliticAnalysis {
  const key = finalFolded || alefMask ? norm + String.fromCharCode(1 + (finalFolded ? 1 : 0) + 2 * alefMask) : norm;
  let a = cache.get(key);
  if (a === undefined) {
    if (cache.size >= CACHE_MAX) cache.clear();
    a = analyzeUncached(norm, finalFolded, alefMask);
    cache.set(key, a);
  }
  return a;
}

/** Whether the last letter of a surface (skipping marks and tatweel) is ة or ى. */
export function endsWithFoldedLetter(surface: string): boolean {
  for (let i = surface.length - 1; i >= 0; i--) {
    const c = surface.charCodeAt(i);
    if (isWordInternal(c)) continue;
    return c === 0x0629 || c === 0x0649;
  }
  return false;
}

/**
 * The base form other lexicons should be keyed with, for one word as written (any spelling,
 * diacritics allowed): `lexiconBase("الحسكة")` is the same string as the `base` of the token
 * «بالحسكة». For a multi-word entry, tokenize it and use each word token's `base`.
 */
export function lexiconBase(word: string): string {
  return analyzeWord(normalize(word), endsWithFoldedLetter(word), alefMaskOf(word)).base;
}

/** The `alefMask` of a surface word (see analyzeWord). */
export function alefMaskOf(surface: string): number {
  let mask = 0;
  let len = 0;
  for (let i = 0; i < surface.length && len < 8; i++) {
    const c = surface.charCodeAt(i);
    const n = NORM_TABLE[c]!;
    if (n === NORM_DROP) continue;
    if (isHamzaAlef(c)) mask |= 1 << len;
    len++;
  }
  return mask;
}

/** آ أ إ ٱ and the rarer alef forms that normalize to a bare alef. */
export function isHamzaAlef(c: number): boolean {
  return c === 0x0622 || c === 0x0623 || c === 0x0625 || c === 0x0671 || c === 0x0672 || c === 0x0673;
}

/** Fills a word token's `base`, `proclitics` and `enclitic` from its `norm`. */
export function analyzeClitics(tok: Token): void {
  const a = analyzeWord(tok.norm, endsWithFoldedLetter(tok.text), alefMaskOf(tok.text));
  tok.base = a.base;
  tok.proclitics = a.proclitics.length ? a.proclitics.slice() : [];
  tok.enclitic = a.enclitic;
}
