/**
 * `spanscope summary` and `spanscope convert` as users run them: the built CLI as a child process,
 * on real fixtures, on several files at once, on stdin, and on bad input (exit 2, one line, no stack).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixturePath, fixturesPresent, readFixture } from '../../testing/fixtures.ts';
import { ensureBuilt, REPO_ROOT } from '../../testing/server-harness.ts';

function cli(args: string[], input?: Uint8Array) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/spanscope'), ...args], {
    input,
    encoding: 'buffer',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

function summary(...files: string[]) {
  const r = cli(['summary', ...files]);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return { ...r, json: r.code === 0 ? JSON.parse(r.stdout) : null };
}

const tmp = mkdtempSync(join(tmpdir(), 'spanscope-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => ensureBuilt(), 300_000);

describe.runIf(fixturesPresent)('spanscope summary', () => {
  test('prints the DESIGN §2 fields for a Zipkin trace with shared ids and missing times', () => {
    const r = summary(fixturePath('zipkin-v2-json/zipkin-lens-smartthings-mobile-web-install.json'));
    expect(r.code).toBe(0);
    expect(r.json.traces).toHaveLength(1);
    const t = r.json.traces[0];
    expect(Object.keys(t)).toEqual([
      'traceId',
      'format',
      'spanCount',
      'rootCount',
      'orphanCount',
      'maxDepth',
      'durationUs',
      'services',
      'errorCount',
      'warnings',
    ]);
    expect(t).toMatchObject({
      format: 'zipkin-json',
      spanCount: 1041,
      rootCount: 1,
      orphanCount: 0,
      maxDepth: 36,
      durationUs: 306017245,
      errorCount: 2,
    });
    expect(t.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  test('several traces in one file come out sorted by trace id', () => {
    const r = summary(fixturePath('otlp-json/tempo-sg-trace-with-virtual-nodes.json'));
    const ids = r.json.traces.map((t: { traceId: string }) => t.traceId);
    expect(ids).toHaveLength(2);
    expect([...ids].sort()).toEqual(ids);
  });

  test('spans of one trace id in several files form one trace; stdin and gzip work', () => {
    const lines = Buffer.from(readFixture('otlp-json/jui-otlp2jaeger-multi-in.jsonl'))
      .toString()
      .trim()
      .split('\n');
    const files = lines.map((line, i) => {
      const f = join(tmp, `part-${i}.json${i % 2 ? '.gz' : ''}`);
      writeFileSync(f, i % 2 ? gzipSync(line) : line);
      return f;
    });
    const r = summary(...files);
    expect(r.code).toBe(0);
    expect(r.json.traces).toHaveLength(1);
    expect(r.json.traces[0]).toMatchObject({ spanCount: 4, rootCount: 1, maxDepth: 2 });
    const piped = cli(['summary', '-'], readFixture('otlp-json/jui-otlp2jaeger-multi-in.jsonl'));
    expect(JSON.parse(piped.stdout)).toEqual(r.json);
  });

  test('the same counts whatever the format the trace arrives in', () => {
    const a = summary(fixturePath('otlp-json/otlp2parquet-trace.json')).json.traces[0];
    const b = summary(fixturePath('otlp-protobuf/otlp2parquet-trace.pb')).json.traces[0];
    expect({ ...b, format: 'x' }).toEqual({ ...a, format: 'x' });
  });

  test.each([
    [
      'jaeger-json/jui-tracegraph-testTrace.json',
      /Jaeger JSON: trace id "trace-123" is neither hex nor base64.*\$\.spans\[0\]\.traceID/,
    ],
    ['tempo-api/tempo-api-search-pushing-spans-docs.json', /a Tempo search response, not a trace/],
    ['tempo-api/tempo-api-search-tags-v2-docs.json', /invalid JSON.*at byte 1544/],
    ['zipkin-v2-json/zipkin-lens-test-v1-format.json', /Zipkin v1/],
  ])('%s is refused with exit 2 and one line naming file, format and place', (rel, message) => {
    const r = summary(fixturePath(rel));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(rel);
    expect(r.stderr).toMatch(message);
  });

  test.each([
    ['missing file', join(tmp, 'nope.json'), /no such file/],
    ['empty file', 'empty', /empty/],
    ['truncated gzip', 'truncated.gz', /gzip/],
    ['binary garbage', 'garbage.bin', /.+/],
    ['a directory', tmp, /directory/],
  ])('%s → exit 2, one line', (_name, file, message) => {
    const path = file.startsWith('/') ? file : join(tmp, file);
    if (file === 'empty') writeFileSync(path, '');
    if (file === 'truncated.gz')
      writeFileSync(path, gzipSync(readFixture('otlp-json/otlp2parquet-trace.json')).subarray(0, 200));
    if (file === 'garbage.bin')
      writeFileSync(path, Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3]));
    const r = summary(path);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });

  test('no file at all is a usage error', () => {
    expect(cli(['summary']).code).toBe(2);
  });
});

describe.runIf(fixturesPresent)('spanscope convert', () => {
  // One file per source format; the exhaustive in-process round trips live in core/formats.
  const sources = [
    'otlp-json/jaeger-skills-n_plus_one_full_serial.json',
    'otlp-protobuf/otlp2parquet-trace.pb',
    'jaeger-json/jui-genaiTestTrace.json',
    'zipkin-v2-json/zipkin-lens-yelp.json',
  ];
  const kept = (t: Record<string, unknown>) => ({
    spanCount: t.spanCount,
    rootCount: t.rootCount,
    orphanCount: t.orphanCount,
    services: t.services,
    errorCount: t.errorCount,
  });

  test.each(['otlp-json', 'jaeger-json', 'zipkin-json'])(
    'files of every format convert to %s and read back',
    (to) => {
      for (const rel of sources) {
        const before = summary(fixturePath(rel)).json.traces;
        const out = cli(['convert', fixturePath(rel), '--to', to]);
        expect(out.code, `${rel}: ${out.stderr}`).toBe(0);
        const file = join(tmp, `${rel.replace('/', '__')}.${to}`);
        writeFileSync(file, out.stdout);
        const after = summary(file).json.traces;
        expect(after.map((t: { format: string }) => t.format)).toEqual(before.map(() => to));
        // Zipkin's shared client/server ids cannot be carried by the other formats (README), so the
        // tree shape may differ; what every format carries must not.
        expect(after.map(kept), `${rel} → ${to}`).toEqual(before.map(kept));
        for (const [i, t] of after.entries())
          expect(Math.abs(t.durationUs - before[i].durationUs)).toBeLessThanOrEqual(1);
      }
    },
  );

  test('bad target and bad input', () => {
    expect(cli(['convert', fixturePath('otlp-json/otlp2parquet-trace.json'), '--to', 'xml']).code).toBe(2);
    const r = cli([
      'convert',
      fixturePath('tempo-api/tempo-api-search-pushing-spans-docs.json'),
      '--to',
      'otlp-json',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a trace/);
  });
});
