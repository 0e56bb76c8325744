/**
 * @module web/routes
 * Serves the web application (map, timeline, event list, evidence, review) at `/`. Static files are
 * read once at start-up; the map outlines come from data/web (see its README).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";

const STATIC = fileURLToPath(new URL("./static/", import.meta.url));
const MAP = fileURLToPath(new URL("../../data/web/syria-admin1.json", import.meta.url));

const FILES: Record<string, { file: string; type: string }> = {
  "index.html": { file: `${STATIC}index.html`, type: "text/html; charset=utf-8" },
  "app.js": { file: `${STATIC}app.js`, type: "text/javascript; charset=utf-8" },
  "style.css": { file: `${STATIC}style.css`, type: "text/css; charset=utf-8" },
  "map.json": { file: MAP, type: "application/json; charset=utf-8" },
};

export async function registerWeb(app: FastifyInstance): Promise<void> {
  const body = new Map(Object.entries(FILES).map(([name, f]) => [name, readFileSync(f.file)]));
  const send = (name: string) => async (_req: unknown, reply: { type(t: string): { send(b: Buffer): unknown } }) => reply.type(FILES[name]!.type).send(body.get(name)!);
  app.get("/", { schema: { hide: true } }, send("index.html"));
  for (const name of Object.keys(FILES)) app.get(`/web/${name}`, { schema: { hide: true } }, send(name));
}
