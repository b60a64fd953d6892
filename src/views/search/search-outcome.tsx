/**
 * What a search found, or why it found nothing: loading, the store's objection to the query (the
 * part it names marked), a metrics query search does not run, a failure, an empty answer that says
 * which query and time range it was, or the summary, the plot and the table.
 */
import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import type { SearchFailure } from '../../data/search-errors.ts';
import type { SearchResults } from '../../data/search-results.ts';
import type { SearchViewState } from '../../state/view-states.ts';
import { formatCount, plural } from '../format/format.ts';
import { SourceProblemNote } from '../shell/source-problem-note.tsx';
import { ResultsTable } from './results-table.tsx';
import { ScatterPlot } from './scatter-plot.tsx';
import { describeRange, type ResolvedRange } from './time-range.ts';

interface Props {
  readonly query: UseQueryResult<SearchResults>;
  readonly failure: SearchFailure | null;
  readonly state: SearchViewState;
  readonly range: ResolvedRange;
  readonly limit: number;
  readonly asOfMs: number;
  readonly onOpen: (traceId: string, newTab: boolean) => void;
  readonly onBrush: (startMs: number, endMs: number) => void;
}

function QueryText({ q, span }: { readonly q: string; readonly span?: { from: number; to: number } | null }) {
  if (!span) return <code className="query-text">{q}</code>;
  return (
    <code className="query-text">
      {q.slice(0, span.from)}
      <mark>{q.slice(span.from, span.to)}</mark>
      {q.slice(span.to)}
    </code>
  );
}

function FailureBanner({ failure, q }: { readonly failure: SearchFailure; readonly q: string }) {
  return (
    <div className="banner banner-error search-failure" role="alert" data-testid="search-error">
      <div className="banner-text">
        {failure.kind === 'invalid' ? (
          <>
            <strong>The store did not accept this query:</strong> {failure.message}
            {failure.span && (
              <div className="failure-query">
                <QueryText q={q} span={failure.span} />
              </div>
            )}
          </>
        ) : failure.kind === 'unsupported' ? (
          <>
            <strong>Search does not run this kind of query:</strong> {failure.message.replace(/\.$/, '')}.
            Metrics queries (<code>rate()</code>, <code>count_over_time()</code>, …) are answered by the
            metrics API, not by search; a search query selects spans, e.g. <code>{'{ status = error }'}</code>
            .
          </>
        ) : (
          <>
            <strong>The search failed</strong>
            {failure.status ? ` (HTTP ${failure.status})` : ''}: {failure.message}
            {failure.problem && <SourceProblemNote error={failure.problem} />}
          </>
        )}
      </div>
    </div>
  );
}

export function SearchOutcome({ query, failure, state, range, limit, asOfMs, onOpen, onBrush }: Props) {
  const [hovered, setHovered] = useState<string | null>(null);
  const when = describeRange(state.start, state.end, asOfMs);
  const where = state.source ? ` in ${state.source}` : '';

  if (failure) return <FailureBanner failure={failure} q={state.q} />;
  if (query.isPending) return <p className="muted loading-line">Searching…</p>;
  if (!query.data) return null;
  const { traces, inspectedTraces } = query.data;

  if (traces.length === 0)
    return (
      <div className="empty-state" data-testid="search-empty">
        <p>
          <strong>
            {state.q ? (
              <>
                No traces matched <QueryText q={state.q} />
              </>
            ) : (
              'No traces'
            )}{' '}
            started {when}
            {where}.
          </strong>
        </p>
        <p className="muted">
          {inspectedTraces ? `${plural(inspectedTraces, 'trace')} inspected. ` : ''}
          {when === 'at any time'
            ? 'The store holds no trace that fits; check the query, or send spans first.'
            : 'Widen the time range, or loosen the query.'}
        </p>
      </div>
    );

  const errors = traces.filter((t) => t.hasError).length;
  const full = traces.length >= limit;
  return (
    <>
      <p className="search-summary" data-testid="search-summary" aria-live="polite">
        {state.q ? (
          <>
            <strong>{plural(traces.length, 'trace')}</strong> matched <QueryText q={state.q} />
          </>
        ) : (
          <>
            The <strong>{plural(traces.length, 'most recent trace')}</strong>
          </>
        )}
        , started {when}
        {where}
        {errors > 0 && (
          <>
            {' · '}
            <span className="error-text">{formatCount(errors)} in error</span>
          </>
        )}
        {full && (
          <span className="muted">
            {' · '}the limit is {formatCount(limit)}: raise it or narrow the time range to see older ones
          </span>
        )}
        {query.isFetching && <span className="muted"> · refreshing…</span>}
      </p>
      <ScatterPlot
        traces={traces}
        range={range}
        nowMs={asOfMs}
        highlighted={hovered}
        onHover={setHovered}
        onOpen={onOpen}
        onBrush={onBrush}
      />
      <ResultsTable traces={traces} source={state.source} highlighted={hovered} onHover={setHovered} />
    </>
  );
}
