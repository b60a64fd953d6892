/**
 * `/api/search` of the real built server, `spanscope query` and the viewer's find in a trace (the
 * browser worker, over the store's answer) agree: the same files (every real fixture that decodes,
 * and an hour of demo traffic) are imported at start-up and given to the CLI, and for every valid
 * query of the corpora (Tempo's examples, TRACEQL.md's table) and a few more, all find the same
 * traces with the same matched spans.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { generateDemoData } from '../../core/demo/index.ts';
import { spanIdOf } from '../../core/layout/trace-columns.ts';
import { compileQuery } from '../../core/query/compile.ts';
import { fixtureTraces } from '../../testing/fixture-traces.ts';
import { fixturePath, fixturesPresent } from '../../testing/fixtures.ts';
import { inProcessWorker } from '../../testing/in-process-worker.ts';
import { type HarnessServer, startServer } from '../../testing/server-harness.ts';
import { traceqlCorpus, traceqlDocExamples } from '../../testing/traceql-corpus.ts';
import { isTraceQL } from '../../worker/find-query.ts';
import { openTrace } from '../../worker/trace-client.ts';
import { runQuery } from '../commands/query.ts';

const EXTRA = [
  '{ resource.service.name = "frontend" }',
  '{ span.http.request.method = "GET" && status != error }',
  '{ name =~ "GET .*|POST .*" }',
  '{ resource.service.name = "frontend" } >> { status = error }',
  '{ } | count() > 10',
  '{ status = error } | by(resource.service.name) | count() > 1',
  '{ span.db.system.name = "postgresql" } && { kind = client }',
  '{ .app.user.id != nil } ~ { duration > 10ms }',
  '{ event:name = "exception" }',
  '{ trace:duration > 1s && kind = server }',
  '{ rootServiceName = "frontend" } | select(span.http.route)',
];

function validQueries(): string[] {
  const doc = traceqlDocExamples();
  const texts = [
    ...traceqlCorpus().map((e) => e.query),
    ...(doc?.table.filter((r) => !r.metrics).map((r) => r.query) ?? []),
    ...EXTRA,
  ];
  return [...new Set(texts)].filter((q) => {
    try {
      compileQuery(q);
      return true;
    } catch {
      return false;
    }
  });
}

/** `spanscope query` in this process (the same module the CLI runs), its stdout parsed. */
async function cli(q: string, files: readonly string[]): Promise<Map<string, string[]>> {
  let out = '';
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    expect(await runQuery([q, ...files])).toBe(0);
  } finally {
    write.mockRestore();
  }
  const { traces } = JSON.parse(out) as { traces: { traceId: string; spanIds: string[] }[] };
  return new Map(traces.map((t) => [t.traceId, [...t.spanIds].sort()]));
}

const dir = mkdtempSync(join(tmpdir(), 'spanscope-search-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(fixturesPresent)('/api/search and spanscope query agree', () => {
  let server: HarnessServer;
  let files: string[];
  beforeAll(async () => {
    const fixtures = [...new Set(fixtureTraces().map((t) => t.rel))].map(fixturePath);
    const demo = [...generateDemoData({ seed: 3, nowMs: Date.UTC(2026, 0, 1) })].map((request, i) => {
      const path = join(dir, `demo-${i}.json`);
      writeFileSync(path, JSON.stringify(request));
      return path;
    });
    files = [...fixtures, ...demo];
    server = await startServer({ args: ['--search-timeout', '60s', ...files] });
  }, 300_000);
  afterAll(() => server?.stop());

  it('finds the same traces and matched spans for every valid query of the corpora', async () => {
    const queries = validQueries();
    expect(queries.length).toBeGreaterThan(40);
    let nonEmpty = 0;
    for (const q of queries) {
      const res = await fetch(`${server.base}/api/search?limit=1000&spss=1000&q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(200);
      const answer = (await res.json()) as {
        traces: { traceID: string; spanSets: { matched: number; spans: { spanID: string }[] }[] }[];
      };
      const expected = await cli(q, files);
      // `{}` lists the recent traces without span sets, as before TraceQL.
      if (/^\{\s*\}$/.test(q.trim())) {
        expect(answer.traces.map((t) => t.traceID).sort(), q).toEqual([...expected.keys()].sort());
        continue;
      }
      expect(answer.traces.map((t) => t.traceID).sort(), q).toEqual([...expected.keys()].sort());
      for (const t of answer.traces) {
        const listed = [...new Set(t.spanSets.flatMap((s) => s.spans.map((span) => span.spanID)))].sort();
        const all = expected.get(t.traceID) ?? [];
        // A span set lists at most spss (1000) spans; `matched` counts them all.
        if (t.spanSets.every((s) => s.matched === s.spans.length))
          expect(listed, `${q} ${t.traceID}`).toEqual(all);
        else expect(all, `${q} ${t.traceID}`).toEqual(expect.arrayContaining(listed));
      }
      if (expected.size > 0) nonEmpty++;
    }
    // Most queries of the corpora name attributes the files lack; enough of them find something.
    expect(nonEmpty).toBeGreaterThan(8);
  }, 300_000);

  it('find in a trace (the viewer, over the store) highlights the spans the CLI matches in that trace', async () => {
    // What the find box takes as a query (a text starting as `{ … }` or `( … )`), but `{}`.
    const queries = validQueries().filter((q) => isTraceQL(q) && !/^\{\s*\}$/.test(q.trim()));
    const sample = [...new Set(fixtureTraces().map((t) => t.table.traceId))].slice(0, 12);
    // Raw times, as `spanscope query` reads files: the same trace:duration and span starts.
    const handles = await Promise.all(
      sample.map((traceId) =>
        openTrace({ kind: 'store', traceId }, undefined, {
          baseUrl: server.base,
          adjustClockSkew: false,
          createWorker: inProcessWorker,
        }),
      ),
    );
    try {
      let found = 0;
      for (const q of queries) {
        const expected = await cli(q, files);
        for (const h of handles) {
          const nodes = await h.find(q);
          const ids = [...new Set(Array.from(nodes, (k) => spanIdOf(h.columns, k)))].sort();
          expect(ids, `${q} in ${h.traceId}`).toEqual(expected.get(h.traceId) ?? []);
          if (ids.length > 0) found++;
        }
      }
      expect(found).toBeGreaterThan(10);
    } finally {
      for (const h of handles) h.dispose();
    }
  }, 300_000);
});
