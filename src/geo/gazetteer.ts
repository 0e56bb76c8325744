/**
 * @module geo/gazetteer
 * The Syria gazetteer, loaded once (lazily, at first use) from data/gazetteer/places.tsv (built by
 * scripts/build-gazetteer.ts) with the two small word lists beside it. Names are indexed by their
 * key (geo/keys.ts) in a word trie: the first word's key finds a node in a Map, each further word
 * one more Map probe with the next token's key, so a lookup costs a Map probe or two per token and
 * builds no strings.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PlaceRef } from "../doc/types.ts";
import { nameWords, wordKey } from "./keys.ts";
import { normalize } from "../text/normalize.ts";

export interface GazPlace {
  idx: number;
  id: string;
  /** governorate, district, subdistrict, community, locality, quarter, camp, landmark, region, country, foreign */
  kind: string;
  precision: 1 | 2 | 3;
  lat: number;
  lon: number;
  adm1: string;
  adm2: string;
  adm3: string;
  pop: number;
  /** G/D/S: the community is the centre of its governorate/district/subdistrict; c: needs its parent
   * place (or the parent's governorate) named in the article; w: weak name, needs a cue or a list. */
  flags: string;
  /** For quarters and landmarks: the id of the city they belong to. */
  parent: string;
  nameEn: string;
  names: string[];
}

/** One way of writing one place's name. */
export interface NameEntry {
  place: number;
  /** Index in place.names. */
  name: number;
  words: number;
  /** Bit i set: word i of the name is written with the article «ال». */
  alMask: number;
  /** A single common word («الشيخ», «السد») or a family name: needs a cue or strong context. */
  weak: boolean;
  /** An «-ية»/«-يا» ending variant of the name: matches only a text word whose ending is the other
   * spelling (endVariantTaa: the text word must end in ة), so «عليه» never matches «عليا». */
  endVariant?: boolean;
  endVariantTaa?: boolean;
  /** The name's last letter is ة (a text word ending in a plain ه is then more likely a pronoun suffix). */
  taa: boolean;
  /** The place is a governorate, district, admin centre, country, region, camp or curated place. */
  strong: boolean;
}

/** A node of the word trie: the names that end here and the words that may follow. */
export interface TrieNode {
  entries?: NameEntry[];
  next?: Map<string, TrieNode>;
}

const STRONG_KINDS = new Set(["governorate", "district", "country", "foreign", "foreign-city", "foreign-region", "region", "camp"]);

/** The last letter of a name, skipping diacritics, tatweel and trailing spaces. */
function lastLetter(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if ((c >= 0x064b && c <= 0x065f) || c === 0x0670 || c === 0x0640 || c === 0x20) continue;
    return c;
  }
  return 0;
}

/** Cue words that some source names carry in front («محافظة درعا»); the index keeps the bare name. */
const STRIP_CUES = new Set(["محافظه", "ناحيه", "منطقه"]);

export interface Gazetteer {
  places: GazPlace[];
  byId: Map<string, GazPlace>;
  /** name key -> entries */
  /** word trie of name keys: first word -> node */
  trie: Map<string, TrieNode>;
  /** keys of common words and family names that are also place names */
  common: Set<string>;
  /** normalized personal first names and kunya words: a place name right after one is part of a person's name */
  personCues: Set<string>;
  /** keys of words that begin longer names («تل», «كفر», «دير»): alone after a cue, likely part of an unknown name */
  namePrefixes: Set<string>;
  /** words before / after a place name that make it part of an organisation's name */
  orgBefore: Set<string>;
  orgAfter: Set<string>;
}

const DATA = new URL("../../data/gazetteer/", import.meta.url);

function readData(file: string): string {
  return readFileSync(fileURLToPath(new URL(file, DATA)), "utf8");
}

function wordList(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const t = line.replace(/#.*/, "").trim();
    if (t) out.push(t);
  }
  return out;
}

let cached: Gazetteer | undefined;

/** The gazetteer, loaded on first call. */
export function gazetteer(): Gazetteer {
  if (!cached) cached = loadGazetteer(readData("places.tsv"), readData("common-words.txt"), readData("person-cues.txt"), readData("name-prefixes.txt"), readData("org-context.txt"));
  return cached;
}

