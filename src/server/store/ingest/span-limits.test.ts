import { describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from '../../../core/formats/otlp-proto/schema.ts';
import { DEFAULT_SPAN_LIMITS } from '../../../core/model/span-limits.ts';
import { toProtoObject } from '../../../testing/otlp-requests.ts';
import { textValue } from './batch-columns.ts';
import { InputPreparer } from './prepare-input.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';
const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One span past every limit: a 100,000-byte value, 1,500 attributes, 1,200 events, 1,100 links. */
const request = {
  resourceSpans: [
    {
      resource: { attributes: [kv('service.name', 'svc')] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: TRACE,
              spanId: '0000000000000001',
              name: 'huge',
              startTimeUnixNano: '1000',
              endTimeUnixNano: '2000',
              attributes: [
                kv('big', 'x'.repeat(100_000)),
                ...Array.from({ length: 1499 }, (_, i) => kv(`k${i}`, 'v')),
              ],
              events: Array.from({ length: 1200 }, (_, i) => ({ timeUnixNano: '1500', name: `e${i}` })),
              links: Array.from({ length: 1100 }, (_, i) => ({
                traceId: TRACE,
                spanId: (i + 2).toString(16).padStart(16, '0'),
              })),
            },
          ],
        },
      ],
    },
  ],
};

/** The detail JSON texts of a prepared export's first batch (the store's `detail` column). */
function detailOf(bytes: Uint8Array, encoding: 'json' | 'protobuf') {
  const prepared = new InputPreparer(DEFAULT_SPAN_LIMITS).prepareExport(bytes, encoding);
  if (!prepared.ok) throw new Error(prepared.errorMessage);
  return JSON.parse(textValue(prepared.batches[0], 'detail', 0));
}

describe('span limits at ingest', () => {
  it('cuts and counts the same on the JSON path and the direct protobuf path', () => {
    const json = detailOf(new TextEncoder().encode(JSON.stringify(request)), 'json');
    const proto = detailOf(
      ExportTraceServiceRequest.encode(
        ExportTraceServiceRequest.fromObject(toProtoObject(request) as object),
      ).finish(),
      'protobuf',
    );
    expect(proto).toEqual(json);
    expect(json.attributes).toHaveLength(1000);
    expect(json.attributes[0].value.stringValue).toMatch(/^x{65536}…\[truncated \(100000 bytes\)\]$/);
    expect(json.droppedAttributesCount).toBe(500);
    expect(json.events).toHaveLength(1000);
    expect(json.droppedEventsCount).toBe(200);
    expect(json.links).toHaveLength(1000);
    expect(json.droppedLinksCount).toBe(100);
  });
});
