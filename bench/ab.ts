/**
 * `node --import tsx bench/ab.ts DIR [DIR ...]`: the whole-pipeline rate of several checkouts of rasd
 * (git worktrees) on the bench corpus, measured in turns so that the load of a shared machine falls on
 * all of them alike. Throughput targets sit close to what this 2-core machine gives, and its speed
 * drifts by 10-15% over a day: comparing a change with the commit before it, in alternation, is the
 * way to tell a regression from the machine. Prints figures only.
 *
 *   git worktree add /tmp/before HEAD~1 && ln -s "$PWD/node_modules" /tmp/before/node_modules
 *   node --import tsx bench/ab.ts /tmp/before . --rounds 3
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const ri = args.indexOf("--rounds");
const rounds = ri >= 0 ? Number(args[ri + 1]) : 3;
const dirs = args.filter((a, i) => !a.startsWith("--") && (ri < 0 || i !== ri + 1)).map((d) => resolve(d));
if (!dirs.length) {
  console.error("usage: node --import tsx bench/ab.ts DIR [DIR ...] [--rounds N]");
  process.exit(2);
}
const corpus = fileURLToPath(new URL("./corpus.ts", import.meta.url));
// Each checkout runs in its own process (its own modules and data), 1 s warm-up then 5 s of rounds.
const child = (dir: string) => `
const { createDoc } = await import(${JSON.stringify(`${dir}/src/doc/doc.ts`)});
const { createPipeline } = await import(${JSON.stringify(`${dir}/src/pipeline/pipeline.ts`)});
const { defaultStages } = await import(${JSON.stringify(`${dir}/src/pipeline/default.ts`)});
const { loadCorpus } = await import(${JSON.stringify(corpus)});
const docs = loadCorpus();
const p = createPipeline(defaultStages());
const run = () => { for (const d of docs) p.run(createDoc(d.id, d.text, d.published ? { published: d.published } : {})); return docs.length; };
const w0 = performance.now(); do run(); while (performance.now() - w0 < 1000);
let n = 0; const t0 = performance.now(); while (performance.now() - t0 < 5000) n += run();
console.log((n / ((performance.now() - t0) / 1000)).toFixed(1));
`;
const results = new Map<string, number[]>(dirs.map((d) => [d, []]));
for (let r = 0; r < rounds; r++) {
  for (const dir of dirs) {
    const out = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", child(dir)], { cwd: dir, encoding: "utf8" });
    if (out.status !== 0) {
      console.error(`${dir}: ${out.stderr.trim().split("\n").pop()}`);
      process.exit(1);
    }
    const rate = Number(out.stdout.trim().split("\n").pop());
    results.get(dir)!.push(rate);
    console.log(`round ${r + 1} ${dir}: ${rate.toFixed(1)} articles/s`);
  }
}
for (const [dir, xs] of results) {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  console.log(`${dir}: mean ${mean.toFixed(1)} articles/s (${xs.map((x) => x.toFixed(1)).join(", ")})`);
}
