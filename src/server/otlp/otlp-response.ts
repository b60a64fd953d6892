/**
 * OTLP/HTTP answer bodies, in the encoding of the request (OTLP spec, "OTLP/HTTP Response"):
 * ExportTraceServiceResponse on success, google.rpc.Status on failure.
 */
import protobuf from 'protobufjs';
import { ExportTraceServiceResponse } from '../../core/formats/otlp-proto/schema.ts';
import type { OtlpEncoding } from '../store/types.ts';

export const CONTENT_TYPES: Record<OtlpEncoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** google.rpc.Status without `details` (optional, and we have none to give). */
const RpcStatus = new protobuf.Type('Status')
  .add(new protobuf.Field('code', 1, 'int32'))
  .add(new protobuf.Field('message', 2, 'string'));
new protobuf.Root().define('google.rpc').add(RpcStatus);

/** google.rpc.Code values used by the receivers. */
export const RpcCode = {
  InvalidArgument: 3,
  ResourceExhausted: 8,
  Internal: 13,
  Unavailable: 14,
} as const;

/** The success body; a partial success names the rejected spans. */
export function exportResponseBody(
  encoding: OtlpEncoding,
  rejectedSpans: number,
  errorMessage: string,
): Uint8Array {
  const partial = rejectedSpans > 0 || errorMessage !== '';
  if (encoding === 'json') {
    const body = partial ? { partialSuccess: { rejectedSpans: String(rejectedSpans), errorMessage } } : {};
    return Buffer.from(JSON.stringify(body));
  }
  const message = partial
    ? { partial_success: { rejected_spans: rejectedSpans, error_message: errorMessage } }
    : {};
  return ExportTraceServiceResponse.encode(ExportTraceServiceResponse.fromObject(message)).finish();
}

export function statusBody(encoding: OtlpEncoding, code: number, message: string): Uint8Array {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }));
  return RpcStatus.encode(RpcStatus.fromObject({ code, message })).finish();
}

/** Decodes a Status body (tests and `spanscope push` read the server's reasons with it). */
export function decodeStatusBody(
  encoding: OtlpEncoding,
  body: Uint8Array,
): { code: number; message: string } {
  if (encoding === 'json') return JSON.parse(Buffer.from(body).toString('utf8'));
  const s = RpcStatus.toObject(RpcStatus.decode(body), { defaults: true });
  return { code: s.code, message: s.message };
}
