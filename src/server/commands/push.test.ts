import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/captured-output.ts';
import { fixturePath } from '../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { oneScopeProto, oneScopeSpanId } from '../../testing/proto-streams.ts';
import { runPush } from './push.ts';

/** runPush with its stdout/stderr captured. */
function push(args: string[]) {
  return captureOutput(() => runPush(args));
}

const dir = mkdtempSync(join(tmpdir(), 'spanscope-push-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
function tempFile(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** An OTLP JSON file of `n` spans in one trace, spread over 3 resources. */
function bigOtlpJson(n: number): string {
  const rs = [0, 1, 2].map((r) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: `svc-${r}` } }] },
    scopeSpans: [
      {
        scope: { name: 'gen' },
        spans: Array.from({ length: Math.ceil(n / 3) }, (_, i) => ({
          traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
          spanId: (r * 1_000_000 + i + 1).toString(16).padStart(16, '0'),
          name: `op-${i}`,
          startTimeUnixNano: '1763870400000000000',
          endTimeUnixNano: '1763870400000001000',
        })),
      },
    ],
  }));
  return JSON.stringify({ resourceSpans: rs });
}

describe('spanscope push (in process, fake store)', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({ maxRequestBytes: 256 * 1024 });
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.store.overloaded = false;
  });

  it('sends an OTLP JSON file in batches under the limit, splitting on 413', async () => {
    const file = tempFile('big.json', bigOtlpJson(3000));
    const before = server.store.spans.length;
    // 1 MiB batches are over the server's 256 KiB limit: every one comes back 413 and is halved.
    const r = await push([file, '--to', server.base, '--batch-size', '1MiB']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/big\.json: 3000 spans \(OTLP JSON\) in \d+ requests/);
    const stored = server.store.spans.slice(before);
    expect(stored.length).toBe(3000);
    expect(new Set(stored.map((s) => s.spanId)).size).toBe(3000);
  });

  it('sends gzip files, JSON Lines, protobuf, Jaeger and Zipkin files', async () => {
    const cases: [string, string, number][] = [
      [tempFile('trace.json.gz', gzipSync(bigOtlpJson(30))), 'OTLP JSON', 30],
      [fixturePath('otlp-json/jui-otlp2jaeger-multi-in.jsonl'), 'OTLP JSON', 4],
      [fixturePath('otlp-protobuf/otlp2parquet-trace.pb'), 'OTLP protobuf', 2],
      [fixturePath('jaeger-json/jui-stats-spansAmongEachOther.json'), 'Jaeger JSON', 12],
      [fixturePath('zipkin-v2-json/zipkin-lens-yelp.json'), 'Zipkin', 16],
    ];
    for (const [file, format, spans] of cases) {
      const before = server.store.spans.length;
      const r = await push([file, '--to', server.base]);
      expect(r.err, file).toBe('');
      expect(r.code, file).toBe(0);
      expect(r.out, file).toContain(`: ${spans} spans (${format}`);
      expect(server.store.spans.length - before, file).toBe(spans);
    }
  });

  it("streams a protobuf file (gzip'd too) in requests under the batch size, splitting on 413", async () => {
    const input = oneScopeProto(6000);
    const plain = Buffer.concat([...input.chunks(64 * 1024)]);
    for (const [name, bytes] of [
      ['one-scope.pb', plain],
      ['one-scope.pb.gz', gzipSync(plain)],
    ] as const) {
      const before = server.store.spans.length;
      // 1 MiB batches are over the server's 256 KiB limit: every one comes back 413 and is halved.
      const r = await push([tempFile(name, bytes), '--to', server.base, '--batch-size', '1MiB']);
      expect(r.err, name).toBe('');
      expect(r.code, name).toBe(0);
      expect(r.out, name).toMatch(/: 6000 spans \(OTLP protobuf\) in \d+ requests/);
      const stored = server.store.spans
        .slice(before)
        .map((s) => s.spanId)
        .sort();
      expect(stored, name).toEqual(Array.from({ length: 6000 }, (_, i) => oneScopeSpanId(i)));
    }
  });

  it('waits out 429 answers (Retry-After) and then delivers', async () => {
    server.store.overloaded = true;
    setTimeout(() => (server.store.overloaded = false), 1_500);
    const before = server.store.spans.length;
    const started = Date.now();
    const r = await push([tempFile('retry.json', bigOtlpJson(9)), '--to', server.base]);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
    expect(server.store.spans.length - before).toBe(9);
  });

  it('reports rejected spans and exits 2', async () => {
    const file = tempFile(
      'bad-ids.json',
      JSON.stringify({
        resourceSpans: [
          { scopeSpans: [{ spans: [{ traceId: 'zz', spanId: '0000000000000001', name: 'bad' }] }] },
        ],
      }),
    );
    const r = await push([file, '--to', server.base]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`spanscope push: ${file}: the store rejected 1 spans: span 'bad': invalid id\n`);
  });

  it('refuses bad files with one line naming the file, the format and the problem', async () => {
    const cases: [string, RegExp][] = [
      [
        tempFile('truncated.json', '{"resourceSpans":[{"scopeSpans":[{"spans":[{"a":1}'),
        /truncated\.json: JSON: invalid JSON: unexpected end of input \(the document is truncated\) at byte 50$/,
      ],
      [
        tempFile('garbage.pb', new Uint8Array([0x0a, 0x40, 1, 2, 3])),
        /garbage\.pb: OTLP protobuf: field number 0 is not allowed at byte 2$/,
      ],
      [
        tempFile('jaeger-bad.json', '{"data":[{"traceID":"xyz!","spans":[{"spanID":"1"}]}]}'),
        /jaeger-bad\.json: .*Jaeger/i,
      ],
      [tempFile('empty.json', '  \n'), /empty\.json: input: the input is empty$/],
      [
        tempFile('broken.gz', gzipSync('{"resourceSpans":[]}').subarray(0, 12)),
        /broken\.gz: gzip: the gzip data is truncated.* at byte 12$/,
      ],
      ['/no/such/file.json', /^spanscope push: \/no\/such\/file\.json: no such file$/],
    ];
    for (const [file, message] of cases) {
      const r = await push([file, '--to', server.base]);
      expect(r.code, file).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines, file).toHaveLength(1);
      expect(lines[0], file).toMatch(message);
    }
  });

  it('exits 1 when the store cannot be reached within --timeout', async () => {
    const r = await push([
      tempFile('ok.json', bigOtlpJson(3)),
      '--to',
      'http://127.0.0.1:9',
      '--timeout',
      '1',
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /ok\.json: OTLP JSON: cannot reach http:\/\/127\.0\.0\.1:9\/v1\/traces: .*ECONNREFUSED/,
    );
  });

  it('refuses bad arguments', async () => {
    await expect(runPush([])).rejects.toThrow(/needs at least one FILE/);
    await expect(runPush(['f', '--to', 'ftp://x'])).rejects.toThrow(/--to must be an http or https URL/);
    await expect(runPush(['f', '--concurrency', '0'])).rejects.toThrow(/--concurrency must be 1 to 64/);
  });
});
