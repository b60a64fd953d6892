import { describe, expect, it } from 'vitest';
import { toProtoObject } from '../../testing/otlp-requests.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import { decodeInput } from './index.ts';
import { ExportTraceServiceRequest } from './otlp-proto/schema.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const GOOD_LINK = { traceId: TRACE, spanId: '0000000000000002' };

/** One span with a good link between two bad ones (the second with attributes, as real links have). */
const otlpJson = {
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE,
              spanId: '0000000000000001',
              name: 'kept',
              startTimeUnixNano: '1000',
              endTimeUnixNano: '2000',
              droppedLinksCount: 1,
              links: [
                { traceId: TRACE, spanId: 'span-1' },
                GOOD_LINK,
                { traceId: 'not-an-id', spanId: '0000000000000003', attributes: [] },
              ],
            },
          ],
        },
      ],
    },
  ],
};

function decode(bytes: Uint8Array) {
  const sink = new TraceSetBuilder();
  decodeInput(bytes, sink);
  const [table] = sink.build();
  return table;
}

describe('a link that cannot be read is dropped, never its span or its file', () => {
  it('OTLP JSON: the span is kept with its good link, the others counted as dropped, a warning on the trace', () => {
    const table = decode(new TextEncoder().encode(JSON.stringify(otlpJson)));
    expect(table.count).toBe(1);
    const details = table.details(0);
    expect(details.links.map((l) => l.spanId)).toEqual(['0000000000000002']);
    expect(details.droppedLinksCount).toBe(3);
    expect(table.warnings).toEqual([
      'a link was dropped: link span id "span-1" is neither hex nor base64 of 8 bytes',
      'a link was dropped: link trace id "not-an-id" is neither hex nor base64 of 8 or 16 bytes',
    ]);
  });

  it('OTLP protobuf: the same', () => {
    // As bytes, 'span-1' is no bytes at all: a link span id of 3 bytes stands in for it here.
    const proto = toProtoObject(otlpJson) as {
      resource_spans: { scope_spans: { spans: { links: { span_id: Uint8Array }[] }[] }[] }[];
    };
    proto.resource_spans[0].scope_spans[0].spans[0].links[0].span_id = new Uint8Array([0xab, 0xcd, 0xef]);
    const message = ExportTraceServiceRequest.fromObject(proto);
    const table = decode(ExportTraceServiceRequest.encode(message).finish());
    expect(table.count).toBe(1);
    const details = table.details(0);
    expect(details.links.map((l) => l.spanId)).toEqual(['0000000000000002']);
    expect(details.droppedLinksCount).toBe(3);
    expect(table.warnings).toEqual([
      'a link was dropped: link span id has 3 bytes (expected 8)',
      'a link was dropped: link trace id is missing',
    ]);
  });

  it('Jaeger: a bad reference is dropped; the parent comes from the next reference that can be read', () => {
    const jaeger = {
      data: [
        {
          traceID: TRACE,
          processes: { p1: { serviceName: 'svc' } },
          spans: [
            {
              traceID: TRACE,
              spanID: '0000000000000001',
              operationName: 'root',
              processID: 'p1',
              startTime: 1,
              duration: 9,
            },
            {
              traceID: TRACE,
              spanID: '0000000000000002',
              operationName: 'child',
              processID: 'p1',
              startTime: 2,
              duration: 3,
              references: [
                { refType: 'CHILD_OF', traceID: TRACE, spanID: 'span-1' },
                'junk',
                { refType: 'CHILD_OF', traceID: TRACE, spanID: '0000000000000001' },
                { refType: 'FOLLOWS_FROM', traceID: 'trace-9', spanID: '0000000000000009' },
              ],
            },
          ],
        },
      ],
    };
    const table = decode(new TextEncoder().encode(JSON.stringify(jaeger)));
    expect(table.count).toBe(2);
    const child = table.spanIds.indexOf('0000000000000002');
    expect(table.parentIds[child]).toBe('0000000000000001');
    expect(table.details(child).links).toEqual([]);
    expect(table.details(child).droppedLinksCount).toBe(3);
    expect(table.warnings).toEqual([
      'a link was dropped: reference span id "span-1" is neither hex nor base64 of 8 bytes',
      'a link was dropped: a reference must be an object, found "junk"',
      'a link was dropped: reference trace id "trace-9" is neither hex nor base64 of 8 or 16 bytes',
    ]);
  });
});
