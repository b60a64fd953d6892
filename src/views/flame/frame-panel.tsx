/**
 * The aggregated flame graph's frame, beside the selected span's details: its call path, span
 * count, total and self time, p50/p95/max, errors, and its spans slowest first (a frame can hold
 * 10,000 spans of an N+1 pattern; the list shows the slowest FRAME_LIST_LIMIT). Clicking a span
 * selects it.
 */
import { useQuery } from '@tanstack/react-query';
import type { FlameWeight } from '../../core/layout/flame-aggregate-layout.ts';
import { frameDurationStats, frameSpansBySlowest } from '../../core/layout/frame-stats.ts';
import { NodeFlag, spanIdOf } from '../../core/layout/trace-columns.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatCount } from '../format/format.ts';
import { handleSerial } from '../trace/use-trace-handle.ts';

export const FRAME_LIST_LIMIT = 200;

interface Props {
  readonly handle: TraceHandle;
  readonly weight: FlameWeight;
  readonly selectedNode: number;
  readonly onSelect: (node: number) => void;
}

export function FramePanel({ handle, weight, selectedNode, onSelect }: Props) {
  const query = useQuery({
    queryKey: ['flame-aggregate', handleSerial(handle), weight],
    queryFn: () => handle.flameAggregate(weight),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
    structuralSharing: false,
  });
  const agg = query.data?.aggregate;
  if (!agg) return null;
  const c = handle.columns;
  const f = agg.frameOf[selectedNode];
  const stats = frameDurationStats(agg, c, f);
  const spans = frameSpansBySlowest(agg, c, f, FRAME_LIST_LIMIT);
  const count = agg.count[f];
  const service = c.strings[agg.service[f]];
  return (
    <section
      className="frame-panel"
      aria-label="Frame of the aggregated flame graph"
      data-testid="frame-panel"
    >
      <h2>
        {service && <span className="service-chip">{revealInvisible(service)}</span>}{' '}
        {revealInvisible(c.strings[agg.name[f]])}
      </h2>
      <dl className="frame-stats">
        <div>
          <dt>Spans</dt>
          <dd data-testid="frame-count">{formatCount(count)}</dd>
        </div>
        <div>
          <dt>Total</dt>
          <dd>{formatDuration(agg.totalNs[f])}</dd>
        </div>
        <div>
          <dt>Self</dt>
          <dd>{formatDuration(agg.selfNs[f])}</dd>
        </div>
        <div>
          <dt>p50 / p95 / max</dt>
          <dd>
            {formatDuration(stats.p50Ns)} / {formatDuration(stats.p95Ns)} / {formatDuration(stats.maxNs)}
          </dd>
        </div>
        {agg.errorCount[f] > 0 && (
          <div className="frame-errors">
            <dt>Errors</dt>
            <dd>{formatCount(agg.errorCount[f])}</dd>
          </div>
        )}
      </dl>
      <table className="frame-spans">
        <caption className="visually-hidden">Spans of this frame, slowest first</caption>
        <thead>
          <tr>
            <th scope="col">Duration</th>
            <th scope="col">Start</th>
            <th scope="col">Span</th>
          </tr>
        </thead>
        <tbody>
          {Array.from(spans, (k) => (
            <tr key={k} aria-selected={k === selectedNode}>
              <td className="num">
                <button type="button" className="link-button" onClick={() => onSelect(k)}>
                  {formatDuration(c.endNs[k] - c.startNs[k])}
                </button>
              </td>
              <td className="num">+{formatDuration(c.startNs[k])}</td>
              <td className="mono">
                {spanIdOf(c, k)}
                {c.flags[k] & NodeFlag.Error ? <span className="error-text"> error</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {count > spans.length && (
        <p className="muted">
          The {formatCount(spans.length)} slowest of {formatCount(count)} spans.
        </p>
      )}
    </section>
  );
}
