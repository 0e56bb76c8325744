/**
 * @module extract/extract
 * The `rasd extract` service: JSON Lines in, one contract line per document out, in input order,
 * streaming. A bad line is reported (naming the line and the problem) and the others still come out.
 */
import type { Readable, Writable } from "node:stream";
import { once } from "node:events";
import { createDoc } from "../doc/doc.ts";
import type { Doc } from "../doc/types.ts";
import { parseInputLine, MAX_TEXT_CHARS, type InputDocument } from "../contract/input.ts";
import { toContractLine } from "../contract/output.ts";
import { validateContractLine } from "../contract/validate.ts";
import { readLines } from "../io/lines.ts";
import { recordError, type Pipeline } from "../pipeline/pipeline.ts";
import { createDefaultPipeline } from "../pipeline/default.ts";

/** A line's JSON (UTF-8) may hold escapes, so the byte limit is generous relative to the text limit. */
const MAX_LINE_BYTES = MAX_TEXT_CHARS * 4 + 1_000_000;

let shared: Pipeline | undefined;
/** The default pipeline, built once per process (its data is loaded once). */
export function defaultPipeline(): Pipeline {
  shared ??= createDefaultPipeline(recordError);
  return shared;
}

export function processDocument(input: InputDocument, pipeline: Pipeline = defaultPipeline()): Doc {
  const doc = createDoc(input.id, input.text, input.meta);
  for (const w of input.warnings) doc.messages.push({ reason: w, ruleId: "W001", source: "rasd.input" });
  return pipeline.run(doc);
}

export interface ExtractOptions {
  /** Include each document's messages in its output line. */
  messages?: boolean;
  /** Check each output line against the contract and report problems on stderr (a problem fails the line). */
  check?: boolean;
  pipeline?: Pipeline;
}

export interface ExtractSummary {
  lines: number;
  documents: number;
  failed: number;
}

async function write(out: Writable, s: string): Promise<void> {
  if (!out.write(s)) await once(out, "drain");
}

export async function extractStream(input: Readable, out: Writable, err: Writable, opts: ExtractOptions = {}): Promise<ExtractSummary> {
  const pipeline = opts.pipeline ?? defaultPipeline();
  const summary: ExtractSummary = { lines: 0, documents: 0, failed: 0 };
  for await (const rec of readLines(input, MAX_LINE_BYTES)) {
    if (rec.text !== undefined && rec.text.trim() === "") continue;
    summary.lines++;
    if (rec.oversized !== undefined) {
      summary.failed++;
      err.write(`rasd extract: line ${rec.lineNo}: the line is ${rec.oversized} bytes, over the limit of ${MAX_LINE_BYTES}; skipped\n`);
      continue;
    }
    const parsed = parseInputLine(rec.text);
    if (!parsed.ok) {
      summary.failed++;
      err.write(`rasd extract: line ${rec.lineNo}: ${parsed.error}; skipped\n`);
      continue;
    }
    for (const w of parsed.doc.warnings) err.write(`rasd extract: line ${rec.lineNo}: ${w}\n`);
    let doc: Doc;
    try {
      doc = processDocument(parsed.doc, pipeline);
    } catch (e) {
      summary.failed++;
      err.write(`rasd extract: line ${rec.lineNo}: document ${parsed.doc.id} failed: ${(e as Error).message}\n`);
      continue;
    }
    const fatal = doc.messages.filter((m) => m.fatal);
    if (fatal.length) {
      summary.failed++;
      for (const m of fatal) err.write(`rasd extract: line ${rec.lineNo}: document ${doc.id}: ${m.reason}\n`);
    }
    summary.documents++;
    const line = toContractLine(doc, opts.messages);
    if (opts.check) {
      const problems = validateContractLine(JSON.parse(JSON.stringify(line)), doc.id, doc.text);
      if (problems.length) {
        summary.failed++;
        for (const p of problems) err.write(`rasd extract: line ${rec.lineNo}: document ${doc.id}: contract: ${p}\n`);
      }
    }
    await write(out, JSON.stringify(line) + "\n");
  }
  return summary;
}