export function loadGazetteer(placesTsv: string, commonTxt: string, personTxt: string, prefixTxt = "", orgTxt = ""): Gazetteer {
  const orgBefore = new Set<string>();
  const orgAfter = new Set<string>();
  for (const line of wordList(orgTxt)) {
    const [side, w] = line.split("\t");
    if (!w) continue;
    (side === "after" ? orgAfter : orgBefore).add(normalize(w.trim()));
  }
  const namePrefixes = new Set<string>();
  for (const w of wordList(prefixTxt)) namePrefixes.add(wordKey(normalize(w)));
  const common = new Set<string>();
  for (const w of wordList(commonTxt)) for (const n of nameWords(w)) common.add(wordKey(n));
  const personCues = new Set<string>();
  const personKeys = new Set<string>();
  for (const w of wordList(personTxt)) {
    personCues.add(normalize(w));
    personKeys.add(wordKey(normalize(w)));
  }

  const places: GazPlace[] = [];
  const byId = new Map<string, GazPlace>();
  const trie = new Map<string, TrieNode>();
  const lines = placesTsv.split("\n");
  const head = lines[0]!.split("\t");
  const col = (n: string) => head.indexOf(n);
  const cId = col("id"), cKind = col("kind"), cPrec = col("precision"), cLat = col("lat"), cLon = col("lon");
  const cA1 = col("adm1"), cA2 = col("adm2"), cA3 = col("adm3"), cPop = col("pop"), cFlags = col("flags");
  const cParent = col("parent"), cEn = col("name_en"), cAr = col("names_ar");
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line) continue;
    const c = line.split("\t");
    const p: GazPlace = {
      idx: places.length,
      id: c[cId]!,
      kind: c[cKind]!,
      precision: Number(c[cPrec]) as 1 | 2 | 3,
      lat: Number(c[cLat]),
      lon: Number(c[cLon]),
      adm1: c[cA1]!,
      adm2: c[cA2]!,
      adm3: c[cA3]!,
      pop: Number(c[cPop]) || 0,
      flags: c[cFlags]!,
      parent: c[cParent]!,
      nameEn: c[cEn]!,
      names: c[cAr]!.split("|"),
    };
    places.push(p);
    byId.set(p.id, p);
    const exactEnding = p.kind === "country" || p.kind.startsWith("foreign");
    const strongPlace = p.flags.includes("G") || p.flags.includes("D") || STRONG_KINDS.has(p.kind) || (p.id.startsWith("cur:") && !p.flags.includes("c"));
    const names = p.names;
    for (let ni = 0; ni < names.length; ni++) {
      const name = names[ni]!;
      let words = nameWords(name);
      // «محافظة درعا», «ناحية الشجرة», «منطقة اللجاة»: the cue is matched as a cue, the name without it.
      if (words.length > 1 && STRIP_CUES.has(words[0]!)) words = words.slice(1);
      if (!words.length) continue;
      let alMask = 0;
      const keys = words.map((w, k) => {
        if (w.length > 3 && w.startsWith("ال")) alMask |= 1 << k;
        return wordKey(w);
      });
      const weak =
        p.flags.includes("w") ||
        (keys.length === 1 && (common.has(keys[0]!) || (keys[0]!.length <= 3 && !strongPlace))) ||
        // «أبو عمر», «محمد حسين»: names that start like a person's name
        (keys.length > 1 && !strongPlace && personKeys.has(keys[0]!)) ||
        // «صلاح الدين», «شمس الدين», «عز الدين»: names of people before places
        (keys.length === 2 && keys[1] === "دين" && p.kind !== "governorate");
      const taa = lastLetter(name) === 0x0629;
      const variants: [string[], boolean | undefined][] = [[keys, undefined]];
      // «-ية» / «-يا» endings are interchangeable in place names (not in country names, where the
      // «-ية» form is the adjective: روسية, تركية).
      const last = keys[keys.length - 1]!;
      if (!exactEnding && last.length > 3) {
        const stem = keys.slice(0, -1);
        if (last.endsWith("يا")) variants.push([[...stem, last.slice(0, -1) + "ه"], true]);
        else if (last.endsWith("يه") && taa) variants.push([[...stem, last.slice(0, -1) + "ا"], false]);
      }
      for (const [v, vt] of variants) {
        let node = trie.get(v[0]!) ?? trie.set(v[0]!, {}).get(v[0]!)!;
        for (let k = 1; k < v.length; k++) {
          node.next ??= new Map();
          node = node.next.get(v[k]!) ?? node.next.set(v[k]!, {}).get(v[k]!)!;
        }
        const list = (node.entries ??= []);
        if (list.some((e) => e.place === p.idx && e.alMask === alMask && e.endVariant === (vt !== undefined))) continue;
        const entry: NameEntry = { place: p.idx, name: ni, words: keys.length, alMask, weak, taa, strong: strongPlace };
        if (vt !== undefined) { entry.endVariant = true; entry.endVariantTaa = vt; }
        list.push(entry);
      }
    }
  }
  return { places, byId, trie, common, personCues, namePrefixes, orgBefore, orgAfter };
}

/** The entries of a name given by its word keys (tests and tools). */
export function lookupName(g: Gazetteer, keys: readonly string[]): NameEntry[] | undefined {
  let node = g.trie.get(keys[0]!);
  for (let k = 1; node && k < keys.length; k++) node = node.next?.get(keys[k]!);
  return node?.entries;
}

/** Human-readable names of the admin units (English, as ACLED writes them). */
export function adminName(g: Gazetteer, pcode: string): string | null {
  if (!pcode) return null;
  return g.byId.get(pcode)?.nameEn ?? null;
}

/** The contract's PlaceRef for a gazetteer place. */
export function toPlaceRef(g: Gazetteer, p: GazPlace): PlaceRef {
  return {
    id: p.id,
    name: p.nameEn,
    name_ar: p.names[0]!,
    admin1: adminName(g, p.adm1),
    admin2: adminName(g, p.adm2),
    admin3: adminName(g, p.adm3),
    // OCHA p-code of the place, else of the community it belongs to (a quarter), else of its admin unit
    pcode: /^(SY\d+|C\d+)$/.test(p.id) ? p.id : /^C\d+$/.test(p.parent) ? p.parent : p.adm3 || p.adm2 || p.adm1 || null,
    latitude: p.lat,
    longitude: p.lon,
    geo_precision: p.precision,
    kind: p.kind,
  };
}

/** Great-circle distance in km (equirectangular, fine at Syria's scale). */
export function distanceKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const x = (lon2 - lon1) * r * Math.cos(((lat1 + lat2) / 2) * r);
  const y = (lat2 - lat1) * r;
  return Math.sqrt(x * x + y * y) * 6371;
}
