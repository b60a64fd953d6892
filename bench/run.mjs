#!/usr/bin/env node
// `npm run bench`: runs every bench/*.bench.ts in turn (each prints its measures and merges them into
// bench/results.json through bench/report.ts). `npm run bench -- ingest` runs only matching files.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const rawLoader = join(dir, '../scripts/raw-loader.mjs');
const filter = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const f of files) {
  console.log(`\n# ${f}`);
  try {
    execFileSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=12000', '--import', 'tsx', '--import', rawLoader, join(dir, f)],
      { stdio: 'inherit' },
    );
  } catch {
    failed++;
    console.log(`# ${f} failed`);
  }
}
console.log(
  `\nbench: ${files.length - failed}/${files.length} benchmark files ran; figures in bench/results.json`,
);
process.exit(failed ? 1 : 0);
