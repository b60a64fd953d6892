/**
 * Access to the real trace files in ../shared/fixtures/real (read in place, never copied).
 * In CI (CI=true) a missing fixture folder fails the tests instead of skipping them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

export const FIXTURE_ROOT = resolve(
  process.env.SPANSCOPE_FIXTURES ?? join(import.meta.dirname, '../../../shared/fixtures/real'),
);

export const fixturesPresent = existsSync(FIXTURE_ROOT);

if (!fixturesPresent && process.env.CI === 'true') {
  throw new Error(`real fixtures missing: ${FIXTURE_ROOT} (they must be present in CI)`);
}

/** Every fixture file (relative paths like `otlp-json/x.json`), sorted; PROVENANCE and notes excluded. */
export function listFixtures(): string[] {
  if (!fixturesPresent) return [];
  const out: string[] = [];
  for (const dir of readdirSync(FIXTURE_ROOT, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(FIXTURE_ROOT, dir.name))) out.push(`${dir.name}/${f}`);
  }
  return out.sort();
}

export function readFixture(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURE_ROOT, rel)));
}

export function fixturePath(rel: string): string {
  return join(FIXTURE_ROOT, rel);
}

export function relativeToFixtures(path: string): string {
  return relative(FIXTURE_ROOT, path);
}
