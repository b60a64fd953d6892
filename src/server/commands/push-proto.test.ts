import { describe, expect, it } from 'vitest';
import { ExportTraceServiceRequest } from '../../core/formats/otlp-proto/schema.ts';
import { bytesToHex, hexToBytes } from '../../core/model/ids.ts';
import { countSpans, splitExportRequest, WireError } from './push-proto.ts';

// biome-ignore lint/suspicious/noExplicitAny: protobufjs toObject output walked by hand in assertions
type Obj = Record<string, any>;

/** 3 resources × 2 scopes × n spans, every span named after its resource and scope. */
function request(spansPerScope: number, payloadChars = 40): Uint8Array {
  const resource_spans = [0, 1, 2].map((r) => ({
    resource: { attributes: [{ key: 'service.name', value: { string_value: `svc-${r}` } }] },
    schema_url: `https://schema/${r}`,
    scope_spans: [0, 1].map((s) => ({
      scope: { name: `scope-${r}-${s}`, version: '1.0' },
      spans: Array.from({ length: spansPerScope }, (_, i) => ({
        trace_id: hexToBytes('0af7651916cd43dd8448eb211c80319c'),
        span_id: hexToBytes((r * 1000 + s * 100 + i + 1).toString(16).padStart(16, '0')),
        name: `r${r}-s${s}-${i}`,
        attributes: [{ key: 'payload', value: { string_value: 'x'.repeat(payloadChars) } }],
      })),
    })),
  }));
  return ExportTraceServiceRequest.encode(ExportTraceServiceRequest.fromObject({ resource_spans })).finish();
}

/** Every span as "service/scope/name", in order. */
function flatten(bytes: Uint8Array): string[] {
  const msg = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(bytes)) as Obj;
  const out: string[] = [];
  for (const rs of msg.resource_spans ?? [])
    for (const ss of rs.scope_spans ?? [])
      for (const span of ss.spans ?? [])
        out.push(
          `${rs.resource.attributes[0].value.string_value}/${rs.schema_url}/${ss.scope.name}@${ss.scope.version}/${span.name}/${bytesToHex(span.span_id)}`,
        );
  return out;
}

describe('splitExportRequest', () => {
  it('returns a request under the limit as it is', () => {
    const small = request(2);
    expect(splitExportRequest(small, small.length)).toEqual([small]);
    expect(countSpans(small)).toBe(12);
  });

  it('cuts between resources, scopes and spans, keeping each span with its resource and scope', () => {
    const big = request(50);
    const everything = flatten(big);
    for (const limit of [big.length - 1, 4000, 700, 200]) {
      const pieces = splitExportRequest(big, limit);
      expect(pieces.length).toBeGreaterThan(1);
      for (const p of pieces) expect(p.length).toBeLessThanOrEqual(limit);
      expect(pieces.flatMap(flatten)).toEqual(everything);
      expect(pieces.reduce((n, p) => n + countSpans(p), 0)).toBe(300);
    }
  });

  it('refuses when one span alone is over the limit, and malformed bytes', () => {
    expect(() => splitExportRequest(request(1, 1000), 300)).toThrow(WireError);
    expect(() => splitExportRequest(request(1, 1000), 300)).toThrow(
      /^one span \(byte \d+\) is 10\d\d bytes, more than the limit of 2\d\d$/,
    );
    expect(() => splitExportRequest(request(1), 60)).toThrow(
      /the resource or scope at byte \d+ alone is over the limit/,
    );
    expect(() => splitExportRequest(new Uint8Array([0x0a, 0x10, 1, 2]), 2)).toThrow(
      /truncated or malformed field at byte 0/,
    );
    expect(() => splitExportRequest(new Uint8Array([0x0b, 0, 0, 0]), 2)).toThrow(/unsupported wire type 3/);
  });
});
