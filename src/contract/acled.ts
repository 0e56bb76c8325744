/**
 * @module contract/acled
 * ACLED's event types and sub-event types, with their exact spelling (ACLED codebook, 2023+), and
 * the interaction codes. The one place where these names are written.
 */

export const SUB_EVENT_TYPES = {
  Battles: ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
  "Explosions/Remote violence": [
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
  ],
  "Violence against civilians": ["Sexual violence", "Attack", "Abduction/forced disappearance"],
  Protests: ["Peaceful protest", "Protest with intervention", "Excessive force against protesters"],
  Riots: ["Violent demonstration", "Mob violence"],
  "Strategic developments": [
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
  ],
} as const;

export type EventType = keyof typeof SUB_EVENT_TYPES;
export type SubEventType = (typeof SUB_EVENT_TYPES)[EventType][number];

export const EVENT_TYPES = Object.keys(SUB_EVENT_TYPES) as EventType[];

/** The event type a sub-event type belongs to, or undefined for a name ACLED does not use. */
export function eventTypeOf(sub: string): EventType | undefined {
  for (const t of EVENT_TYPES) if ((SUB_EVENT_TYPES[t] as readonly string[]).includes(sub)) return t;
  return undefined;
}

/** ACLED's disorder type for an event type (Strategic developments are their own category). */
export function disorderType(type: EventType): string {
  if (type === "Protests" || type === "Riots") return "Demonstrations";
  if (type === "Strategic developments") return "Strategic developments";
  return "Political violence";
}
