/**
 * `npm run build:spell`: copies the Arabic Hunspell dictionary (Ayaspell, the Debian package
 * hunspell-ar) into data/spell/ as ar.aff.gz and ar.dic.gz, with its copyright file. The product
 * reads only those copies (src/text/spell.ts); the tagger asks them whether a word is ordinary
 * vocabulary. Deterministic: the same package gives the same bytes.
 *
 *   apt-get install hunspell-ar && node --import tsx scripts/build-spell.ts [--from /usr/share/hunspell/ar] [--copyright /usr/share/doc/hunspell-ar/copyright]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const opt = (k: string, d: string) => {
  const i = args.indexOf(`--${k}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : d;
};
const from = opt("from", "/usr/share/hunspell/ar");
const copyright = opt("copyright", "/usr/share/doc/hunspell-ar/copyright");
for (const f of [`${from}.aff`, `${from}.dic`, copyright]) {
  if (!existsSync(f)) {
    console.error(`build-spell: ${f} not found; install the dictionary first (apt-get install hunspell-ar)`);
    process.exit(2);
  }
}
const out = join(root, "data", "spell");
mkdirSync(out, { recursive: true });
// gzip without a file name or time stamp: the bytes depend on the content only.
for (const ext of ["aff", "dic"]) writeFileSync(join(out, `ar.${ext}.gz`), gzipSync(readFileSync(`${from}.${ext}`), { level: 9 }));
writeFileSync(join(out, "COPYRIGHT"), readFileSync(copyright));
console.error(`wrote ${out}/ar.aff.gz, ar.dic.gz, COPYRIGHT`);
