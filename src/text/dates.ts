/**
 * @module text/dates
 * Date expressions in Arabic news, read from tokens and resolved against the publication date
 * (`doc.meta.published`, "YYYY-MM-DD"):
 *
 * - relative days: «اليوم», «أمس», «البارحة», «أول أمس», «أول من أمس», «أمس الأول», «الليلة»,
 *   «قبل يومين», «قبل ثلاثة أيام», «منذ أسبوع» (durations count back from publication);
 * - parts of the day before any day expression: «ليلة أمس», «فجر الجمعة», «صباح اليوم»;
 * - weekdays: «يوم الجمعة», «الجمعة» (most recent such day on or before publication), «الأربعاء
 *   الماضي» (strictly before), «الأحد المقبل» (after); «يوم أمس الأحد» checks that the weekday
 *   agrees and leaves a message W-date-weekday on the document when it does not;
 * - periods: «الأسبوع الماضي» (the seven days before publication, week precision), «الشهر الماضي»,
 *   «العام الماضي/المنصرم», «هذا العام», «الشهر الجاري»;
 * - explicit dates: «15 تشرين الأول 2022», «الخامس عشر من أكتوبر», «2/11/2022» (day first),
 *   «2022-11-02», «15/10»; months in Levantine, Egyptian/Gulf and Maghrebi names; month and year
 *   («آب 2022», month precision); parts of a month («أواخر تشرين الثاني 2022»: days 21 to the
 *   end; «أوائل»/«مطلع» 1-10, «منتصف» 11-20; month precision with the narrower range); years
 *   («عام 2022»), year precision;
 * - Hijri dates («15 ربيع الأول 1444 هـ»), converted with the tabular Islamic calendar (30-year
 *   cycle, leap years 2, 5, 7, 10, 13, 16, 18, 21, 24, 26, 29; epoch 16 July 622 Julian, the
 *   civil/"Kuwaiti" variant). Umm al-Qura and sighting-based dates may differ from it by a day or
 *   two; precision stays "day" because that error is within ACLED's day precision in practice.
 *
 * A day and month without a year take the most recent such date not after publication; a month
 * alone the most recent such month. Without a publication date, relative expressions resolve to
 * null with precision "unknown", and explicit dates without a year likewise.
 *
 * Vocabulary: data/lexicon/dates.json. The scan looks at each token's base in a Map of triggers;
 * rules run only where a trigger is found.
 */
import type { DateMention, DatePrecision, Doc, Token } from "../doc/types.ts";
import { addMessage } from "../doc/doc.ts";
import { readLexiconJson } from "./lexicon.ts";
import { tokenize } from "./tokenize.ts";
import { numberAt } from "./numbers.ts";

interface DatesFile {
  months: [string, number][];
  ambiguousMonths: string[];
  hijriMonths: [string, number][];
  weekdays: [string, number][];
  dayWords: { today: string[]; yesterday: string[]; tonight: string[]; tomorrow: string[] };
  beforeYesterday: string[][];
  todayNotBefore: string[];
  todayNotAfter: string[];
  partOfDay: Record<string, NonNullable<DateMention["partOfDay"]>>;
  past: string[];
  current: string[];
  next: string[];
  thisWords: string[];
  periods: Record<string, "week" | "month" | "year">;
  recentPeriods: Record<string, "days" | "hours">;
  recentFillers: string[];
  durations: Record<string, number>;
  dualDurations: string[];
  singularDurations: string[];
  durationCues: string[];
  monthParts: Record<string, "early" | "mid" | "late">;
  yearCues: string[];
  hijriMarkers: string[];
  gregorianMarkers: string[];
  ordinalDays: Record<string, number>;
  ordinalTens: Record<string, number>;
  monthCue: string[];
}

interface MonthName {
  /** Bases of the words after the first one («الثاني» in «كانون الثاني»). */
  rest: string[];
  month: number;
  hijri: boolean;
  ambiguous: boolean;
}

interface Tables {
  months: Map<string, MonthName[]>;
  weekdays: Map<string, number>;
  today: Set<string>;
  yesterday: Set<string>;
  tonight: Set<string>;
  tomorrow: Set<string>;
  beforeYesterday: string[][];
  todayNotBefore: Set<string>;
  todayNotAfter: Set<string>;
  partOfDay: Map<string, NonNullable<DateMention["partOfDay"]>>;
  past: Set<string>;
  current: Set<string>;
  next: Set<string>;
  thisWords: Set<string>;
  periods: Map<string, "week" | "month" | "year">;
  recentPeriods: Map<string, "days" | "hours">;
  recentFillers: Set<string>;
  durations: Map<string, number>;
  dualDurations: Set<string>;
  singularDurations: Set<string>;
  durationCues: Set<string>;
  monthParts: Map<string, "early" | "mid" | "late">;
  yearCues: Set<string>;
  hijriMarkers: Set<string>;
  gregorianMarkers: Set<string>;
  ordinalDays: Map<string, number>;
  ordinalTens: Map<string, number>;
  monthCue: Set<string>;
}

let tables: Tables | undefined;

/** Bases of the word tokens of a phrase, as the tokenizer and clitic analysis give them. */
function bases(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.base);
}
function norms(phrase: string): string[] {
  return tokenize(phrase).map((t) => t.norm);
}
function baseSet(list: string[]): Set<string> {
  return new Set(list.map((w) => bases(w).join(" ")));
}

