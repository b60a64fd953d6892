#!/usr/bin/env -S npx tsx
/**
 * Writes generated OTLP/JSON trace files (for benchmarks, push tests and manual checks).
 *
 *   npx tsx scripts/generate-trace.ts --spans 100000 [--seed 1] [--now MS|ISO] --out bench/data/100k.json[.gz]
 *   npx tsx scripts/generate-trace.ts --demo [--seed 1] [--now MS|ISO] --out DIR
 *
 * `--spans` writes one trace as a single ExportTraceServiceRequest document; `--demo` writes the
 * demo set to DIR/demo.json (one document) and DIR/demo-traces.json (what each trace is). The
 * document is streamed: a 1M-span file (~480 MB) is never one string. `.gz` compresses.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import {
  type DemoRequest,
  describeDemoData,
  generateDemoData,
  generateLargeTrace,
  requestSpanCount,
} from '../src/core/demo/index.ts';

const USAGE = 'usage: generate-trace (--spans N | --demo) [--seed N] [--now MS|ISO] --out PATH';
const CHUNK_CHARS = 1 << 20;

function fail(message: string): never {
  process.stderr.write(`generate-trace: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parseNow(raw: string | undefined): number {
  if (raw === undefined) return Date.now();
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) fail(`--now: not a time in ms or ISO-8601: ${raw}`);
  return ms;
}

/** The requests merged into one ExportTraceServiceRequest document, in ~1 MB pieces. */
function* documentChunks(requests: Iterable<DemoRequest>, counter: { spans: number }): Generator<string> {
  let buffer = '{"resourceSpans":[';
  let first = true;
  for (const req of requests) {
    counter.spans += requestSpanCount(req);
    for (const rs of req.resourceSpans) {
      buffer += (first ? '' : ',') + JSON.stringify(rs);
      first = false;
    }
    if (buffer.length >= CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}]}\n`;
}

async function writeDocument(path: string, requests: Iterable<DemoRequest>): Promise<number> {
  mkdirSync(dirname(path), { recursive: true });
  const counter = { spans: 0 };
  const source = Readable.from(documentChunks(requests, counter));
  const file = createWriteStream(path);
  if (path.endsWith('.gz')) await pipeline(source, createGzip({ level: 6 }), file);
  else await pipeline(source, file);
  return counter.spans;
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        spans: { type: 'string' },
        demo: { type: 'boolean' },
        seed: { type: 'string', default: '1' },
        now: { type: 'string' },
        out: { type: 'string' },
      },
      strict: true,
    }).values;
  } catch (error) {
    fail((error as Error).message);
  }
}

async function main(): Promise<void> {
  const values = readArgs();
  if (!values.out) fail('--out is required');
  if (Boolean(values.demo) === (values.spans !== undefined)) fail('give exactly one of --spans and --demo');
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed: not an integer: ${values.seed}`);
  const nowMs = parseNow(values.now);
  const started = performance.now();
  let spans: number;
  let target = values.out;
  if (values.demo) {
    mkdirSync(values.out, { recursive: true });
    target = join(values.out, 'demo.json');
    spans = await writeDocument(target, generateDemoData({ seed, nowMs }));
    const traces = describeDemoData({ seed, nowMs });
    writeFileSync(join(values.out, 'demo-traces.json'), `${JSON.stringify({ traces }, null, 1)}\n`);
  } else {
    const spanCount = Number(values.spans);
    if (!Number.isInteger(spanCount) || spanCount < 1)
      fail(`--spans: not a positive integer: ${values.spans}`);
    spans = await writeDocument(target, generateLargeTrace({ seed, nowMs, spanCount }));
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(`wrote ${spans} spans to ${target} in ${seconds} s\n`);
}

await main();
