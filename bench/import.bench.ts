/**
 * `POST /api/import` against the REAL built server, with a fresh durable data directory per file:
 * Jaeger JSON of the demo generator's trace at 100k and 1M spans (~88 MB and ~880 MB: one trace,
 * processes after the spans, as Jaeger writes it), OTLP JSON and OTLP protobuf at 1M spans. The files
 * are generated once into /tmp (written as streams) and sent as streams. Per file: spans per second
 * (target: that of OTLP ingest, ≥ 50,000), the server's CPU per span and its peak resident memory.
 *
 *   npm run bench -- import          IMPORT_SIZES=100k npm run bench -- import   (the 100k file only)
 *   IMPORT_FILES=jaeger-json.1m,otlp-json.1m npm run bench -- import                  (those files only)
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { jaegerTraceJson } from '../src/testing/json-streams.ts';
import { cpuSeconds, watchRss } from '../src/testing/proc-stats.ts';
import { largeTraceProto } from '../src/testing/proto-streams.ts';
import { REPO_ROOT, startServer, tempDataDir } from '../src/testing/server-harness.ts';
import { report } from './report.ts';

const DIR = '/tmp/spanscope-bench-import';
const SIZES = (process.env.IMPORT_SIZES ?? '100k,1m').split(',');
const NAMES = process.env.IMPORT_FILES?.split(',');

interface BenchFile {
  readonly name: string;
  readonly spans: number;
  readonly write: (path: string) => Promise<void>;
}

const writeStream = (chunks: Iterable<string | Uint8Array>) => (path: string) =>
  pipeline(Readable.from(chunks), createWriteStream(path));

function generatedOtlpJson(spans: number) {
  return async (path: string) => {
    const args = ['--import', 'tsx', 'scripts/generate-trace.ts', '--spans', String(spans), '--out', path];
    const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`generate-trace failed: ${r.stderr}`);
  };
}

const FILES: BenchFile[] = [
  { name: 'jaeger-json.100k', spans: 100_000, write: writeStream(jaegerTraceJson(100_000)) },
  { name: 'jaeger-json.1m', spans: 1_000_000, write: writeStream(jaegerTraceJson(1_000_000)) },
  { name: 'otlp-json.1m', spans: 1_000_000, write: generatedOtlpJson(1_000_000) },
  { name: 'otlp-proto.1m', spans: 1_000_000, write: writeStream(largeTraceProto(1_000_000)) },
].filter((f) => (NAMES ? NAMES.includes(f.name) : SIZES.some((s) => f.name.endsWith(`.${s}`))));

/** The file, generated unless an earlier run left it (written aside, then renamed: never half a file). */
async function ensureFile(f: BenchFile): Promise<string> {
  const path = join(DIR, f.name);
  if (existsSync(path)) return path;
  mkdirSync(DIR, { recursive: true });
  await f.write(`${path}.part`);
  renameSync(`${path}.part`, path);
  return path;
}

/** Posts the file as a stream; resolves with the answer's status and body. */
function postFile(url: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'Content-Length': statSync(path).size } });
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        body += d;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    createReadStream(path, { highWaterMark: 1024 * 1024 }).pipe(req);
  });
}

for (const f of FILES) {
  const path = await ensureFile(f);
  const bytes = statSync(path).size;
  const dataDir = tempDataDir();
  const server = await startServer({ dataDir });
  try {
    const pid = server.child.pid ?? 0;
    const rss = watchRss(pid);
    const cpuBefore = cpuSeconds(pid);
    const started = performance.now();
    const answer = await postFile(`${server.base}/api/import`, path);
    const seconds = (performance.now() - started) / 1000;
    rss.stop();
    const cpu = cpuSeconds(pid) - cpuBefore;
    if (answer.status !== 200) throw new Error(`${f.name}: ${answer.status} ${answer.body.slice(0, 300)}`);
    const { spanCount } = JSON.parse(answer.body) as { spanCount: number };
    if (spanCount !== f.spans) throw new Error(`${f.name}: ${spanCount} spans imported, not ${f.spans}`);
    const rate = spanCount / seconds;
    report({
      name: `import.${f.name}.spansPerSecond`,
      value: Math.round(rate),
      unit: 'spans/s',
      target: '≥ 50000',
      ok: rate >= 50_000,
      note: `${(bytes / 1e6).toFixed(0)} MB in ${seconds.toFixed(1)} s, ${((cpu / spanCount) * 1e6).toFixed(0)} µs of server CPU per span`,
    });
    report({
      name: `import.${f.name}.peakServerRssMB`,
      value: Math.round(rss.peak() / 1e6),
      unit: 'MB',
      note: `server RSS ${Math.round(rss.before / 1e6)} MB before the import`,
    });
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
