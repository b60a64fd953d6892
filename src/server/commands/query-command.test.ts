/**
 * `spanscope query` as users run it: the built CLI as a child process on real fixtures, several
 * files forming one trace set, stdin, and bad queries or files (exit 2, one line, no stack).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath, fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { ensureBuilt, REPO_ROOT } from '../../testing/server-harness.ts';

function query(args: string[], input?: Uint8Array) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/spanscope'), 'query', ...args], {
    input,
    encoding: 'buffer',
  });
  const stderr = r.stderr.toString('utf8');
  expect(stderr).not.toMatch(/\n\s+at /);
  const stdout = r.stdout.toString('utf8');
  return { code: r.status, stdout, stderr, json: r.status === 0 ? JSON.parse(stdout) : null };
}

const FAILED = 'otlp-json/tempo-sg-trace-with-failed-requests.json';
const SIBLINGS = 'otlp-json/jaeger-skills-sibling_errors.json';

const tmp = mkdtempSync(join(tmpdir(), 'spanscope-query-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => ensureBuilt(), 300_000);

describe.runIf(fixturesPresent)('spanscope query', () => {
  test('prints the matching traces with the ids of their matched spans', () => {
    const r = query(['{ status = error }', fixturePath(FAILED)]);
    expect(r.code).toBe(0);
    expect(r.json).toEqual({
      traces: [
        {
          traceId: 'e8b6dff9f8d44b28f1b22bc3bd2f6768',
          spanIds: ['9007fea484554ad7', '2898383ecfa1a421', 'c1ae6cea39a8fc4b'],
        },
      ],
    });
  });

  test('several files: traces sorted by id, spans of a structural query, non-matching traces left out', () => {
    const r = query(['{ } >> { status = error }', fixturePath(FAILED), fixturePath(SIBLINGS)]);
    expect(r.json.traces.map((t: { traceId: string }) => t.traceId)).toEqual([
      '7c4f1a90b3e84d2f9a6c5e8017b3d264',
      'e8b6dff9f8d44b28f1b22bc3bd2f6768',
    ]);
    expect(r.json.traces[1].spanIds).toEqual(['2898383ecfa1a421', 'c1ae6cea39a8fc4b']);
    expect(query(['{ span.nothing.like.this = 1 }', fixturePath(FAILED)]).json).toEqual({ traces: [] });
  });

  test('the same answer whatever the format; spans of one trace in several files (gzip, stdin) form one trace', () => {
    const a = query(['{ }', fixturePath('otlp-json/otlp2parquet-trace.json')]).json;
    const b = query(['{ }', fixturePath('otlp-protobuf/otlp2parquet-trace.pb')]).json;
    expect(b).toEqual(a);
    const lines = Buffer.from(readFixture('otlp-json/jui-otlp2jaeger-multi-in.jsonl'))
      .toString()
      .trim()
      .split('\n');
    const files = lines.map((line, i) => {
      const f = join(tmp, `part-${i}.json${i % 2 ? '.gz' : ''}`);
      writeFileSync(f, i % 2 ? gzipSync(line) : line);
      return f;
    });
    const split = query(['{ } | count() = 4', ...files]);
    expect(split.json.traces).toHaveLength(1);
    expect(split.json.traces[0].spanIds).toHaveLength(4);
    const piped = query(['{ } | count() = 4', '-'], readFixture('otlp-json/jui-otlp2jaeger-multi-in.jsonl'));
    expect(piped.json).toEqual(split.json);
  });

  test.each([
    [
      'a syntax error',
      '{ .a = }',
      /^spanscope query: bad query: 1:8: expected a value after "=", found "}"$/,
    ],
    [
      'a type error',
      '{ span:status = nil }',
      /^spanscope query: bad query: 1:3: span:status = nil can never hold/,
    ],
    [
      'a pattern RE2 refuses',
      '{ .a =~ "(?=x)" }',
      /^spanscope query: bad query: 1:9: RE2 refuses the pattern/,
    ],
    [
      'a metrics query',
      '{ } | rate()',
      /^spanscope query: bad query: 1:1: metrics queries .* are not supported yet/,
    ],
    [
      'an unsupported query',
      '{ parent.a = 1 }',
      /^spanscope query: bad query: 1:3: parent\. attributes are not supported yet/,
    ],
    [
      '100k parentheses',
      `{ ${'('.repeat(100_000)} }`,
      /^spanscope query: bad query: 1:\d+: the query nests deeper than/,
    ],
  ])('%s: exit 2 and one line naming the position', (_name, text, message) => {
    const r = query([text, fixturePath(FAILED)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
  });

  test('bad files are refused as summary refuses them', () => {
    const missing = query(['{ }', join(tmp, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^spanscope query: .*nope\.json: no such file\n$/);
    const search = query(['{ }', fixturePath('tempo-api/tempo-api-search-pushing-spans-docs.json')]);
    expect(search.code).toBe(2);
    expect(search.stderr).toMatch(/a Tempo search response, not a trace/);
  });

  test('a query and at least one file are required', () => {
    const r = query(['{ }']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "spanscope query: usage: spanscope query 'TRACEQL' FILE… (or - for stdin) | --source NAME --trace ID… [--config FILE] [--server URL]\n",
    );
  });
});
