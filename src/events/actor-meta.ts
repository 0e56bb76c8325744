/**
 * @module events/actor-meta
 * The little the event extractor needs to know about an actor id: its English name, its ACLED inter
 * code (1 state forces ... 7 civilians, 8 external forces) and whether it is a news source. Read
 * from the actor dictionary (src/actors); a small fallback covers the ids the extractor itself
 * assigns (civilians, unidentified gunmen) should the dictionary not list them.
 */
import { actorInfo } from "../actors/index.ts";

export interface ActorMeta {
  name: string;
  inter: number | null;
  source: boolean;
}

const FALLBACK: Record<string, ActorMeta> = {
  civilians: { name: "Civilians", inter: 7, source: false },
  "unidentified-armed-group": { name: "Unidentified armed group", inter: 3, source: false },
};

export function actorMeta(id: string): ActorMeta | undefined {
  const a = actorInfo(id);
  if (a) return { name: a.name, inter: a.inter, source: a.source };
  return FALLBACK[id];
}
