/**
 * Export traffic for ingest benchmarks and backpressure tests: one request of realistic spans,
 * encoded once as OTLP protobuf or JSON, whose trace ids are patched in place for every send (each
 * send carries new traces), and a sender per protocol (OTLP/HTTP protobuf, OTLP/HTTP JSON,
 * OTLP/gRPC) that tells acknowledged, refused-for-now (429/503, RESOURCE_EXHAUSTED/UNAVAILABLE)
 * and failed apart.
 */
import { Agent, request } from 'node:http';
import * as grpc from '@grpc/grpc-js';
import { ExportTraceServiceRequest } from '../core/formats/otlp-proto/schema.ts';
import { EXPORT_PATH } from '../server/otlp/grpc-receiver.ts';
import { toProtoObject } from './otlp-requests.ts';

export type ExportProtocol = 'http-protobuf' | 'http-json' | 'grpc';

export interface ExportTemplate {
  readonly spans: number;
  readonly byteLength: number;
  /** The request with trace ids never sent before from this process. */
  fresh(): Uint8Array;
}

/** The first half of every template trace id; the second half numbers the traces. */
const MARKER = 'f0f0f0f0f0f0f0f0';
let traceCounter = 0;

/** `traces` × `perTrace` spans (a root and a 4-ary tree below it) with typical attributes, as OTLP JSON. */
function requestJson(traces: number, perTrace: number) {
  const spans = [];
  for (let t = 0; t < traces; t++) {
    const traceId = `${MARKER}${t.toString(16).padStart(16, '0')}`;
    for (let i = 0; i < perTrace; i++) {
      const startNs = 1_763_870_400_000_000_000n + BigInt(t * 1_000_000 + i * 10_000);
      spans.push({
        traceId,
        spanId: (i + 1).toString(16).padStart(16, '0'),
        ...(i === 0 ? {} : { parentSpanId: (Math.floor((i - 1) / 4) + 1).toString(16).padStart(16, '0') }),
        name: i === 0 ? 'GET /api/products/{id}' : `SELECT products ${i % 7}`,
        kind: i === 0 ? 2 : 3,
        startTimeUnixNano: startNs.toString(),
        endTimeUnixNano: (startNs + 5_000_000n).toString(),
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } },
          { key: 'http.response.status_code', value: { intValue: '200' } },
          { key: 'db.system', value: { stringValue: 'postgresql' } },
          { key: 'db.statement', value: { stringValue: 'SELECT * FROM products WHERE id = $1' } },
          { key: 'net.peer.name', value: { stringValue: 'db-primary.internal' } },
          { key: 'server.port', value: { intValue: '5432' } },
        ],
        events: i % 16 === 0 ? [{ timeUnixNano: startNs.toString(), name: 'cache.miss' }] : [],
        status: { code: i % 50 === 49 ? 2 : 0 },
      });
    }
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'catalog' } },
            { key: 'service.version', value: { stringValue: '1.4.2' } },
            { key: 'host.name', value: { stringValue: 'catalog-7d9f-x2' } },
          ],
        },
        scopeSpans: [{ scope: { name: 'bench', version: '1.0' }, spans }],
      },
    ],
  };
}

/** Every offset of `needle` in `body`. */
function offsetsOf(body: Buffer, needle: Buffer): number[] {
  const out: number[] = [];
  for (let at = body.indexOf(needle); at >= 0; at = body.indexOf(needle, at + 1)) out.push(at);
  return out;
}

