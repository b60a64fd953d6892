/**
 * The two traces being compared, side by side: which is the baseline (A) and which is under study
 * (B), their root operation, id (a link to the trace), start, duration, spans and errors, and B's
 * duration against A's.
 */
import { nodeName, nodeService, rootNode } from '../../core/layout/trace-columns.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatDuration } from '../../render/time-format.ts';
import { type DiffSources, traceHref } from '../../state/url.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatAbsoluteNs, formatCount } from '../format/format.ts';
import { Link } from '../link.tsx';
import { formatDelta } from './diff-row-maps.ts';

function Side({
  handle,
  side,
  what,
  source,
}: {
  handle: TraceHandle;
  side: 'A' | 'B';
  what: string;
  source: string | null;
}) {
  const c = handle.columns;
  const root = rootNode(c);
  const s = handle.summary;
  return (
    <section className={`diff-side diff-side-${side.toLowerCase()}`} aria-label={`Trace ${side}, ${what}`}>
      <div className="diff-side-title">
        <span className="diff-side-letter">{side}</span>
        <span className="muted">{what}</span>
        <Link href={traceHref(handle.traceId, { source })} className="trace-id mono" title="Open this trace">
          {handle.traceId}
        </Link>
      </div>
      <h2>
        {root >= 0 ? (
          <>
            <span className="service-chip">{revealInvisible(nodeService(c, root))}</span>{' '}
            <span className="op-name">{revealInvisible(nodeName(c, root))}</span>
          </>
        ) : (
          <span className="muted">(no spans)</span>
        )}
      </h2>
      <dl className="trace-stats">
        <div className="stat">
          <dt>Started</dt>
          <dd>{formatAbsoluteNs(handle.baseNs)}</dd>
        </div>
        <div className="stat">
          <dt>Duration</dt>
          <dd>{formatDuration(c.durationNs)}</dd>
        </div>
        <div className="stat">
          <dt>Spans</dt>
          <dd>{formatCount(s.spanCount)}</dd>
        </div>
        <div className={s.errorCount > 0 ? 'stat stat-error' : 'stat'}>
          <dt>Errors</dt>
          <dd>{formatCount(s.errorCount)}</dd>
        </div>
      </dl>
    </section>
  );
}

export function DiffHeader({
  a,
  b,
  sources,
}: {
  readonly a: TraceHandle;
  readonly b: TraceHandle;
  readonly sources: DiffSources;
}) {
  const delta = b.columns.durationNs - a.columns.durationNs;
  return (
    <header className="trace-header diff-header" data-testid="diff-header">
      <Side handle={a} side="A" what="baseline" source={sources.A} />
      <div className="diff-vs" title="B's duration against A's">
        <span className="muted">B − A</span>
        <strong className={delta > 0 ? 'diff-slower' : delta < 0 ? 'diff-faster' : undefined}>
          {formatDelta(delta)}
        </strong>
      </div>
      <Side handle={b} side="B" what="under study" source={sources.B} />
    </header>
  );
}
