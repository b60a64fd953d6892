#!/usr/bin/env node
/**
 * Writes the hostile corpus to testdata/hostile/ (src/testing/hostile-corpus.ts says what each file
 * is), with manifest.json: [{name, expect, why}]. Deterministic: running it again changes nothing,
 * which src/testing/hostile-corpus.test.ts checks.
 *
 *   node --import tsx --import ./scripts/raw-loader.mjs scripts/generate-hostile-corpus.ts
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostileCorpus, manifestOf } from '../src/testing/hostile-corpus.ts';
import { HOSTILE_DIR } from '../src/testing/hostile-files.ts';

mkdirSync(HOSTILE_DIR, { recursive: true });
for (const old of readdirSync(HOSTILE_DIR)) rmSync(join(HOSTILE_DIR, old));
const cases = hostileCorpus();
for (const c of cases) writeFileSync(join(HOSTILE_DIR, c.name), c.bytes);
writeFileSync(join(HOSTILE_DIR, 'manifest.json'), manifestOf(cases));
process.stdout.write(`generate-hostile-corpus: ${cases.length} files in ${HOSTILE_DIR}\n`);
