/**
 * OTLP export requests for the store's tests and benchmarks: one request that uses every field of
 * the format (full-fidelity tests) and cheap synthetic traffic of any size.
 */
import { seededRandom } from '../core/demo/random.ts';

const enc = new TextEncoder();

export function jsonBody(value: unknown): Uint8Array {
  return enc.encode(JSON.stringify(value));
}

/** Every OTLP span field, with values that break naive handling (wide ints, bytes, nesting, unicode). */
export function fullFidelityRequest(traceId = '0af7651916cd43dd8448eb211c80319c') {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: { stringValue: 'checkout' } },
            { key: 'host.cores', value: { intValue: '9007199254740993' } },
            {
              key: 'k8s.labels',
              value: { kvlistValue: { values: [{ key: 'app', value: { stringValue: 'shop' } }] } },
            },
          ],
          droppedAttributesCount: 2,
        },
        schemaUrl: 'https://opentelemetry.io/schemas/1.21.0',
        scopeSpans: [
          {
            scope: {
              name: 'io.opentelemetry.http',
              version: '1.2.3',
              attributes: [{ key: 'scope.attr', value: { boolValue: true } }],
              droppedAttributesCount: 1,
            },
            spans: [
              {
                traceId,
                spanId: 'b7ad6b7169203331',
                traceState: 'vendor=a,other=b',
                name: 'POST /orders ✓',
                kind: 2,
                flags: 257,
                startTimeUnixNano: '1700000000123456789',
                endTimeUnixNano: '1700000000987654321',
                attributes: [
                  { key: 'http.method', value: { stringValue: 'POST' } },
                  { key: 'http.status_code', value: { intValue: '500' } },
                  { key: 'big', value: { intValue: '-9223372036854775808' } },
                  { key: 'ratio', value: { doubleValue: 0.25 } },
                  { key: 'inf', value: { doubleValue: 'Infinity' } },
                  { key: 'ok', value: { boolValue: false } },
                  { key: 'raw', value: { bytesValue: 'AAECAwT/' } },
                  {
                    key: 'list',
                    value: {
                      arrayValue: {
                        values: [{ stringValue: 'a' }, { intValue: '7' }, { arrayValue: { values: [] } }, {}],
                      },
                    },
                  },
                  {
                    key: 'nested',
                    value: {
                      kvlistValue: {
                        values: [
                          {
                            key: 'inner',
                            value: { kvlistValue: { values: [{ key: 'x', value: { doubleValue: 1.5 } }] } },
                          },
                        ],
                      },
                    },
                  },
                  { key: 'empty', value: {} },
                  { key: 'quote"key\\', value: { stringValue: 'line\nbreak "quoted" \u0000 nul' } },
                ],
                droppedAttributesCount: 3,
                events: [
                  {
                    timeUnixNano: '1700000000500000001',
                    name: 'exception',
                    attributes: [{ key: 'exception.message', value: { stringValue: 'boom' } }],
                    droppedAttributesCount: 1,
                  },
                  { timeUnixNano: '1700000000600000000', name: '' },
                ],
                droppedEventsCount: 4,
                links: [
                  {
                    traceId: '5b8efff798038103d269b633813fc60c',
                    spanId: 'eee19b7ec3c1b174',
                    traceState: 'link=state',
                    attributes: [{ key: 'link.kind', value: { stringValue: 'follows' } }],
                    droppedAttributesCount: 5,
                  },
                ],
                droppedLinksCount: 6,
                status: { code: 2, message: 'payment failed' },
              },
              {
                traceId,
                spanId: '00f067aa0ba902b7',
                parentSpanId: 'b7ad6b7169203331',
                name: 'SELECT orders',
                kind: 3,
                startTimeUnixNano: '1700000000200000000',
                endTimeUnixNano: '1700000000300000000',
                status: { code: 1 },
              },
            ],
          },
          { scope: { name: 'db' }, spans: [] },
        ],
      },
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }] },
        scopeSpans: [
          {
            scope: { name: 'grpc', version: '' },
            spans: [
              {
                traceId,
                spanId: '1111111111111111',
                parentSpanId: '00f067aa0ba902b7',
                name: 'charge',
                kind: 2,
                startTimeUnixNano: '1700000000210000000',
                endTimeUnixNano: '1700000000290000000',
              },
            ],
          },
        ],
      },
    ],
  };
}

