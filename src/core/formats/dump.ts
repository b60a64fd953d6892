/**
 * A normalised text dump of decoded traces, one line per span (STYLE habit 1): what fixture tests
 * compare, and what a round trip must leave unchanged.
 */

import { absoluteStartNs, type SpanTable, spanName, spanService } from '../model/span-table.ts';
import { SPAN_KIND_NAMES, STATUS_NAMES } from '../model/types.ts';

/** Start and duration as a µs format would carry them: end and start each cut to whole µs. */
function inMicros(startNs: bigint | null, durNs: number): [bigint | null, number] {
  if (startNs === null) return [null, durNs];
  const startUs = startNs / 1000n;
  if (Number.isNaN(durNs)) return [startUs * 1000n, durNs];
  const endUs = (startNs + BigInt(durNs)) / 1000n;
  return [startUs * 1000n, Number(endUs - startUs) * 1000];
}

/**
 * `traceId spanId parent=… service "name" start=ns dur=ns kind status events=n`, in input order.
 * `micros` shows times as a µs format (Jaeger, Zipkin) can carry them.
 */
export function dumpSpans(tables: readonly SpanTable[], micros = false): string[] {
  const lines: string[] = [];
  for (const t of tables) {
    for (let i = 0; i < t.count; i++) {
      const exact: [bigint | null, number] = [absoluteStartNs(t, i), t.durNs[i]];
      const [start, dur] = micros ? inMicros(...exact) : exact;
      lines.push(
        [
          t.traceId,
          t.spanIds[i],
          `parent=${t.parentIds[i] || '-'}`,
          spanService(t, i),
          JSON.stringify(spanName(t, i)),
          `start=${start ?? '-'}`,
          `dur=${Number.isNaN(dur) ? '-' : dur}`,
          SPAN_KIND_NAMES[t.kinds[i]] ?? t.kinds[i],
          STATUS_NAMES[t.statuses[i]] ?? t.statuses[i],
          `events=${t.eventStart[i + 1] - t.eventStart[i]}`,
        ].join(' '),
      );
    }
  }
  return lines;
}
