/**
 * Shared by every benchmark: prints one line per measure (figure and target) and merges the figure
 * into bench/results.json, keyed by measure name, so `npm run bench` leaves one file with all of them.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Measure {
  /** Stable key, e.g. "ingest.protobuf.spansPerSecond". */
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Human-readable target, e.g. "≥ 50000". */
  readonly target?: string;
  /** Whether the figure meets the target (omit when there is no target). */
  readonly ok?: boolean;
  readonly note?: string;
}

const RESULTS = join(import.meta.dirname, 'results.json');

export function report(m: Measure): void {
  const verdict = m.ok === undefined ? '' : m.ok ? '  ok' : '  MISSED';
  const target = m.target ? `  (target ${m.target})` : '';
  const value = Number.isInteger(m.value) ? String(m.value) : m.value.toFixed(m.value < 10 ? 2 : 1);
  console.log(
    `${m.name.padEnd(48)} ${value.padStart(12)} ${m.unit}${target}${verdict}${m.note ? `  ${m.note}` : ''}`,
  );
  const all = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  all[m.name] = { ...m, measuredAt: new Date().toISOString() };
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}

/** Percentile (0..100) of a list of numbers, nearest-rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}
