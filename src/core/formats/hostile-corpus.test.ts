/**
 * Every file of the hostile corpus (testdata/hostile/) through `decodeInput` and the tree builder,
 * as the viewer's worker and `spanscope summary` read them: a FormatError (for an `error` case), or
 * traces whose trees build (for a `trace` case), each within a time and heap bound; never another exception.
 */
import { describe, expect, it } from 'vitest';
import { readHostileCorpus } from '../../testing/hostile-files.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { buildTree } from '../tree/build-tree.ts';
import { decodeInput, FormatError } from './index.ts';

/** On this 2-core machine the slowest case (100,000 children) takes ~1 s. */
const BOUND_MS = 10_000;
/** What the test process may hold after a case (the largest, a 20 MB value, is read as one string). */
const BOUND_HEAP_BYTES = 1024 ** 3;

function read(bytes: Uint8Array): { spans: number; warnings: number } | FormatError {
  try {
    const sink = new TraceSetBuilder();
    decodeInput(bytes, sink);
    let spans = 0;
    let warnings = 0;
    for (const table of sink.build()) {
      buildTree(table, { adjustClockSkew: true });
      for (let i = 0; i < Math.min(table.count, 100); i++) table.details(i);
      spans += table.count;
      warnings += table.warnings.length;
    }
    return { spans, warnings };
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
}

describe('the hostile corpus through the decoders', () => {
  it.each(readHostileCorpus().map((c) => [c.name, c] as const))('%s', (_, c) => {
    const started = performance.now();
    const outcome = read(c.bytes);
    expect(performance.now() - started, c.why).toBeLessThan(BOUND_MS);
    expect(process.memoryUsage().heapUsed, c.why).toBeLessThan(BOUND_HEAP_BYTES);
    if (c.expect === 'error') expect(outcome, c.why).toBeInstanceOf(FormatError);
    if (c.expect === 'trace') expect(outcome, c.why).not.toBeInstanceOf(FormatError);
    if (outcome instanceof FormatError) {
      expect(outcome.message, c.why).not.toContain('\n');
      expect(outcome.message.length).toBeLessThan(500);
    }
  });
});
