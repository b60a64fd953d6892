/**
 * Settings of the property-based fuzz tests. In `npm test` they are reproducible: a fixed seed and
 * a bounded number of cases. `npm run fuzz` (SPANSCOPE_FUZZ=1) runs them long with a random seed
 * (printed on failure by fast-check, to replay with SPANSCOPE_FUZZ_SEED) and saves each test's first
 * failing input to testdata/hostile/found/, where the tests replay it from then on (readFoundInputs).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type fc from 'fast-check';
import { HOSTILE_DIR } from './hostile-files.ts';

export const FUZZING = process.env.SPANSCOPE_FUZZ === '1';
const FOUND_DIR = join(HOSTILE_DIR, 'found');

const FIXED_SEED = 20_261_207;
/** `npm run fuzz`: this many times the cases of `npm test`, unless SPANSCOPE_FUZZ_SCALE says otherwise. */
const FUZZ_SCALE = Number(process.env.SPANSCOPE_FUZZ_SCALE ?? 200);

/** fast-check parameters for a property run `numRuns` times in `npm test`. */
export function fuzzParameters<T>(numRuns: number): fc.Parameters<T> {
  if (!FUZZING) return { numRuns, seed: FIXED_SEED };
  const seed = Number(process.env.SPANSCOPE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  return { numRuns: numRuns * FUZZ_SCALE, seed };
}

const saved = new Set<string>();

/**
 * Runs `check` on an input; when fuzzing, a failure's input is written (once per `name`) to
 * testdata/hostile/found/NAME-TIME.EXT before the failure is rethrown (fast-check then shrinks it).
 * `name` starts with what readFoundInputs is asked for: `decode-…`, `columnar-…`, `traceql-…`.
 */
export function keepFailing<T>(
  name: string,
  ext: string,
  bytesOf: (input: T) => Uint8Array,
  check: (input: T) => void,
) {
  return (input: T): void => {
    try {
      check(input);
    } catch (error) {
      if (FUZZING && !saved.has(name)) {
        saved.add(name);
        mkdirSync(FOUND_DIR, { recursive: true });
        writeFileSync(join(FOUND_DIR, `${name}-${Date.now()}.${ext}`), bytesOf(input));
      }
      throw error;
    }
  };
}
