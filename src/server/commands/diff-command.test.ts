/**
 * `spanscope diff` as users run it: the built CLI as a child process on a healthy/failing pair of
 * the demo set written in two formats, on real fixtures (a trace against itself, two traces of one
 * file), and on bad input (exit 2, one line, no stack).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { describeDemoData, generateDemoData } from '../../core/demo/index.ts';
import { diffReport, diffTraces, summarizeDiff } from '../../core/diff/index.ts';
import { decodeInput, encodeTraces } from '../../core/formats/index.ts';
import { TraceSetBuilder } from '../../core/model/span-table.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { fixturePath, fixturesPresent } from '../../testing/fixtures.ts';
import { ensureBuilt, REPO_ROOT } from '../../testing/server-harness.ts';

function diff(args: string[], input?: Uint8Array) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin/spanscope'), 'diff', ...args], {
    input,
    encoding: 'buffer',
  });
  const stderr = r.stderr.toString('utf8');
  expect(stderr).not.toMatch(/\n\s+at /);
  const stdout = r.stdout.toString('utf8');
  return { code: r.status, stdout, stderr, json: r.status === 0 ? JSON.parse(stdout) : null };
}

/** The one line of a refusal. */
function refusal(args: string[]): string {
  const r = diff(args);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  return r.stderr.trim();
}

const tmp = mkdtempSync(join(tmpdir(), 'spanscope-diff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(() => ensureBuilt(), 300_000);

/** The first healthy/failing checkout pair of the demo set: A as OTLP JSON, B as gzip'd Jaeger JSON. */
function writeDemoPair(): { fileA: string; fileB: string } {
  const opts = { seed: 1, nowMs: Date.UTC(2026, 10, 23, 3, 14, 15, 926) };
  const sink = new TraceSetBuilder();
  for (const req of generateDemoData(opts)) decodeInput(new TextEncoder().encode(JSON.stringify(req)), sink);
  const tables = new Map(sink.build().map((t) => [t.traceId, t]));
  const info = describeDemoData(opts).filter((t) => t.pair?.id === 0);
  const healthy = tables.get(info.find((t) => t.pair?.role === 'healthy')!.traceId)!;
  const failing = tables.get(info.find((t) => t.pair?.role === 'failing')!.traceId)!;
  const fileA = join(tmp, 'healthy.json');
  const fileB = join(tmp, 'failing.jaeger.json.gz');
  writeFileSync(fileA, encodeTraces([healthy], 'otlp-json'));
  writeFileSync(fileB, gzipSync(encodeTraces([failing], 'jaeger-json')));
  return { fileA, fileB };
}

/** What the core gives for the same files, decoded in this process. */
function coreReport(fileA: string, fileB: string) {
  const tree = (file: string) => {
    const sink = new TraceSetBuilder();
    decodeInput(readFileSync(file), sink);
    return buildTree(sink.build()[0], { adjustClockSkew: false });
  };
  const d = diffTraces(tree(fileA), tree(fileB));
  return diffReport(d, summarizeDiff(d));
}

describe('spanscope diff', () => {
  test('a healthy and a failing run of one request, in two formats: where the failure starts', () => {
    const { fileA, fileB } = writeDemoPair();
    const r = diff([fileA, fileB]);
    expect(r.code).toBe(0);
    const out = r.json;
    expect(Object.keys(out).slice(0, 6)).toEqual([
      'matched',
      'added',
      'removed',
      'statusChanged',
      'firstDivergence',
      'regressions',
    ]);
    expect(out).toEqual(JSON.parse(JSON.stringify(coreReport(fileA, fileB))));
    // The fraud check's query ran into the deadline: the fraud service stopped before evaluating rules.
    expect(out.firstDivergence).toMatchObject({
      reason: 'removed',
      service: 'fraud-detection',
      bSpanId: null,
    });
    expect(out.removed).toContain(out.firstDivergence.aSpanId);
    expect(out.statusChanged).toContainEqual(expect.objectContaining({ from: 'unset', to: 'error' }));
    expect(out.errorsOnlyInB.length).toBeGreaterThanOrEqual(3);
    expect(out.repeatedCalls).toContainEqual(
      expect.objectContaining({ name: 'shop.fraud.v1.FraudDetectionService/Score', countA: 1, countB: 2 }),
    );
    expect(out.removed.length).toBeGreaterThan(0);
    expect(out.regressions.length).toBeGreaterThan(0);
    for (const g of out.regressions) expect(g.deltaUs).toBeCloseTo(g.selfBUs - g.selfAUs, 6);
  });

  test('a trace against itself, from stdin: everything matched', () => {
    const { fileA } = writeDemoPair();
    const r = diff(['-', '-'], readFileSync(fileA));
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      added: [],
      removed: [],
      statusChanged: [],
      firstDivergence: null,
      regressions: [],
    });
    expect(r.json.matched).toBe(r.json.same);
    expect(r.json.matched).toBeGreaterThan(20);
  });

  test('usage: two files', () => {
    expect(refusal(['only-one.json'])).toMatch(/^spanscope diff: usage: spanscope diff A B/);
  });

  test('a file without spans is refused', () => {
    const empty = join(tmp, 'empty.json');
    writeFileSync(empty, '{"resourceSpans":[]}');
    expect(refusal([empty, empty])).toBe(`spanscope diff: ${empty}: holds no spans`);
  });
});

describe.runIf(fixturesPresent)('spanscope diff on real fixtures', () => {
  const TWO = fixturePath('otlp-json/jaeger-memory-otel_traces_01.json');
  const ONE = fixturePath('otlp-json/tempo-sg-trace-with-failed-requests.json');

  test('a fixture against itself: all 15 spans matched', () => {
    const r = diff([ONE, ONE]);
    expect(r.json).toMatchObject({ matched: 15, same: 15, added: [], removed: [], firstDivergence: null });
  });

  test('two traces of one file, chosen by id (any case, leading zeros or not)', () => {
    const r = diff([
      TWO,
      TWO,
      '--trace-a',
      '10000000000000000',
      '--trace-b',
      '00000000000000020000000000000000',
    ]);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({
      traceA: '00000000000000010000000000000000',
      traceB: '00000000000000020000000000000000',
      matched: 0,
      added: ['0000000000000003', '0000000000000005'],
      removed: ['0000000000000002', '0000000000000004'],
      repeatedCalls: [],
    });
  });

  test('a file of several traces needs its id; unknown and malformed ids, bad files are refused', () => {
    expect(refusal([TWO, ONE])).toBe(
      `spanscope diff: ${TWO}: holds 2 traces; choose one with --trace-a ` +
        '(00000000000000010000000000000000, 00000000000000020000000000000000)',
    );
    expect(refusal([ONE, TWO, '--trace-b', 'abc'])).toBe(
      `spanscope diff: ${TWO}: no trace 00000000000000000000000000000abc ` +
        '(it holds 00000000000000010000000000000000, 00000000000000020000000000000000)',
    );
    expect(refusal([ONE, ONE, '--trace-a', 'not-an-id'])).toBe(
      "spanscope diff: --trace-a: 'not-an-id' is not a trace id (hex, up to 32 digits)",
    );
    expect(refusal([ONE, join(tmp, 'nope.json')])).toMatch(/^spanscope diff: .*nope\.json: no such file$/);
    expect(refusal([fixturePath('tempo-api/tempo-api-search-pushing-spans-docs.json'), ONE])).toMatch(
      /^spanscope diff: .*tempo-api-search-pushing-spans-docs\.json: .*search/,
    );
  });
});
