#!/usr/bin/env node
// Entry point of the `rasd` command. The sources are TypeScript run through tsx's loader, so a
// fresh clone works after `npm ci` with no build step (tsx caches its transforms on disk).
import { setFlagsFromString } from "node:v8";
// V8 lets the old generation grow to several times the live heap between full collections: over a
// long `rasd extract` stream the live heap stays ~125 MB, yet the process reached 520-600 MB after
// 4,000 articles. A 30% growth factor holds it near 340 MB for a few percent of CPU (bench/run.ts
// measures it). Set before anything is loaded.
setFlagsFromString("--heap-growing-percent=30");
import { register } from "tsx/esm/api";
register();
await import("../src/cli/main.ts");
