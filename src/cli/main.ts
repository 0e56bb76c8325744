/**
 * @module cli/main
 * The `rasd` command line. Each command is a thin adapter over a service.
 */
import { createReadStream, existsSync } from "node:fs";
import { Command } from "commander";
import { extractStream } from "../extract/extract.ts";
import { registerIngest, registerWatch } from "./ingest.ts";
import { registerServe } from "./serve.ts";

const program = new Command();
program.name("rasd").description("Arabic conflict news to structured, geocoded, sourced event data").showHelpAfterError();

program
  .command("extract")
  .description("read JSON Lines documents and write one JSON line of events and entities per document (see CONTRACT.md)")
  .argument("<input>", "a .jsonl file, or - for standard input")
  .option("--messages", "include each document's positioned messages in its output line")
  .option("--check", "check every output line against the extraction contract; problems go to stderr and fail the run")
  .action(async (input: string, opts: { messages?: boolean; check?: boolean }) => {
    if (input !== "-" && !existsSync(input)) {
      process.stderr.write(`rasd extract: no such file: ${input}\n`);
      process.exitCode = 2;
      return;
    }
    const stream = input === "-" ? process.stdin : createReadStream(input);
    const summary = await extractStream(stream, process.stdout, process.stderr, { messages: opts.messages, check: opts.check });
    if (summary.failed) {
      process.stderr.write(`rasd extract: ${summary.failed} of ${summary.lines} lines failed\n`);
      process.exitCode = 1;
    }
  });

registerIngest(program);
registerWatch(program);
registerServe(program);

program
  .command("start")
  .description("ingest the bundled sample articles into the store and serve the API (npm start)")
  .action(async () => {
    const { runStart } = await import("./start.ts");
    await runStart();
  });

process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

await program.parseAsync(process.argv);
