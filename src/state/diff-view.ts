/**
 * The diff and typical pages' shareable view state, read from and written to the URL (url.ts)
 * through the location store, as trace-view.ts does for the trace page: selectors read a parse cached
 * per query string.
 */
import { navigate, useLocation } from './location.ts';
import {
  type DiffSources,
  diffSourcesOf,
  formatDiffQuery,
  formatTypicalQuery,
  parseDiffQuery,
  parseTypicalQuery,
} from './url.ts';
import type { Parsed } from './url-params.ts';
import type { DiffViewState, TypicalViewState } from './view-states.ts';

/** One parse per query string. */
function cachedParse<T>(parse: (search: string) => Parsed<T>): (search: string) => Parsed<T> {
  let search: string | null = null;
  let parsed: Parsed<T> | null = null;
  return (s) => {
    if (s !== search || !parsed) {
      search = s;
      parsed = parse(s);
    }
    return parsed;
  };
}

export const diffViewOf = cachedParse(parseDiffQuery);
export const typicalViewOf = cachedParse(parseTypicalQuery);

export function useDiffView<T>(select: (s: DiffViewState) => T): T {
  return useLocation((l) => select(diffViewOf(l.search).state));
}

/** The store of each side: one object per query string (cached with the parse), for hooks' dependencies. */
export function useDiffSources(): DiffSources {
  return useLocation((l) => sourcesOf(diffViewOf(l.search)));
}

const sourcesByParse = new WeakMap<Parsed<DiffViewState>, DiffSources>();
function sourcesOf(parsed: Parsed<DiffViewState>): DiffSources {
  let s = sourcesByParse.get(parsed);
  if (!s) {
    s = diffSourcesOf(parsed.state);
    sourcesByParse.set(parsed, s);
  }
  return s;
}

export function useDiffViewNotices() {
  return useLocation((l) => diffViewOf(l.search).notices);
}

/** Changes part of the diff view state: `push` for a new history entry, else replaced (selection). */
export function setDiffView(patch: Partial<DiffViewState>, mode: 'push' | 'replace' = 'replace'): void {
  const { pathname, search } = useLocation.getState();
  navigate(pathname + formatDiffQuery({ ...diffViewOf(search).state, ...patch }), {
    replace: mode === 'replace',
  });
}

export function useTypicalView<T>(select: (s: TypicalViewState) => T): T {
  return useLocation((l) => select(typicalViewOf(l.search).state));
}

export function useTypicalViewNotices() {
  return useLocation((l) => typicalViewOf(l.search).notices);
}

export function setTypicalView(patch: Partial<TypicalViewState>, mode: 'push' | 'replace' = 'replace'): void {
  const { pathname, search } = useLocation.getState();
  navigate(pathname + formatTypicalQuery({ ...typicalViewOf(search).state, ...patch }), {
    replace: mode === 'replace',
  });
}
