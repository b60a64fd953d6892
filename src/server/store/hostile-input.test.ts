import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempoSearchResponse } from '../../core/api/tempo-search.ts';
import { ExportTraceServiceRequest } from '../../core/formats/otlp-proto/schema.ts';
import { DEFAULT_SPAN_LIMITS } from '../../core/model/span-limits.ts';
import { decodeColumnar } from '../../core/transfer/decode-columnar.ts';
import { jsonBody, toProtoObject } from '../../testing/otlp-requests.ts';
import { comparableSpans, tablesOfJson } from '../../testing/span-compare.ts';
import { DuckStore } from './duck-store.ts';

let store: DuckStore;
beforeAll(async () => {
  // Span limits raised past what these inputs hold: here the store itself is under test (the
  // default limits, which cut such spans at ingest, have their own tests: span-limits).
  store = await DuckStore.open({
    memory: true,
    spanLimits: { ...DEFAULT_SPAN_LIMITS, maxAttributeBytes: 8 * 2 ** 20, maxAttributes: 20_000 },
  });
});
afterAll(() => store.close());

let n = 0;
/** A fresh trace id per test. */
const nextTrace = () => `dd${(++n).toString(16).padStart(30, '0')}`;

function oneSpan(traceId: string, extra: Record<string, unknown>, service = 'hostile') {
  return {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [
          {
            spans: [
              {
                traceId,
                spanId: 'e000000000000001',
                name: 'hostile',
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000000001000',
                ...extra,
              },
            ],
          },
        ],
      },
    ],
  };
}

async function roundTrip(req: unknown, traceId: string) {
  const result = await store.ingestOtlp(jsonBody(req), 'json');
  expect(result).toMatchObject({ ok: true, acceptedSpans: 1 });
  const back = await store.getTrace(traceId, 'tempo-v2');
  expect(comparableSpans(tablesOfJson(back))).toEqual(comparableSpans(tablesOfJson(req)));
  expect(comparableSpans([decodeColumnar((await store.getTrace(traceId, 'columnar'))!)])).toEqual(
    comparableSpans(tablesOfJson(req)),
  );
  return back!;
}

function nested(depth: number): unknown {
  let v: unknown = { stringValue: 'bottom' };
  for (let i = 0; i < depth; i++) v = { kvlistValue: { values: [{ key: `level${i}`, value: v }] } };
  return v;
}

describe('hostile inputs', () => {
  it('keeps a 5 MB attribute value exactly (when the span limits allow it)', async () => {
    const t = nextTrace();
    const huge = `${'x'.repeat(5 * 2 ** 20 - 3)}end`;
    const back = await roundTrip(
      oneSpan(t, { attributes: [{ key: 'huge', value: { stringValue: huge } }] }),
      t,
    );
    expect(back.byteLength).toBeGreaterThan(5 * 2 ** 20);
  });

  it('keeps 10,000 attributes on one span, and bounds the autocomplete keys', async () => {
    const t = nextTrace();
    const attributes = Array.from({ length: 10_000 }, (_, i) => ({
      key: `k${i}`,
      value: { intValue: String(i) },
    }));
    await roundTrip(oneSpan(t, { attributes }), t);
    const { scopes } = await store.tags('span');
    expect(scopes[0].tags.length).toBeLessThanOrEqual(1000);
  });

  it('keeps kvlists nested 50 deep, and survives nesting deeper than the decoders accept', async () => {
    const t = nextTrace();
    await roundTrip(oneSpan(t, { attributes: [{ key: 'deep', value: nested(50) }] }), t);
    const t2 = nextTrace();
    const result = await store.ingestOtlp(
      jsonBody(oneSpan(t2, { attributes: [{ key: 'deeper', value: nested(500) }] })),
      'json',
    );
    expect(result.ok).toBe(true);
    expect(await store.getTrace(t2, 'tempo-v2')).not.toBeNull();
  });

  it('reads invalid UTF-8 in a JSON body as U+FFFD', async () => {
    const t = nextTrace();
    const body = jsonBody(oneSpan(t, { name: 'bad-@@-name' }));
    const at = new TextDecoder().decode(body).indexOf('@@');
    body.set([0xc3, 0x28], at);
    expect(await store.ingestOtlp(body, 'json')).toMatchObject({ ok: true, acceptedSpans: 1 });
    expect(new TextDecoder().decode((await store.getTrace(t, 'tempo-v2'))!)).toContain(
      '"name":"bad-\ufffd(-name"',
    );
  });

  it('refuses a protobuf string of invalid UTF-8 as undecodable (proto3 strings are UTF-8), storing nothing', async () => {
    const t = nextTrace();
    const proto = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject(toProtoObject(oneSpan(t, { name: 'zz' })) as never),
    ).finish();
    proto.set([0xff, 0xfe], Buffer.from(proto).indexOf('zz'));
    const result = await store.ingestOtlp(proto, 'protobuf');
    expect(result).toMatchObject({ ok: false, reason: 'undecodable' });
    expect(!result.ok && result.errorMessage).toMatch(/utf-8/i);
    expect(await store.getTrace(t, 'tempo-v1')).toBeNull();
  });

  it('keeps NUL characters, quotes and newlines in names and services', async () => {
    const t = nextTrace();
    await roundTrip(oneSpan(t, { name: 'a\u0000b"c\nd\\' }, 'svc\u0000"x'), t);
  });

  it('stores lone surrogates as U+FFFD instead of failing the commit', async () => {
    const t = nextTrace();
    const result = await store.ingestOtlp(jsonBody(oneSpan(t, { name: 'half \ud800 pair' })), 'json');
    expect(result).toMatchObject({ ok: true, acceptedSpans: 1 });
    expect(new TextDecoder().decode((await store.getTrace(t, 'tempo-v2'))!)).toContain('half \ufffd pair');
  });

  it('lists a service called __proto__ like any other', async () => {
    const t = nextTrace();
    await roundTrip(oneSpan(t, {}, '__proto__'), t);
    const { traces } = (await store.search({ limit: 1000, spss: 3 })) as TempoSearchResponse;
    const found = traces.find((x) => x.traceID === t);
    expect(Object.keys(found?.serviceStats ?? {})).toEqual(['__proto__']);
    expect(JSON.stringify(found?.serviceStats)).toBe('{"__proto__":{"spanCount":1}}');
  });

  it('keeps missing and extreme times', async () => {
    const t = nextTrace();
    await roundTrip(oneSpan(t, { startTimeUnixNano: '0', endTimeUnixNano: '0' }), t);
    const t2 = nextTrace();
    await roundTrip(
      oneSpan(t2, { startTimeUnixNano: '18446744073709551614', endTimeUnixNano: '18446744073709551615' }),
      t2,
    );
    const t3 = nextTrace();
    await roundTrip(oneSpan(t3, { endTimeUnixNano: '1600000000000000000' }), t3);
  });

  it('stores a request of 25,000 spans in several commits', async () => {
    const t = nextTrace();
    const spans = Array.from({ length: 25_000 }, (_, i) => ({
      traceId: t,
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: `s${i}`,
      startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i)),
      endTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(i) + 10n),
    }));
    const result = await store.ingestOtlp(jsonBody({ resourceSpans: [{ scopeSpans: [{ spans }] }] }), 'json');
    expect(result).toMatchObject({ ok: true, acceptedSpans: 25_000 });
    const table = decodeColumnar((await store.getTrace(t, 'columnar'))!);
    expect(table.count).toBe(25_000);
    expect(table.spanIds[24_999]).toBe((25_000).toString(16).padStart(16, '0'));
  });
});
