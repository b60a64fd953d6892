/**
 * `spanscope push FILE… [--to BASE_URL]`: sends trace files to a running store over OTLP/HTTP.
 * OTLP JSON is split as it streams in (constant memory, any size); OTLP protobuf is cut on the wire;
 * Jaeger and Zipkin files are decoded whole and re-encoded as OTLP JSON. Exit 0 only when every
 * request was acknowledged and no span was rejected; 2 for a bad file; 1 when the store failed.
 */

import { decodeInput, formatById } from '../../core/formats/index.ts';
import { toOtlpResourceSpans } from '../../core/formats/otlp-json/encode.ts';
import { FormatError } from '../../core/formats/types.ts';
import { TraceSetBuilder } from '../../core/model/span-table.ts';
import { parseByteSize, parseCommandArgs, UsageError } from './args.ts';
import { InputError, streamTraceFile } from './input-file.ts';
import {
  NotOtlpJson,
  OtlpJsonSplitter,
  OtlpJsonStreamError,
  type RawSpan,
  type ResourceContext,
} from './otlp-json-splitter.ts';
import { JsonBatcher, protoBatch } from './push-batches.ts';
import { splitExportRequest, WireError } from './push-proto.ts';
import { PushError, Sender } from './push-sender.ts';

export const PUSH_USAGE = `usage: spanscope push FILE… [--to http://127.0.0.1:7070] [--batch-size 4MiB] [--concurrency 4]
       [--timeout 600] [--max-file-size 2GiB]
  --timeout: seconds a request may keep being retried (429/503, store unreachable) before giving up
  FILE may be OTLP JSON (also JSON Lines), OTLP protobuf, Jaeger or Zipkin JSON, gzip'd or not; - is stdin
`;

