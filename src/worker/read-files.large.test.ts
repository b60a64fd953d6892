/**
 * A generated 1M-span Jaeger file and a 1M-span Zipkin file (both over V8's ~512 MB string limit),
 * read from disk as streams in constant chunks: every span decoded into one trace, nothing held as
 * one string. Slow (the files are generated first): about a minute each.
 */
import { mkdtempSync, openAsBlob, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TraceSetBuilder } from '../core/model/span-table.ts';
import { writeLargeTraceFile } from '../testing/large-trace-file.ts';
import type { LoadProgress } from './protocol.ts';
import { readFiles } from './read-files.ts';

const SPANS = 1_000_000;
const V8_STRING_LIMIT = 2 ** 29 - 24;
const dir = mkdtempSync(join(tmpdir(), 'spanscope-large-'));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readFiles on files larger than one string can hold', () => {
  it.each(['jaeger-json', 'zipkin-json'] as const)(
    'a 1M-span %s file',
    async (format) => {
      const file = await writeLargeTraceFile(join(dir, `1m.${format}`), format, SPANS, 3);
      expect(file.bytes).toBeGreaterThan(V8_STRING_LIMIT);
      const sink = new TraceSetBuilder();
      const progress: LoadProgress[] = [];
      await readFiles([await openAsBlob(file.path)], sink, (p) => progress.push(p));
      const tables = sink.build();
      expect(tables.map((t) => [t.traceId, t.count])).toEqual([[file.traceId, SPANS]]);
      expect(tables[0].format).toBe(format);
      expect(progress.at(-1)).toMatchObject({ loadedBytes: file.bytes, spanCount: SPANS });
      // Progress went along with the reading, not only at its end.
      expect(progress.filter((p) => p.loadedBytes < file.bytes / 2).length).toBeGreaterThan(100);
      rmSync(file.path);
    },
    600_000,
  );
});
