import { describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from '../../../core/formats/otlp-proto/schema.ts';
import { toProtoObject } from '../../../testing/otlp-requests.ts';
import { InputPreparer } from './prepare-input.ts';

const TRACE = '5b8efff798038103d269b633813fc60c';

function exportWith(links: unknown[]) {
  return {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              {
                traceId: TRACE,
                spanId: '0000000000000001',
                name: 'a',
                startTimeUnixNano: '1',
                endTimeUnixNano: '2',
              },
              {
                traceId: TRACE,
                spanId: '0000000000000002',
                name: 'b',
                startTimeUnixNano: '1',
                endTimeUnixNano: '2',
                links,
              },
            ],
          },
        ],
      },
    ],
  };
}

describe('an export whose span has a link with a bad id', () => {
  it('stores every span (JSON and protobuf) and names the dropped link in the partial success message', () => {
    const json = exportWith([{ traceId: TRACE, spanId: 'not-hex' }]);
    const fromJson = new InputPreparer().prepareExport(
      new TextEncoder().encode(JSON.stringify(json)),
      'json',
    );
    expect(fromJson).toMatchObject({ ok: true, acceptedSpans: 2, rejectedSpans: 0 });
    expect(fromJson.errorMessage).toBe(
      '1 link(s) dropped: link at $.resourceSpans[0].scopeSpans[0].spans[1].links[0]: link span id "not-hex" is neither hex nor base64 of 8 bytes',
    );

    const proto = exportWith([{ traceId: TRACE, spanId: '0102' }]);
    const bytes = ExportTraceServiceRequest.encode(
      ExportTraceServiceRequest.fromObject(toProtoObject(proto) as object),
    ).finish();
    const fromProto = new InputPreparer().prepareExport(bytes, 'protobuf');
    expect(fromProto).toMatchObject({ ok: true, acceptedSpans: 2, rejectedSpans: 0 });
    expect(fromProto.errorMessage).toBe(
      '1 link(s) dropped: link at resource_spans[0].scope_spans[0].spans[1].links[0]: link span id has 2 bytes (expected 8)',
    );
  });
});
