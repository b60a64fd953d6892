/**
 * `/pins`: the local store's pinned traces, most recently pinned first: root, start, duration, spans,
 * errors, the note, when and by whom; each row links to its trace and can be unpinned.
 */
import { revealInvisible } from '../../core/model/visible-text.ts';
import { usePins, useUnpinTrace } from '../../data/pins.ts';
import { traceHref } from '../../state/url.ts';
import { formatAbsolute, formatCount, formatDurationMs, formatRelative } from '../format/format.ts';
import { useNow } from '../home/trace-list.tsx';
import { Link } from '../link.tsx';

function PinsTable() {
  const pins = usePins();
  const unpin = useUnpinTrace();
  const now = useNow();
  if (pins.isPending) return <p className="muted loading-line">Loading the pins…</p>;
  if (pins.isError)
    return (
      <div className="banner banner-error" role="alert">
        <div className="banner-text">
          <strong>Could not list the pins.</strong> {pins.error.message}
        </div>
      </div>
    );
  if (pins.data.length === 0)
    return (
      <div className="empty-state">
        <p>
          <strong>No pinned traces.</strong>
        </p>
        <p className="muted">
          Pin a trace from its page (or <code>spanscope pin ID</code>) to keep it beyond retention.
        </p>
      </div>
    );
  return (
    <table className="trace-list pins-list" aria-label="Pinned traces">
      <thead>
        <tr>
          <th scope="col">Root service</th>
          <th scope="col">Operation</th>
          <th scope="col">Started</th>
          <th scope="col" className="num">
            Duration
          </th>
          <th scope="col" className="num">
            Spans
          </th>
          <th scope="col" className="num">
            Errors
          </th>
          <th scope="col">Note</th>
          <th scope="col">Pinned</th>
          <th scope="col">
            <span className="visually-hidden">Unpin</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {pins.data.map((p) => {
          const startMs = Number(BigInt(p.startTimeUnixNano) / 1_000_000n);
          return (
            <tr key={p.traceId} className={p.errorCount > 0 ? 'has-errors' : undefined}>
              <td>
                <span className="service-chip">
                  {p.rootServiceName ? revealInvisible(p.rootServiceName) : '(no root)'}
                </span>
              </td>
              <td className="op">
                <Link href={traceHref(p.traceId, {})} className="row-link">
                  {p.rootTraceName ? revealInvisible(p.rootTraceName) : p.traceId}
                </Link>
              </td>
              <td title={formatAbsolute(startMs)}>{formatRelative(startMs, now)}</td>
              <td className="num">{formatDurationMs(p.durationMs)}</td>
              <td className="num">{formatCount(p.spanCount)}</td>
              <td className="num">
                {p.errorCount > 0 ? (
                  <span className="error-count">{p.errorCount}</span>
                ) : (
                  <span className="muted">0</span>
                )}
              </td>
              <td className="pin-note-cell">
                {p.note ? revealInvisible(p.note) : <span className="muted">–</span>}
              </td>
              <td title={formatAbsolute(p.pinnedAtMs)}>
                {formatRelative(p.pinnedAtMs, now)}
                {p.pinnedBy && <span className="muted"> by {p.pinnedBy}</span>}
              </td>
              <td>
                <button
                  type="button"
                  className="button button-small"
                  disabled={unpin.isPending}
                  onClick={() => unpin.mutate(p.traceId)}
                  aria-label={`Unpin ${p.rootTraceName ?? p.traceId}`}
                >
                  Unpin
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function PinsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>Pinned traces</h1>
        <p className="muted">
          Kept beyond retention as they were when pinned; their links keep working. Unpinned, a trace is
          deleted by retention like any other.
        </p>
      </div>
      <PinsTable />
    </div>
  );
}
