import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const tsx = join(root, 'node_modules/.bin/tsx');
const script = join(root, 'scripts/generate-trace.ts');
const dir = mkdtempSync(join(tmpdir(), 'generate-trace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Doc {
  resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
}

function spansOf(doc: Doc) {
  return doc.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

describe('scripts/generate-trace.ts', () => {
  it('writes one gzip-compressed OTLP JSON document of exactly --spans spans', async () => {
    const out = join(dir, 'sub/1k.json.gz');
    const { stdout } = await run(tsx, [
      script,
      '--spans',
      '1000',
      '--seed',
      '4',
      '--now',
      '2026-11-23T03:00:00Z',
      '--out',
      out,
    ]);
    expect(stdout).toMatch(/^wrote 1000 spans to /);
    const spans = spansOf(JSON.parse(gunzipSync(readFileSync(out)).toString()));
    expect(spans.length).toBe(1000);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  });

  it('writes the demo set and its index to a directory', async () => {
    const out = join(dir, 'demo');
    await run(tsx, [script, '--demo', '--now', '1795400000000', '--out', out]);
    const spans = spansOf(JSON.parse(readFileSync(join(out, 'demo.json'), 'utf8')));
    const { traces } = JSON.parse(readFileSync(join(out, 'demo-traces.json'), 'utf8'));
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(traces.length);
    expect(spans.length).toBe(traces.reduce((n: number, t: { spanCount: number }) => n + t.spanCount, 0));
  });

  it('refuses bad arguments with exit code 2 and one line naming the problem', async () => {
    const bad = run(tsx, [script, '--spans', '12x', '--out', join(dir, 'x.json')]);
    await expect(bad).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^generate-trace: --spans: not a positive integer: 12x\n/),
    });
  });
});
