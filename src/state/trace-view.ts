/**
 * The trace page's shareable view state, read from and written to the URL (url.ts) through the
 * location store. Selectors read a parse cached per query string, so objects such as the zoom
 * window keep their identity until the URL really changes.
 */
import { navigate, useLocation } from './location.ts';
import { formatTraceQuery, parseTraceQuery } from './url.ts';
import type { Parsed } from './url-params.ts';
import type { TraceViewState } from './view-states.ts';

let cachedSearch: string | null = null;
let cachedParse: Parsed<TraceViewState> | null = null;

export function traceViewOf(search: string): Parsed<TraceViewState> {
  if (search !== cachedSearch || !cachedParse) {
    cachedSearch = search;
    cachedParse = parseTraceQuery(search);
  }
  return cachedParse;
}

/** Subscribes to one slice of the trace view state (re-renders only when it changes). */
export function useTraceView<T>(select: (s: TraceViewState) => T): T {
  return useLocation((l) => select(traceViewOf(l.search).state));
}

export function useTraceViewNotices() {
  return useLocation((l) => traceViewOf(l.search).notices);
}

export function currentTraceView(): TraceViewState {
  return traceViewOf(useLocation.getState().search).state;
}

/**
 * Changes part of the view state. `push` makes a history entry (switching views, following a
 * link); the default replaces it (selection, zoom, typing in find).
 */
export function setTraceView(patch: Partial<TraceViewState>, mode: 'push' | 'replace' = 'replace'): void {
  const { pathname } = useLocation.getState();
  const next = { ...currentTraceView(), ...patch };
  navigate(pathname + formatTraceQuery(next), { replace: mode === 'replace' });
}
