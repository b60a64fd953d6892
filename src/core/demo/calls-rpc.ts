/**
 * gRPC spans following the OpenTelemetry RPC semantic conventions: CLIENT and SERVER spans named
 * `{rpc.service}/{rpc.method}`, with rpc.grpc.status_code; a non-OK code fails both halves.
 */

import { SpanKind } from '../model/types.ts';
import type { CallResult, Handler, Reply } from './calls-http.ts';
import { int, kv, str } from './otlp-json.ts';
import { SERVICES, type ServiceName } from './services.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

export const GrpcCode = {
  Ok: 0,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  Internal: 13,
  Unavailable: 14,
} as const;

const CODE_NAMES: Readonly<Record<number, string>> = {
  2: 'UNKNOWN',
  3: 'INVALID_ARGUMENT',
  4: 'DEADLINE_EXCEEDED',
  5: 'NOT_FOUND',
  13: 'INTERNAL',
  14: 'UNAVAILABLE',
};

export interface GrpcOptions {
  /** Retry attempt number (0 for the first try): only the client half carries it. */
  readonly attempt?: number;
}

/** A gRPC CLIENT span in `parent`'s service calling `method` of `to`, whose SERVER span runs `handler`. */
export function grpcCall(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  to: ServiceName,
  method: string,
  handler: Handler,
  opts: GrpcOptions = {},
): CallResult {
  const { rpc, port } = SERVICES[to];
  const common = [kv('rpc.system', str('grpc')), kv('rpc.service', str(rpc)), kv('rpc.method', str(method))];
  const client = b.start(parent, {
    library: 'grpc-client',
    kind: SpanKind.Client,
    name: `${rpc}/${method}`,
    startNs: t,
    attributes: [
      ...common,
      kv('server.address', str(to)),
      kv('server.port', int(port)),
      ...(opts.attempt ? [kv('rpc.grpc.retry_attempt', int(opts.attempt))] : []),
    ],
  });
  const server = b.start(client, {
    service: to,
    library: 'grpc-server',
    kind: SpanKind.Server,
    name: `${rpc}/${method}`,
    startNs: t + b.gap(),
    attributes: [...common, kv('server.port', int(port))],
  });
  const reply: Reply = { status: GrpcCode.Ok, message: '' };
  const bodyEnd = handler(server, server.startNs + b.think(), reply);
  for (const span of [server, client]) {
    b.attr(span, 'rpc.grpc.status_code', int(reply.status));
    if (reply.status !== GrpcCode.Ok) {
      b.attr(span, 'error.type', str(CODE_NAMES[reply.status] ?? String(reply.status)));
      b.fail(span, reply.message);
    }
  }
  b.end(server, bodyEnd + b.think());
  const end = b.end(client, server.endNs + b.gap());
  return { client, server, end, ok: reply.status === GrpcCode.Ok };
}
