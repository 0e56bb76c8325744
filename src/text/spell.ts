/**
 * @module text/spell
 * Is a word an ordinary Arabic word? Arabic has no capital letters, so a name that no list knows
 * («باكويانيس», «تروتنيف») looks like any rare word to the tagger. A spelling dictionary draws the
 * line a capital letter draws in English: what it accepts is mostly vocabulary (nouns, verbs and
 * particles with all their clitics and inflections), what it rejects is mostly foreign names and
 * transliterations. In the ANERcorp training part 44% of rejected word tokens are inside a name,
 * against 9% of accepted ones.
 *
 * A reader of Hunspell dictionaries that does what the Arabic dictionary (data/spell, Ayaspell)
 * needs: FLAG long, AF flag aliases, prefixes, suffixes, and twofold suffixes through continuation
 * classes; no compounding. Stems, affixes and conditions are normalized when loaded
 * (text/normalize.ts), so it answers for the tagger's normalized tokens; folding hamza forms and
 * taa marbuta makes it accept a few more spellings than Hunspell would, which is what a check of
 * normalized text should do.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { normalize } from "./normalize.ts";

interface Affix {
  flag: string;
  /** What the rule removes from the stem before adding (normalized; "" for none). */
  strip: string;
  /** What it adds (normalized; "" for none). */
  add: string;
  /** The condition on the stem (suffix: its end; prefix: its start), or null for any. */
  cond: RegExp | null;
  /** Continuation class: flags the affixed word takes (for a second suffix or a prefix). */
  cont: ReadonlySet<string> | null;
  /** Cross product: may combine with an affix of the other kind. */
  cross: boolean;
}

export interface SpellDict {
  /** True when the dictionary accepts the normalized word. */
  check(word: string): boolean;
  /** Stems loaded (for tests and the data README). */
  readonly size: number;
}

function splitFlags(s: string, aliases: readonly string[]): string[] {
  if (/^\d+$/.test(s)) return splitFlags(aliases[Number(s) - 1] ?? "", []);
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i += 2) out.push(s.slice(i, i + 2));
  return out;
}

/** Hunspell's condition syntax (characters, «.», «[...]», «[^...]») as a regular expression. */
function condition(cond: string, norm: (s: string) => string, suffix: boolean): RegExp | null {
  if (cond === "." || cond === "") return null;
  let src = "";
  for (let i = 0; i < cond.length; i++) {
    const c = cond[i]!;
    if (c === "[") {
      const end = cond.indexOf("]", i);
      let body = cond.slice(i + 1, end);
      const neg = body.startsWith("^");
      if (neg) body = body.slice(1);
      const chars = [...new Set([...norm(body)])].map((x) => x.replace(/[\\\]^-]/g, "\\$&")).join("");
      src += chars ? `[${neg ? "^" : ""}${chars}]` : neg ? "." : "(?!)";
      i = end;
    } else if (c === ".") src += ".";
    else src += norm(c).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(suffix ? `${src}$` : `^${src}`);
}

/**
 * Parses a Hunspell .aff / .dic pair. `norm` normalizes stems, affixes and conditions (pass the
 * text normalizer; identity for raw spelling).
 */
