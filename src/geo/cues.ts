/**
 * @module geo/cues
 * Cue words before place names (data/gazetteer/cues.tsv): what kind of place follows, and whether
 * the cue is plural (it then carries over a list: «بلدات الشجرة وعابدين ومعرية»).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { normalize } from "../text/normalize.ts";

export type CueClass = "gov" | "sub" | "area" | "city" | "town" | "quarter" | "camp" | "rural" | "region";

export interface Cue {
  cls: CueClass;
  plural: boolean;
}

let cached: Map<string, Cue> | undefined;

/** normalized cue word -> cue; loaded once. */
export function cueTable(): Map<string, Cue> {
  if (cached) return cached;
  const text = readFileSync(fileURLToPath(new URL("../../data/gazetteer/cues.tsv", import.meta.url)), "utf8");
  const m = new Map<string, Cue>();
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.startsWith("#")) continue;
    const [w, cls, plural] = line.split("\t");
    m.set(normalize(w!.trim()), { cls: cls!.trim() as CueClass, plural: plural?.trim() === "1" });
  }
  cached = m;
  return m;
}
