/**
 * Timing of evaluation on a 100k-span trace, printed for the report and not asserted (the machine
 * is shared). Filters are one pass; structural operators are linear too (target: well under 1 s).
 */
import { expect, test } from 'vitest';
import { randomTable } from '../../testing/random-table.ts';
import { buildTree } from '../tree/build-tree.ts';
import { compileQuery } from './compile.ts';
import { evaluate } from './evaluate.ts';
import { traceForQuery } from './trace-adapter.ts';

test('evaluation on 100k spans (printed)', () => {
  const table = randomTable({ spanCount: 100_000, maxFanOut: 3 });
  const trace = traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
  const lines: string[] = [];
  const errors = Array.from({ length: trace.spanCount }, (_, i) => i).filter(
    (i) => trace.status(i) === 2,
  ).length;
  for (const q of [
    '{ } >> { status = error }',
    '{ status = error }',
    '{ status = error } !< { status = error }',
    '{ } &<< { status = error }',
    '{ resource.service.name = "db" } ~ { name =~ "GET.*" }',
    '{ } | by(resource.service.name) | count() > 10',
    '{ } | avg(duration) > 1ms',
  ]) {
    const query = compileQuery(q);
    evaluate(query, trace);
    const started = performance.now();
    const result = evaluate(query, trace);
    const ms = performance.now() - started;
    const found = result.spansets.reduce((n, s) => n + s.spans.length, 0);
    lines.push(`  ${q.padEnd(58)} ${ms.toFixed(1).padStart(7)} ms  (${found} spans)`);
    if (q === '{ } >> { status = error }') expect(found).toBe(errors - (trace.status(0) === 2 ? 1 : 0));
  }
  console.log(`TraceQL evaluation, ${trace.spanCount} spans (${errors} errors), warm:\n${lines.join('\n')}`);
});
