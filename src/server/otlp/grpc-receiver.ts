/**
 * OTLP/gRPC receiver: `opentelemetry.proto.collector.trace.v1.TraceService/Export`. The request
 * bytes go to the store untouched (it decodes them); grpc-js accepts gzip-compressed messages and
 * bounds their inflated size by `grpc.max_receive_message_length`.
 */
import * as grpc from '@grpc/grpc-js';
import { bearerOf, type TokenAuth } from '../http/auth.ts';
import type { ServerState } from '../http/server-state.ts';
import { ingest } from './ingest.ts';
import { exportResponseBody } from './otlp-response.ts';

export const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

const identity = (b: Buffer) => b;

const traceService: grpc.ServiceDefinition = {
  Export: {
    path: EXPORT_PATH,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength),
    responseDeserialize: identity,
  },
};

export interface GrpcReceiverOptions {
  readonly state: ServerState;
  readonly host: string;
  readonly port: number;
  readonly maxRequestBytes: number;
  readonly log: (line: string) => void;
  /** `--auth-token-env`: calls without `authorization: Bearer TOKEN` metadata are UNAUTHENTICATED. */
  readonly auth?: TokenAuth | null;
  /** Calls in progress at once on one connection (the HTTP ports' concurrency limit). */
  readonly maxConcurrentCalls?: number;
}

export interface GrpcReceiver {
  readonly port: number;
  /** Stops taking calls, lets the running ones answer (up to `graceMs`), then closes. */
  close(graceMs: number): Promise<void>;
}

function authorized(auth: TokenAuth, metadata: grpc.Metadata): boolean {
  const [value] = metadata.get('authorization');
  const token = bearerOf(typeof value === 'string' ? value : undefined);
  return token !== null && auth.isToken(token);
}

export async function startGrpcReceiver(opts: GrpcReceiverOptions): Promise<GrpcReceiver> {
  const server = new grpc.Server({
    'grpc.max_receive_message_length': opts.maxRequestBytes,
    'grpc.max_send_message_length': 1024 * 1024,
    ...(opts.maxConcurrentCalls ? { 'grpc.max_concurrent_streams': opts.maxConcurrentCalls } : {}),
  });
  server.addService(traceService, {
    Export: (call: grpc.ServerUnaryCall<Buffer, Uint8Array>, callback: grpc.sendUnaryData<Uint8Array>) => {
      if (opts.auth && !authorized(opts.auth, call.metadata)) {
        return callback({
          code: grpc.status.UNAUTHENTICATED,
          details: 'this server needs its token: authorization: Bearer TOKEN',
        });
      }
      // The message is whole by now (grpc-js read it); held while it is stored, it counts in the
      // server's body budget as an HTTP body does.
      const lease = opts.state.bodies.lease();
      if (!lease.take(call.request.byteLength))
        return callback({
          code: grpc.status.RESOURCE_EXHAUSTED,
          details: 'the server is holding too many request bodies at once; retry later',
        });
      ingest(opts.state, call.request, 'protobuf', opts.log).then((outcome) => {
        lease.release();
        switch (outcome.kind) {
          case 'ok':
            return callback(
              null,
              exportResponseBody('protobuf', outcome.rejectedSpans, outcome.errorMessage),
            );
          case 'undecodable':
            return callback({ code: grpc.status.INVALID_ARGUMENT, details: outcome.message });
          case 'overloaded':
            return callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: outcome.message });
          case 'unavailable':
            return callback({ code: grpc.status.UNAVAILABLE, details: outcome.message });
        }
      });
    },
  });
  const address = opts.host.includes(':') ? `[${opts.host}]:${opts.port}` : `${opts.host}:${opts.port}`;
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err ? reject(err) : resolve(bound),
    ),
  );
  return {
    port,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.forceShutdown(), graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
