/**
 * @module pipeline/pipeline
 * Assembling and running a list of stages. `analyzePipeline` lists every requirement that no
 * earlier stage assigns; `createPipeline` refuses a list with such problems, so a misordered
 * pipeline fails at start-up, not on the thousandth document.
 */
import type { Doc } from "../doc/types.ts";
import { addMessage } from "../doc/doc.ts";
import type { Stage } from "./stage.ts";

export interface PipelineProblems {
  /** stage name -> annotations it requires that no earlier stage assigns */
  problems: Record<string, string[]>;
}

export function analyzePipeline(stages: readonly Stage[]): PipelineProblems {
  const assigned = new Set<string>();
  const problems: Record<string, string[]> = {};
  for (const stage of stages) {
    const missing = stage.requires.filter((r) => !assigned.has(r));
    if (missing.length) problems[stage.name] = missing;
    for (const a of stage.assigns) assigned.add(a);
  }
  return { problems };
}

/** What the runner does when a stage throws: rethrow (default) or record on the doc and go on. */
export type ErrorHandler = (stage: Stage, doc: Doc, error: unknown) => void;

export const raiseError: ErrorHandler = (_stage, _doc, error) => {
  throw error;
};

/** Records the failure as a fatal message on the document and lets the next stages run. */
export const recordError: ErrorHandler = (stage, doc, error) => {
  const reason = error instanceof Error ? error.message : String(error);
  addMessage(doc, stage.name, "E200", `stage "${stage.name}" failed: ${reason}`, undefined, true);
};

export interface Pipeline {
  readonly stages: readonly Stage[];
  run(doc: Doc): Doc;
}

export function createPipeline(stages: readonly Stage[], onError: ErrorHandler = raiseError): Pipeline {
  const names = new Set<string>();
  for (const s of stages) {
    if (names.has(s.name)) throw new Error(`[E102] stage "${s.name}" appears twice in the pipeline`);
    names.add(s.name);
  }
  const { problems } = analyzePipeline(stages);
  const bad = Object.entries(problems);
  if (bad.length) {
    const detail = bad.map(([name, missing]) => `"${name}" requires ${missing.join(", ")}`).join("; ");
    throw new Error(`[E103] pipeline cannot run: ${detail}, which no earlier stage assigns. Reorder or add the missing stages.`);
  }
  const frozen = Object.freeze([...stages]);
  return {
    stages: frozen,
    run(doc: Doc): Doc {
      let cur = doc;
      for (const stage of frozen) {
        let out: Doc;
        try {
          out = stage.run(cur);
        } catch (error) {
          onError(stage, cur, error);
          continue;
        }
        if (!out || typeof out !== "object" || typeof (out as Doc).text !== "string") {
          throw new Error(`[E104] stage "${stage.name}" returned ${out === null ? "null" : typeof out} instead of a Doc. Did it forget to return the document?`);
        }
        for (const a of stage.assigns) if (!out.annotations.includes(a)) out.annotations.push(a);
        cur = out;
      }
      return cur;
    },
  };
}
