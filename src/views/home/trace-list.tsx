/**
 * A list of traces (recent or found): root service and operation, start (relative, absolute on
 * hover), duration with a bar, span and error counts. Rows are real links; the whole row is a
 * click target for the mouse, the link is the keyboard's.
 */

import { useEffect, useState } from 'react';
import { revealInvisible } from '../../core/model/visible-text.ts';
import type { TraceRow } from '../../data/api-types.ts';
import { navigate } from '../../state/location.ts';
import { traceHref } from '../../state/url.ts';
import { formatAbsolute, formatCount, formatDurationMs, formatRelative } from '../format/format.ts';
import { isPlainClick, Link } from '../link.tsx';
import { DurationBar } from '../shell/duration-bar.tsx';

/** The first digits of a trace id that tell it apart: after its leading zeros (a 64-bit id's padding). */
function shortTraceId(traceId: string): string {
  return traceId.replace(/^0+(?=.)/, '').slice(0, 12);
}

/** Re-renders every 10 s so that "12 s ago" stays true. */
export function useNow(periodMs = 10_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}

interface Props {
  readonly rows: readonly TraceRow[];
  readonly source: string | null;
  readonly label: string;
  /** Where a row leads (the trace in `source` by default). */
  readonly hrefOf?: (traceId: string) => string;
}

export function TraceList({ rows, source, label, hrefOf }: Props) {
  const now = useNow();
  const maxMs = Math.max(1, ...rows.map((r) => r.durationMs ?? 0));

  useEffect(() => {
    performance.mark('spanscope:search-rendered', { detail: { traceCount: rows.length } });
  }, [rows]);

  return (
    <table className="trace-list" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Root service</th>
          <th scope="col">Operation</th>
          <th scope="col">Started</th>
          <th scope="col" className="col-duration">
            Duration
          </th>
          <th scope="col" className="num">
            Spans
          </th>
          <th scope="col" className="num">
            Errors
          </th>
          <th scope="col">Trace id</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const href = hrefOf ? hrefOf(r.traceId) : traceHref(r.traceId, { source });
          const errors = r.errorCount ?? 0;
          return (
            <tr
              key={r.traceId}
              className={errors > 0 ? 'has-errors' : undefined}
              onClick={(e) => {
                if ((e.target as HTMLElement).closest('a') || !isPlainClick(e)) return;
                navigate(href);
              }}
            >
              <td>
                <span className="service-chip">{revealInvisible(r.rootService ?? '(no root yet)')}</span>
              </td>
              <td className="op">
                <Link href={href} className="row-link">
                  {revealInvisible(r.rootName ?? '(unknown operation)')}
                </Link>
              </td>
              <td title={r.startMs === null ? undefined : formatAbsolute(r.startMs)}>
                {r.startMs === null ? '–' : formatRelative(r.startMs, now)}
              </td>
              <td className="col-duration">
                <DurationBar fraction={(r.durationMs ?? 0) / maxMs} text={formatDurationMs(r.durationMs)} />
              </td>
              <td className="num">{formatCount(r.spanCount)}</td>
              <td className="num">
                {r.errorCount === null ? (
                  '–'
                ) : errors > 0 ? (
                  <span className="error-count">{errors}</span>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td className="mono muted" title={r.traceId}>
                {shortTraceId(r.traceId)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