function load(): Tables {
  const f = readLexiconJson<DatesFile>("dates.json");
  const ambiguous = baseSet(f.ambiguousMonths);
  const months = new Map<string, MonthName[]>();
  const addMonth = (name: string, month: number, hijri: boolean) => {
    const b = bases(name);
    const list = months.get(b[0]!) ?? [];
    list.push({ rest: b.slice(1), month, hijri, ambiguous: hijri || ambiguous.has(b.join(" ")) });
    list.sort((x, y) => y.rest.length - x.rest.length);
    months.set(b[0]!, list);
  };
  for (const [n, m] of f.months) addMonth(n, m, false);
  for (const [n, m] of f.hijriMonths) addMonth(n, m, true);
  const weekdays = new Map<string, number>();
  for (const [n, d] of f.weekdays) weekdays.set(bases(n)[0]!, d);
  const mapOf = <V>(rec: Record<string, V>, key: (s: string) => string) => {
    const m = new Map<string, V>();
    for (const [k, v] of Object.entries(rec)) m.set(key(k), v);
    return m;
  };
  const baseKey = (s: string) => bases(s).join(" ");
  const normKey = (s: string) => norms(s).join(" ");
  return {
    months,
    weekdays,
    today: baseSet(f.dayWords.today),
    yesterday: baseSet(f.dayWords.yesterday),
    tonight: baseSet(f.dayWords.tonight),
    tomorrow: new Set([...baseSet(f.dayWords.tomorrow), "غد"]),
    beforeYesterday: f.beforeYesterday.map((p) => p.map((w) => bases(w)[0]!)),
    todayNotBefore: baseSet(f.todayNotBefore),
    todayNotAfter: baseSet(f.todayNotAfter),
    partOfDay: mapOf(f.partOfDay, baseKey),
    past: baseSet(f.past),
    current: baseSet(f.current),
    next: baseSet(f.next),
    thisWords: baseSet(f.thisWords),
    periods: mapOf(f.periods, baseKey),
    recentPeriods: mapOf(f.recentPeriods, baseKey),
    recentFillers: baseSet(f.recentFillers),
    durations: mapOf(f.durations, baseKey),
    dualDurations: baseSet(f.dualDurations),
    singularDurations: baseSet(f.singularDurations),
    durationCues: baseSet(f.durationCues),
    monthParts: mapOf(f.monthParts, baseKey),
    yearCues: baseSet(f.yearCues),
    hijriMarkers: new Set(f.hijriMarkers.map(normKey)),
    gregorianMarkers: new Set(f.gregorianMarkers.map(normKey)),
    ordinalDays: mapOf(f.ordinalDays, normKey),
    ordinalTens: mapOf(f.ordinalTens, normKey),
    monthCue: baseSet(f.monthCue),
  };
}

function T(): Tables {
  return (tables ??= load());
}

/** True when a token base starts a month name (used by the number rules to skip «15 تشرين»). */
export function isMonthBase(base: string): boolean {
  return T().months.has(base);
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers (days since 1970-01-01, UTC).

const MS_DAY = 86_400_000;

export function dayNumber(y: number, m: number, d: number): number {
  return Math.floor(Date.UTC(y, m - 1, d) / MS_DAY);
}

/** "YYYY-MM-DD" of a day number (Howard Hinnant's civil_from_days; no Date object). */
export function ymd(day: number): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

function parts(day: number): { y: number; m: number; d: number; wd: number } {
  const dt = new Date(day * MS_DAY);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), wd: dt.getUTCDay() };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Weekday (0 Sunday .. 6 Saturday) of a day number. */
export function weekday(day: number): number {
  return ((day % 7) + 7 + 4) % 7; // 1970-01-01 was a Thursday
}

/** Day number of a date in the tabular Islamic calendar (civil epoch, see the module comment). */
export function hijriToDay(y: number, m: number, d: number): number {
  const jd = d + Math.ceil(29.5 * (m - 1)) + (y - 1) * 354 + Math.floor((3 + 11 * y) / 30) + 1948439.5 - 1;
  // Julian day 2440587.5 is 1970-01-01T00:00Z.
  return Math.round(jd - 2440587.5);
}

function hijriMonthLength(y: number, m: number): number {
  return hijriToDay(m === 12 ? y + 1 : y, m === 12 ? 1 : m + 1, 1) - hijriToDay(y, m, 1);
}

/** Parses "YYYY-MM-DD" (or a longer ISO date-time) into a day number; null when invalid. */
export function parsePublished(s: string | undefined): number | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (!m) return null;
  const y = +m[1]!, mo = +m[2]!, d = +m[3]!;
  return validDate(y, mo, d) ? dayNumber(y, mo, d) : null;
}

// ---------------------------------------------------------------------------------------------

interface Match {
  start: number; // token index
  end: number; // token index, exclusive
  from: number | null; // day numbers
  until: number | null;
  precision: DatePrecision;
  relative: boolean;
  rule: string;
  partOfDay?: DateMention["partOfDay"];
  calendar?: "gregorian" | "hijri";
  /** Weekday stated next to the date, to check. */
  statedWeekday?: { value: number; tok: number };
}

interface Ctx {
  tokens: Token[];
  pub: number | null;
  t: Tables;
}

function word(ctx: Ctx, i: number): Token | undefined {
  const t = ctx.tokens[i];
  return t && t.kind === "word" ? t : undefined;
}

function hasAl(t: Token): boolean {
  return t.proclitics.includes("ال");
}

