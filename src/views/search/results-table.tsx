/**
 * The found traces as a table: root service and operation (a link), start, duration, spans, errors
 * and matched spans. A row expands to its matched spans, each a link to that span in its trace;
 * two rows ticked offer "Compare" (the trace diff, the one without errors as the baseline).
 */

import { Fragment, useEffect, useState } from 'react';
import { revealInvisible } from '../../core/model/visible-text.ts';
import type { FoundTrace, MatchedSpan } from '../../data/search-results.ts';
import { navigate } from '../../state/location.ts';
import { diffHref, traceHref } from '../../state/url.ts';
import { formatAbsolute, formatCount, formatDurationMs, formatRelative, plural } from '../format/format.ts';
import { useNow } from '../home/trace-list.tsx';
import { isPlainClick, Link } from '../link.tsx';
import { DurationBar } from '../shell/duration-bar.tsx';
import { Icon } from '../shell/icons.tsx';

interface Props {
  readonly traces: readonly FoundTrace[];
  readonly source: string | null;
  readonly highlighted: string | null;
  readonly onHover: (traceId: string | null) => void;
}

/** Baseline first: of two traces where only one failed, the other is A. */
export function comparePair(selected: readonly FoundTrace[]): [string, string] | null {
  if (selected.length !== 2) return null;
  const [a, b] = selected;
  return a.hasError && !b.hasError ? [b.traceId, a.traceId] : [a.traceId, b.traceId];
}

function offsetText(ms: number | null): string {
  if (ms === null) return '';
  return `+${formatDurationMs(Math.max(0, ms))}`;
}

function MatchedSpans({ trace, source }: { readonly trace: FoundTrace; readonly source: string | null }) {
  const more = (trace.matchedCount ?? 0) - trace.matchedSpans.length;
  return (
    <ul className="matched-spans" aria-label={`Matched spans of ${trace.rootName ?? trace.traceId}`}>
      {trace.matchedSpans.map((s: MatchedSpan) => (
        <li key={s.spanId} className={s.error ? 'has-errors' : undefined}>
          <Link href={traceHref(trace.traceId, { spanId: s.spanId, source })} className="matched-link">
            {s.name ?? `span ${s.spanId}`}
          </Link>
          <span className="muted mono">{offsetText(s.offsetMs)}</span>
          <span className="mono">{formatDurationMs(s.durationMs)}</span>
          {s.attributes.map((a) => (
            <span key={a.key} className={`attr-chip${s.error && a.value === 'error' ? ' error' : ''}`}>
              <span className="muted">{a.key}</span> {a.value}
            </span>
          ))}
        </li>
      ))}
      {more > 0 && (
        <li className="muted">and {plural(more, 'more matched span')}: open the trace to see them all</li>
      )}
    </ul>
  );
}

export function ResultsTable({ traces, source, highlighted, onHover }: Props) {
  const nowMs = useNow();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<readonly string[]>([]);
  const byId = new Map(traces.map((t) => [t.traceId, t]));
  const picked = selected.map((id) => byId.get(id)).filter((t): t is FoundTrace => t !== undefined);
  const pair = comparePair(picked);
  const maxMs = Math.max(1, ...traces.map((t) => t.durationMs ?? 0));
  const anyMatched = traces.some((t) => t.matchedCount !== null);

  useEffect(() => {
    performance.mark('spanscope:search-rendered', { detail: { traceCount: traces.length } });
  }, [traces]);

  const toggleSelected = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id].slice(-2)));
  const toggleExpanded = (id: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  return (
    <div className="results">
      <div className="results-bar">
        <span className="muted" aria-live="polite">
          {picked.length === 0
            ? 'Tick two traces to compare them.'
            : picked.length === 1
              ? 'Tick one more trace to compare.'
              : 'Two traces ticked.'}
        </span>
        <button
          type="button"
          className="button button-small"
          disabled={!pair}
          onClick={() => pair && navigate(diffHref(pair[0], pair[1], { source }))}
          title={
            pair
              ? 'Open the diff of the two ticked traces (the one without errors as the baseline)'
              : undefined
          }
        >
          Compare
        </button>
      </div>
      <table className="trace-list results-table" aria-label="Search results">
        <thead>
          <tr>
            <th scope="col" className="col-check">
              <span className="visually-hidden">Compare</span>
            </th>
            <th scope="col" className="col-expand">
              <span className="visually-hidden">Matched spans</span>
            </th>
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
            <th scope="col" className="num">
              Matched
            </th>
          </tr>
        </thead>
        <tbody>
          {traces.map((t) => {
            const href = traceHref(t.traceId, { source });
            const isOpen = expanded.has(t.traceId);
            const name = t.rootName ?? '(unknown operation)';
            const rowClass = [t.hasError ? 'has-errors' : '', highlighted === t.traceId ? 'highlighted' : '']
              .filter(Boolean)
              .join(' ');
            return (
              <Fragment key={t.traceId}>
                <tr
                  className={rowClass || undefined}
                  data-trace-id={t.traceId}
                  onPointerEnter={() => onHover(t.traceId)}
                  onPointerLeave={() => onHover(null)}
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a, button, input, label') || !isPlainClick(e))
                      return;
                    navigate(href);
                  }}
                >
                  <td className="col-check">
                    <input
                      type="checkbox"
                      checked={selected.includes(t.traceId)}
                      onChange={() => toggleSelected(t.traceId)}
                      aria-label={`Compare ${name}`}
                    />
                  </td>
                  <td className="col-expand">
                    {t.matchedSpans.length > 0 && (
                      <button
                        type="button"
                        className="icon-button expand-button"
                        aria-expanded={isOpen}
                        aria-controls={`matched-${t.traceId}`}
                        aria-label={`${isOpen ? 'Hide' : 'Show'} the matched spans of ${name}`}
                        onClick={() => toggleExpanded(t.traceId)}
                      >
                        <Icon name="chevron" size={14} />
                      </button>
                    )}
                  </td>
                  <td>
                    <span className="service-chip">{revealInvisible(t.rootService ?? '(no root yet)')}</span>
                  </td>
                  <td className="op">
                    <Link href={href} className="row-link">
                      {revealInvisible(name)}
                    </Link>
                  </td>
                  <td title={t.startMs === null ? undefined : formatAbsolute(t.startMs)}>
                    {t.startMs === null ? '–' : formatRelative(t.startMs, nowMs)}
                  </td>
                  <td className="col-duration">
                    <DurationBar
                      fraction={(t.durationMs ?? 0) / maxMs}
                      text={formatDurationMs(t.durationMs)}
                    />
                  </td>
                  <td className="num">{formatCount(t.spanCount)}</td>
                  <td className="num">
                    {t.errorCount !== null && t.errorCount > 0 ? (
                      <span className="error-count">{t.errorCount}</span>
                    ) : t.hasError ? (
                      <span className="error-count">yes</span>
                    ) : t.errorCount === null ? (
                      '–'
                    ) : (
                      <span className="muted">0</span>
                    )}
                  </td>
                  <td className="num">{anyMatched ? formatCount(t.matchedCount) : '–'}</td>
                </tr>
                {isOpen && (
                  <tr className="matched-row" id={`matched-${t.traceId}`}>
                    <td colSpan={9}>
                      <MatchedSpans trace={t} source={source} />
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
