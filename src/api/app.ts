/**
 * @module api/app
 * The HTTP API of rasd (`rasd serve`): documents, events, clusters, entities, search, exports and
 * ingestion by POST, over one Store. Fastify 5; every input is validated by a zod schema (errors
 * come back as JSON naming the field); the OpenAPI document is at /openapi.json and its interactive
 * docs at /docs (Swagger UI, served from the package, no network needed).
 *
 * @example
 *   const app = await buildApp({ store });
 *   const res = await app.inject({ method: "GET", url: "/events?limit=10&admin1=Dar'a" });
 */
import Fastify, { type FastifyInstance, type FastifyError } from "fastify";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { Readable } from "node:stream";
import { z } from "zod";
import type { Store, EventFilter, DocumentFilter } from "../store/types.ts";
import { StoreError, EDITABLE_FIELDS } from "../store/types.ts";
import { Fetcher, type FetchPolicy } from "../ingest/fetch.ts";
import { Ingestor } from "../ingest/ingest.ts";
import { fromUrl } from "../ingest/sources.ts";
import { schema, zodValidatorCompiler, RequestValidationError } from "./zod.ts";
import { exportEvents, contentType } from "../export/index.ts";
import { registerWeb } from "../web/routes.ts";

export interface AppOptions {
  store: Store;
  /** Network policy for POST /ingest with a URL (private addresses refused unless allowed). */
  fetchPolicy?: Partial<FetchPolicy>;
  /** Largest request body in bytes (default 2 MB). */
  bodyLimit?: number;
  /** Largest page size a client may ask for (default 200). */
  maxPageSize?: number;
  logger?: boolean | { level: string };
}

export const DEFAULT_PAGE_SIZE = 50;
const MAX_INGEST_TEXT = 1_000_000;
/** POST /ingest with a feed URL reads this many items; `rasd watch` is the way to follow a feed. */
const MAX_FEED_ITEMS_PER_REQUEST = 20;

const DAY = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
/** A filter that takes one value, several comma-separated, or the parameter repeated. */
const list = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean));
const bool = z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1");

function pageQuery(maxPage: number) {
  return {
    limit: z.coerce.number().int().min(1).max(maxPage).default(DEFAULT_PAGE_SIZE).describe(`page size, 1..${maxPage}`),
    cursor: z.string().max(500).optional().describe("nextCursor of the previous page"),
  };
}

const eventFilterShape = {
  dateFrom: DAY.optional().describe("event_date from (inclusive)"),
  dateTo: DAY.optional().describe("event_date to (inclusive)"),
  eventType: list.optional().describe("ACLED event type(s), comma-separated"),
  subEventType: list.optional(),
  admin1: list.optional().describe("governorate(s) as in location.admin1"),
  place: z.string().min(1).max(200).optional().describe("place name (Arabic or English), admin2/admin3 or p-code"),
  actor: list.optional().describe("actor id(s) in actor1, actor2 or assoc_actors"),
  source: list.optional().describe("outlet(s)"),
  documentId: z.string().max(300).optional(),
  clusterId: z.string().max(300).optional(),
  reviewStatus: list.pipe(z.array(z.enum(["unreviewed", "reviewed", "rejected"]))).optional(),
  canonicalOnly: bool.optional().describe("one event per cluster"),
  includeBackground: bool.optional(),
  includeRejected: bool.optional(),
  q: z.string().min(1).max(500).optional().describe("full-text query, Arabic-normalized"),
};

function eventFilter(q: Record<string, unknown>): EventFilter {
  const f: Record<string, unknown> = {};
  for (const k of Object.keys(eventFilterShape)) if (q[k] !== undefined) f[k] = q[k];
  return f as EventFilter;
}

const documentFilterShape = {
  status: list.pipe(z.array(z.enum(["pending", "processed", "failed"]))).optional(),
  source: list.optional(),
  publishedFrom: DAY.optional(),
  publishedTo: DAY.optional(),
  q: z.string().min(1).max(500).optional(),
};

