import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportTraceServiceRequest,
  ExportTraceServiceResponse,
} from '../../core/formats/otlp-proto/schema.ts';
import { hexToBytes } from '../../core/model/ids.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { EXPORT_PATH } from './grpc-receiver.ts';

const TRACE = '0af7651916cd43dd8448eb211c80319c';

function exportBody(spanIds: string[]): Buffer {
  const message = {
    resource_spans: [
      {
        scope_spans: [
          {
            spans: spanIds.map((id) => ({
              trace_id: hexToBytes(TRACE),
              span_id: hexToBytes(id),
              name: `s-${id}`,
            })),
          },
        ],
      },
    ],
  };
  return Buffer.from(
    ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject(message)).finish(),
  );
}

type Answer = { err: grpc.ServiceError | null; response?: Record<string, unknown> };

function call(client: grpc.Client, body: Buffer, options: grpc.CallOptions = {}): Promise<Answer> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      EXPORT_PATH,
      (b: Buffer) => b,
      (b: Buffer) =>
        ExportTraceServiceResponse.toObject(ExportTraceServiceResponse.decode(b), { longs: Number }),
      body,
      new grpc.Metadata(),
      options,
      (err, response) => resolve({ err: err ?? null, response: response as Record<string, unknown> }),
    );
  });
}

describe('OTLP/gRPC receiver (in process, fake store)', () => {
  let server: InProcessServer;
  let client: grpc.Client;
  let gzipClient: grpc.Client;
  beforeAll(async () => {
    server = await startInProcess({ maxRequestBytes: 64 * 1024 });
    client = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure());
    gzipClient = new grpc.Client(server.grpcAddress, grpc.credentials.createInsecure(), {
      'grpc.default_compression_algorithm': grpc.compressionAlgorithms.gzip,
    });
  });
  afterAll(async () => {
    client.close();
    gzipClient.close();
    await server.close();
  });

  it('stores an export and answers an empty ExportTraceServiceResponse', async () => {
    const { err, response } = await call(client, exportBody(['1111111111111111', '2222222222222222']));
    expect(err).toBeNull();
    expect(response).toEqual({});
    expect(server.store.spans.filter((s) => s.traceId === TRACE).map((s) => s.spanId)).toEqual([
      '1111111111111111',
      '2222222222222222',
    ]);
  });

  it('takes gzip-compressed messages', async () => {
    const { err } = await call(gzipClient, exportBody(['3333333333333333']));
    expect(err).toBeNull();
    expect(server.store.spans.some((s) => s.spanId === '3333333333333333')).toBe(true);
  });

  it('answers rejected spans with partial success', async () => {
    const { err, response } = await call(client, exportBody(['4444444444444444', '55']));
    expect(err).toBeNull();
    expect(response).toEqual({
      partial_success: { rejected_spans: 1, error_message: "span 's-55': invalid id" },
    });
  });

  it('refuses an undecodable message with INVALID_ARGUMENT and stores nothing of it', async () => {
    const before = server.store.spans.length;
    const { err } = await call(client, Buffer.from([0x0a, 0xff, 0xff, 0x7f]));
    expect(err?.code).toBe(grpc.status.INVALID_ARGUMENT);
    expect(server.store.spans.length).toBe(before);
  });

  it('refuses messages over the limit, also when they only inflate beyond it', async () => {
    const big = Buffer.alloc(65 * 1024);
    const { err } = await call(client, big);
    expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    // 4 MiB of zeros: a few KiB on the wire, 64× the limit once inflated.
    const bomb = await call(gzipClient, Buffer.alloc(4 * 1024 ** 2));
    expect(bomb.err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect((await call(client, exportBody([]))).err).toBeNull();
  });

  it('answers RESOURCE_EXHAUSTED while the store is overloaded', async () => {
    server.store.overloaded = true;
    try {
      const { err } = await call(client, exportBody(['6666666666666666']));
      expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(err?.details).toBe('the store is busy; retry later');
    } finally {
      server.store.overloaded = false;
    }
  });

  it('answers RESOURCE_EXHAUSTED while the server holds too many bodies, and takes the retry', async () => {
    const budget = server.runtime.state.bodies;
    const others = budget.lease();
    expect(others.take(budget.limitBytes - 10)).toBe(true);
    try {
      const { err } = await call(client, exportBody(['7777777777777777']));
      expect(err?.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(err?.details).toMatch(/too many request bodies/);
      expect(server.store.spans.some((s) => s.spanId === '7777777777777777')).toBe(false);
    } finally {
      others.release();
    }
    expect((await call(client, exportBody(['7777777777777777']))).err).toBeNull();
    expect(server.store.spans.some((s) => s.spanId === '7777777777777777')).toBe(true);
    expect(budget.heldBytes).toBe(0);
  });
});
