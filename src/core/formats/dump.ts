/**
 * A normalised text dump of decoded traces, one line per span (STYLE habit 1): what fixture tests
 * compare, and what a round trip must leave unchanged.
 */

import { absoluteStartNs, type SpanTable, spanName, spanService } from '../model/span-table.ts';
import { SPAN_KIND_NAMES, STATUS_NAMES } from '../model/types.ts';

/** `traceId spanId parent=… service "name" start=ns dur=ns kind status events=n`, in input order. */
export function dumpSpans(tables: readonly SpanTable[]): string[] {
  const lines: string[] = [];
  for (const t of tables) {
    for (let i = 0; i < t.count; i++) {
      const dur = t.durNs[i];
      lines.push(
        [
          t.traceId,
          t.spanIds[i],
          `parent=${t.parentIds[i] || '-'}`,
          spanService(t, i),
          JSON.stringify(spanName(t, i)),
          `start=${absoluteStartNs(t, i) ?? '-'}`,
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
