/**
 * @module export/acled
 * One stored event as an ACLED-style row: ACLED's column names in ACLED's order (the 2024 export
 * format, with text inter codes and civilian_targeting), filled from the effective record, so
 * reviewed values win over extracted ones.
 */
import { disorderType, eventTypeOf, type EventType } from "../contract/acled.ts";
import { actorInfo } from "../actors/index.ts";
import type { StoredEvent } from "../store/types.ts";

/** ACLED's columns, in ACLED's order. */
export const ACLED_COLUMNS = [
  "event_id_cnty",
  "event_date",
  "year",
  "time_precision",
  "disorder_type",
  "event_type",
  "sub_event_type",
  "actor1",
  "assoc_actor_1",
  "inter1",
  "actor2",
  "assoc_actor_2",
  "inter2",
  "interaction",
  "civilian_targeting",
  "iso",
  "region",
  "country",
  "admin1",
  "admin2",
  "admin3",
  "location",
  "latitude",
  "longitude",
  "geo_precision",
  "source",
  "source_scale",
  "notes",
  "fatalities",
  "tags",
  "timestamp",
] as const;

export type AcledColumn = (typeof ACLED_COLUMNS)[number];
export type AcledRow = Record<AcledColumn, string | number | null>;

/** ACLED's actor categories (inter codes 1..8). */
export const INTER_LABELS: Record<number, string> = {
  1: "State forces",
  2: "Rebel group",
  3: "Political militia",
  4: "Identity militia",
  5: "Rioters",
  6: "Protesters",
  7: "Civilians",
  8: "External/Other forces",
};

export interface Country {
  iso: number;
  iso3: string;
  name: string;
  region: string;
}

/** Countries by the two-letter prefix of OCHA p-codes. */
export const COUNTRIES: Record<string, Country> = {
  SY: { iso: 760, iso3: "SYR", name: "Syria", region: "Middle East" },
  IQ: { iso: 368, iso3: "IRQ", name: "Iraq", region: "Middle East" },
  LB: { iso: 422, iso3: "LBN", name: "Lebanon", region: "Middle East" },
  JO: { iso: 400, iso3: "JOR", name: "Jordan", region: "Middle East" },
  TR: { iso: 792, iso3: "TUR", name: "Turkey", region: "Middle East" },
  PS: { iso: 275, iso3: "PSE", name: "Palestine", region: "Middle East" },
  YE: { iso: 887, iso3: "YEM", name: "Yemen", region: "Middle East" },
  EG: { iso: 818, iso3: "EGY", name: "Egypt", region: "Northern Africa" },
  LY: { iso: 434, iso3: "LBY", name: "Libya", region: "Northern Africa" },
  SD: { iso: 729, iso3: "SDN", name: "Sudan", region: "Northern Africa" },
};

export interface AcledOptions {
  /** Country when the place's p-code does not tell (default Syria). */
  defaultCountry?: Country;
  /** Sources to cite: the cluster's sources (default, one row per happening) or the event's own. */
  sources?: "cluster" | "event";
}

function interOf(id: string | undefined | null): number | null {
  if (!id) return null;
  try {
    return actorInfo(id)?.inter ?? null;
  } catch {
    // Without the actor dictionary the category is unknown, not an error of the export.
    return null;
  }
}

function countryOf(e: StoredEvent, fallback: Country): Country {
  const pc = e.record.location?.pcode;
  const prefix = pc && /^[A-Z]{2}/.test(pc) ? pc.slice(0, 2) : null;
  return (prefix && COUNTRIES[prefix]) || fallback;
}

export function acledRow(e: StoredEvent, options: AcledOptions = {}): AcledRow {
  const r = e.record;
  const loc = r.location;
  const country = countryOf(e, options.defaultCountry ?? COUNTRIES.SY!);
  const type = (eventTypeOf(r.sub_event_type) ?? r.event_type) as EventType;
  const inter1 = interOf(r.actor1?.id);
  const inter2 = interOf(r.actor2?.id);
  const label = (n: number | null) => (n === null ? "" : (INTER_LABELS[n] ?? ""));
  let interaction = "";
  if (inter1 !== null && inter2 !== null) {
    const [a, b] = inter1 <= inter2 ? [inter1, inter2] : [inter2, inter1];
    interaction = `${label(a)}-${label(b)}`;
  } else if (inter1 !== null || inter2 !== null) {
    interaction = `${label(inter1 ?? inter2)} only`;
  }
  const civilian = r.event_type === "Violence against civilians" || inter2 === 7 ? "Civilian targeting" : "";
  const sources = options.sources === "event" ? (e.source ? [e.source] : []) : (e.clusterSources?.length ? e.clusterSources : e.source ? [e.source] : []);
  return {
    event_id_cnty: `${country.iso3}-${e.clusterId && options.sources !== "event" ? e.clusterId : e.id}`,
    event_date: r.event_date,
    year: r.event_date ? Number(r.event_date.slice(0, 4)) : null,
    time_precision: r.time_precision,
    disorder_type: disorderType(type),
    event_type: r.event_type,
    sub_event_type: r.sub_event_type,
    actor1: r.actor1?.name ?? "",
    assoc_actor_1: (r.assoc_actors ?? []).map((a) => a.name).join("; "),
    inter1: label(inter1),
    actor2: r.actor2?.name ?? "",
    assoc_actor_2: "",
    inter2: label(inter2),
    interaction,
    civilian_targeting: civilian,
    iso: country.iso,
    region: country.region,
    country: country.name,
    admin1: loc?.admin1 ?? "",
    admin2: loc?.admin2 ?? "",
    admin3: loc?.admin3 ?? "",
    location: loc ? loc.name || loc.name_ar : "",
    latitude: loc ? loc.latitude : null,
    longitude: loc ? loc.longitude : null,
    geo_precision: loc ? loc.geo_precision : null,
    source: sources.join("; "),
    source_scale: "",
    notes: r.notes ?? "",
    // ACLED writes 0 when no fatality is reported.
    fatalities: r.fatalities ?? 0,
    tags: e.reviewStatus === "reviewed" ? "reviewed" : "",
    timestamp: Math.floor(Date.parse(e.updatedAt) / 1000),
  };
}
