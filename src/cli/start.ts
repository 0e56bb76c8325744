/**
 * @module cli/start
 * `npm start` before the store exists: extract the bundled sample articles and print what was found.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseInputLine } from "../contract/input.ts";
import { processDocument } from "../extract/extract.ts";

const SAMPLES = fileURLToPath(new URL("../../data/samples/seeds.jsonl", import.meta.url));

export async function runStart(): Promise<void> {
  const lines = readFileSync(SAMPLES, "utf8").split("\n").filter((l) => l.trim());
  for (const line of lines) {
    const parsed = parseInputLine(line);
    if (!parsed.ok) {
      process.stderr.write(`sample: ${parsed.error}\n`);
      continue;
    }
    const doc = processDocument(parsed.doc);
    const title = doc.text.slice(0, 70).replace(/\s+/g, " ");
    console.log(`\n== ${doc.id} (${doc.meta.published ?? "no date"}, ${doc.meta.source ?? "?"}) ${title}…`);
    console.log(`   ${doc.tokens.length} tokens, ${doc.sentences.length} sentences, ${doc.numbers.length} numbers, ${doc.dates.length} dates`);
    for (const ev of doc.events) {
      console.log(`   event ${ev.event_date ?? "????-??-??"}  ${ev.sub_event_type.padEnd(28)} ${ev.location?.name ?? "-"}  ${ev.actor1?.name ?? "-"} vs ${ev.actor2?.name ?? "-"}  killed ${ev.fatalities ?? "-"}`);
    }
    for (const e of doc.entities) {
      const extra = e.place ? ` (${e.place.latitude.toFixed(3)}, ${e.place.longitude.toFixed(3)})` : e.actorId ? ` [${e.actorId}]` : "";
      console.log(`   ${e.type.padEnd(6)} ${e.name}${e.aliases.length ? ` = ${e.aliases.join(" = ")}` : ""}${extra}`);
    }
  }
}
