/**
 * `spanscope push FILE… [--to BASE_URL]`: sends trace files to a running store over OTLP/HTTP.
 * Every file streams through the formats' InputSplitter (constant memory, any size, gzip inflated on
 * the fly): OTLP JSON documents go as they are, Jaeger and Zipkin ones re-encoded as OTLP JSON, OTLP
 * protobuf pieces as protobuf. Exit 0 only when every request was acknowledged and no span was
 * rejected; 2 for a bad file; 1 when the store failed.
 */
import {
  decodeParsed,
  FormatError,
  formatById,
  type InputPiece,
  InputSplitter,
  InputTooLargeError,
} from '../../core/formats/index.ts';
import { toOtlpResourceSpans } from '../../core/formats/otlp-json/encode.ts';
import { TraceSetBuilder } from '../../core/model/span-table.ts';
import { parseByteSize, parseCommandArgs, tokenFromEnv, UsageError } from './args.ts';
import { fileChunks, InputError } from './input-file.ts';
import { isOtlpDocument, jsonBatch, protoBatch } from './push-batches.ts';
import { type Batch, PushError, Sender } from './push-sender.ts';

export const PUSH_USAGE = `usage: spanscope push FILE… [--to http://127.0.0.1:7070] [--batch-size 4MiB] [--concurrency 4]
       [--timeout 600] [--max-file-size SIZE] [--auth-token-env VAR]
  --timeout: seconds a request may keep being retried (429/503, store unreachable) before giving up
  --max-file-size: refuse a file larger than this once inflated (default: no limit)
  --auth-token-env: send the token held in the environment variable VAR (a store started with it)
  FILE may be OTLP JSON (also JSON Lines), OTLP protobuf, Jaeger or Zipkin JSON, gzip'd or not; - is stdin.
  Every file is split into requests as it streams in.
`;

const OPTIONS = {
  to: { type: 'string', default: 'http://127.0.0.1:7070' },
  'batch-size': { type: 'string', default: '4MiB' },
  concurrency: { type: 'string', default: '4' },
  'max-file-size': { type: 'string' },
  timeout: { type: 'string', default: '600' },
  'auth-token-env': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

interface PushOptions {
  readonly batchBytes: number;
  readonly maxFileBytes: number | undefined;
}

/** Spans per request (the byte budget usually binds first). */
const BATCH_SPANS = 1024;

/** A bad file: `format` is what it looked like ('' when the message already says). */
class BadFile extends Error {
  constructor(
    readonly format: string,
    message: string,
  ) {
    super(message);
  }
}

/** One piece of the file as a request: OTLP JSON as it is, other JSON formats re-encoded, protobuf as it is. */
function toBatch(piece: InputPiece, seen: { format: string }): Batch {
  if (piece.kind === 'bytes') {
    seen.format = 'OTLP protobuf';
    return protoBatch(piece.bytes, piece.spanCount ?? 0);
  }
  if (isOtlpDocument(piece.value)) {
    seen.format = 'OTLP JSON';
    return jsonBatch(piece.value);
  }
  const builder = new TraceSetBuilder();
  seen.format = formatById(decodeParsed({ kind: 'json', value: piece.value }, builder).format).label;
  return jsonBatch({ resourceSpans: toOtlpResourceSpans(builder.build()) });
}

/** Sends one file, noting in `seen` the format it is. Throws BadFile, InputError or PushError. */
async function pushFile(
  file: string,
  sender: Sender,
  opts: PushOptions,
  seen: { format: string },
): Promise<void> {
  const splitter = new InputSplitter({
    maxSpans: BATCH_SPANS,
    maxBytes: opts.batchBytes,
    maxInflatedBytes: opts.maxFileBytes,
  });
  const send = async (pieces: readonly InputPiece[]) => {
    for (const piece of pieces) await sender.send(toBatch(piece, seen));
  };
  try {
    for await (const chunk of fileChunks(file)) await send(splitter.push(chunk));
    await send(splitter.end());
  } catch (err) {
    if (err instanceof FormatError) throw new BadFile('', err.message);
    if (err instanceof InputTooLargeError) throw new InputError(`${file}: larger than --max-file-size`);
    throw err;
  }
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
  const token = tokenFromEnv(v['auth-token-env']);
  return {
    files,
    to,
    token,
    timeoutS,
    concurrency,
    batchBytes: parseByteSize(v['batch-size'], '--batch-size'),
    maxFileBytes: v['max-file-size'] ? parseByteSize(v['max-file-size'], '--max-file-size') : undefined,
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
    token: args.token,
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
