import { describe, expect, it } from 'vitest';
import type { SearchResponse } from './api-types.ts';
import { anyValueText, toSearchResults } from './search-results.ts';

const TRACE_START = '1700000000000000000';
const ms = (n: number) => String(BigInt(TRACE_START) + BigInt(n * 1e6));

describe('toSearchResults', () => {
  it("reads Tempo's documented answer to { status = error }", () => {
    // As Tempo's API docs print it (tempo-api/tempo-api-search-traceql-status-error-docs.json among the
    // real fixtures holds the same text, cut short by one brace, so it is not valid JSON).
    const json: SearchResponse = {
      traces: [
        {
          traceID: '2f3e0cee77ae5dc9c17ade3689eb2e54',
          rootServiceName: 'shop-backend',
          rootTraceName: 'update-billing',
          startTimeUnixNano: '1684778327699392724',
          durationMs: 557,
          spanSets: [
            {
              spans: [
                {
                  spanID: '563d623c76514f8e',
                  startTimeUnixNano: '1684778327735077898',
                  durationNanos: '446979497',
                  attributes: [{ key: 'status', value: { stringValue: 'error' } }],
                },
              ],
              matched: 1,
            },
          ],
        },
      ],
      metrics: { totalBlocks: 13 } as SearchResponse['metrics'],
    };
    const { traces, inspectedTraces } = toSearchResults(json);
    expect(inspectedTraces).toBeNull();
    expect(traces).toHaveLength(1);
    expect(traces[0]).toMatchObject({
      traceId: '2f3e0cee77ae5dc9c17ade3689eb2e54',
      rootService: 'shop-backend',
      rootName: 'update-billing',
      durationMs: 557,
      matchedCount: 1,
      hasError: true,
      errorCount: null,
    });
    expect(traces[0].matchedSpans).toEqual([
      {
        spanId: '563d623c76514f8e',
        name: null,
        startMs: 1684778327735,
        offsetMs: 35.685174,
        durationMs: 446.979497,
        attributes: [{ key: 'status', value: 'error' }],
        error: true,
      },
    ]);
  });

  it('collects the matched spans of every span set once, earliest first, with their attributes', () => {
    const { traces } = toSearchResults({
      traces: [
        {
          traceID: 'AB',
          rootServiceName: 'gateway',
          rootTraceName: 'GET /',
          startTimeUnixNano: TRACE_START,
          durationMs: 120,
          serviceStats: { gateway: { spanCount: 10 }, db: { spanCount: 30, errorCount: 0 } },
          spanSets: [
            {
              matched: 5,
              spans: [
                {
                  spanID: '00000000000000B2',
                  name: 'SELECT',
                  startTimeUnixNano: ms(40),
                  durationNanos: '2500000',
                  attributes: [
                    { key: 'db.rows', value: { intValue: '9007199254740993' } },
                    {
                      key: 'span.tags',
                      value: { arrayValue: { values: [{ stringValue: 'a' }, { boolValue: true }] } },
                    },
                  ],
                },
                { spanID: 'b1', name: 'GET /', startTimeUnixNano: ms(0), durationNanos: '120000000' },
              ],
            },
            { matched: 2, spans: [{ spanID: '00000000000000b2', name: 'SELECT (again)' }] },
          ],
        },
      ],
      metrics: { inspectedTraces: 240, inspectedBytes: '123456' },
    });
    const [t] = traces;
    expect(t.traceId).toBe(`${'0'.repeat(30)}ab`);
    expect(t.spanCount).toBe(40);
    expect(t.errorCount).toBe(0);
    expect(t.hasError).toBe(false);
    expect(t.matchedCount).toBe(7);
    expect(t.matchedSpans.map((s) => [s.spanId, s.name, s.offsetMs, s.durationMs])).toEqual([
      ['00000000000000b1', 'GET /', 0, 120],
      ['00000000000000b2', 'SELECT', 40, 2.5],
    ]);
    expect(t.matchedSpans[1].attributes).toEqual([
      { key: 'db.rows', value: '9007199254740993' },
      { key: 'span.tags', value: '["a",true]' },
    ]);
  });

  it('says a trace is in error from its counts or from a matched span with status error', () => {
    const { traces } = toSearchResults({
      traces: [
        {
          traceID: 'a1',
          startTimeUnixNano: ms(3),
          serviceStats: { x: { spanCount: 2, errorCount: 1 } },
          spanSets: [],
        },
        {
          traceID: 'a2',
          startTimeUnixNano: ms(2),
          spanSets: [
            {
              matched: 1,
              spans: [
                { spanID: 'c1', attributes: [{ key: 'span:status', value: { stringValue: 'error' } }] },
              ],
            },
          ],
        },
        {
          traceID: 'a3',
          startTimeUnixNano: ms(1),
          spanSets: [
            {
              matched: 1,
              spans: [{ spanID: 'c2', attributes: [{ key: 'status', value: { stringValue: 'ok' } }] }],
            },
          ],
        },
      ],
    });
    expect(traces.map((t) => [t.traceId.slice(-2), t.hasError, t.errorCount])).toEqual([
      ['a1', true, 1],
      ['a2', true, null],
      ['a3', false, null],
    ]);
    expect(traces[1].matchedSpans[0].error).toBe(true);
  });

  it('counts nothing as matched for the recent traces (no query: empty span sets)', () => {
    const { traces } = toSearchResults({
      traces: [
        { traceID: 'a1', startTimeUnixNano: ms(0), spanSets: [], serviceStats: { x: { spanCount: 3 } } },
      ],
      metrics: { inspectedTraces: 1, inspectedBytes: '0' },
    });
    expect(traces[0]).toMatchObject({ matchedCount: null, matchedSpans: [], hasError: false, spanCount: 3 });
  });

  it("reads Tempo's older single spanSet and a span set without a count", () => {
    const { traces } = toSearchResults({
      traces: [{ traceID: 'a1', spanSet: { spans: [{ spanID: 'd1' }, { spanID: 'd2' }] } }],
    });
    expect(traces[0].matchedCount).toBe(2);
    expect(traces[0].matchedSpans.map((s) => s.spanId.slice(-2))).toEqual(['d1', 'd2']);
    expect(traces[0].matchedSpans[0]).toMatchObject({ startMs: null, offsetMs: null, durationMs: null });
  });

  it('sorts newest first and survives hostile answers', () => {
    expect(toSearchResults(null)).toEqual({ traces: [], inspectedTraces: null, inspectedBytes: null });
    expect(toSearchResults({ traces: 'x' as never }).traces).toEqual([]);
    const { traces, inspectedBytes } = toSearchResults({
      traces: [
        { traceID: 'a1', startTimeUnixNano: ms(1) },
        { traceID: 'zz' },
        {
          traceID: 'a2',
          startTimeUnixNano: ms(2),
          spanSets: [{ spans: [{ spanID: 'not hex' }, null as never] }, null as never],
        },
      ],
      metrics: { inspectedBytes: 'lots' },
    });
    expect(traces.map((t) => t.traceId.slice(-2))).toEqual(['a2', 'a1']);
    expect(traces[0].matchedSpans).toEqual([]);
    expect(inspectedBytes).toBeNull();
  });

  it('writes any value as text', () => {
    expect(anyValueText({ doubleValue: 1.5 })).toBe('1.5');
    expect(anyValueText({ kvlistValue: { values: [{ key: 'k', value: { intValue: 3 } }] } })).toBe('{"k":3}');
    expect(anyValueText(undefined)).toBe('');
  });
});
