import { test } from "node:test";
import assert from "node:assert/strict";
import { Readable, Writable } from "node:stream";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { extractStream } from "./extract.ts";
import { validateContractLine } from "../contract/validate.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const samples = `${root}data/samples/seeds.jsonl`;
const seedLines = readFileSync(samples, "utf8").split("\n").filter((l) => l.trim());
const seeds = seedLines.map((l) => JSON.parse(l) as { id: string; text: string; published: string });

function sink(): Writable & { data: string } {
  const w = new Writable({
    write(chunk, _enc, cb) {
      w.data += chunk.toString();
      cb();
    },
  }) as Writable & { data: string };
  w.data = "";
  return w;
}

async function run(input: string | Buffer[]) {
  const out = sink();
  const err = sink();
  const summary = await extractStream(Readable.from(typeof input === "string" ? [Buffer.from(input)] : input), out, err);
  return { summary, out: out.data.split("\n").filter(Boolean).map((l) => JSON.parse(l)), err: err.data };
}

const good = JSON.stringify({ id: "ok-1", text: seeds[0]!.text, published: seeds[0]!.published });

// [case, bad line, expected message on stderr]
const BAD_INPUT: [string, string, RegExp][] = [
  ["not JSON", "{\"id\": \"x\", \"text\": ", /line 1: not JSON/],
  ["no id", JSON.stringify({ text: "قُتل شخصان في درعا" }), /line 1: no "id"/],
  ["no text", JSON.stringify({ id: "d1" }), /line 1: document d1: no "text"/],
  ["text not a string", JSON.stringify({ id: "d2", text: ["قتل"] }), /line 1: document d2: "text" must be a string, found an array/],
  ["an array, not an object", JSON.stringify([1, 2]), /line 1: expected a JSON object, found an array/],
];

for (const [name, bad, message] of BAD_INPUT) {
  test(`extract_reports_bad_input_${name.replace(/\W+/g, "_")}_and_goes_on`, async () => {
    const r = await run(`${bad}\n${good}\n`);
    assert.match(r.err, message);
    assert.equal(r.summary.failed, 1);
    assert.equal(r.summary.documents, 1);
    assert.deepEqual(r.out.map((l) => l.doc_id), ["ok-1"]);
  });
}

test("extract_refuses_a_50_MB_text_without_holding_it_and_goes_on", async () => {
  // 50 MB of Arabic text in a line, fed in 1 MB chunks as a file stream would.
  const chunk = Buffer.from("قتل ".repeat(1024 * 1024 / 7.5));
  const parts: Buffer[] = [Buffer.from('{"id": "huge", "text": "')];
  let size = 0;
  while (size < 50e6) {
    parts.push(chunk);
    size += chunk.length;
  }
  parts.push(Buffer.from(`"}\n${good}\n`));
  const r = await run(parts);
  assert.match(r.err, /line 1: the line is \d+ bytes, over the limit/);
  assert.deepEqual(r.out.map((l) => l.doc_id), ["ok-1"]);
  assert.equal(r.summary.failed, 1);
});

test("extract_keeps_input_order_and_skips_blank_lines", async () => {
  const input = seedLines.join("\n\n") + "\n";
  const r = await run(input);
  assert.deepEqual(r.out.map((l) => l.doc_id), seeds.map((s) => s.id));
  assert.equal(r.summary.failed, 0);
});

test("extract_warns_on_an_unreadable_publication_date_but_processes_the_document", async () => {
  const r = await run(JSON.stringify({ id: "d3", text: "اشتباكات في درعا أمس", published: "yesterday" }) + "\n");
  assert.match(r.err, /"published" "yesterday" is not a date/);
  assert.equal(r.out.length, 1);
  assert.equal(r.summary.failed, 0);
});

test("extract_cli_prints_five_contract_valid_lines_for_the_seeds", () => {
  const p = spawnSync(process.execPath, [`${root}bin/rasd.js`, "extract", samples], { encoding: "utf8", maxBuffer: 64e6 });
  assert.equal(p.status, 0, p.stderr);
  const lines = p.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  lines.forEach((line, i) => assert.deepEqual(validateContractLine(line, seeds[i]!.id, seeds[i]!.text), []));
});

test("extract_cli_exits_1_when_a_line_failed_and_names_the_line", () => {
  const input = `${good}\nnot json\n${JSON.stringify({ id: 7, text: "مظاهرة في بغداد" })}\n`;
  const p = spawnSync(process.execPath, [`${root}bin/rasd.js`, "extract", "-"], { input, encoding: "utf8" });
  assert.equal(p.status, 1);
  assert.match(p.stderr, /line 2: not JSON/);
  assert.match(p.stderr, /1 of 3 lines failed/);
  assert.deepEqual(p.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l).doc_id), ["ok-1", "7"]);
});

test("extract_cli_names_a_missing_file", () => {
  const p = spawnSync(process.execPath, [`${root}bin/rasd.js`, "extract", "/nonexistent/x.jsonl"], { encoding: "utf8" });
  assert.equal(p.status, 2);
  assert.match(p.stderr, /no such file: \/nonexistent\/x.jsonl/);
});
