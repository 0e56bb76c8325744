/**
 * @module actors/dictionary
 * Loads the actor dictionary (data/actors/*.json, format in data/actors/README.md) once per process
 * and builds the token trie of every surface form. Every file in the folder is read, so adding a
 * conflict is adding a file.
 */
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { TokenTrie, phraseKeys } from "./trie.ts";

export const ACTOR_DATA_DIR = fileURLToPath(new URL("../../data/actors/", import.meta.url));

export type ActorKind =
  | "state-force"
  | "armed-group"
  | "militia"
  | "foreign-force"
  | "population"
  | "state"
  | "institution"
  | "outlet"
  | "monitor";

export interface ActorInfo {
  id: string;
  /** English name, used in the events' {id, name} references. */
  name: string;
  /** ACLED inter code (1 state forces ... 8 external forces); null for outlets and institutions. */
  inter: number | null;
  parent: string | null;
  kind: ActorKind;
  /** ISO country codes where the actor operates; [] for actors that are the same everywhere. */
  countries: string[];
  /** A named organisation that «التنظيم» can refer back to. */
  organisation: boolean;
  /** A news outlet or monitor cited as a source, not an actor in events. */
  source: boolean;
  /** Whether its mentions make an ORG entity (false for populations, states, anonymous gunmen). */
  entity: boolean;
  /**
   * Declared "canonical": one of the ids an evaluation or a downstream user knows (for Syria, the
   * ids of eval/actors.json).
   */
  canonical: boolean;
  /** The file it came from ("syria.json"). */
  file: string;
  /** The country of that file, or null for the global file. */
  fileCountry: string | null;
}

/** What a surface form in the trie stands for. */
export interface FormValue {
  /** The actor, or null for an anaphor. */
  actorId: string | null;
  /** The country of the file that declared the form (null: global). */
  country: string | null;
  /** Used only when the document is about `country` («الجيش» in a Syrian article). */
  scoped: boolean;
  /** False for forms that name members rather than the group («جنود», «رجال الشرطة»): no ORG mention. */
  entity: boolean;
  /** For anaphors: how to resolve them. */
  resolve?: "main-organisation";
}

export interface ActorDictionary {
  actors: Map<string, ActorInfo>;
  forms: TokenTrie<FormValue>;
  /** Country cues: phrases whose presence says which country an article is about. */
  cues: TokenTrie<string>;
  /** Per country: what a generic actor means there ("generic-army" -> "syrian-government" in SY). */
  localize: Map<string, Map<string, string>>;
  files: string[];
}

interface RawActor {
  id?: unknown;
  name?: unknown;
  inter?: unknown;
  parent?: unknown;
  kind?: unknown;
  countries?: unknown;
  organisation?: unknown;
  source?: unknown;
  entity?: unknown;
  canonical?: unknown;
  ar?: unknown;
  ar_scoped?: unknown;
  ar_members?: unknown;
}

interface RawFile {
  country?: unknown;
  cues?: unknown;
  anaphors?: unknown;
  localize?: unknown;
  actors?: unknown;
}

const KINDS = new Set<string>(["state-force", "armed-group", "militia", "foreign-force", "population", "state", "institution", "outlet", "monitor"]);

function strings(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) throw new Error(`${where}: expected a list of strings`);
  return v as string[];
}

