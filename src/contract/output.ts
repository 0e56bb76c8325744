/**
 * @module contract/output
 * The output line of `rasd extract` (../shared/eval/CONTRACT.md): {doc_id, events, entities}.
 * Internal fields stay out of entities; events keep their extra fields (decisions, background),
 * which the contract welcomes.
 */
import type { Doc, Entity, EventRecord } from "../doc/types.ts";

export interface ContractEntity {
  type: string;
  name: string;
  aliases: string[];
  mentions: { start: number; end: number }[];
  latitude?: number;
  longitude?: number;
  actor_id?: string;
  [extra: string]: unknown;
}

export interface ContractLine {
  doc_id: string;
  events: EventRecord[];
  entities: ContractEntity[];
  messages?: Doc["messages"];
}

export function toContractEntity(e: Entity): ContractEntity {
  const out: ContractEntity = {
    type: e.type,
    name: e.name,
    aliases: e.aliases,
    mentions: e.mentions.map((m) => ({ start: m.start, end: m.end })),
  };
  if (e.place) {
    out.latitude = e.place.latitude;
    out.longitude = e.place.longitude;
    out.admin1 = e.place.admin1;
    out.admin2 = e.place.admin2;
    out.admin3 = e.place.admin3;
    out.pcode = e.place.pcode;
    out.geo_precision = e.place.geo_precision;
    out.name_en = e.place.name;
  }
  if (e.actorId) out.actor_id = e.actorId;
  if (e.isSource) out.is_source = true;
  if (e.roles?.length) out.roles = e.roles.map((r) => r.text);
  if (e.affiliations?.length) out.affiliations = e.affiliations.map((a) => a.actorId ?? a.text);
  return out;
}

export function toContractLine(doc: Doc, withMessages = false): ContractLine {
  const line: ContractLine = {
    doc_id: doc.id,
    events: doc.events,
    entities: doc.entities.map(toContractEntity),
  };
  if (withMessages) line.messages = doc.messages;
  return line;
}
