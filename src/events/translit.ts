/**
 * @module events/translit
 * Arabic -> Latin transliteration of names for the English notes, so an analyst who does not read
 * Arabic can tell people apart. Readable rather than reversible.
 *
 * Scheme (a simplified, ASCII-only variant of the common news romanization, close to ALA-LC without
 * diacritics):
 *
 *   ا a (word-initially; long ā elsewhere as "a")   ب b    ت t    ث th   ج j    ح h    خ kh
 *   د d    ذ dh   ر r    ز z    س s    ش sh   ص s    ض d    ط t    ظ z    ع ' (a word-initially)
 *   غ gh   ف f    ق q    ك k    ل l    م m    ن n    ه h    و w / u (u between consonants, w otherwise)
 *   ي y / i (i between consonants or word-finally, y otherwise)   ى a   ة a (word-finally)   ء ' (dropped at the edges)
 *   أ إ آ ؤ ئ: a, i, a, ', ' (hamza seats as their vowel at the word start)
 *   Short vowels: written ones (fatha a, kasra i, damma u) are used; unwritten ones are not guessed,
 *   except that a word-initial cluster and a third consonant in a row get an "a" and a word-final
 *   cluster an "i" («رحمن» -> "Rahman", «الداغر» -> "al-Daghir", «نبوت» -> "Nabut"). Frequent name words have a fixed spelling in NAMES («محمد» -> "Mohammed").
 *   The article «ال» -> "al-" (assimilated before sun letters is not applied: "al-Shami"), «عبد ال» ->
 *   "Abdul"; «أبو» -> "Abu"; «بن» -> "bin". Each word is capitalized.
 */
import { normalize } from "../text/normalize.ts";

const LETTERS: Record<string, string> = {
  "\u0627": "a", "\u0628": "b", "\u062a": "t", "\u062b": "th", "\u062c": "j", "\u062d": "h", "\u062e": "kh",
  "\u062f": "d", "\u0630": "dh", "\u0631": "r", "\u0632": "z", "\u0633": "s", "\u0634": "sh", "\u0635": "s",
  "\u0636": "d", "\u0637": "t", "\u0638": "z", "\u0639": "'", "\u063a": "gh", "\u0641": "f", "\u0642": "q",
  "\u0643": "k", "\u0644": "l", "\u0645": "m", "\u0646": "n", "\u0647": "h", "\u0648": "w", "\u064a": "y",
  "\u0649": "a", "\u0629": "a", "\u0621": "'", "\u0623": "a", "\u0625": "i", "\u0622": "a", "\u0624": "'", "\u0626": "'",
  "\u064e": "a", "\u0650": "i", "\u064f": "u",
};

/** Frequent name words with an established spelling (keys normalized). */
const NAMES: Record<string, string> = {};
for (const [ar, en] of [
  ["محمد", "Mohammed"], ["أحمد", "Ahmed"], ["محمود", "Mahmoud"], ["مصطفى", "Mustafa"], ["علي", "Ali"], ["عمر", "Omar"],
  ["حسين", "Hussein"], ["حسن", "Hassan"], ["يوسف", "Youssef"], ["إبراهيم", "Ibrahim"], ["خالد", "Khaled"], ["عبد", "Abd"],
  ["أبو", "Abu"], ["ابن", "Ibn"], ["بن", "bin"], ["أسامة", "Osama"], ["فايز", "Fayez"], ["نادر", "Nader"], ["أيمن", "Ayman"],
  ["إيهاب", "Ihab"], ["مؤيد", "Muayad"], ["حمزة", "Hamza"], ["سعيد", "Said"], ["عادل", "Adel"], ["جاسم", "Jasim"],
  ["صالح", "Saleh"], ["سليمان", "Suleiman"], ["عثمان", "Othman"], ["طارق", "Tariq"], ["رامي", "Rami"], ["علاء", "Alaa"],
  ["رضوان", "Radwan"], ["فارس", "Fares"], ["خلف", "Khalaf"], ["الحسن", "al-Hassan"], ["الله", "Allah"], ["عبدالله", "Abdullah"],
] as const) NAMES[normalize(ar)] = en;

function isConsonant(ch: string): boolean {
  return !"aiu'".includes(ch);
}

function word(w: string): string {
  const n = normalize(w);
  if (NAMES[n]) return NAMES[n]!;
  let prefix = "";
  let body = w;
  if (n.startsWith("\u0627\u0644") && n.length > 3) {
    const rest = NAMES[n.slice(2)];
    if (rest) return `al-${rest}`;
    prefix = "al-";
    body = w.replace(/^[\u0627\u0623\u0625\u0622]\u0644/, "");
  }
  let out = "";
  // Consonant phonemes in a row at the end of `out` ("sh" counts once), and phonemes written so far.
  let run = 0;
  let phonemes = 0;
  const chars = [...body];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    const prev = out.slice(-1);
    const nextLetter = chars[i + 1];
    if (c === "\u0651") {
      // Shadda doubles the previous consonant.
      if (prev && isConsonant(prev)) out += prev;
      continue;
    }
    let t = LETTERS[c];
    if (t === undefined) continue;
    const atStart = out.length === 0;
    const atEnd = i === chars.length - 1;
    if (c === "\u0648") t = atStart || !prev || !isConsonant(prev) ? "w" : nextLetter && LETTERS[nextLetter] && isConsonant(LETTERS[nextLetter]!) ? "u" : atEnd ? "u" : "w";
    if (c === "\u064a") t = atStart ? "y" : atEnd || (prev && isConsonant(prev) && nextLetter && LETTERS[nextLetter] && isConsonant(LETTERS[nextLetter]!)) ? "i" : "y";
    if (c === "\u0627" && !atStart) t = "a";
    if (c === "\u0639" && atStart) t = "a";
    else if ((c === "\u0639" || c === "\u0621") && (atStart || atEnd)) t = "";
    if (!t) continue;
    if (isConsonant(t[0]!)) {
      // Unwritten short vowels: a word-initial cluster, a third consonant in a row, or a final
      // cluster gets a vowel («رحمن» -> "Rahman", «الداغر» -> "al-Daghir").
      if ((run === 1 && phonemes === 1) || run === 2) {
        out += "a";
        run = 0;
      } else if (run === 1 && atEnd && phonemes >= 2) {
        out += "i";
        run = 0;
      }
      run++;
    } else run = 0;
    out += t;
    phonemes++;
  }
  if (!out) return prefix.replace(/-$/, "");
  const cap = out[0] === "'" ? "'" + (out[1]?.toUpperCase() ?? "") + out.slice(2) : out[0]!.toUpperCase() + out.slice(1);
  return prefix ? `${prefix}${cap}` : cap;
}

/** Transliterates an Arabic name (one or more words) by the scheme above. */
export function transliterate(name: string): string {
  const words = name
    .replace(/[«»“”"()\u201e\u2018\u2019]/g, " ")
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const n = normalize(words[i]!);
    // «عبد ال...»: Abdul-Rahman style.
    if (n === "\u0639\u0628\u062f" && words[i + 1] && normalize(words[i + 1]!).startsWith("\u0627\u0644")) {
      out.push(`Abdul-${word(words[i + 1]!).replace(/^al-/, "")}`);
      i++;
      continue;
    }
    out.push(/[\u0600-\u06ff]/.test(words[i]!) ? word(words[i]!) : words[i]!);
  }
  return out.join(" ");
}
