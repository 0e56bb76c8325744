/**
 * @module contract/validate
 * Checks an output line against the extraction contract (../shared/eval/CONTRACT.md) and the
 * document text it was made from. Returns the problems found, each naming the field; an empty list
 * means the line is valid. Used by the tests and by `rasd extract --check`.
 */
import { eventTypeOf } from "./acled.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v >= 0;

function checkSpans(spans: unknown, where: string, textLength: number, problems: string[], atLeastOne: boolean): void {
  if (!Array.isArray(spans)) {
    problems.push(`${where}: not an array`);
    return;
  }
  if (atLeastOne && spans.length === 0) problems.push(`${where}: empty, at least one span is required`);
  spans.forEach((s, i) => {
    const o = s as { start?: unknown; end?: unknown };
    if (!s || typeof s !== "object" || !isInt(o.start) || !isInt(o.end)) problems.push(`${where}[${i}]: start and end must be non-negative integers`);
    else if ((o.start as number) >= (o.end as number) || (o.end as number) > textLength) problems.push(`${where}[${i}]: ${o.start}..${o.end} is not a non-empty span of a ${textLength}-unit text`);
  });
}

function checkActor(a: unknown, where: string, problems: string[]): void {
  if (a === null) return;
  const o = a as { id?: unknown; name?: unknown };
  if (!a || typeof a !== "object" || typeof o.id !== "string" || typeof o.name !== "string") problems.push(`${where}: expected {"id","name"} or null`);
}

export function validateContractLine(line: unknown, docId: string, text: string): string[] {
  const problems: string[] = [];
  const o = line as Record<string, unknown>;
  if (!line || typeof line !== "object") return ["the line is not a JSON object"];
  if (o.doc_id !== docId) problems.push(`doc_id: expected ${JSON.stringify(docId)}, found ${JSON.stringify(o.doc_id)}`);
  if (!Array.isArray(o.events)) problems.push("events: not an array");
  if (!Array.isArray(o.entities)) problems.push("entities: not an array");
  (Array.isArray(o.events) ? o.events : []).forEach((e: Record<string, unknown>, i: number) => {
    const w = `events[${i}]`;
    const type = eventTypeOf(String(e.sub_event_type));
    if (!type) problems.push(`${w}.sub_event_type: ${JSON.stringify(e.sub_event_type)} is not an ACLED sub-event type`);
    else if (type !== e.event_type) problems.push(`${w}.event_type: ${JSON.stringify(e.event_type)} does not own sub-event type ${JSON.stringify(e.sub_event_type)} (expected ${type})`);
    if (e.event_date !== null && !(typeof e.event_date === "string" && DAY.test(e.event_date))) problems.push(`${w}.event_date: expected "YYYY-MM-DD" or null`);
    if (![1, 2, 3].includes(e.time_precision as number)) problems.push(`${w}.time_precision: expected 1, 2 or 3`);
    checkActor(e.actor1, `${w}.actor1`, problems);
    checkActor(e.actor2, `${w}.actor2`, problems);
    if (e.assoc_actors !== undefined) {
      if (!Array.isArray(e.assoc_actors)) problems.push(`${w}.assoc_actors: not an array`);
      else e.assoc_actors.forEach((a, k) => checkActor(a, `${w}.assoc_actors[${k}]`, problems));
    }
    if (e.location !== null) {
      const l = e.location as Record<string, unknown>;
      if (!l || typeof l !== "object") problems.push(`${w}.location: expected an object or null`);
      else {
        if (typeof l.latitude !== "number" || typeof l.longitude !== "number") problems.push(`${w}.location: latitude and longitude must be numbers`);
        if (![1, 2, 3].includes(l.geo_precision as number)) problems.push(`${w}.location.geo_precision: expected 1, 2 or 3`);
        if (typeof l.name !== "string") problems.push(`${w}.location.name: expected a string`);
      }
    }
    for (const k of ["fatalities", "injured", "captured"]) {
      if (e[k] !== null && !isInt(e[k])) problems.push(`${w}.${k}: expected a non-negative integer or null`);
    }
    checkSpans(e.evidence, `${w}.evidence`, text.length, problems, true);
    if (typeof e.notes !== "string") problems.push(`${w}.notes: expected a string`);
    if (typeof e.confidence !== "number" || (e.confidence as number) < 0 || (e.confidence as number) > 1) problems.push(`${w}.confidence: expected a number in 0..1`);
  });
  (Array.isArray(o.entities) ? o.entities : []).forEach((e: Record<string, unknown>, i: number) => {
    const w = `entities[${i}]`;
    if (typeof e.type !== "string") problems.push(`${w}.type: expected a string`);
    if (typeof e.name !== "string" || !e.name) problems.push(`${w}.name: expected a non-empty string`);
    if (!Array.isArray(e.aliases) || e.aliases.some((a) => typeof a !== "string")) problems.push(`${w}.aliases: expected an array of strings`);
    checkSpans(e.mentions, `${w}.mentions`, text.length, problems, true);
    if ((e.latitude === undefined) !== (e.longitude === undefined)) problems.push(`${w}: latitude and longitude go together`);
    if (e.actor_id !== undefined && typeof e.actor_id !== "string") problems.push(`${w}.actor_id: expected a string`);
  });
  return problems;
}
