/**
 * Test support: decodes OTLP input with the core decoders and lists every span as plain data
 * (hot fields with exact times, plus otlpComparable details), keyed by span id, so that what the
 * store gives back can be compared with what it was given, field by field.
 */
import { decodeOtlpJson } from '../../core/formats/otlp-json/decode.ts';
import { decodeOtlpProto } from '../../core/formats/otlp-proto/decode.ts';
import { parseInput, parseJsonText } from '../../core/formats/parse-input.ts';
import { utf8Decode } from '../../core/formats/text.ts';
import { absoluteStartNs, type SpanTable, TraceSetBuilder } from '../../core/model/span-table.ts';
import { otlpComparable } from '../../core/transfer/otlp-comparable.ts';

export function tablesOfJson(bytes: Uint8Array | unknown): SpanTable[] {
  const sink = new TraceSetBuilder();
  decodeOtlpJson(bytes instanceof Uint8Array ? parseJsonText(utf8Decode(bytes)) : bytes, sink);
  return sink.build();
}

export function tablesOfProto(bytes: Uint8Array): SpanTable[] {
  const sink = new TraceSetBuilder();
  decodeOtlpProto(bytes, sink);
  return sink.build();
}

/** A file of OTLP JSON, JSON Lines or protobuf. */
export function tablesOfFile(bytes: Uint8Array): SpanTable[] {
  const input = parseInput(bytes);
  if (input.kind === 'binary') return tablesOfProto(input.bytes);
  const sink = new TraceSetBuilder();
  for (const v of input.kind === 'json' ? [input.value] : input.values) decodeOtlpJson(v, sink);
  return sink.build();
}

/** Every span of the tables as comparable data, in span-id order (ties by name). */
export function comparableSpans(tables: readonly SpanTable[]): unknown[] {
  const out: { key: string; span: unknown }[] = [];
  for (const t of tables) {
    for (let i = 0; i < t.count; i++) {
      const start = absoluteStartNs(t, i);
      const events: string[] = [];
      for (let e = t.eventStart[i]; e < t.eventStart[i + 1]; e++)
        events.push(String(t.baseNs + BigInt(t.eventNs[e])));
      out.push({
        key: `${t.traceId}/${t.spanIds[i]}/${t.strings[t.names[i]]}`,
        span: {
          traceId: t.traceId,
          spanId: t.spanIds[i],
          parentId: t.parentIds[i],
          name: t.strings[t.names[i]],
          service: t.strings[t.services[i]],
          kind: t.kinds[i],
          status: t.statuses[i],
          flags: t.flags[i],
          startNs: start === null ? null : String(start),
          durNs: Number.isNaN(t.durNs[i]) ? null : String(t.durNs[i]),
          eventNs: events,
          details: otlpComparable(t.details(i)),
        },
      });
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((x) => x.span);
}