function hexOf(random: () => number, chars: number): string {
  let s = '';
  while (s.length < chars)
    s += Math.floor(random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  return s.slice(0, chars);
}

export interface SyntheticOptions {
  readonly traces: number;
  readonly spansPerTrace: number;
  readonly seed?: number;
  /** Start of the first trace, ns since the epoch. */
  readonly startNs?: bigint;
  /** Gap between trace starts. */
  readonly stepNs?: bigint;
  readonly services?: number;
}

/**
 * `traces` traces of `spansPerTrace` spans (a root and a chain of children), in one request, with a
 * handful of typical attributes. Span i of trace t starts at startNs + t·stepNs + i µs.
 */
export function syntheticRequest(o: SyntheticOptions) {
  const random = seededRandom(o.seed ?? 1);
  const services = o.services ?? 4;
  const start0 = o.startNs ?? 1_700_000_000_000_000_000n;
  const step = o.stepNs ?? 1_000_000n;
  const byService: unknown[][] = Array.from({ length: services }, () => []);
  for (let t = 0; t < o.traces; t++) {
    const traceId = hexOf(random, 32);
    const traceStart = start0 + BigInt(t) * step;
    let parent = '';
    for (let i = 0; i < o.spansPerTrace; i++) {
      const spanId = hexOf(random, 16);
      const start = traceStart + BigInt(i) * 1000n;
      const service = i === 0 ? 0 : 1 + (i % Math.max(1, services - 1));
      byService[service % services].push({
        traceId,
        spanId,
        ...(parent ? { parentSpanId: parent } : {}),
        name: i === 0 ? `GET /api/${t % 7}` : `op-${i % 13}`,
        kind: i === 0 ? 2 : 1,
        startTimeUnixNano: start.toString(),
        endTimeUnixNano: (start + BigInt(o.spansPerTrace - i) * 1000n).toString(),
        attributes: [
          { key: 'http.route', value: { stringValue: `/api/${i % 7}` } },
          { key: 'http.status_code', value: { intValue: String(i % 17 === 5 ? 500 : 200) } },
          { key: 'net.peer.name', value: { stringValue: `host-${i % 5}` } },
        ],
        status: i % 17 === 5 ? { code: 2, message: 'failed' } : {},
      });
      parent = spanId;
    }
  }
  return {
    resourceSpans: byService
      .map((spans, s) => ({
        resource: { attributes: [{ key: 'service.name', value: { stringValue: `service-${s}` } }] },
        scopeSpans: [{ scope: { name: 'bench', version: '1.0' }, spans }],
      }))
      .filter((rs) => rs.scopeSpans[0].spans.length > 0),
  };
}

const HEX_ID_FIELDS = new Set(['trace_id', 'span_id', 'parent_span_id']);

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * An OTLP JSON request (as built above: hex ids, camelCase) → the object protobufjs's
 * `ExportTraceServiceRequest.fromObject` takes (keepCase field names, ids and bytes as bytes).
 */
export function toProtoObject(json: unknown, key = ''): unknown {
  if (Array.isArray(json)) return json.map((v) => toProtoObject(v, key));
  if (typeof json === 'string') {
    if (HEX_ID_FIELDS.has(key)) return Buffer.from(json, 'hex');
    if (key === 'bytes_value') return Buffer.from(json, 'base64');
    if (key === 'double_value') return Number(json);
    return json;
  }
  if (json === null || typeof json !== 'object') return json;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) if (v !== undefined) out[snake(k)] = toProtoObject(v, snake(k));
  return out;
}
