/**
 * OTLP/HTTP receiver: `POST /v1/traces` (OTLP spec, "OTLP/HTTP"), served on the OTLP port and the
 * main port. Answers in the encoding of the request; errors carry a google.rpc.Status body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyError, parseContentEncoding, readBody } from '../http/read-body.ts';
import { type Headers, sendBytes } from '../http/respond.ts';
import type { ServerState } from '../http/server-state.ts';
import type { OtlpEncoding } from '../store/types.ts';
import { admission, type IngestOutcome, ingest, RETRY_AFTER_S } from './ingest.ts';
import { CONTENT_TYPES, exportResponseBody, RpcCode, statusBody } from './otlp-response.ts';

export interface OtlpHttpOptions {
  readonly state: ServerState;
  readonly maxRequestBytes: number;
  readonly log: (line: string) => void;
}

/** The media type of a Content-Type header (parameters such as charset ignored), or null. */
export function otlpEncodingOf(contentType: string | undefined): OtlpEncoding | null {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  if (media === 'application/json') return 'json';
  return null;
}

export async function handleOtlpHttp(req: IncomingMessage, res: ServerResponse, opts: OtlpHttpOptions) {
  const encoding = otlpEncodingOf(req.headers['content-type']);
  const fail = (status: number, code: number, message: string, headers: Headers = {}) =>
    sendBytes(res, status, CONTENT_TYPES[encoding ?? 'json'], statusBody(encoding ?? 'json', code, message), {
      ...headers,
      // Whatever is left of the body is not read: close rather than drain it.
      ...(req.complete ? {} : { Connection: 'close' }),
    });

  if (!encoding) {
    const got = req.headers['content-type'] ?? 'none';
    return fail(
      415,
      RpcCode.InvalidArgument,
      `unsupported content type '${got}'; use application/x-protobuf or application/json`,
    );
  }
  const compression = parseContentEncoding(req.headers['content-encoding']);
  if (!compression) {
    return fail(
      415,
      RpcCode.InvalidArgument,
      `unsupported content encoding '${req.headers['content-encoding']}'; use gzip or none`,
    );
  }
  const refused = admission(opts.state);
  if (refused) return answer(refused);

  const lease = opts.state.bodies.leaseUntilAnswered(res);
  let body: Buffer;
  try {
    body = await readBody(req, { limitBytes: opts.maxRequestBytes, encoding: compression, lease });
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    if (err.status === 499) return void res.destroy();
    if (err.status === 429)
      return fail(429, RpcCode.ResourceExhausted, err.message, { 'Retry-After': RETRY_AFTER_S });
    return fail(
      err.status,
      err.status === 413 ? RpcCode.ResourceExhausted : RpcCode.InvalidArgument,
      err.message,
    );
  }
  return answer(await ingest(opts.state, body, encoding, opts.log));

  function answer(outcome: IngestOutcome) {
    const retry = { 'Retry-After': RETRY_AFTER_S };
    switch (outcome.kind) {
      case 'ok':
        return sendBytes(
          res,
          200,
          CONTENT_TYPES[encoding!],
          exportResponseBody(encoding!, outcome.rejectedSpans, outcome.errorMessage),
        );
      case 'undecodable':
        return fail(400, RpcCode.InvalidArgument, outcome.message);
      case 'overloaded':
        return fail(429, RpcCode.ResourceExhausted, outcome.message, retry);
      case 'unavailable':
        return fail(503, RpcCode.Unavailable, outcome.message, retry);
    }
  }
}