/** A month name at token i: its number, calendar and the index after it. */
function monthAt(ctx: Ctx, i: number): { month: number; hijri: boolean; ambiguous: boolean; end: number } | null {
  const t = word(ctx, i);
  if (!t) return null;
  const list = ctx.t.months.get(t.base);
  if (!list) return null;
  for (const mn of list) {
    let ok = true;
    for (let k = 0; k < mn.rest.length; k++) {
      const u = word(ctx, i + 1 + k);
      if (!u || u.base !== mn.rest[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return { month: mn.month, hijri: mn.hijri, ambiguous: mn.ambiguous, end: i + 1 + mn.rest.length };
  }
  return null;
}

/**
 * A month name with an optional gloss in another naming: «25 مايو (أيار) 2007», «شباط/فبراير».
 * The gloss is taken into the span and not read again.
 */
function monthGlossed(ctx: Ctx, i: number): ReturnType<typeof monthAt> {
  const mo = monthAt(ctx, i);
  if (!mo) return null;
  const open = ctx.tokens[mo.end];
  if (open && open.kind === "punct" && (open.text === "(" || open.text === "/" || open.text === "-")) {
    const g = monthAt(ctx, mo.end + 1);
    if (g && g.month === mo.month) {
      const close = ctx.tokens[g.end];
      if (open.text !== "(") return { ...mo, end: g.end };
      if (close && close.kind === "punct" && close.text === ")") return { ...mo, end: g.end + 1 };
    }
  }
  return mo;
}

/** A year at token i («2022», «عام 2022» is handled by the caller), with an optional era marker. */
function yearAt(ctx: Ctx, i: number): { year: number; end: number; hijri?: boolean } | null {
  const t = ctx.tokens[i];
  if (!t || t.kind !== "number" || t.norm.length !== 4) return null;
  const y = Number(t.norm);
  if (!(y >= 1300 && y <= 2100)) return null;
  let end = i + 1;
  let hijri: boolean | undefined;
  const n = ctx.tokens[end];
  if (n && (n.kind === "word" || n.kind === "latin")) {
    if (ctx.t.hijriMarkers.has(n.norm)) {
      hijri = true;
      end++;
    } else if (ctx.t.gregorianMarkers.has(n.norm)) {
      hijri = false;
      end++;
    }
  }
  if (hijri === undefined && y < 1600) hijri = true;
  return { year: y, end, hijri };
}

/** Day of month at token i: digits 1-31 or an ordinal («الخامس عشر», «الحادي والعشرين»). */
function dayAt(ctx: Ctx, i: number): { day: number; end: number } | null {
  const t = ctx.tokens[i];
  if (!t) return null;
  if (t.kind === "number") {
    if (t.norm.length > 2) return null;
    const d = Number(t.norm);
    return d >= 1 && d <= 31 ? { day: d, end: i + 1 } : null;
  }
  if (t.kind !== "word") return null;
  const unit = ctx.t.ordinalDays.get(t.norm);
  const tensAlone = ctx.t.ordinalTens.get(t.norm);
  if (unit !== undefined) {
    const n = ctx.tokens[i + 1];
    const tens = n && n.kind === "word" ? ctx.t.ordinalTens.get(n.norm) : undefined;
    if (tens !== undefined) return { day: unit + tens, end: i + 2 };
    if (t.norm.endsWith("حادي")) return null;
    return { day: unit, end: i + 1 };
  }
  if (tensAlone !== undefined && tensAlone >= 20 && t.norm.startsWith("ال")) return { day: tensAlone, end: i + 1 };
  return null;
}

/** Skips «من» («الخامس عشر من أكتوبر», «15 من تشرين»). */
function skipMin(ctx: Ctx, i: number): number {
  const t = word(ctx, i);
  return t && t.base === "من" && t.proclitics.length === 0 ? i + 1 : i;
}

/** Most recent date with this month/day not after publication. */
function inferYearDay(pub: number, m: number, d: number): number | null {
  const p = parts(pub);
  for (const y of [p.y, p.y - 1]) {
    if (!validDate(y, m, d)) continue;
    const day = dayNumber(y, m, d);
    if (day <= pub) return day;
  }
  return validDate(p.y - 1, m, d) ? dayNumber(p.y - 1, m, d) : null;
}

function monthRange(y: number, m: number, part?: "early" | "mid" | "late"): [number, number] {
  const last = daysInMonth(y, m);
  if (part === "early") return [dayNumber(y, m, 1), dayNumber(y, m, 10)];
  if (part === "mid") return [dayNumber(y, m, 11), dayNumber(y, m, 20)];
  if (part === "late") return [dayNumber(y, m, 21), dayNumber(y, m, last)];
  return [dayNumber(y, m, 1), dayNumber(y, m, last)];
}

/**
 * Explicit dates starting at token i: day [من] month [year], month year, numeric dates.
 * `part` narrows a month to its early/mid/late third.
 */
function explicitAt(ctx: Ctx, i: number, part?: "early" | "mid" | "late"): Match | null {
  const toks = ctx.tokens;
  const t = toks[i];
  if (!t) return null;
  // Numeric: d/m/y, y-m-d, d/m (glued tokens).
  if (t.kind === "number" && !part) {
    const numeric = numericDateAt(ctx, i);
    if (numeric) return numeric;
  }
  // Day + month.
  const day = part ? null : dayAt(ctx, i);
  if (day) {
    const mi = skipMin(ctx, day.end);
    // «الخامس من الشهر الجاري», «15 من الشهر الماضي».
    const pm = word(ctx, mi);
    const pw = word(ctx, mi + 1);
    if (mi > day.end && pm && hasAl(pm) && ctx.t.periods.get(pm.base) === "month" && pw && hasAl(pw) && (ctx.t.past.has(pw.base) || ctx.t.current.has(pw.base))) {
      if (ctx.pub === null) return { start: i, end: mi + 2, from: null, until: null, precision: "unknown", relative: true, rule: "date-day-of-relative-month" };
      const p = parts(ctx.pub);
      const back = ctx.t.past.has(pw.base);
      const y = back && p.m === 1 ? p.y - 1 : p.y;
      const m = back ? (p.m === 1 ? 12 : p.m - 1) : p.m;
      if (!validDate(y, m, day.day)) return null;
      const d = dayNumber(y, m, day.day);
      return { start: i, end: mi + 2, from: d, until: d, precision: "day", relative: true, rule: "date-day-of-relative-month" };
    }
    const mo = monthGlossed(ctx, mi);
    if (mo) {
      const yr = yearAt(ctx, mo.end);
      const hijri = mo.hijri || (yr?.hijri ?? false);
      if (mo.hijri !== (yr?.hijri ?? mo.hijri) && yr) {
        // A Hijri month with a Gregorian year (or the reverse) is not a date we understand.
        return null;
      }
      if (hijri) {
        if (!yr) return null; // a Hijri day without a year: too ambiguous to place
        if (day.day > 30) return null;
        const d = hijriToDay(yr.year, mo.month, day.day);
        return { start: i, end: yr.end, from: d, until: d, precision: "day", relative: false, rule: "date-hijri-day", calendar: "hijri" };
      }
      if (yr) {
        if (!validDate(yr.year, mo.month, day.day)) return null;
        const d = dayNumber(yr.year, mo.month, day.day);
        return { start: i, end: yr.end, from: d, until: d, precision: "day", relative: false, rule: "date-day-month-year", calendar: "gregorian" };
      }
      const d = ctx.pub === null ? null : inferYearDay(ctx.pub, mo.month, day.day);
      return { start: i, end: mo.end, from: d, until: d, precision: d === null ? "unknown" : "day", relative: false, rule: "date-day-month", calendar: "gregorian" };
    }
  }
  // Month [year].
  let mi = i;
  const cue = word(ctx, i);
  if (cue && ctx.t.monthCue.has(cue.base)) mi = i + 1;
  const mo = monthGlossed(ctx, mi);
  if (!mo) return null;
  const yi = mo.end;
  const yr = yearAt(ctx, yi) ?? (() => {
    // «آب من عام 2022», «تشرين الثاني من العام 2022»
    let k = skipMin(ctx, yi);
    const c = word(ctx, k);
    if (c && (c.base === "عام" || c.base === "سنه")) return yearAt(ctx, k + 1);
    return null;
  })();
  if (mo.hijri) {
    if (!yr || yr.hijri === false) return null;
    const from = hijriToDay(yr.year, mo.month, 1);
    const len = hijriMonthLength(yr.year, mo.month);
    return { start: i, end: yr.end, from, until: from + len - 1, precision: "month", relative: false, rule: "date-hijri-month", calendar: "hijri" };
  }
  if (yr) {
    if (yr.hijri) return null;
    const [from, until] = monthRange(yr.year, mo.month, part);
    return { start: i, end: yr.end, from, until, precision: "month", relative: false, rule: part ? "date-month-part-year" : "date-month-year", calendar: "gregorian" };
  }
  // A month name alone: only unambiguous names, or after «شهر» or a month part.
  if (mo.ambiguous && mi === i && !part) return null;
  if (ctx.pub === null) return { start: i, end: mo.end, from: null, until: null, precision: "unknown", relative: false, rule: "date-month", calendar: "gregorian" };
  const p = parts(ctx.pub);
  const y = mo.month <= p.m ? p.y : p.y - 1;
  const [from, until] = monthRange(y, mo.month, part);
  return { start: i, end: mo.end, from, until, precision: "month", relative: false, rule: part ? "date-month-part" : "date-month", calendar: "gregorian" };
}

const DATE_SEPS = new Set(["/", "-", "."]);

function numericDateAt(ctx: Ctx, i: number): Match | null {
  const toks = ctx.tokens;
  const nums: string[] = [];
  let k = i;
  let sep = "";
  while (k < toks.length && toks[k]!.kind === "number") {
    const n = toks[k]!.norm;
    if (n.includes(",")) return null;
    // The tokenizer keeps «15.10» together as one number: split it back.
    if (n.includes(".")) nums.push(...n.split("."));
    else nums.push(n);
    const s = toks[k + 1];
    const after = toks[k + 2];
    if (s && after && s.kind === "punct" && DATE_SEPS.has(s.text) && s.start === toks[k]!.end && after.start === s.end && after.kind === "number" && (!sep || sep === s.text)) {
      sep = s.text;
      k += 2;
      continue;
    }
    k++;
    break;
  }
  if (nums.length < 2 || nums.length > 3) return null;
  const v = nums.map(Number);
  let y: number | null = null, m: number, d: number;
  if (nums.length === 3) {
    if (nums[0]!.length === 4) [y, m, d] = [v[0]!, v[1]!, v[2]!];
    else if (nums[2]!.length === 4) [d, m, y] = [v[0]!, v[1]!, v[2]!];
    else if (nums[2]!.length === 2) [d, m, y] = [v[0]!, v[1]!, 2000 + v[2]!];
    else return null;
  } else {
    // «15/10»: day and month; a year-month pair «2022/10» is a month.
    if (nums[0]!.length === 4 || nums[1]!.length === 4) {
      const [yy, mm] = nums[0]!.length === 4 ? [v[0]!, v[1]!] : [v[1]!, v[0]!];
      if (mm < 1 || mm > 12 || yy < 1900 || yy > 2100) return null;
      const [from, until] = monthRange(yy, mm);
      return { start: i, end: k, from, until, precision: "month", relative: false, rule: "date-numeric-month", calendar: "gregorian" };
    }
    if (sep !== "/") return null; // «3-5» is a range of numbers, «3.5» a decimal
    [d, m] = [v[0]!, v[1]!];
  }
  if (y !== null && (y < 1900 || y > 2100)) return null;
  if (y !== null) {
    if (!validDate(y, m, d)) return null;
    const day = dayNumber(y, m, d);
    return { start: i, end: k, from: day, until: day, precision: "day", relative: false, rule: "date-numeric", calendar: "gregorian" };
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return null;
  const day = ctx.pub === null ? null : inferYearDay(ctx.pub, m, d);
  return { start: i, end: k, from: day, until: day, precision: day === null ? "unknown" : "day", relative: false, rule: "date-numeric-day-month", calendar: "gregorian" };
}

function rel(ctx: Ctx, start: number, end: number, offset: number, rule: string, until = offset, precision: DatePrecision = "day"): Match {
  const has = ctx.pub !== null;
  return {
    start,
    end,
    from: has ? ctx.pub! - offset : null,
    until: has ? ctx.pub! - until : null,
    precision: has ? precision : "unknown",
    relative: true,
    rule,
  };
}

/** A weekday (with the article) at i, optional «الماضي»/«المقبل» after it. */
function weekdayAt(ctx: Ctx, i: number): Match | null {
  const t = word(ctx, i);
  if (!t || !hasAl(t) || t.enclitic) return null;
  const wd = ctx.t.weekdays.get(t.base);
  if (wd === undefined) return null;
  // «الأحد عشر» is eleven, «الاثنين» may be "the two": require the weekday not be followed by a number word.
  const n = word(ctx, i + 1);
  if (n && (n.base === "عشر" || n.base === "عشره")) return null;
  let end = i + 1;
  let mode: "onOrBefore" | "before" | "after" = "onOrBefore";
  if (n && hasAl(n) && ctx.t.past.has(n.base)) {
    mode = "before";
    end++;
  } else if (n && hasAl(n) && ctx.t.next.has(n.base)) {
    mode = "after";
    end++;
  }
  // «الأحد 6 تشرين الثاني 2022», «الأحد، 6/11/2022»: the explicit date decides; the weekday is checked.
  let e = end;
  const comma = ctx.tokens[e];
  if (comma && comma.kind === "punct" && (comma.text === "،" || comma.text === ",")) e++;
  const ex = explicitAt(ctx, e);
  if (ex && ex.precision === "day") {
    ex.start = i;
    ex.statedWeekday = { value: wd, tok: i };
    return ex;
  }
  if (ctx.pub === null) return { start: i, end, from: null, until: null, precision: "unknown", relative: true, rule: "date-weekday" };
  const pw = weekday(ctx.pub);
  let back = (pw - wd + 7) % 7;
  if (mode === "before" && back === 0) back = 7;
  if (mode === "after") back = -(((wd - pw + 7) % 7) || 7);
  const d = ctx.pub - back;
  return { start: i, end, from: d, until: d, precision: "day", relative: true, rule: mode === "before" ? "date-weekday-past" : mode === "after" ? "date-weekday-next" : "date-weekday" };
}

/** A day expression at i (no part of day): today, yesterday, weekdays, explicit dates ... */
function dayExprAt(ctx: Ctx, i: number): Match | null {
  const toks = ctx.tokens;
  const t = toks[i];
  if (!t) return null;
  if (t.kind === "number") return explicitAt(ctx, i);
  if (t.kind !== "word") return null;
  const b = t.base;
  const T = ctx.t;
  // «يوم أمس», «يوم الجمعة», «يوم 15 تشرين».
  if (b === "يوم" && !hasAl(t) && t.proclitics.every((p) => p === "و" || p === "ف" || p === "ب")) {
    const inner = dayExprAt(ctx, i + 1);
    if (inner && inner.precision !== "month" && inner.precision !== "year" && inner.rule !== "date-today") {
      inner.start = i;
      return inner;
    }
    return null;
  }
  // «أمس», «بالأمس», «البارحة», «أمس الأول».
  if (T.yesterday.has(b) && !t.enclitic) {
    const n = word(ctx, i + 1);
    if (n && hasAl(n) && n.base === "اول" && b === "امس") return rel(ctx, i, i + 2, 2, "date-day-before-yesterday");
    const m = rel(ctx, i, i + 1, 1, "date-yesterday");
    // «أمس الأحد», «(أمس) الثلاثاء»: the weekday is stated; check it.
    let k = i + 1;
    const close = ctx.tokens[k];
    if (close && close.kind === "punct" && close.text === ")") k++;
    const w = word(ctx, k);
    if (w && hasAl(w)) {
      const wd = T.weekdays.get(w.base);
      if (wd !== undefined) {
        m.end = k + 1;
        m.statedWeekday = { value: wd, tok: k };
        const open = ctx.tokens[i - 1];
        if (k === i + 2 && open && open.kind === "punct" && open.text === "(") m.start = i - 1;
      }
    }
    return m;
  }
  // «غدا», «يوم غد», «غد الأربعاء»: the day after publication (announced events).
  if (T.tomorrow.has(b) && !t.enclitic) {
    const m = rel(ctx, i, i + 1, -1, "date-tomorrow");
    const n = word(ctx, i + 1);
    if (n && hasAl(n)) {
      const wd = T.weekdays.get(n.base);
      if (wd !== undefined) {
        m.end = i + 2;
        m.statedWeekday = { value: wd, tok: i + 1 };
      }
    }
    return m;
  }
  // «أول أمس», «أول من أمس».
  if (b === "اول" && !hasAl(t)) {
    for (const p of T.beforeYesterday) {
      if (p[0] !== "اول") continue;
      let ok = true;
      for (let k = 1; k < p.length; k++) {
        const u = word(ctx, i + k);
        if (!u || u.base !== p[k]) ok = false;
      }
      if (ok) return rel(ctx, i, i + p.length, 2, "date-day-before-yesterday");
    }
  }
  // «اليوم» (not «اليوم التالي»), «الليلة».
  if ((T.today.has(b) || T.tonight.has(b)) && hasAl(t) && !t.enclitic) {
    const n = word(ctx, i + 1);
    if (n && (T.todayNotBefore.has(n.base) || T.todayNotBefore.has(n.norm))) return null;
    // «في نفس اليوم», «ذلك اليوم», «طوال اليوم»: a day of the story, not the day of publication.
    const p = word(ctx, i - 1);
    if (p && T.todayNotAfter.has(p.base)) return null;
    const m = rel(ctx, i, i + 1, 0, T.tonight.has(b) ? "date-tonight" : "date-today");
    // «اليوم الأحد»: the weekday is stated; check it.
    const wdToday = n && hasAl(n) ? T.weekdays.get(n.base) : undefined;
    if (wdToday !== undefined && !T.tonight.has(b)) {
      m.end = i + 2;
      m.statedWeekday = { value: wdToday, tok: i + 1 };
      return m;
    }
    if (T.tonight.has(b)) {
      // «الليلة الماضية» is last night.
      if (n && hasAl(n) && T.past.has(n.base)) {
        const y = rel(ctx, i, i + 2, 1, "date-last-night");
        y.partOfDay = "night";
        return y;
      }
      m.partOfDay = "night";
    }
    return m;
  }
  const w = weekdayAt(ctx, i);
  if (w) return w;
  return explicitAt(ctx, i);
}

/** Everything that can start at token i. */
function matchAt(ctx: Ctx, i: number): Match | null {
  const t = ctx.tokens[i]!;
  const T = ctx.t;
  if (t.kind === "number") return explicitAt(ctx, i) ?? yearOnlyAt(ctx, i);
  if (t.kind !== "word") return null;
  const b = t.base;
  // Part of the day + a day expression: «ليلة أمس», «فجر الجمعة», «صباح اليوم», «مساء يوم الأحد».
  const pod = T.partOfDay.get(b);
  if (pod && !t.enclitic) {
    const inner = dayExprAt(ctx, i + 1);
    if (inner && (inner.precision === "day" || (inner.precision === "unknown" && inner.relative))) {
      inner.start = i;
      inner.partOfDay = pod;
      return inner;
    }
  }
  // «قبل يومين», «منذ ثلاثة أيام», «قبل أسبوع», «قبل أيام».
  if (T.durationCues.has(b) && t.proclitics.every((p) => p === "و" || p === "ف" || p === "من")) {
    // «قبل نحو أسبوع», «منذ حوالي ثلاثة أيام»: an approximation word may stand between.
    const q = word(ctx, i + 1);
    const skip = q && q.proclitics.length === 0 && APPROX.has(q.base) ? 1 : 0;
    const d = durationAt(ctx, i + 1 + skip);
    if (d) {
      d.start = i;
      return d;
    }
  }
  // «الأسبوع الماضي», «الشهر الجاري», «العام المنصرم»; «هذا العام».
  const period = T.periods.get(b);
  if (period && hasAl(t)) {
    const n = word(ctx, i + 1);
    if (n && hasAl(n) && (T.past.has(n.base) || T.current.has(n.base))) return periodMatch(ctx, i, i + 2, period, T.past.has(n.base) ? -1 : 0);
    const y = yearAt(ctx, i + 1);
    if (y && period === "year") return yearMatch(ctx, i, y);
  }
  // «الأيام الماضية», «الأيام القليلة الماضية»: the week before publication; «الساعات الماضية»: the
  // day before and the day itself.
  const recent = hasAl(t) ? T.recentPeriods.get(b) : undefined;
  if (recent) {
    let k = i + 1;
    let past = false;
    for (let u = word(ctx, k); u && hasAl(u) && T.recentFillers.has(u.base) && k < i + 3; u = word(ctx, ++k)) past ||= T.past.has(u.base);
    if (past) return recent === "days" ? rel(ctx, i, k, 7, "date-recent-days", 1, "week") : rel(ctx, i, k, 1, "date-recent-hours", 0, "day");
  }
  if (T.thisWords.has(b) && t.proclitics.every((p) => p === "و" || p === "ف")) {
    const n = word(ctx, i + 1);
    const p = n && hasAl(n) ? T.periods.get(n.base) : undefined;
    if (p) return periodMatch(ctx, i, i + 2, p, 0);
  }
  // «أواخر تشرين الثاني 2022», «مطلع الشهر الجاري», «نهاية العام الماضي».
  const part = T.monthParts.get(b);
  if (part && !hasAl(t)) {
    const ex = explicitAt(ctx, i + 1, part);
    if (ex && ex.precision === "month") {
      ex.start = i;
      return ex;
    }
    const n = word(ctx, i + 1);
    const p = n && hasAl(n) ? T.periods.get(n.base) : undefined;
    // «مطلع العام 2022», «أواخر عام 2021».
    const yr = n && (p === "year" || n.base === "عام" || n.base === "سنه") ? yearAt(ctx, i + 2) : null;
    if (yr && !yr.hijri) {
      const y = yr.year;
      const [from, until] = part === "early" ? [dayNumber(y, 1, 1), dayNumber(y, 3, 31)] : part === "mid" ? [dayNumber(y, 4, 1), dayNumber(y, 9, 30)] : [dayNumber(y, 10, 1), dayNumber(y, 12, 31)];
      return { start: i, end: yr.end, from, until, precision: "year", relative: false, rule: "date-year-part", calendar: "gregorian" };
    }
    if (p === "month" || p === "year") {
      const n2 = word(ctx, i + 2);
      const which = n2 && hasAl(n2) && T.past.has(n2.base) ? -1 : n2 && hasAl(n2) && T.current.has(n2.base) ? 0 : null;
      if (which !== null) {
        const m = periodMatch(ctx, i, i + 3, p, which);
        if (m.from !== null) {
          const pp = parts(m.from);
          if (p === "month") [m.from, m.until] = monthRange(pp.y, pp.m, part);
          // A part of a year: first quarter, April to September, last quarter.
          else if (part === "early") [m.from, m.until] = [dayNumber(pp.y, 1, 1), dayNumber(pp.y, 3, 31)];
          else if (part === "mid") [m.from, m.until] = [dayNumber(pp.y, 4, 1), dayNumber(pp.y, 9, 30)];
          else [m.from, m.until] = [dayNumber(pp.y, 10, 1), dayNumber(pp.y, 12, 31)];
        }
        return m;
      }
    }
  }
  if ((b === "عام" || b === "سنه") && t.enclitic === "") {
    const y = yearAt(ctx, i + 1);
    if (y) return yearMatch(ctx, i, y);
  }
  return dayExprAt(ctx, i);
}

function yearMatch(ctx: Ctx, start: number, y: { year: number; end: number; hijri?: boolean }): Match {
  if (y.hijri) {
    const from = hijriToDay(y.year, 1, 1);
    const until = hijriToDay(y.year + 1, 1, 1) - 1;
    return { start, end: y.end, from, until, precision: "year", relative: false, rule: "date-hijri-year", calendar: "hijri" };
  }
  return { start, end: y.end, from: dayNumber(y.year, 1, 1), until: dayNumber(y.year, 12, 31), precision: "year", relative: false, rule: "date-year", calendar: "gregorian" };
}

/** A bare 4-digit year after a year cue («في 2022», «منذ 2011») or with an era marker. */
function yearOnlyAt(ctx: Ctx, i: number): Match | null {
  const y = yearAt(ctx, i);
  if (!y) return null;
  const prev = word(ctx, i - 1);
  const marked = y.end > i + 1;
  // «بين 1993 و2003», «من 2011 إلى 2015», «2011-2015»: a range of years.
  const y2 = yearRangeEnd(ctx, y.end);
  if (y2 && y2.year > y.year && !y.hijri && !y2.hijri) {
    const m = yearMatch(ctx, i, y);
    m.end = y2.end;
    m.until = dayNumber(y2.year, 12, 31);
    m.rule = "date-year-range";
    return m;
  }
  if (!marked && !(prev && ctx.t.yearCues.has(prev.base))) return null;
  return yearMatch(ctx, i, y);
}

function yearRangeEnd(ctx: Ctx, k: number): ReturnType<typeof yearAt> {
  const t = ctx.tokens[k];
  if (!t) return null;
  if (t.kind === "word" && (t.norm === "و" || t.base === "الي" || t.base === "حتي")) return yearAt(ctx, k + 1);
  if (t.kind === "punct" && t.text === "-" ) return yearAt(ctx, k + 1);
  return null;
}

function periodMatch(ctx: Ctx, start: number, end: number, period: "week" | "month" | "year", which: -1 | 0): Match {
  const m: Match = { start, end, from: null, until: null, precision: "unknown", relative: true, rule: `date-${which < 0 ? "last" : "this"}-${period}` };
  if (ctx.pub === null) return m;
  const p = parts(ctx.pub);
  if (period === "week") {
    // The seven days before publication (last week) or the week up to it (this week).
    [m.from, m.until] = which < 0 ? [ctx.pub - 7, ctx.pub - 1] : [ctx.pub - 6, ctx.pub];
    m.precision = "week";
  } else if (period === "month") {
    const y = which < 0 && p.m === 1 ? p.y - 1 : p.y;
    const mo = which < 0 ? (p.m === 1 ? 12 : p.m - 1) : p.m;
    [m.from, m.until] = monthRange(y, mo);
    m.precision = "month";
  } else {
    const y = p.y + which;
    [m.from, m.until] = [dayNumber(y, 1, 1), dayNumber(y, 12, 31)];
    m.precision = "year";
  }
  return m;
}

const APPROX = new Set(["نحو", "حوالي", "قرابه", "زهاء", "قرابة"]);

/** «يومين», «ثلاثة أيام», «أسبوع», «أيام», «ساعات» after «قبل»/«منذ». */
function durationAt(ctx: Ctx, i: number): Match | null {
  const T = ctx.t;
  const t = ctx.tokens[i];
  if (!t) return null;
  let count: number | null = null;
  let k = i;
  const n = numberAt(ctx.tokens, i);
  if (n) {
    count = n.value;
    k = n.end;
  }
  const u = word(ctx, k);
  if (!u || u.proclitics.length || u.enclitic) return null;
  const unit = T.durations.get(u.base);
  if (unit === undefined) return null;
  // «منذ يوم الجمعة», «منذ يوم أمس»: «يوم» names a day here, it is not a duration.
  if (count === null) {
    const after = word(ctx, k + 1);
    if (after && ((hasAl(after) && T.weekdays.has(after.base)) || T.yesterday.has(after.base) || T.tomorrow.has(after.base))) return null;
    // «قبل عام 2011», «منذ شهر آب»: a named year or month, not a duration.
    if (yearAt(ctx, k + 1) || monthAt(ctx, k + 1)) return null;
  }
  // «يومين» 2, «أسبوع» 1, «أيام» -1: an unstated few.
  if (count === null) count = T.dualDurations.has(u.base) ? 2 : T.singularDurations.has(u.base) ? 1 : -1;
  // «قبل 9999 يوم» is not a date anyone can place; keep to what news writes (a century at most).
  if (count > (unit === 365 ? 100 : unit === 30 ? 120 : unit === 7 ? 520 : 3660)) return null;
  const end = k + 1;
  if (unit === 0) return rel(ctx, i, end, 0, "date-hours-ago"); // «قبل ساعات»: the same day
  if (count === -1) {
    if (unit === 1) return rel(ctx, i, end, 7, "date-days-ago-vague", 1, "week");
    return null; // «منذ أسابيع/أشهر/سنوات»: too vague to place
  }
  if (unit === 1) return rel(ctx, i, end, count, "date-days-ago");
  // «قبل أسبوعين»: that day, at week precision (coders put the event on publication - 14).
  if (unit === 7) return rel(ctx, i, end, 7 * count, "date-weeks-ago", 7 * count, "week");
  if (unit === 30 && ctx.pub !== null) {
    const p = parts(ctx.pub);
    let y = p.y, m = p.m - count;
    while (m < 1) {
      m += 12;
      y--;
    }
    const [from, until] = monthRange(y, m);
    return { start: i, end, from, until, precision: "month", relative: true, rule: "date-months-ago" };
  }
  if (unit === 365 && ctx.pub !== null) {
    const y = parts(ctx.pub).y - count;
    return { start: i, end, from: dayNumber(y, 1, 1), until: dayNumber(y, 12, 31), precision: "year", relative: true, rule: "date-years-ago" };
  }
  return rel(ctx, i, end, 0, "date-ago");
}

/** Token bases that can start a date expression: the scan runs the rules only at these. */
let triggers: Set<string> | undefined;
function triggerSet(T: Tables): Set<string> {
  if (triggers) return triggers;
  const s = new Set<string>();
  for (const k of T.months.keys()) s.add(k);
  for (const k of T.weekdays.keys()) s.add(k);
  for (const set of [T.today, T.yesterday, T.tonight, T.tomorrow, T.durationCues, T.thisWords, T.monthCue]) for (const k of set) s.add(k);
  for (const k of T.partOfDay.keys()) s.add(k);
  for (const k of T.periods.keys()) s.add(k);
  for (const k of T.recentPeriods.keys()) s.add(k);
  for (const k of T.monthParts.keys()) s.add(k);
  for (const k of ["يوم", "اول", "عام", "سنه"]) s.add(k);
  // Ordinal day words are matched on their normalized form («الخامس»); their base is the key here.
  for (const k of [...T.ordinalDays.keys(), ...T.ordinalTens.keys()]) s.add(bases(k)[0]!);
  return (triggers = s);
}

interface Scan {
  published: string | undefined;
  mentions: DateMention[];
  warnings: { reason: string; place: { start: number; end: number } }[];
}

/**
 * The last scan of each token list: the numbers stage scans dates first (to skip «15 تشرين»,
 * «عام 2022»), and the dates stage then reuses that scan instead of running the rules twice.
 */
const scans = new WeakMap<Token[], Scan>();

function scan(tokens: Token[], published: string | undefined): Scan {
  const cached = scans.get(tokens);
  if (cached && cached.published === published) return cached;
  const Tb = T();
  const trig = triggerSet(Tb);
  const ctx: Ctx = { tokens, pub: parsePublished(published), t: Tb };
  const out: DateMention[] = [];
  const warnings: Scan["warnings"] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "number") {
      // Only numbers that can start a date: a day (1-31) or a year.
      if (t.norm.length !== 4 && t.norm.length > 2) continue;
    } else if (t.kind !== "word" || !trig.has(t.base)) continue;
    const m = matchAt(ctx, i);
    if (!m || m.end <= m.start) continue;
    const first = tokens[m.start]!;
    const last = tokens[m.end - 1]!;
    const dm: DateMention = {
      start: first.start,
      end: last.end,
      date: m.from === null ? null : ymd(m.from),
      until: m.until === null ? null : ymd(m.until),
      precision: m.precision,
      relative: m.relative,
      rule: m.rule,
    };
    if (m.partOfDay) dm.partOfDay = m.partOfDay;
    if (m.calendar) dm.calendar = m.calendar;
    if (m.from !== null && m.until !== null && m.until > m.from) dm.mid = ymd(m.from + Math.floor((m.until - m.from - 1) / 2));
    if (m.statedWeekday && m.from !== null && m.from === m.until && weekday(m.from) !== m.statedWeekday.value) {
      const wt = tokens[m.statedWeekday.tok]!;
      warnings.push({
        reason: `the weekday «${wt.text}» does not fall on ${dm.date} (a ${WEEKDAY_EN[weekday(m.from)]}); the date is kept, check the text`,
        place: { start: dm.start, end: dm.end },
      });
    }
    out.push(dm);
    i = m.end - 1;
  }
  const result: Scan = { published, mentions: out, warnings };
  scans.set(tokens, result);
  return result;
}

/**
 * Finds and resolves the date expressions in a token list. `published` is "YYYY-MM-DD" or
 * undefined. When `doc` is given, a stated weekday that disagrees with its date adds a
 * W-date-weekday message to it. The returned array is shared with later calls on the same tokens:
 * copy it before changing it.
 */
export function findDates(tokens: Token[], published: string | undefined, doc?: Doc): DateMention[] {
  const r = scan(tokens, published);
  if (doc) for (const w of r.warnings) addMessage(doc, "rasd.dates.v1", "W-date-weekday", w.reason, w.place, false);
  return r.mentions;
}

const WEEKDAY_EN = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