export function exportTemplate(
  traces: number,
  perTrace: number,
  encoding: 'protobuf' | 'json',
): ExportTemplate {
  const json = requestJson(traces, perTrace);
  const body =
    encoding === 'json'
      ? Buffer.from(JSON.stringify(json))
      : Buffer.from(
          ExportTraceServiceRequest.encode(
            ExportTraceServiceRequest.fromObject(toProtoObject(json) as Record<string, unknown>),
          ).finish(),
        );
  // Where each trace's id sits: as 16 bytes (protobuf) or 32 hex digits (JSON).
  const idOffsets = Array.from({ length: traces }, (_, t) => {
    const hex = `${MARKER}${t.toString(16).padStart(16, '0')}`;
    return offsetsOf(body, encoding === 'json' ? Buffer.from(hex) : Buffer.from(hex, 'hex'));
  });
  return {
    spans: traces * perTrace,
    byteLength: body.byteLength,
    fresh() {
      const out = Buffer.from(body);
      for (const offsets of idOffsets) {
        const id = ++traceCounter;
        const hex = `${(process.pid % 0x10000).toString(16).padStart(4, '0')}${id.toString(16).padStart(12, '0')}`;
        for (const at of offsets) {
          if (encoding === 'json') out.write(hex, at, 'latin1');
          else out.write(hex, at, 'hex');
        }
      }
      return out;
    },
  };
}

/** How the server answered one export. */
export type ExportAnswer =
  | { readonly kind: 'ok' }
  /** 429/503 or RESOURCE_EXHAUSTED/UNAVAILABLE: nothing stored, retry after `retryAfterS`. */
  | { readonly kind: 'refused'; readonly code: number | string; readonly retryAfterS: number | null }
  | { readonly kind: 'failed'; readonly code: number | string; readonly message: string };

export interface ExportSender {
  send(body: Uint8Array): Promise<ExportAnswer>;
  close(): void;
}

export interface ExportTarget {
  /** `http://host:port` of an OTLP/HTTP port. */
  readonly otlpBase: string;
  /** `host:port` of the OTLP/gRPC port. */
  readonly grpcAddress: string;
}

function httpSender(target: ExportTarget, contentType: string, sockets: number): ExportSender {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const url = `${target.otlpBase}/v1/traces`;
  return {
    send: (body) =>
      new Promise((resolve) => {
        const req = request(url, {
          method: 'POST',
          agent,
          headers: { 'Content-Type': contentType, 'Content-Length': body.byteLength },
        });
        req.on('response', (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const retryAfter = res.headers['retry-after'];
            if (status === 200) resolve({ kind: 'ok' });
            else if (status === 429 || status === 503)
              resolve({ kind: 'refused', code: status, retryAfterS: retryAfter ? Number(retryAfter) : null });
            else resolve({ kind: 'failed', code: status, message: Buffer.concat(chunks).toString() });
          });
        });
        req.on('error', (error) => resolve({ kind: 'failed', code: 'socket', message: error.message }));
        req.end(body);
      }),
    close: () => agent.destroy(),
  };
}

function grpcSender(target: ExportTarget): ExportSender {
  const client = new grpc.Client(target.grpcAddress, grpc.credentials.createInsecure());
  const identity = (b: Buffer) => b;
  return {
    send: (body) =>
      new Promise((resolve) => {
        client.makeUnaryRequest(EXPORT_PATH, identity, identity, Buffer.from(body), (err) => {
          if (!err) resolve({ kind: 'ok' });
          else if (err.code === grpc.status.RESOURCE_EXHAUSTED || err.code === grpc.status.UNAVAILABLE)
            resolve({ kind: 'refused', code: grpc.status[err.code], retryAfterS: null });
          else resolve({ kind: 'failed', code: grpc.status[err.code] ?? err.code, message: err.details });
        });
      }),
    close: () => client.close(),
  };
}

/** A sender of one protocol; `sockets` bounds the HTTP connections it opens (gRPC multiplexes one). */
export function exportSender(protocol: ExportProtocol, target: ExportTarget, sockets = 8): ExportSender {
  if (protocol === 'grpc') return grpcSender(target);
  return httpSender(
    target,
    protocol === 'http-json' ? 'application/json' : 'application/x-protobuf',
    sockets,
  );
}

export const encodingOf = (protocol: ExportProtocol): 'protobuf' | 'json' =>
  protocol === 'http-json' ? 'json' : 'protobuf';
