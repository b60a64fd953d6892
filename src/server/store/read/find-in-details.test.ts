/**
 * TraceStore.findInDetails against an oracle written here in JS over the stored detail JSON: on
 * hand-made spans with every kind of value, and on needles cut from every real fixture's own
 * attribute keys and values, event names and status messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeColumnarTrace } from '../../../core/transfer/decode-columnar.ts';
import { decodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { listFixtures, readFixture } from '../../../testing/fixtures.ts';
import { importBytes } from '../../../testing/import-bytes.ts';
import { jsonBody } from '../../../testing/otlp-requests.ts';
import { DuckStore } from '../duck-store.ts';

let store: DuckStore;
beforeAll(async () => {
  store = await DuckStore.open({ memory: true });
});
afterAll(() => store.close());

interface StoredDetail {
  attributes?: { key: string; value: Record<string, unknown> }[];
  events?: { name?: string }[];
  status?: { message?: string };
}

/** Each stored span of the trace: its key and detail JSON, in key order. */
async function storedSpans(traceId: string): Promise<{ key: bigint; detail: StoredDetail }[]> {
  const { deferred } = decodeColumnarTrace((await store.getTrace(traceId, 'columnar-deferred'))!);
  const d = deferred!;
  const batch = decodeDetailBatch(
    (await store.getSpanDetails(traceId, d.keyOf(0), d.keyOf(d.count - 1)))!,
    d.count,
  );
  const text = new TextDecoder();
  return Array.from({ length: d.count }, (_, i) => ({
    key: d.keyOf(i),
    detail: JSON.parse(text.decode(batch.bytes.subarray(batch.offsets[i], batch.offsets[i + 1]))),
  }));
}

/** The texts find looks in: attribute keys, values (nested ones as their JSON), event names, status message. */
function searchedTexts(d: StoredDetail): string[] {
  const out: string[] = [];
  for (const a of d.attributes ?? []) {
    out.push(a.key);
    for (const v of Object.values(a.value ?? {})) out.push(typeof v === 'string' ? v : JSON.stringify(v));
  }
  for (const e of d.events ?? []) if (e.name) out.push(e.name);
  if (d.status?.message) out.push(d.status.message);
  return out;
}

async function found(traceId: string, text: string): Promise<bigint[]> {
  const m = await store.findInDetails(traceId, text);
  if (!m) throw new Error(`trace ${traceId} unknown`);
  return Array.from(m.offsets, (o) => m.keyBase + BigInt(o));
}

async function expectOracle(traceId: string, text: string): Promise<number> {
  const needle = text.toLowerCase();
  const want = (await storedSpans(traceId))
    .filter((s) => searchedTexts(s.detail).some((t) => t.toLowerCase().includes(needle)))
    .map((s) => s.key);
  expect(await found(traceId, text), `find '${text}' in ${traceId}`).toEqual(want);
  return want.length;
}

const TRACE = 'f1d0f1d0f1d0f1d0f1d0f1d0f1d0f1d0';

function span(n: number, extra: Record<string, unknown>) {
  return {
    traceId: TRACE,
    spanId: `00000000000000a${n}`,
    name: `op ${n}`,
    startTimeUnixNano: String(1_700_000_000_000_000_000n + BigInt(n)),
    endTimeUnixNano: String(1_700_000_000_000_000_100n),
    ...extra,
  };
}

describe('findInDetails', () => {
  beforeAll(async () => {
    const spans = [
      span(1, {
        attributes: [
          { key: 'http.request.method', value: { stringValue: 'GET' } },
          { key: 'server.port', value: { intValue: '9001' } },
          { key: 'city', value: { stringValue: 'Zürich' } },
        ],
      }),
      span(2, {
        attributes: [
          { key: 'retry', value: { boolValue: true } },
          { key: 'ratio', value: { doubleValue: 0.25 } },
          { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'blue-green' }] } } },
        ],
        events: [{ timeUnixNano: '1700000000000000050', name: 'cache.miss' }],
      }),
      span(3, {
        attributes: [{ key: 'note', value: { stringValue: 'line one\nline "two"' } }],
        status: { code: 2, message: 'upstream said "no"' },
      }),
      span(4, { name: 'GET /only-in-the-name' }),
    ];
    const body = { resourceSpans: [{ resource: {}, scopeSpans: [{ scope: {}, spans }] }] };
    await store.ingestOtlp(jsonBody(body), 'json');
  });

  it('finds attribute keys and values of every type, event names and status messages, ignoring case', async () => {
    const keys = (await storedSpans(TRACE)).map((s) => s.key);
    const cases: [string, number[]][] = [
      ['HTTP.request', [0]],
      ['get', [0]],
      ['9001', [0]],
      ['ZÜRICH', [0]],
      ['true', [1]],
      ['0.25', [1]],
      ['blue-GREEN', [1]],
      ['Cache.Miss', [1]],
      ['said "no"', [2]],
      ['line "two"', [2]],
      ['one\nline', [2]],
    ];
    for (const [text, rows] of cases)
      expect(await found(TRACE, text), text).toEqual(rows.map((r) => keys[r]));
  });

  it('does not match the JSON around the values, nor the span name', async () => {
    for (const text of ['attributes', '"key"', 'timeUnixNano', 'only-in-the-name', 'xyzzy'])
      expect(await found(TRACE, text), text).toEqual([]);
    // Nested values are matched as their JSON text: only the array's span has this word.
    const keys = (await storedSpans(TRACE)).map((s) => s.key);
    expect(await found(TRACE, 'stringValue')).toEqual([keys[1]]);
  });

  it('answers null for an unknown trace', async () => {
    expect(await store.findInDetails('e'.repeat(32), 'x')).toBeNull();
    expect(await store.findInDetails('not an id', 'x')).toBeNull();
  });

  it('agrees with the oracle on needles cut from every real fixture', async () => {
    let checked = 0;
    let matched = 0;
    for (const rel of listFixtures()) {
      let traceIds: string[];
      try {
        traceIds = (await importBytes(store, readFixture(rel))).traceIds;
      } catch {
        continue; // search answers and the like: not traces
      }
      for (const traceId of traceIds.slice(0, 2)) {
        const texts = (await storedSpans(traceId)).flatMap((s) => searchedTexts(s.detail));
        // A few of the trace's own texts, whole and cut, spread over the list.
        const step = Math.max(1, Math.floor(texts.length / 3));
        for (let i = 0; i < texts.length; i += step) {
          const t = texts[i];
          for (const needle of [t, t.slice(1, 7).toUpperCase()]) {
            if (!needle.trim()) continue;
            matched += await expectOracle(traceId, needle.trim());
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
    expect(matched).toBeGreaterThan(checked);
  }, 60_000);
});
