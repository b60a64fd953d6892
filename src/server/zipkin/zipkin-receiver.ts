/**
 * Zipkin's collector endpoint, `POST /api/v2/spans` (EXTERNAL-APIS §3.4), so that services
 * instrumented with Zipkin libraries (Brave, zipkin-js, py_zipkin) send to Spanscope unchanged. It
 * answers as Zipkin's server does: 202 with no body once stored, 400 with a text message for a body
 * it cannot read, and besides 413 over `--max-request-size` (also once inflated), 415 for Zipkin's
 * protobuf and thrift encodings and content encodings other than gzip/deflate, 429/503 with
 * Retry-After when the store is busy or not open.
 *
 * The body is decoded whole by the core Zipkin decoder first, so a bad body stores nothing; then it
 * goes through the store's import path, whose Zipkin rules are those of a Zipkin file (a server
 * half sharing its client's id stays a span of its own: OTLP, hence ingestOtlp, cannot say so).
 * 202 is answered only once the import has committed the spans: acknowledged spans are durable and
 * readable at once.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeInput, formatById } from '../../core/formats/index.ts';
import { TraceSetBuilder } from '../../core/model/span-table.ts';
import { BodyError, parseContentEncoding, readBody } from '../http/read-body.ts';
import { sendText } from '../http/respond.ts';
import type { ServerState } from '../http/server-state.ts';
import { admission, RETRY_AFTER_S } from '../otlp/ingest.ts';
import { ImportFailure } from '../store/types.ts';

export interface ZipkinReceiverOptions {
  readonly state: ServerState;
  readonly maxRequestBytes: number;
  readonly log: (line: string) => void;
}

/**
 * Zipkin's server reads every body as JSON but those of its binary encodings (protobuf, and thrift
 * for v1), which Spanscope does not read: `curl --data-binary` sends JSON as a form, and it works.
 */
const BINARY_TYPES = new Set(['application/x-protobuf', 'application/protobuf', 'application/x-thrift']);

function isBinary(contentType: string | undefined): boolean {
  return BINARY_TYPES.has((contentType ?? '').split(';')[0].trim().toLowerCase());
}

/** Why a body is not Zipkin v2 JSON, or null when it is. */
function refusal(body: Uint8Array): string | null {
  try {
    const { format } = decodeInput(body, new TraceSetBuilder());
    if (format === 'zipkin-json') return null;
    const where = format.startsWith('otlp') ? ' (OTLP goes to POST /v1/traces)' : '';
    return `the body is ${formatById(format).label}, not a JSON list of Zipkin v2 spans${where}`;
  } catch (err) {
    return (err as Error).message;
  }
}

export async function handleZipkinSpans(
  req: IncomingMessage,
  res: ServerResponse,
  opts: ZipkinReceiverOptions,
): Promise<void> {
  // Whatever is left of a refused body is not read: close rather than drain it.
  const fail = (status: number, message: string, headers: Record<string, string | number> = {}) =>
    sendText(res, status, `${message}\n`, { ...headers, ...(req.complete ? {} : { Connection: 'close' }) });

  if (isBinary(req.headers['content-type']))
    return fail(
      415,
      `unsupported content type '${req.headers['content-type']}'; Spanscope takes Zipkin v2 JSON (application/json)`,
    );
  const compression = parseContentEncoding(req.headers['content-encoding']);
  if (!compression)
    return fail(415, `unsupported content encoding '${req.headers['content-encoding']}'; use gzip or none`);
  const refused = admission(opts.state);
  if (refused?.kind === 'overloaded' || refused?.kind === 'unavailable')
    return fail(refused.kind === 'overloaded' ? 429 : 503, refused.message, { 'Retry-After': RETRY_AFTER_S });

  const lease = opts.state.bodies.leaseUntilAnswered(res);
  let body: Buffer;
  try {
    body = await readBody(req, { limitBytes: opts.maxRequestBytes, encoding: compression, lease });
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    if (err.status === 499) return void res.destroy();
    return fail(err.status, err.message, err.status === 429 ? { 'Retry-After': RETRY_AFTER_S } : {});
  }
  const problem = refusal(body);
  if (problem) return fail(400, `Could not decode spans: ${problem}`);

  const store = opts.state.openStore;
  if (!store) return fail(503, 'the store is shutting down', { 'Retry-After': RETRY_AFTER_S });
  try {
    await opts.state.track(
      (async () => {
        const session = store.beginImport({ maxInflatedBytes: opts.maxRequestBytes });
        await session.write(body);
        await session.end();
      })(),
    );
  } catch (err) {
    if (err instanceof ImportFailure) return fail(400, `Could not decode spans: ${err.message}`);
    opts.log(`spanscope: Zipkin ingest failed: ${(err as Error).message}`);
    return fail(503, 'the store could not commit the spans; retry later', { 'Retry-After': RETRY_AFTER_S });
  }
  sendText(res, 202, '');
}