export function parseSpell(aff: string, dic: string, norm: (s: string) => string): SpellDict {
  const aliases: string[] = [];
  const pfx = new Map<string, Affix[]>();
  const sfx = new Map<string, Affix[]>();
  const cross = new Map<string, boolean>();
  let maxP = 0;
  let maxS = 0;
  for (const raw of aff.split("\n")) {
    const line = raw.replace(/\s+#.*$/, "").trim();
    const f = line.split(/\s+/);
    if (f[0] === "AF" && f.length >= 2 && !/^\d+$/.test(f[1]!)) aliases.push(f[1]!);
    else if ((f[0] === "PFX" || f[0] === "SFX") && f.length >= 4) {
      if (f.length === 4 && (f[2] === "Y" || f[2] === "N")) {
        cross.set(`${f[0]}${f[1]}`, f[2] === "Y");
        continue;
      }
      const isSfx = f[0] === "SFX";
      const [addRaw, contRaw] = f[3]!.split("/");
      const strip = f[2] === "0" ? "" : norm(f[2]!);
      const add = addRaw === "0" ? "" : norm(addRaw!);
      const a: Affix = {
        flag: f[1]!,
        strip,
        add,
        cond: condition(f[4] ?? ".", norm, isSfx),
        cont: contRaw ? new Set(splitFlags(contRaw, aliases)) : null,
        cross: cross.get(`${f[0]}${f[1]}`) ?? false,
      };
      const table = isSfx ? sfx : pfx;
      let list = table.get(add);
      if (!list) table.set(add, (list = []));
      list.push(a);
      if (isSfx) maxS = Math.max(maxS, add.length);
      else maxP = Math.max(maxP, add.length);
    }
  }
  // A stem keeps the index of its flag set (sets shared through a table: the dictionary names a
  // few hundred distinct sets for 170,000 stems); homographs keep an array of indices.
  const sets: ReadonlySet<string>[] = [];
  const setIndex = new Map<string, number>();
  const stems = new Map<string, number | number[]>();
  const lines = dic.split("\n");
  for (let k = 1; k < lines.length; k++) {
    let line = lines[k]!;
    const tab = line.indexOf("\t");
    if (tab >= 0) line = line.slice(0, tab);
    line = line.trim();
    if (!line) continue;
    const slash = line.indexOf("/");
    const word = norm(slash < 0 ? line : line.slice(0, slash));
    if (!word) continue;
    const key = slash < 0 ? "" : line.slice(slash + 1);
    let si = setIndex.get(key);
    if (si === undefined) {
      si = sets.length;
      sets.push(new Set(key ? splitFlags(key, aliases) : []));
      setIndex.set(key, si);
    }
    const had = stems.get(word);
    if (had === undefined) stems.set(word, si);
    else if (typeof had === "number") {
      if (had !== si) stems.set(word, [had, si]);
    } else if (!had.includes(si)) had.push(si);
  }

  /** A stem of `w` with flag `need` (and, with a prefix, `pflag` on the stem or in `cont`). */
  const fits = (fl: ReadonlySet<string>, need: string | null, pflag: string | null, cont: ReadonlySet<string> | null, cont2: ReadonlySet<string> | null): boolean =>
    (need === null || fl.has(need)) && (pflag === null || fl.has(pflag) || !!cont?.has(pflag) || !!cont2?.has(pflag));
  const stemHas = (w: string, need: string | null, pflag: string | null, cont: ReadonlySet<string> | null, cont2: ReadonlySet<string> | null): boolean => {
    const got = stems.get(w);
    if (got === undefined) return false;
    if (typeof got === "number") return fits(sets[got]!, need, pflag, cont, cont2);
    for (const si of got) if (fits(sets[si]!, need, pflag, cont, cont2)) return true;
    return false;
  };

  // Suffix flags that some suffix's continuation class allows (only those can be a second suffix).
  const continued = new Set<string>();
  for (const list of sfx.values()) for (const a of list) if (a.cont) for (const f of a.cont) continued.add(f);

  /** `w` as stem + one or two suffixes, under prefix rule `p` (null: none). */
  const suffixed = (w: string, p: Affix | null): boolean => {
    for (let sl = 0; sl <= maxS && sl < w.length; sl++) {
      const list = sfx.get(sl ? w.slice(w.length - sl) : "");
      if (!list) continue;
      const head = w.slice(0, w.length - sl);
      for (const s of list) {
        if (p && !(s.cross && p.cross)) continue;
        const stem = head + s.strip;
        if (s.cond && !s.cond.test(stem)) continue;
        if (stemHas(stem, s.flag, p ? p.flag : null, s.cont, null)) return true;
        if (!continued.has(s.flag)) continue;
        // Twofold: `s` is the outer suffix, allowed by an inner suffix's continuation class.
        for (let sl2 = 0; sl2 <= maxS && sl2 < stem.length; sl2++) {
          const inner = sfx.get(sl2 ? stem.slice(stem.length - sl2) : "");
          if (!inner) continue;
          const head2 = stem.slice(0, stem.length - sl2);
          for (const s1 of inner) {
            if (!s1.cont?.has(s.flag)) continue;
            if (p && !(s1.cross && p.cross)) continue;
            const stem2 = head2 + s1.strip;
            if (s1.cond && !s1.cond.test(stem2)) continue;
            if (stemHas(stem2, s1.flag, p ? p.flag : null, s1.cont, s.cont)) return true;
          }
        }
      }
    }
    return false;
  };

  const check = (word: string): boolean => {
    if (stems.has(word)) return true;
    if (suffixed(word, null)) return true;
    for (let pl = 1; pl <= maxP && pl < word.length; pl++) {
      const list = pfx.get(word.slice(0, pl));
      if (!list) continue;
      for (const p of list) {
        const base = p.strip + word.slice(pl);
        if (p.cond && !p.cond.test(base)) continue;
        if (stemHas(base, p.flag, null, null, null)) return true;
        if (p.cross && suffixed(base, p)) return true;
      }
    }
    return false;
  };
  return { check, size: stems.size };
}

const SPELL_DIR = new URL("../../data/spell/", import.meta.url);
let arabic: SpellDict | null = null;

/** The Arabic dictionary of data/spell (build:spell), normalized; loaded once. */
export function arabicSpell(): SpellDict {
  if (!arabic) {
    const read = (f: string) => gunzipSync(readFileSync(fileURLToPath(new URL(f, SPELL_DIR)))).toString("utf8");
    arabic = parseSpell(read("ar.aff.gz"), read("ar.dic.gz"), normalize);
  }
  return arabic;
}
