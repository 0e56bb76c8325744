/**
 * @module api/zod
 * Zod schemas as Fastify route schemas: each zod schema is turned into JSON Schema (for the
 * OpenAPI document) and remembered, and the validator compiler validates with the zod schema
 * itself, so query strings are coerced and defaulted by zod and a failure names the field.
 */
import { z } from "zod";
import type { FastifySchemaCompiler } from "fastify";

const zodOf = new WeakMap<object, z.ZodType>();

/** JSON Schema for a zod schema, remembered so the validator finds the zod schema again. */
export function schema(s: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(s, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  delete json.$schema;
  zodOf.set(json, s);
  return json;
}

export interface FieldIssue {
  /** Where: "querystring", "body", "params". */
  in: string;
  /** The field path, e.g. "limit" or "items.0.text"; "" for the whole object. */
  field: string;
  message: string;
}

/** A validation failure that names its fields. */
export class RequestValidationError extends Error {
  readonly statusCode = 400;
  readonly code = "E_VALIDATION";
  constructor(readonly issues: FieldIssue[]) {
    super(issues.map((i) => `${i.in}${i.field ? "." + i.field : ""}: ${i.message}`).join("; "));
    this.name = "RequestValidationError";
  }
}

export const zodValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema: json, httpPart }) => {
  const s = zodOf.get(json as object);
  if (!s) return () => ({ value: undefined as unknown });
  const where = httpPart ?? "request";
  return (data: unknown) => {
    const r = s.safeParse(data ?? (where === "body" ? undefined : {}));
    if (r.success) return { value: r.data };
    const issues: FieldIssue[] = r.error.issues.flatMap((i) => {
      const keys = (i as { keys?: string[] }).keys;
      if (i.code === "unrecognized_keys" && keys?.length) return keys.map((k) => ({ in: where, field: [...i.path, k].join("."), message: "unknown field" }));
      return [{ in: where, field: i.path.map(String).join("."), message: i.message }];
    });
    return { error: new RequestValidationError(issues) };
  };
};
