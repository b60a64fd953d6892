/**
 * The hostile corpus (testdata/hostile/, written by scripts/generate-hostile-corpus.ts): files
 * built to break a trace reader, every one deterministic (a seeded PRNG), each with what a reader
 * must do with it: `error` (refuse it with a message) or `trace` (read it, with warnings if any). A
 * case over 256 KiB is written gzip'd (the readers inflate by magic bytes) to keep the repository small.
 * One file on purpose (over 400 lines): it is the catalogue of cases, read top to bottom.
 */
import { gzipSync } from 'node:zlib';
import { ExportTraceServiceRequest } from '../core/formats/otlp-proto/schema.ts';
import type { HostileCase } from './hostile-files.ts';
import { toProtoObject } from './otlp-requests.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const BASE_NS = 1_700_000_000_000_000_000n;
const GZIP_ABOVE_BYTES = 256 * 1024;

const hex16 = (n: number) => n.toString(16).padStart(16, '0');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** mulberry32: the same bytes on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SpanSpec {
  readonly id: number;
  readonly parent?: number;
  readonly name?: string;
  readonly startNs?: bigint;
  readonly endNs?: bigint;
  readonly extra?: Record<string, unknown>;
}

function otlpSpan(s: SpanSpec, traceId = TRACE): Record<string, unknown> {
  const start = s.startNs ?? BASE_NS + BigInt(s.id) * 1000n;
  return {
    traceId,
    spanId: hex16(s.id),
    ...(s.parent !== undefined ? { parentSpanId: hex16(s.parent) } : {}),
    name: s.name ?? `op-${s.id}`,
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(s.endNs ?? start + 500_000n),
    ...s.extra,
  };
}

function otlpRequest(spans: readonly Record<string, unknown>[]): Record<string, unknown> {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'hostile' } }] },
        scopeSpans: [{ scope: { name: 'corpus' }, spans }],
      },
    ],
  };
}

const otlpJson = (spans: readonly Record<string, unknown>[]) => utf8(JSON.stringify(otlpRequest(spans)));
const otlpProto = (spans: readonly Record<string, unknown>[]) =>
  ExportTraceServiceRequest.encode(
    ExportTraceServiceRequest.fromObject(toProtoObject(otlpRequest(spans)) as object),
  ).finish();

/** A small valid trace: a root, children, a grandchild, an event and a link. */
const SMALL: SpanSpec[] = [
  { id: 1, name: 'GET /checkout' },
  { id: 2, parent: 1, extra: { attributes: [{ key: 'http.method', value: { stringValue: 'GET' } }] } },
  { id: 3, parent: 1, extra: { events: [{ timeUnixNano: String(BASE_NS + 3100n), name: 'retry' }] } },
  { id: 4, parent: 3, extra: { links: [{ traceId: TRACE, spanId: hex16(2) }] } },
];

function jaegerDoc(): Uint8Array {
  const spans = SMALL.map((s) => ({
    traceID: TRACE,
    spanID: hex16(s.id),
    operationName: s.name ?? `op-${s.id}`,
    references: s.parent ? [{ refType: 'CHILD_OF', traceID: TRACE, spanID: hex16(s.parent) }] : [],
    startTime: 1_700_000_000_000_000 + s.id,
    duration: 500,
    tags: [{ key: 'span.kind', type: 'string', value: 'server' }],
    processID: 'p1',
  }));
  return utf8(
    JSON.stringify({ data: [{ traceID: TRACE, spans, processes: { p1: { serviceName: 'hostile' } } }] }),
  );
}

function zipkinDoc(): Uint8Array {
  return utf8(
    JSON.stringify(
      SMALL.map((s) => ({
        traceId: TRACE,
        id: hex16(s.id),
        ...(s.parent ? { parentId: hex16(s.parent) } : {}),
        name: s.name ?? `op-${s.id}`,
        timestamp: 1_700_000_000_000_000 + s.id,
        duration: 500,
        localEndpoint: { serviceName: 'hostile' },
      })),
    ),
  );
}

