#!/usr/bin/env node
// Entry point of the `rasd` command. The sources are TypeScript run through tsx's loader, so a
// fresh clone works after `npm ci` with no build step (tsx caches its transforms on disk).
import { register } from "tsx/esm/api";
register();
await import("../src/cli/main.ts");