const ingestBody = z
  .object({
    text: z.string().min(1).max(MAX_INGEST_TEXT).optional().describe("article text (or give url)"),
    url: z.string().url().max(2000).optional().describe("a web page or feed to fetch (or give text)"),
    id: z.string().min(1).max(300).optional(),
    title: z.string().max(1000).optional(),
    source: z.string().max(300).optional(),
    published: DAY.optional().describe("publication date YYYY-MM-DD"),
  })
  .strict()
  .refine((b) => b.text !== undefined || b.url !== undefined, { message: "give text or url", path: ["text"] });

const idParams = z.object({ id: z.string().min(1).max(300) });

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const { store } = opts;
  const maxPage = opts.maxPageSize ?? 200;
  // One fetcher for the server's life, so its per-host rate limit and robots.txt cache hold across requests.
  const fetcher = new Fetcher(opts.fetchPolicy ?? {});
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024 });
  app.setValidatorCompiler(zodValidatorCompiler);

  await app.register(swagger, {
    openapi: {
      info: {
        title: "rasd API",
        version: "0.1.0",
        description: "Arabic conflict news as structured, geocoded, sourced event data (ACLED-style). Every event field points back to the text that states it.",
      },
      tags: [
        { name: "events" },
        { name: "documents" },
        { name: "clusters" },
        { name: "search" },
        { name: "export" },
        { name: "ingest" },
      ],
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });
  // The web application (map, timeline, evidence, review) at "/".
  await registerWeb(app);

  app.setErrorHandler((err: FastifyError | RequestValidationError, req, reply) => {
    if (err instanceof RequestValidationError) {
      return reply.status(400).send({ error: "validation", message: err.message, issues: err.issues });
    }
    if (err instanceof StoreError) {
      const status = err.code === "E_NOT_FOUND" ? 404 : err.code === "E_ID_CONFLICT" ? 409 : 400;
      return reply.status(status).send({ error: err.code, message: err.message });
    }
    const status = (err as FastifyError).statusCode ?? 500;
    if (status >= 500) req.log.error(err);
    // Fastify's own errors (body too large, bad JSON, bad content type) keep their code and status.
    return reply.status(status).send({ error: (err as FastifyError).code ?? "E_INTERNAL", message: status >= 500 ? "internal error" : err.message });
  });
  app.setNotFoundHandler((req, reply) => reply.status(404).send({ error: "E_NOT_FOUND", message: `no route ${req.method} ${req.url.split("?")[0]}` }));

  const notFound = (what: string, id: string) => ({ error: "E_NOT_FOUND", message: `no ${what} ${JSON.stringify(id)}` });

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  app.get("/health", { schema: { tags: ["ingest"], summary: "liveness and store counts" } }, async () => ({ ok: true, store: store.kind, stats: await store.stats() }));

  // Events -------------------------------------------------------------------------------------
  const eventsQuery = z.object({ ...eventFilterShape, ...pageQuery(maxPage) }).strict();
  app.get("/events", { schema: { tags: ["events"], summary: "list events (newest event date first), filtered, keyset-paged", querystring: schema(eventsQuery) } }, async (req) => {
    const q = req.query as z.infer<typeof eventsQuery>;
    return store.listEvents(eventFilter(q), { limit: q.limit, cursor: q.cursor });
  });
  app.get("/events/:id", { schema: { tags: ["events"], summary: "one event with its extracted record and edits", params: schema(idParams) } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const e = await store.getEvent(id);
    return e ?? reply.status(404).send(notFound("event", id));
  });

  const editBody = z
    .object({
      field: z.enum(EDITABLE_FIELDS),
      value: z.unknown().describe("the new value in EventRecord's shape for that field (null clears it)"),
      editor: z.string().min(1).max(200),
      note: z.string().max(5000).nullable().optional(),
      reviewStatus: z.enum(["unreviewed", "reviewed", "rejected"]).optional(),
    })
    .strict();
  app.patch("/events/:id", { schema: { tags: ["events"], summary: "an analyst's edit of one field (the reviewed value wins); recorded with who and when", params: schema(idParams), body: schema(editBody) } }, async (req) => {
    const { id } = req.params as { id: string };
    const b = req.body as z.infer<typeof editBody>;
    return store.recordEdit({ eventId: id, field: b.field, value: b.value ?? null, editor: b.editor, note: b.note ?? null, reviewStatus: b.reviewStatus });
  });
  const reviewBody = z.object({ status: z.enum(["unreviewed", "reviewed", "rejected"]), editor: z.string().min(1).max(200), note: z.string().max(5000).nullable().optional() }).strict();
  app.post("/events/:id/review", { schema: { tags: ["events"], summary: "set an event's review status", params: schema(idParams), body: schema(reviewBody) } }, async (req) => {
    const { id } = req.params as { id: string };
    const b = req.body as z.infer<typeof reviewBody>;
    return store.setReviewStatus(id, b.status, b.editor, b.note ?? null);
  });
  app.get("/events/:id/edits", { schema: { tags: ["events"], summary: "the edits of an event, oldest first", params: schema(idParams) } }, async (req) => {
    const { id } = req.params as { id: string };
    return { items: await store.listEdits(id) };
  });

  // Documents ----------------------------------------------------------------------------------
  const docsQuery = z.object({ ...documentFilterShape, ...pageQuery(maxPage) }).strict();
  app.get("/documents", { schema: { tags: ["documents"], summary: "list documents (newest first)", querystring: schema(docsQuery) } }, async (req) => {
    const q = req.query as z.infer<typeof docsQuery>;
    const { limit, cursor, ...filter } = q;
    return store.listDocuments(filter as DocumentFilter, { limit, cursor });
  });
  const docQuery = z.object({ entities: bool.optional().describe("include entities and messages"), raw: bool.optional().describe("include the raw form (HTML)") }).strict();
  app.get("/documents/:id", { schema: { tags: ["documents"], summary: "one document with its sightings", params: schema(idParams), querystring: schema(docQuery) } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const q = req.query as z.infer<typeof docQuery>;
    const d = await store.getDocument(id, { withEntities: q.entities ?? true, withRaw: q.raw ?? false });
    return d ?? reply.status(404).send(notFound("document", id));
  });
  app.get("/documents/:id/events", { schema: { tags: ["documents"], summary: "the events of one document", params: schema(idParams), querystring: schema(z.object(pageQuery(maxPage)).strict()) } }, async (req) => {
    const { id } = req.params as { id: string };
    const q = req.query as { limit: number; cursor?: string };
    return store.listEvents({ documentId: id, includeRejected: true }, { limit: q.limit, cursor: q.cursor });
  });
  const entitiesQuery = z.object({ type: list.optional().describe("entity type(s): PERS, LOC, ORG ...") }).strict();
  app.get("/documents/:id/entities", { schema: { tags: ["documents"], summary: "the entities of one document (people, places, organisations) with their mentions", params: schema(idParams), querystring: schema(entitiesQuery) } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const q = req.query as z.infer<typeof entitiesQuery>;
    const d = await store.getDocument(id, { withEntities: true });
    if (!d) return reply.status(404).send(notFound("document", id));
    const items = (d.entities ?? []).filter((e) => !q.type?.length || q.type.includes(e.type));
    return { documentId: id, items };
  });

  // Clusters -----------------------------------------------------------------------------------
  const clustersQuery = z.object({ minSize: z.coerce.number().int().min(1).max(1000).optional().describe("2 lists only real merges"), ...pageQuery(maxPage) }).strict();
  app.get("/clusters", { schema: { tags: ["clusters"], summary: "clusters of the same event reported by several sources", querystring: schema(clustersQuery) } }, async (req) => {
    const q = req.query as z.infer<typeof clustersQuery>;
    return store.listClusters({ minSize: q.minSize, limit: q.limit, cursor: q.cursor });
  });
  app.get("/clusters/:id", { schema: { tags: ["clusters"], summary: "one cluster with its members and why they were merged", params: schema(idParams) } }, async (req, reply) => {
    const { id } = req.params as { id: string };
    const c = await store.getCluster(id);
    return c ?? reply.status(404).send(notFound("cluster", id));
  });

  const splitBody = z.object({ eventIds: z.array(z.string().min(1).max(300)).min(1).max(1000), editor: z.string().min(1).max(200), note: z.string().max(5000).nullable().optional() }).strict();
  app.post("/clusters/:id/split", { schema: { tags: ["clusters"], summary: "take events out of a cluster into a new one (an analyst's split)", params: schema(idParams), body: schema(splitBody) } }, async (req) => {
    const { id } = req.params as { id: string };
    const b = req.body as z.infer<typeof splitBody>;
    const [remaining, created] = await store.splitCluster({ clusterId: id, eventIds: b.eventIds, editor: b.editor, note: b.note ?? null });
    return { remaining, created };
  });

  // Search -------------------------------------------------------------------------------------
  const searchQuery = z
    .object({
      q: z.string().trim().min(1).max(500).describe("words; Arabic-normalized («قتل» finds «قُتل»)"),
      kind: z.enum(["documents", "events", "all"]).default("all"),
      ...pageQuery(maxPage),
    })
    .strict();
  app.get("/search", { schema: { tags: ["search"], summary: "full-text search over documents and events", querystring: schema(searchQuery) } }, async (req) => {
    const q = req.query as z.infer<typeof searchQuery>;
    return store.search({ q: q.q, kind: q.kind, limit: q.limit, cursor: q.cursor });
  });

  // Export -------------------------------------------------------------------------------------
  const exportQuery = z
    .object({
      format: z.enum(["csv", "geojson", "jsonl"]).default("csv"),
      ...eventFilterShape,
      canonicalOnly: bool.optional().describe("true (default): one row per happening (each cluster's canonical event, citing all its sources); false: every event"),
    })
    .strict();
  app.get("/export", { schema: { tags: ["export"], summary: "all matching events as ACLED-style CSV, GeoJSON or JSON Lines, streamed", querystring: schema(exportQuery) } }, async (req, reply) => {
    const q = req.query as z.infer<typeof exportQuery>;
    const { canonicalOnly, ...rest } = eventFilter(q);
    const ext = q.format === "geojson" ? "geojson" : q.format;
    reply.header("content-type", contentType(q.format)).header("content-disposition", `attachment; filename="rasd-events.${ext}"`);
    // A BOM in CSV so that spreadsheet programs read the Arabic as UTF-8.
    return reply.send(Readable.from(exportEvents(store, q.format, rest, { dedup: canonicalOnly !== false, bom: q.format === "csv" })));
  });

  // Ingest -------------------------------------------------------------------------------------
  app.post("/ingest", { schema: { tags: ["ingest"], summary: "ingest one article by its text, or a web page or feed by its URL", body: schema(ingestBody) } }, async (req, reply) => {
    const b = req.body as z.infer<typeof ingestBody>;
    const ingestor = new Ingestor({ store, fetcher, source: b.source });
    const outcomes = [];
    if (b.text !== undefined) {
      outcomes.push(
        await ingestor.ingestDocument(
          { id: b.id ?? "", text: b.text, meta: { ...(b.title ? { title: b.title } : {}), ...(b.source ? { source: b.source } : {}), ...(b.url ? { url: b.url } : {}), ...(b.published ? { published: b.published } : {}) }, warnings: [] },
          "POST /ingest",
        ),
      );
    } else {
      // A feed's pages are fetched one by one at the per-host rate: a request reads its newest items only.
      for await (const c of fromUrl(b.url!, { fetcher: ingestor.fetcher, source: b.source, maxFeedItems: MAX_FEED_ITEMS_PER_REQUEST })) outcomes.push(await ingestor.ingestCandidate(c));
    }
    const created = outcomes.some((o) => o.status === "stored");
    return reply.status(created ? 201 : outcomes.every((o) => o.status === "failed") ? 422 : 200).send({ outcomes });
  });

  app.get("/stats", { schema: { tags: ["documents"], summary: "counts of documents by status, events, clusters, edits" } }, async () => store.stats());

  return app;
}
