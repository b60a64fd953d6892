/**
 * "Compare with…": the other traces of this trace's root service and operation in the store (a
 * TraceQL search, or its recent traces filtered by root: data/same-root-traces.ts), the other outcome
 * first (a failing trace is compared with successful ones and vice versa), the most similar in
 * structure marked as the default; or a trace id pasted, from this store or another source (a diff
 * across sources). Each opens the diff with the baseline as A
 * and the trace under study (the failing one) as B. Below, the comparison with the typical trace.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import { LOCAL_SOURCE } from '../../core/api/paths.ts';
import { rootNode } from '../../core/layout/trace-columns.ts';
import { canonicalTraceId } from '../../core/model/ids.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { diffSides, rankCandidates, type TraceShape } from '../../data/compare-candidates.ts';
import { useSources } from '../../data/queries.ts';
import { sameRootTraces } from '../../data/same-root-traces.ts';
import { navigate } from '../../state/location.ts';
import { useTraceView } from '../../state/trace-view.ts';
import { diffHref, typicalHref } from '../../state/url.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatCount, formatDurationMs, formatRelative } from '../format/format.ts';
import { Link } from '../link.tsx';
import { Icon } from '../shell/icons.tsx';
import { useDismiss } from '../shell/use-dismiss.ts';

/** How many candidates the menu lists. */
const SHOWN = 8;

function useCandidates(handle: TraceHandle, open: boolean) {
  const source = useTraceView((s) => s.source);
  const c = handle.columns;
  const root = rootNode(c);
  const rootService = root >= 0 ? c.strings[c.service[root]] : '';
  const rootName = root >= 0 ? c.strings[c.name[root]] : '';
  const query = useQuery({
    queryKey: ['compare-candidates', source ?? 'local', rootService, rootName],
    queryFn: ({ signal }) => sameRootTraces({ source, rootService, rootName, limit: 50, signal }),
    enabled: open && root >= 0,
    staleTime: 30_000,
  });
  return { query, rootService, rootName, source };
}

export function CompareMenu({ handle }: { readonly handle: TraceHandle }) {
  const [open, setOpen] = useState(false);
  const [pasted, setPasted] = useState('');
  const root = useRef<HTMLDivElement>(null);
  useDismiss(
    open,
    root,
    useCallback(() => setOpen(false), []),
  );
  const { query, rootService, rootName, source } = useCandidates(handle, open);
  const here = source ?? LOCAL_SOURCE;
  const [pastedSource, setPastedSource] = useState<string | null>(null);
  const sources = useSources();
  const self: TraceShape = {
    traceId: handle.traceId,
    spanCount: handle.summary.spanCount,
    errorCount: handle.summary.errorCount,
    services: handle.summary.services,
  };
  /** The diff with `other`, read from `otherSource` when it is not this trace's store (a diff across sources). */
  const href = (other: TraceShape, otherSource: string = here) => {
    const { a, b } = diffSides(self, other);
    if (otherSource === here) return diffHref(a, b, { source });
    const otherSide = a === other.traceId ? 'sourceA' : 'sourceB';
    return diffHref(a, b, { source, [otherSide]: otherSource });
  };
  const ranked = query.data ? rankCandidates(self, query.data.rows).slice(0, SHOWN) : [];
  const pastedId = canonicalTraceId(pasted.trim());
  const now = Date.now();

  return (
    <div className="menu" ref={root}>
      <button
        type="button"
        className="button"
        aria-haspopup="dialog"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title="Compare this trace with another one of the same operation"
      >
        <Icon name="compare" />
        <span>Compare with…</span>
      </button>
      {open && (
        <div className="menu-list compare-menu" role="dialog" aria-label="Compare with another trace">
          <p className="muted">
            Traces of <strong>{rootService ? revealInvisible(rootService) : 'this service'}</strong>{' '}
            {revealInvisible(rootName)}
            {handle.summary.errorCount > 0 ? ', successful ones first' : ', failing ones first'}:
          </p>
          {query.isPending && <p className="muted">Searching…</p>}
          {query.isError && <p className="error-text">Could not search: {query.error.message}</p>}
          {query.data && ranked.length === 0 && (
            <p className="muted">No other trace of this operation in the store. Paste a trace id below.</p>
          )}
          <ul className="compare-list">
            {ranked.map((t, i) => (
              <li key={t.traceId}>
                <Link href={href(t)} role="menuitem" onClick={() => setOpen(false)}>
                  <span className={(t.errorCount ?? 0) > 0 ? 'error-text' : 'ok-text'}>
                    {(t.errorCount ?? 0) > 0 ? `${formatCount(t.errorCount)} errors` : 'no errors'}
                  </span>
                  <span>{formatDurationMs(t.durationMs)}</span>
                  <span>{formatCount(t.spanCount)} spans</span>
                  <span className="muted">{t.startMs !== null ? formatRelative(t.startMs, now) : ''}</span>
                  {i === 0 && <span className="badge">most similar</span>}
                </Link>
              </li>
            ))}
          </ul>
          <form
            className="compare-paste"
            onSubmit={(e) => {
              e.preventDefault();
              if (!pastedId) return;
              setOpen(false);
              navigate(
                href(
                  { traceId: pastedId, spanCount: null, errorCount: null, services: [] },
                  pastedSource ?? here,
                ),
              );
            }}
          >
            <input
              type="text"
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              placeholder="or paste a trace id"
              aria-label="Trace id to compare with"
              aria-invalid={pasted.trim() !== '' && !pastedId}
              spellCheck={false}
            />
            {(sources.data?.length ?? 0) > 1 && (
              <select
                value={pastedSource ?? here}
                onChange={(e) => setPastedSource(e.target.value)}
                aria-label="Store of the trace to compare with"
                title="The store the pasted trace is read from"
              >
                {sources.data?.map((s) => (
                  <option key={s.name} value={s.name}>
                    {s.name === LOCAL_SOURCE ? 'Local store' : s.name}
                  </option>
                ))}
              </select>
            )}
            <button
              type="submit"
              className="button"
              disabled={!pastedId || (pastedId === handle.traceId && (pastedSource ?? here) === here)}
            >
              Compare
            </button>
          </form>
        </div>
      )}
    </div>
  );
}

/** "Compare with the typical trace": this trace against the last traces of its root operation. */
export function TypicalLink({ handle }: { readonly handle: TraceHandle }) {
  const source = useTraceView((s) => s.source);
  return (
    <Link
      href={typicalHref(handle.traceId, { source })}
      className="button"
      title="Set this trace against the last 20 traces of its root operation: what is new, missing or slow"
    >
      <Icon name="compare" />
      <span>Compare with the typical trace</span>
    </Link>
  );
}
