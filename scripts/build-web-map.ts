/**
 * Builds data/web/syria-admin1.json, the governorate outlines the web application draws its map
 * with (offline: no tile server). Source: OCHA COD admin1 polygons as simplified in
 * ../shared/data/gazetteer/ocha_cod_salih17/syr_adm1_simplified_derived.geojson (CC BY 3.0 IGO, OCHA).
 * Coordinates are rounded to 0.01 degree (about 1 km), plenty for a country-scale map.
 * Deterministic: same input, same bytes.   Run: node --import tsx scripts/build-web-map.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const src = `${root}../shared/data/gazetteer/ocha_cod_salih17/syr_adm1_simplified_derived.geojson`;
type Ring = [number, number][];
interface Feature { properties: { p: string; nEn: string; nAr: string; lat: number; lon: number }; geometry: { type: string; coordinates: unknown } }
const fc = JSON.parse(readFileSync(src, "utf8")) as { features: Feature[] };

const round = (x: number) => Math.round(x * 100) / 100;
function simplify(ring: Ring): Ring {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const p: [number, number] = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  }
  return out;
}
const features = fc.features
  .map((f) => {
    const polys = (f.geometry.type === "Polygon" ? [f.geometry.coordinates] : (f.geometry.coordinates as unknown[])) as Ring[][];
    return {
      pcode: f.properties.p,
      name: f.properties.nEn,
      name_ar: f.properties.nAr,
      centre: [round(f.properties.lon), round(f.properties.lat)],
      rings: polys.flatMap((poly) => poly.map(simplify)).filter((r) => r.length >= 4),
    };
  })
  .sort((a, b) => a.pcode.localeCompare(b.pcode));
mkdirSync(`${root}data/web`, { recursive: true });
writeFileSync(`${root}data/web/syria-admin1.json`, JSON.stringify({ source: "OCHA COD admin1 (CC BY 3.0 IGO), simplified", features }) + "\n");
console.log(`wrote data/web/syria-admin1.json: ${features.length} governorates`);
