/**
 * Test support: decodes OTLP input with the core decoders and lists every span as plain data
 * (hot fields with exact times, plus otlpComparable details), keyed by span id, so that what the
 * store gives back can be compared with what it was given, field by field.
 */

import { decodeInput } from '../core/formats/index.ts';
import { decodeOtlpJson } from '../core/formats/otlp-json/decode.ts';
import { decodeOtlpProto } from '../core/formats/otlp-proto/decode.ts';
import { parseJsonText } from '../core/formats/parse-input.ts';
import { utf8Decode } from '../core/formats/text.ts';
import { absoluteStartNs, type SpanTable, TraceSetBuilder } from '../core/model/span-table.ts';
import { otlpComparable } from './otlp-comparable.ts';

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

/** A file of any supported format. */
export function tablesOfFile(bytes: Uint8Array): SpanTable[] {
  const sink = new TraceSetBuilder();
  decodeInput(bytes, sink);
  return sink.build();
}

/** The fields every format carries through OTLP: ids, names, services, kinds, statuses, times. */
export function hotSpans(tables: readonly SpanTable[]): unknown[] {
  return (comparableSpans(tables) as Record<string, unknown>[]).map(
    ({ details: _d, flags: _f, eventNs: _e, ...hot }) => hot,
  );
}

/** Every span of the tables as comparable data, in span-id order (ties by name, kind, start). */
export function comparableSpans(tables: readonly SpanTable[]): unknown[] {
  const out: { key: string; span: unknown }[] = [];
  for (const t of tables) {
    for (let i = 0; i < t.count; i++) {
      const start = absoluteStartNs(t, i);
      const events: string[] = [];
      for (let e = t.eventStart[i]; e < t.eventStart[i + 1]; e++)
        events.push(String(t.baseNs + BigInt(t.eventNs[e])));
      out.push({
        // Zipkin halves share an id and a name: kind and start tell them apart.
        key: `${t.traceId}/${t.spanIds[i]}/${t.strings[t.names[i]]}/${t.kinds[i]}/${start}`,
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