/** Cuts of a file at a spread of lengths, and single-byte mutations at random places. */
function damaged(stem: string, ext: string, bytes: Uint8Array, seed: number): HostileCase[] {
  const out: HostileCase[] = [];
  for (const fraction of [0.1, 0.33, 0.5, 0.9]) {
    const at = Math.max(1, Math.floor(bytes.length * fraction));
    out.push({
      name: `${stem}-cut-${at}.${ext}`,
      bytes: bytes.subarray(0, at),
      expect: 'either',
      why: `cut at byte ${at}`,
    });
  }
  const random = prng(seed);
  for (let m = 0; m < 6; m++) {
    const copy = Uint8Array.from(bytes);
    for (let k = 0; k < 1 + m; k++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
    out.push({
      name: `${stem}-mutated-${m}.${ext}`,
      bytes: copy,
      expect: 'either',
      why: `${m + 1} random bytes changed`,
    });
  }
  const gz = gzipSync(bytes);
  out.push({ name: `${stem}.${ext}.gz`, bytes: gz, expect: 'trace', why: 'gzip of a valid file' });
  out.push({
    name: `${stem}-gz-cut.${ext}.gz`,
    bytes: gz.subarray(0, Math.floor(gz.length / 2)),
    expect: 'error',
    why: 'gzip cut in the middle',
  });
  return out;
}

function idCases(): HostileCase[] {
  const out: HostileCase[] = [];
  const traceIds = [
    '',
    '0',
    'a'.repeat(15),
    'a'.repeat(31),
    'a'.repeat(33),
    'a'.repeat(64),
    'zz'.repeat(16),
    '0'.repeat(32),
  ];
  for (const id of traceIds) {
    // Hex of any length up to 32 is an id (left-padded with zeros), unless it is all zeros.
    const valid = /^[0-9a-f]{1,32}$/.test(id) && /[1-9a-f]/.test(id);
    out.push({
      name: `otlp-trace-id-${id.length}-${/^[0-9a-f]*$/.test(id) ? 'hex' : 'nonhex'}${id === '0'.repeat(32) ? '-zero' : ''}.json`,
      bytes: otlpJson([otlpSpan({ id: 1 }, id)]),
      expect: valid ? 'trace' : 'error',
      why: `trace id "${id.slice(0, 8)}…" of ${id.length} characters`,
    });
  }
  for (const id of ['', 'a'.repeat(17), 'a'.repeat(32), 'not-hex!']) {
    out.push({
      name: `otlp-span-id-${id.length}.json`,
      bytes: otlpJson([{ ...otlpSpan({ id: 1 }), spanId: id }]),
      expect: 'error',
      why: `span id of ${id.length} characters`,
    });
  }
  for (const bytes of [4, 12, 20]) {
    out.push({
      name: `otlp-proto-trace-id-${bytes}-bytes.pb`,
      bytes: ExportTraceServiceRequest.encode(
        ExportTraceServiceRequest.fromObject({
          resource_spans: [
            {
              scope_spans: [
                { spans: [{ trace_id: new Uint8Array(bytes).fill(7), span_id: new Uint8Array(8).fill(1) }] },
              ],
            },
          ],
        }),
      ).finish(),
      expect: 'error',
      why: `a ${bytes}-byte trace id`,
    });
  }
  return out;
}

function structureCases(): HostileCase[] {
  const chain = Array.from({ length: 10_000 }, (_, i) =>
    otlpSpan({ id: i + 1, ...(i > 0 ? { parent: i } : {}) }),
  );
  const fan = Array.from({ length: 100_001 }, (_, i) =>
    otlpSpan({ id: i + 1, ...(i > 0 ? { parent: 1 } : {}) }),
  );
  const manyAttributes = Array.from({ length: 10_000 }, (_, i) => ({
    key: `k${i}`,
    value: { intValue: String(i) },
  }));
  return [
    {
      name: 'json-nesting-100000.json',
      bytes: utf8(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
      expect: 'error',
      why: 'arrays nested 100,000 deep',
    },
    {
      name: 'json-object-nesting-100000.json',
      bytes: utf8(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`),
      expect: 'error',
      why: 'objects nested 100,000 deep',
    },
    {
      name: 'otlp-chain-10000-deep.json',
      bytes: otlpJson(chain),
      expect: 'trace',
      why: 'a tree 10,000 spans deep',
    },
    {
      name: 'otlp-fan-100000-children.json',
      bytes: otlpJson(fan),
      expect: 'trace',
      why: '100,000 children of one span',
    },
    {
      name: 'otlp-parent-cycles.json',
      bytes: otlpJson([
        otlpSpan({ id: 1, parent: 2 }),
        otlpSpan({ id: 2, parent: 1 }),
        otlpSpan({ id: 3, parent: 3 }),
        otlpSpan({ id: 4 }),
      ]),
      expect: 'trace',
      why: 'a two-span cycle and a span that is its own parent',
    },
    {
      name: 'otlp-duplicate-ids.json',
      bytes: otlpJson([
        otlpSpan({ id: 1 }),
        otlpSpan({ id: 2, parent: 1 }),
        otlpSpan({ id: 2, parent: 1, name: 'other' }),
        otlpSpan({ id: 2, parent: 1 }),
      ]),
      expect: 'trace',
      why: 'one span id three times (a copy and a different span)',
    },
    {
      name: 'otlp-1mb-name.json',
      bytes: otlpJson([otlpSpan({ id: 1, name: 'n'.repeat(1 << 20) })]),
      expect: 'trace',
      why: 'a 1 MB span name',
    },
    {
      name: 'otlp-20mb-attribute.json',
      bytes: otlpJson([
        otlpSpan({
          id: 1,
          extra: { attributes: [{ key: 'big', value: { stringValue: 'v'.repeat(20 << 20) } }] },
        }),
      ]),
      expect: 'trace',
      why: 'a 20 MB attribute value (cut by the store at --max-attribute-bytes)',
    },
    {
      name: 'otlp-10000-attributes.json',
      bytes: otlpJson([otlpSpan({ id: 1, extra: { attributes: manyAttributes } })]),
      expect: 'trace',
      why: '10,000 attributes on one span',
    },
    {
      name: 'otlp-bad-link-id.json',
      bytes: otlpJson([
        otlpSpan({ id: 1 }),
        otlpSpan({ id: 2, parent: 1, extra: { links: [{ traceId: TRACE, spanId: 'nope' }] } }),
      ]),
      expect: 'trace',
      why: 'a link with a bad id (dropped, the span kept)',
    },
  ];
}

function valueCases(): HostileCase[] {
  const name = (n: string) => otlpJson([otlpSpan({ id: 1, name: n })]);
  const invalidUtf8 = Uint8Array.from([
    ...utf8('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"'),
    ...utf8(TRACE),
    ...utf8('","spanId":"0000000000000001","name":"'),
    0xff,
    0xfe,
    0xc3,
    ...utf8('"}]}]}]}'),
  ]);
  return [
    {
      name: 'otlp-invalid-utf8.json',
      bytes: invalidUtf8,
      expect: 'either',
      why: 'bytes that are not UTF-8 in a name',
    },
    {
      name: 'otlp-lone-surrogates.json',
      bytes: utf8(
        new TextDecoder().decode(name('x')).replace('"name":"x"', '"name":"\\ud800 \\udfff \\ud83d"'),
      ),
      expect: 'trace',
      why: 'lone surrogates in a name',
    },
    {
      name: 'otlp-time-zero.json',
      bytes: otlpJson([otlpSpan({ id: 1, startNs: 0n, endNs: 0n }), otlpSpan({ id: 2, parent: 1 })]),
      expect: 'trace',
      why: 'timestamps of 0',
    },
    {
      name: 'otlp-year-2262.json',
      bytes: otlpJson([
        otlpSpan({ id: 1, startNs: 9_223_372_036_854_775_000n, endNs: 9_223_372_036_854_775_807n }),
      ]),
      expect: 'trace',
      why: 'the last nanoseconds of int64 (year 2262)',
    },
    {
      name: 'otlp-time-past-uint64.json',
      bytes: otlpJson([otlpSpan({ id: 1, startNs: 18_446_744_073_709_551_616n })]),
      expect: 'error',
      why: 'a time past uint64',
    },
    {
      name: 'otlp-negative-duration.json',
      bytes: otlpJson([otlpSpan({ id: 1, startNs: BASE_NS, endNs: BASE_NS - 1_000_000n })]),
      expect: 'trace',
      why: 'an end before the start',
    },
    {
      name: 'otlp-numbers-out-of-range.json',
      bytes: utf8(
        JSON.stringify(
          otlpRequest([
            { ...otlpSpan({ id: 1 }), kind: 1e9, status: { code: -7 }, droppedAttributesCount: 1e300 },
          ]),
        ).replace('"kind":1000000000', '"kind":1e400'),
      ),
      expect: 'trace',
      why: 'a kind, a status code and a count out of range',
    },
    {
      name: 'otlp-duplicate-keys.json',
      bytes: utf8(
        `{"resourceSpans":[],"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE}","traceId":"${TRACE}","spanId":"0000000000000001","name":"a","name":"b"}]}]}]}`,
      ),
      expect: 'trace',
      why: 'JSON with duplicate keys (the last one wins, as JSON.parse reads it)',
    },
  ];
}

/** Protobuf with an unknown field (skipped) and with a known field of the wrong wire type (refused). */
function wireCases(): HostileCase[] {
  const valid = otlpProto(SMALL.map((s) => otlpSpan(s)));
  // Field 15, wire type 0 (varint) = key 0x78, value 1: unknown at the top level.
  const unknown = Uint8Array.from([...valid, 0x78, 0x01]);
  // Field 1 (resource_spans, a message) written as a varint: key 0x08.
  const wrongType = Uint8Array.from([0x08, 0x96, 0x01, ...valid]);
  return [
    {
      name: 'otlp-proto-unknown-field.pb',
      bytes: unknown,
      expect: 'trace',
      why: 'an unknown field (skipped)',
    },
    {
      // protobufjs reads a known field by its number whatever its wire type: read or refused, never a crash.
      name: 'otlp-proto-wrong-wire-type.pb',
      bytes: wrongType,
      expect: 'either',
      why: 'resource_spans with a varint wire type',
    },
  ];
}

/** Every case, in a fixed order; big ones gzip'd. */
export function hostileCorpus(): HostileCase[] {
  const cases = [
    ...damaged('otlp', 'json', otlpJson(SMALL.map((s) => otlpSpan(s))), 1),
    ...damaged('otlp', 'pb', otlpProto(SMALL.map((s) => otlpSpan(s))), 2),
    ...damaged('jaeger', 'json', jaegerDoc(), 3),
    ...damaged('zipkin', 'json', zipkinDoc(), 4),
    ...idCases(),
    ...structureCases(),
    ...valueCases(),
    ...wireCases(),
  ];
  return cases.map((c) =>
    c.bytes.length > GZIP_ABOVE_BYTES && !c.name.endsWith('.gz')
      ? { ...c, name: `${c.name}.gz`, bytes: gzipSync(c.bytes, { level: 9 }) }
      : c,
  );
}

/** manifest.json's text: what each file is and what a reader must do with it. */
export function manifestOf(cases: readonly HostileCase[]): string {
  return `${JSON.stringify(
    cases.map(({ name, expect, why }) => ({ name, expect, why })),
    null,
    1,
  )}\n`;
}
