/**
 * The hostile corpus as checked in (testdata/hostile/, written by scripts/generate-hostile-corpus.ts
 * from hostile-corpus.ts), and the failing inputs `npm run fuzz` saved beside it: the read side, with
 * nothing but Node's fs (Playwright specs read it too).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const HOSTILE_DIR = resolve(import.meta.dirname, '../../testdata/hostile');

export interface HostileCase {
  /** The file name in testdata/hostile/ (its extension says the format it resembles). */
  readonly name: string;
  readonly bytes: Uint8Array;
  /** `trace`: readable (maybe with warnings); `error`: refused with a message; `either`: a mutation, no promise. */
  readonly expect: 'trace' | 'error' | 'either';
  readonly why: string;
}

/**
 * Inputs `npm run fuzz` found failing (testdata/hostile/found/, testing/fuzz.ts), whose names start
 * with `prefix` (`decode-`, `columnar-`, `traceql-`): replayed by the tests of what failed on them.
 */
export function readFoundInputs(prefix: string): { name: string; bytes: Uint8Array }[] {
  const dir = join(HOSTILE_DIR, 'found');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.startsWith(prefix))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(dir, name))) }));
}

/** The corpus as checked in (manifest order), read from testdata/hostile/. */
export function readHostileCorpus(): HostileCase[] {
  const manifest = JSON.parse(readFileSync(join(HOSTILE_DIR, 'manifest.json'), 'utf8')) as Omit<
    HostileCase,
    'bytes'
  >[];
  return manifest.map((m) => ({ ...m, bytes: new Uint8Array(readFileSync(join(HOSTILE_DIR, m.name))) }));
}
