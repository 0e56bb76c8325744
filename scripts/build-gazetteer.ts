/**
 * Builds data/gazetteer/places.tsv from the shared gazetteer sources and the curated table.
 *
 *   npm run build:gazetteer                 # reads ../shared/data/gazetteer, writes data/gazetteer/places.tsv
 *   node --import tsx scripts/build-gazetteer.ts --src DIR --out DIR
 *
 * Sources (see data/gazetteer/README.md for licences):
 *   - OCHA COD admin 1-3 (p-codes, Arabic and English names, label points, polygons) and the OCHA
 *     communities (adm4) table;
 *   - Open-Syria admin 1-3 records: extra Arabic aliases;
 *   - Who's On First localities (GeoNames-derived): Arabic variants of OCHA communities (merged when
 *     the same key lies within 5 km) and localities OCHA lacks (admin units by point-in-polygon);
 *   - data/gazetteer/curated.tsv: quarters, regions, camps, countries that the sources lack.
 *
 * The output is deterministic: rows sorted by id, names in a fixed order, coordinates with five
 * decimals, no timestamps, so a rebuild reproduces the committed file byte for byte.
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { nameKey, splitNames } from "../src/geo/keys.ts";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");

function arg(name: string, dflt: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}

const SRC = resolve(arg("--src", join(root, "..", "shared", "data", "gazetteer")));
const OUT = resolve(arg("--out", join(root, "data", "gazetteer")));
const CURATED = resolve(arg("--curated", join(root, "data", "gazetteer", "curated.tsv")));

interface Row {
  id: string;
  kind: string;
  prec: 1 | 2 | 3;
  lat: number;
  lon: number;
  adm1: string;
  adm2: string;
  adm3: string;
  pop: number;
  nameEn: string;
  names: string[]; // Arabic; first is the main name
  flags: string;
  parent: string;
  note: string;
}

type Ring = number[][];
interface AdminPoly {
  pcode: string;
  adm1: string;
  adm2: string;
  polys: Ring[][]; // polygons, each a list of rings (first outer)
  bbox: [number, number, number, number];
}

function readJson(p: string): any {
  return JSON.parse(readFileSync(p, "utf8"));
}

const fix5 = (x: number) => (Math.round(x * 1e5) / 1e5).toFixed(5);
const ARABIC = /[\u0600-\u06FF]/;
// Arabic letters only: names in Persian, Urdu or Kurdish script (پ چ ژ گ ک ی ە ...) are left out.
const ONLY_ARABIC = /^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670\u0640 '\-.]+$/;

function cleanArabic(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

function addName(row: Row, raw: string): void {
  for (const n of splitNames(raw)) {
    if (!ARABIC.test(n) || !ONLY_ARABIC.test(n)) continue;
    const c = cleanArabic(n);
    if (!c || row.names.includes(c)) continue;
    if (!nameKey(c)) continue;
    row.names.push(c);
  }
}

function pointInRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!, yi = ring[i]![1]!, xj = ring[j]![0]!, yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const x = (lon2 - lon1) * r * Math.cos(((lat1 + lat2) / 2) * r);
  const y = (lat2 - lat1) * r;
  return Math.sqrt(x * x + y * y) * 6371;
}

function main(): void {
  const rows = new Map<string, Row>();
  const put = (r: Row) => {
    if (rows.has(r.id)) throw new Error(`duplicate id ${r.id}`);
    rows.set(r.id, r);
  };

  // --- admin 1-3 (OCHA polygons with label points) ---------------------------------------------
  const adm3Polys: AdminPoly[] = [];
  const kinds = ["governorate", "district", "subdistrict"] as const;
  for (const lv of [1, 2, 3] as const) {
    const g = readJson(join(SRC, "ocha_cod_salih17", `syr_adm${lv}_simplified_derived.geojson`));
    for (const f of g.features) {
      const p = f.properties;
      const row: Row = {
        id: p.p,
        kind: kinds[lv - 1]!,
        prec: lv === 3 ? 2 : 3,
        lat: p.lat,
        lon: p.lon,
        adm1: lv === 1 ? p.p : p.adm1_pcode,
        adm2: lv === 1 ? "" : lv === 2 ? p.p : p.adm2_pcode,
        adm3: lv === 3 ? p.p : "",
        pop: 0,
        nameEn: p.nEn,
        names: [],
        flags: "",
        parent: "",
        note: "",
      };
      addName(row, p.nAr);
      put(row);
      if (lv === 3) {
        const geom = f.geometry;
        const polys: Ring[][] = geom.type === "Polygon" ? [geom.coordinates] : geom.coordinates;
        let x0 = 999, y0 = 999, x1 = -999, y1 = -999;
        for (const poly of polys) for (const pt of poly[0]!) {
          x0 = Math.min(x0, pt[0]!); x1 = Math.max(x1, pt[0]!);
          y0 = Math.min(y0, pt[1]!); y1 = Math.max(y1, pt[1]!);
        }
        adm3Polys.push({ pcode: p.p, adm1: p.adm1_pcode, adm2: p.adm2_pcode, polys, bbox: [x0, y0, x1, y1] });
      }
    }
  }
  adm3Polys.sort((a, b) => (a.pcode < b.pcode ? -1 : a.pcode > b.pcode ? 1 : 0));

  // --- Open-Syria aliases -----------------------------------------------------------------------
  for (const file of ["governorates.json", "districts.json", "subdistricts.json"]) {
    for (const rec of readJson(join(SRC, "open_syria_geography", file))) {
      const pc = rec.externalIds?.ochaPcode;
      const row = pc ? rows.get(pc) : undefined;
      if (!row) continue;
      if (rec.name?.ar) addName(row, rec.name.ar);
      for (const a of rec.aliases ?? []) if (a.language === "ar") addName(row, a.value);
    }
  }

  // --- OCHA communities (adm4) ------------------------------------------------------------------
  const csv = readFileSync(join(SRC, "ocha_cod_salih17", "syr_locations_adm4_derived.csv"), "utf8").replace(/^\uFEFF/, "");
  const lines = csv.split(/\r?\n/).filter((l) => l.length);
  const header = lines[0]!.split(",");
  const col = (n: string) => header.indexOf(n);
  const communities: Row[] = [];
  for (const line of lines.slice(1)) {
    const c = parseCsvLine(line);
    if (c[col("location_type")] !== "Community") continue;
    const id = c[col("adm4_pcode")]!;
    if (rows.has(id)) continue;
    const row: Row = {
      id,
      kind: "community",
      prec: 1,
      lat: Number(c[col("lat")]),
      lon: Number(c[col("lon")]),
      adm1: c[col("adm1_pcode")]!,
      adm2: c[col("adm2_pcode")]!,
      adm3: c[col("adm3_pcode")]!,
      pop: 0,
      nameEn: c[col("adm4_en")]!,
      names: [],
      flags: "",
      parent: "",
      note: "",
    };
    addName(row, c[col("adm4_ar")]!);
    if (!row.names.length) continue;
    put(row);
    communities.push(row);
  }

  // Grid of communities for the 5 km merge of WOF localities.
  const cell = (lat: number, lon: number) => `${Math.floor(lat * 10)}:${Math.floor(lon * 10)}`;
  const grid = new Map<string, Row[]>();
  for (const r of communities) {
    const k = cell(r.lat, r.lon);
    (grid.get(k) ?? grid.set(k, []).get(k)!).push(r);
  }
  const near = (lat: number, lon: number): Row[] => {
    const out: Row[] = [];
    const a = Math.floor(lat * 10), b = Math.floor(lon * 10);
    for (let i = -1; i <= 1; i++) for (let j = -1; j <= 1; j++) out.push(...(grid.get(`${a + i}:${b + j}`) ?? []));
    return out;
  };
  const adminOf = (lat: number, lon: number): AdminPoly | undefined => {
    for (const p of adm3Polys) {
      if (lon < p.bbox[0] || lon > p.bbox[2] || lat < p.bbox[1] || lat > p.bbox[3]) continue;
      for (const poly of p.polys) {
        if (!pointInRing(lon, lat, poly[0]!)) continue;
        if (poly.slice(1).some((hole) => pointInRing(lon, lat, hole))) continue;
        return p;
      }
    }
    return undefined;
  };
  const nearestCommunity = (lat: number, lon: number): Row | undefined => {
    let best: Row | undefined, bd = Infinity;
    for (const r of communities) {
      const d = km(lat, lon, r.lat, r.lon);
      if (d < bd) { bd = d; best = r; }
    }
    return best;
  };

  // --- Who's On First localities ---------------------------------------------------------------
  const wofLines = readFileSync(join(SRC, "wof_admin_sy", "wof_sy_places.ndjson"), "utf8").split("\n").filter(Boolean);
  const wofRecs = wofLines.map((l) => JSON.parse(l)).sort((a, b) => a.wof_id - b.wof_id);
  for (const w of wofRecs) {
    if (w.placetype !== "locality" && w.placetype !== "neighbourhood") continue;
    if (w.is_current === 0 || w.deprecated || (w.superseded_by && w.superseded_by.length)) continue;
    if (w.gn_feature_code === "PPLQ" || w.gn_feature_code === "PPLH" || w.gn_feature_code === "PPLW") continue; // abandoned, historical, destroyed
    const lat = w.lbl_lat ?? w.lat, lon = w.lbl_lon ?? w.lon;
    if (typeof lat !== "number" || typeof lon !== "number") continue;
    const tmp: Row = { id: "", kind: "", prec: 1, lat, lon, adm1: "", adm2: "", adm3: "", pop: 0, nameEn: w.name ?? "", names: [], flags: "", parent: "", note: "" };
    for (const n of w.names_ar ?? []) addName(tmp, n);
    if (!tmp.names.length) continue;
    const keys = new Set(tmp.names.map(nameKey));
    const match = near(lat, lon)
      .filter((r) => r.names.some((n) => keys.has(nameKey(n))) && km(lat, lon, r.lat, r.lon) <= 5)
      .sort((a, b) => km(lat, lon, a.lat, a.lon) - km(lat, lon, b.lat, b.lon))[0];
    if (match) {
      for (const n of tmp.names) addName(match, n);
      if (w.population && w.population > match.pop) match.pop = w.population;
      continue;
    }
    const adm = adminOf(lat, lon);
    let adm1 = adm?.adm1 ?? "", adm2 = adm?.adm2 ?? "", adm3 = adm?.pcode ?? "";
    if (!adm) {
      const nc = nearestCommunity(lat, lon);
      if (!nc || km(lat, lon, nc.lat, nc.lon) > 25) continue; // outside Syria
      adm1 = nc.adm1; adm2 = nc.adm2; adm3 = nc.adm3;
    }
    put({
      ...tmp,
      id: `wof${w.wof_id}`,
      kind: w.placetype === "neighbourhood" || w.gn_feature_code === "PPLX" ? "quarter" : "locality",
      adm1, adm2, adm3,
      pop: w.population ?? 0,
    });
  }

  // Population of admin seats helps pick between same-named places: a community that names its
  // subdistrict is that subdistrict's centre.
  for (const r of communities) {
    const sub = rows.get(r.adm3), dis = rows.get(r.adm2), gov = rows.get(r.adm1);
    const k = nameKey(r.names[0]!);
    const same = (a?: Row) => !!a && a.names.some((n) => nameKey(n) === k || nameKey(n) === "مركز " + k);
    if (same(gov)) {
      // A governorate is placed at its capital (the contract: "coordinates of its centre or main town").
      r.flags += "G";
      gov!.lat = r.lat;
      gov!.lon = r.lon;
    }
    else if (same(dis)) r.flags += "D";
    else if (same(sub)) r.flags += "S";
  }

  // --- curated table ----------------------------------------------------------------------------
  const cur = readFileSync(CURATED, "utf8").split(/\r?\n/);
  const chead = cur[0]!.split("\t");
  const cc = (n: string) => {
    const i = chead.indexOf(n);
    if (i < 0) throw new Error(`curated.tsv lacks column ${n}`);
    return i;
  };
  for (const [ln, line] of cur.entries()) {
    if (ln === 0 || !line.trim() || line.startsWith("#")) continue;
    const c = line.split("\t");
    const get = (n: string) => (c[cc(n)] ?? "").trim();
    const id = get("id");
    const parentId = get("parent");
    const parent = parentId ? rows.get(parentId) : undefined;
    if (parentId && !parent) throw new Error(`curated.tsv line ${ln + 1}: parent ${parentId} unknown`);
    let lat = Number(get("lat")), lon = Number(get("lon"));
    if (!get("lat") && parent) { lat = parent.lat; lon = parent.lon; }
    if (!Number.isFinite(lat) || !Number.isFinite(lon)) throw new Error(`curated.tsv line ${ln + 1}: bad coordinates`);
    const kind = get("kind");
    let adm1 = "", adm2 = "", adm3 = "";
    if (parent) { adm1 = parent.adm1; adm2 = parent.adm2; adm3 = parent.adm3; }
    else if (kind !== "country" && kind !== "foreign") {
      const adm = adminOf(lat, lon);
      if (adm) { adm1 = adm.adm1; adm2 = adm.adm2; adm3 = kind === "region" ? "" : adm.pcode; }
    }
    if (kind === "region" && parent?.kind === "governorate") { adm2 = ""; adm3 = ""; }
    const row: Row = {
      id, kind, prec: Number(get("precision")) as 1 | 2 | 3, lat, lon, adm1, adm2, adm3, pop: 0,
      nameEn: get("name_en"), names: [], flags: get("flags"), parent: parentId, note: get("note"),
    };
    for (const n of get("names_ar").split("|")) addName(row, n);
    if (!row.names.length) throw new Error(`curated.tsv line ${ln + 1}: no Arabic name`);
    const old = rows.get(id);
    if (old) {
      // A curated row with an existing id adds names/flags to it (e.g. «سورية» spellings).
      for (const n of row.names) addName(old, n);
      old.flags += row.flags;
      if (get("lat")) { old.lat = lat; old.lon = lon; }
      continue;
    }
    put(row);
  }

  // --- write ------------------------------------------------------------------------------------
  const ids = [...rows.keys()].sort();
  const out: string[] = ["id\tkind\tprecision\tlat\tlon\tadm1\tadm2\tadm3\tpop\tflags\tparent\tname_en\tnames_ar"];
  for (const id of ids) {
    const r = rows.get(id)!;
    const flags = [...new Set(r.flags.split(""))].sort().join("");
    out.push([r.id, r.kind, r.prec, fix5(r.lat), fix5(r.lon), r.adm1, r.adm2, r.adm3, r.pop || "", flags, r.parent, r.nameEn.replace(/[\t\n]/g, " "), r.names.join("|")].join("\t"));
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, "places.tsv"), out.join("\n") + "\n");
  process.stderr.write(`wrote ${ids.length} places to ${join(OUT, "places.tsv")}\n`);
}

function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = "", q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (q) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++; }
      else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") { out.push(cur); cur = ""; }
    else cur += ch;
  }
  out.push(cur);
  return out;
}

main();
