/**
 * @module events/notes
 * One or two English sentences per event, written from its fields (date, actors, place with its
 * English name, casualties) and the people named in its evidence, transliterated by
 * events/translit.ts, so an analyst who does not read Arabic can use the record.
 */
import type { Doc, EventRecord } from "../doc/types.ts";
import { transliterate } from "./translit.ts";

const VERB: Record<string, string> = {
  "Armed clash": "clashed with",
  "Government regains territory": "regained territory from",
  "Non-state actor overtakes territory": "took territory from",
  "Air/drone strike": "carried out air/drone strikes against",
  "Shelling/artillery/missile attack": "shelled",
  "Remote explosive/landmine/IED": "attacked {t} with an explosive device",
  "Suicide bomb": "carried out a suicide bombing against",
  Grenade: "threw a grenade at",
  "Chemical weapon": "used a chemical weapon against",
  Attack: "attacked",
  "Abduction/forced disappearance": "abducted",
  "Sexual violence": "committed sexual violence against",
  Arrests: "arrested",
  "Disrupted weapons use": "seized or defused weapons of",
  Agreement: "reached or negotiated an agreement with",
  "Non-violent transfer of territory": "took part in a non-violent transfer of territory with",
  "Looting/property destruction": "looted or destroyed property of",
  "Peaceful protest": "protested against",
  "Protest with intervention": "protested and were dispersed by",
  "Excessive force against protesters": "used excessive force against protesters ({t})",
  "Violent demonstration": "rioted against",
  "Mob violence": "engaged in mob violence against",
};

function placeText(ev: EventRecord): string {
  const l = ev.location;
  if (!l) return "";
  const parts = [l.name, l.admin2 && l.admin2 !== l.name ? l.admin2 : null, l.admin1 && l.admin1 !== l.name && l.admin1 !== l.admin2 ? l.admin1 : null].filter(Boolean);
  return ` in ${parts.join(", ")}`;
}

function dateText(ev: EventRecord): string {
  if (!ev.event_date) return "On an unstated date";
  if (ev.time_precision === 1) return `On ${ev.event_date}`;
  if (ev.time_precision === 2) return `In the week of ${ev.event_date}`;
  return `In ${ev.event_date.slice(0, 7)}`;
}

/** People named inside the event's evidence (PERSON entities of the document). */
function peopleIn(doc: Doc, ev: EventRecord): string[] {
  const out: string[] = [];
  for (const e of doc.entities) {
    if (e.type !== "PERSON") continue;
    const hit = e.mentions.some((m) => ev.evidence.some((s) => m.start < s.end && s.start < m.end));
    if (hit) out.push(`${transliterate(e.name)} (${e.name})`);
  }
  return out.slice(0, 3);
}

export function writeNotes(doc: Doc, ev: EventRecord): string {
  const a1 = ev.actor1?.name ?? "Unidentified actors";
  const a2 = ev.actor2?.name;
  // A release (events/detect.ts types it Strategic developments / Other) says what happened.
  const release = ev.sub_event_type === "Other" && ev.decisions.some((d) => d.rule === "events.trigger.evacuation" && d.value === "EVACUATION");
  const verb = release ? "released captives" : VERB[ev.sub_event_type] ?? "were involved in an event with";
  let first: string;
  if (verb.includes("{t}")) first = `${dateText(ev)}, ${a1} ${verb.replace("{t}", a2 ?? "unidentified targets")}`;
  else {
    first = `${dateText(ev)}, ${a1} ${verb}`;
    if (a2) first += ` ${a2}`;
    else if (verb.endsWith(" against") || verb.endsWith(" with") || verb.endsWith(" from") || verb.endsWith(" of") || verb.endsWith(" at") || verb.endsWith(" by") || verb === "attacked" || verb === "abducted" || verb === "arrested" || verb === "shelled") first += " unidentified targets";
  }
  first += `${placeText(ev)} (${ev.sub_event_type}).`;
  const counts: string[] = [];
  if (ev.fatalities !== null) counts.push(`${ev.fatalities} killed`);
  if (ev.injured !== null) counts.push(`${ev.injured} injured`);
  if (ev.captured !== null) counts.push(`${ev.captured} captured or arrested`);
  const people = peopleIn(doc, ev);
  let second = "";
  if (counts.length) second += `Casualties: ${counts.join(", ")}.`;
  if (people.length) second += `${second ? " " : ""}Named: ${people.join("; ")}.`;
  if (ev.background) second += `${second ? " " : ""}Recalled as background by the article.`;
  return second ? `${first} ${second}` : first;
}