const OPTIONS = {
  to: { type: 'string', default: 'http://127.0.0.1:7070' },
  'batch-size': { type: 'string', default: '4MiB' },
  concurrency: { type: 'string', default: '4' },
  'max-file-size': { type: 'string', default: '2GiB' },
  timeout: { type: 'string', default: '600' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface PushOptions {
  readonly batchBytes: number;
  /** Files that must be read whole (protobuf, Jaeger, Zipkin) may be at most this large. */
  readonly maxFileBytes: number;
}

/** A bad file: `format` is what it looked like. */
class BadFile extends Error {
  constructor(
    readonly format: string,
    message: string,
  ) {
    super(message);
  }
}

const enc = new TextEncoder();
const jsonBytes = (v: unknown) => enc.encode(JSON.stringify(v));

/** Decoded traces (any format) → raw OTLP JSON spans with their resource and scope. */
function* rawSpansOf(tables: ReturnType<TraceSetBuilder['build']>): Generator<RawSpan> {
  for (const rs of toOtlpResourceSpans(tables)) {
    const resource: ResourceContext = {
      resource: jsonBytes(rs.resource ?? {}),
      schemaUrl: rs.schemaUrl ? jsonBytes(rs.schemaUrl) : null,
    };
    for (const ss of rs.scopeSpans as Record<string, unknown>[]) {
      const context = {
        resource,
        scope: jsonBytes(ss.scope ?? {}),
        schemaUrl: ss.schemaUrl ? jsonBytes(ss.schemaUrl) : null,
      };
      for (const span of ss.spans as unknown[]) yield { context, bytes: jsonBytes(span) };
    }
  }
}

function firstSignificant(chunk: Uint8Array, atStart: boolean): number | undefined {
  let i = atStart && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
  while (
    i < chunk.length &&
    (chunk[i] === 0x20 || chunk[i] === 0x0a || chunk[i] === 0x0d || chunk[i] === 0x09)
  )
    i++;
  return i < chunk.length ? chunk[i] : undefined;
}

/** Sends one file, noting in `seen` the format it is. Throws BadFile, InputError or PushError. */
async function pushFile(
  file: string,
  sender: Sender,
  opts: PushOptions,
  seen: { format: string },
): Promise<void> {
  const splitter = new OtlpJsonSplitter();
  const batcher = new JsonBatcher(opts.batchBytes, (batch) => sender.send(batch));
  /** Everything read, kept until the input is known to be OTLP JSON (else it is decoded whole). */
  const kept: Uint8Array[] = [];
  let keptBytes = 0;
  let first: number | undefined;
  let streaming = true;
  const keep = (chunk: Uint8Array) => {
    kept.push(chunk);
    keptBytes += chunk.length;
    if (keptBytes > opts.maxFileBytes)
      throw new InputError(`${file}: larger than --max-file-size for a ${seen.format} file`);
  };
  const split = async (spans: () => RawSpan[]) => {
    let out: RawSpan[];
    try {
      out = spans();
    } catch (err) {
      if (err instanceof NotOtlpJson && !splitter.identified) {
        streaming = false;
        seen.format = 'JSON';
        return;
      }
      if (err instanceof OtlpJsonStreamError) throw new BadFile('OTLP JSON', err.message);
      throw err;
    }
    if (splitter.identified && kept.length) kept.length = 0;
    for (const span of out) await batcher.add(span);
  };

  for await (const chunk of streamTraceFile(file)) {
    if (first === undefined) {
      first = firstSignificant(chunk, kept.length === 0);
      if (first !== undefined && first !== 0x7b) {
        streaming = false;
        seen.format = first === 0x5b ? 'JSON' : 'OTLP protobuf';
      }
    }
    if (!streaming || !splitter.identified) keep(chunk);
    if (streaming && first !== undefined) await split(() => splitter.push(chunk));
  }
  if (first === undefined) throw new BadFile('input', 'the file is empty');
  if (streaming) await split(() => splitter.end());
  if (streaming) return batcher.flush();

  const bytes = Buffer.concat(kept);
  if (seen.format === 'OTLP protobuf') {
    try {
      for (const piece of splitExportRequest(bytes, opts.batchBytes)) await sender.send(protoBatch(piece));
    } catch (err) {
      if (err instanceof WireError) throw new BadFile('OTLP protobuf', err.message);
      throw err;
    }
    return;
  }
  const builder = new TraceSetBuilder();
  try {
    seen.format = formatById(decodeInput(bytes, builder, file).format).label;
  } catch (err) {
    if (err instanceof FormatError) throw new BadFile('', err.message);
    throw err;
  }
  for (const span of rawSpansOf(builder.build())) await batcher.add(span);
  await batcher.flush();
}

function parsePushArgs(argv: readonly string[]) {
  const { values: v, positionals: files } = parseCommandArgs(argv, OPTIONS);
  if (v.help) return null;
  if (files.length === 0) throw new UsageError('needs at least one FILE (or - for stdin)');
  let to: URL;
  try {
    to = new URL(v.to);
  } catch {
    throw new UsageError(`--to must be a URL such as http://127.0.0.1:7070 (got '${v.to}')`);
  }
  if (to.protocol !== 'http:' && to.protocol !== 'https:')
    throw new UsageError(`--to must be an http or https URL (got '${v.to}')`);
  const concurrency = /^\d{1,3}$/.test(v.concurrency) ? Number(v.concurrency) : 0;
  if (concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be 1 to 64 (got '${v.concurrency}')`);
  const timeoutS = /^\d{1,6}(\.\d+)?$/.test(v.timeout) ? Number(v.timeout) : 0;
  if (!(timeoutS > 0)) throw new UsageError(`--timeout must be a number of seconds (got '${v.timeout}')`);
  return {
    files,
    to,
    timeoutS,
    concurrency,
    batchBytes: parseByteSize(v['batch-size'], '--batch-size'),
    maxFileBytes: parseByteSize(v['max-file-size'], '--max-file-size'),
  };
}

export async function runPush(argv: readonly string[]): Promise<number> {
  const args = parsePushArgs(argv);
  if (!args) {
    process.stdout.write(PUSH_USAGE);
    return 0;
  }
  const say = (line: string) => process.stderr.write(`spanscope push: ${line}\n`);
  const sender = new Sender(args.to.href, {
    concurrency: args.concurrency,
    retryBudgetMs: args.timeoutS * 1000,
  });
  let exitCode = 0;
  try {
    for (const file of args.files) {
      const before = { ...sender.totals, rejections: sender.totals.rejections.length };
      const seen = { format: 'OTLP JSON' };
      try {
        await pushFile(file, sender, args, seen);
        await sender.flush();
      } catch (err) {
        if (err instanceof InputError) say(err.message);
        else if (err instanceof BadFile) say(`${file}: ${err.format ? `${err.format}: ` : ''}${err.message}`);
        else if (err instanceof PushError) say(`${file}: ${seen.format}: ${err.message}`);
        else throw err;
        return err instanceof PushError ? err.exitCode : 2;
      }
      const t = sender.totals;
      const accepted = t.acceptedSpans - before.acceptedSpans;
      const rejected = t.rejectedSpans - before.rejectedSpans;
      if (rejected > 0) {
        say(
          `${file}: the store rejected ${rejected} spans: ${t.rejections.slice(before.rejections).join('; ').slice(0, 500)}`,
        );
        exitCode = 2;
      }
      process.stdout.write(
        `spanscope push: ${file}: ${accepted} spans (${seen.format}) in ${t.requests - before.requests} requests to ${args.to.origin}\n`,
      );
    }
  } finally {
    sender.close();
  }
  return exitCode;
}