/** Builds a dictionary from parsed files (name -> content); throws with the file and actor on a bad entry. */
export function buildDictionary(files: { name: string; data: unknown }[]): ActorDictionary {
  const actors = new Map<string, ActorInfo>();
  const forms = new TokenTrie<FormValue>(true);
  const cues = new TokenTrie<string>(true);
  const pending: { where: string; phrase: string; value: FormValue }[] = [];
  const localize = new Map<string, Map<string, string>>();
  const localizeChecks: { file: string; from: string; to: string }[] = [];
  for (const { name: file, data } of files) {
    const raw = data as RawFile;
    if (!raw || typeof raw !== "object" || !Array.isArray(raw.actors)) throw new Error(`[E301] ${file}: expected {"actors": [...]}`);
    const country = typeof raw.country === "string" ? raw.country : null;
    for (const cue of strings(raw.cues, `${file} cues`)) if (country) cues.add(cue, country);
    if (raw.localize !== undefined) {
      if (!country || typeof raw.localize !== "object" || raw.localize === null) throw new Error(`[E301] ${file}: localize must be an object in a country file`);
      const m = localize.get(country) ?? new Map<string, string>();
      for (const [from, to] of Object.entries(raw.localize as Record<string, unknown>)) {
        if (typeof to !== "string") throw new Error(`[E301] ${file}: localize.${from} must be an actor id`);
        m.set(from, to);
        localizeChecks.push({ file, from, to });
      }
      localize.set(country, m);
    }
    if (raw.anaphors !== undefined) {
      if (!Array.isArray(raw.anaphors)) throw new Error(`[E301] ${file}: anaphors must be a list`);
      for (const a of raw.anaphors as { ar?: unknown; resolve?: unknown }[]) {
        if (a.resolve !== "main-organisation") throw new Error(`[E301] ${file}: anaphor resolve must be "main-organisation"`);
        for (const p of strings(a.ar, `${file} anaphors`)) pending.push({ where: file, phrase: p, value: { actorId: null, country, scoped: false, entity: false, resolve: "main-organisation" } });
      }
    }
    for (const r of raw.actors as RawActor[]) {
      const where = `${file} actor ${JSON.stringify(r?.id)}`;
      if (typeof r.id !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(r.id)) throw new Error(`[E302] ${where}: id must be lower-case letters, digits and hyphens`);
      if (actors.has(r.id)) throw new Error(`[E303] ${where}: id already declared in ${actors.get(r.id)!.file}`);
      if (typeof r.name !== "string" || !r.name) throw new Error(`[E302] ${where}: name (English) is required`);
      const kind = typeof r.kind === "string" ? r.kind : "armed-group";
      if (!KINDS.has(kind)) throw new Error(`[E302] ${where}: unknown kind "${kind}"`);
      const source = r.source === true;
      if (!source && kind !== "institution" && (typeof r.inter !== "number" || r.inter < 1 || r.inter > 8)) {
        throw new Error(`[E302] ${where}: inter must be an ACLED inter code 1..8`);
      }
      const info: ActorInfo = {
        id: r.id,
        name: r.name,
        inter: typeof r.inter === "number" ? r.inter : null,
        parent: typeof r.parent === "string" ? r.parent : null,
        kind: kind as ActorKind,
        countries: strings(r.countries, `${where} countries`),
        organisation: r.organisation === true,
        source,
        entity: r.entity !== false && kind !== "population" && kind !== "state",
        canonical: r.canonical === true,
        file,
        fileCountry: country,
      };
      actors.set(r.id, info);
      for (const p of strings(r.ar, `${where} ar`)) pending.push({ where, phrase: p, value: { actorId: r.id, country, scoped: false, entity: true } });
      for (const p of strings(r.ar_members, `${where} ar_members`)) pending.push({ where, phrase: p, value: { actorId: r.id, country, scoped: false, entity: false } });
      for (const p of strings(r.ar_scoped, `${where} ar_scoped`)) {
        if (!country) throw new Error(`[E302] ${where}: ar_scoped needs a country file`);
        pending.push({ where, phrase: p, value: { actorId: r.id, country, scoped: true, entity: true } });
      }
    }
  }
  for (const a of actors.values()) {
    if (a.parent && !actors.has(a.parent)) throw new Error(`[E304] ${a.file} actor "${a.id}": parent "${a.parent}" is not declared`);
    const seen = new Set<string>([a.id]);
    for (let p = a.parent; p; p = actors.get(p)?.parent ?? null) {
      if (seen.has(p)) throw new Error(`[E305] ${a.file} actor "${a.id}": parent chain loops at "${p}"`);
      seen.add(p);
    }
  }
  for (const { file, from, to } of localizeChecks) {
    if (!actors.has(from) || !actors.has(to)) throw new Error(`[E307] ${file}: localize ${from} -> ${to} names an undeclared actor`);
  }
  for (const { where, phrase, value } of pending) {
    const keys = phraseKeys(phrase);
    if (!keys.length) throw new Error(`[E306] ${where}: empty form ${JSON.stringify(phrase)}`);
    forms.addKeys(keys, value);
  }
  return { actors, forms, cues, localize, files: files.map((f) => f.name) };
}

/** Reads every *.json file of a folder (global.json first, then by name). */
export function loadDictionary(dir = ACTOR_DATA_DIR): ActorDictionary {
  const names = readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .sort((a, b) => (a === "global.json" ? -1 : b === "global.json" ? 1 : a.localeCompare(b)));
  const files = names.map((name) => {
    const text = readFileSync(join(dir, name), "utf8");
    try {
      return { name, data: JSON.parse(text) as unknown };
    } catch (e) {
      throw new Error(`[E300] ${name}: not valid JSON (${(e as Error).message})`);
    }
  });
  return buildDictionary(files);
}

let shared: ActorDictionary | undefined;
/** The dictionary of data/actors, loaded on first use. */
export function actorDictionary(): ActorDictionary {
  shared ??= loadDictionary();
  return shared;
}
