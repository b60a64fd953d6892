/** Every trace of every real fixture that decodes, as span tables (files that are refused are skipped). */
import { decodeInput, FormatError } from '../core/formats/index.ts';
import { type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { listFixtures, readFixture } from './fixtures.ts';

export interface FixtureTrace {
  readonly rel: string;
  readonly table: SpanTable;
}

export function fixtureTraces(): FixtureTrace[] {
  const out: FixtureTrace[] = [];
  for (const rel of listFixtures()) {
    const sink = new TraceSetBuilder();
    try {
      decodeInput(readFixture(rel), sink);
    } catch (e) {
      if (e instanceof FormatError) continue;
      throw e;
    }
    for (const table of sink.build()) out.push({ rel, table });
  }
  return out;
}
