/**
 * @module ner/ngrams
 * How much a word looks like a personal name, from its letters alone: a naive-Bayes log-odds over
 * character 2- and 3-grams of the stem, names (the person names and given names of the lists)
 * against the general vocabulary of unlabeled news text. It is one number per word, so it carries
 * what the lists know about name spelling («ـوف», «ـسكي», long-vowel patterns of transliterated names)
 * to names the lists and the training data never saw, without thousands of sparse n-gram features.
 *
 * Stored as data/ner/ngrams.tsv ("gram<TAB>log-odds x 100" per line, ner/lexicon.ts serializeNumberTsv);
 * built by `npm run train:ner`.
 */

/** The character n-grams of a stem, with ^ and $ marking its edges. */
export function stemGrams(stem: string): string[] {
  const s = `^${stem}$`;
  const out: string[] = [];
  for (let n = 2; n <= 3; n++) for (let i = 0; i + n <= s.length; i++) out.push(s.slice(i, i + n));
  return out;
}

/** Log-odds table from name stems and general-vocabulary stems (each a list of distinct stems). */
export function buildNameGrams(names: Iterable<string>, general: Iterable<string>): Map<string, number> {
  const count = (stems: Iterable<string>) => {
    const c = new Map<string, number>();
    let total = 0;
    for (const s of stems) {
      for (const g of stemGrams(s)) {
        c.set(g, (c.get(g) ?? 0) + 1);
        total++;
      }
    }
    return { c, total };
  };
  const p = count(names);
  const q = count(general);
  const grams = new Set([...p.c.keys(), ...q.c.keys()]);
  const vocab = grams.size;
  const a = 0.5;
  const out = new Map<string, number>();
  for (const g of grams) {
    const cp = p.c.get(g) ?? 0;
    const cq = q.c.get(g) ?? 0;
    if (cp + cq < 3) continue;
    const lo = Math.log((cp + a) / (p.total + a * vocab)) - Math.log((cq + a) / (q.total + a * vocab));
    out.set(g, Math.round(lo * 100));
  }
  return out;
}

/** The word's bucket: its mean n-gram log-odds in half units, clipped to -6..6 (0 for short stems). */
export function nameBucket(grams: Map<string, number>, stem: string): number {
  if (stem.length < 2) return 0;
  let sum = 0;
  let n = 0;
  for (const g of stemGrams(stem)) {
    sum += grams.get(g) ?? 0;
    n++;
  }
  const b = Math.round((sum / n / 100) * 2);
  return 7 + (b < -6 ? -6 : b > 6 ? 6 : b);
}
