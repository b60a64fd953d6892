/**
 * `/search?q=&start=&end=&limit=&source=`: the TraceQL editor, time range and limit; the answer as
 * a plot of duration over start time and a table. Everything shown follows from the URL: Back and
 * Forward restore earlier searches (their answers come from the cache as they were), "Copy
 * link" gives the address with absolute times, and "Copy for incident" the search as a chat message.
 */
import { useMemo, useState } from 'react';
import { SEARCH_PAGE_LIMIT } from '../../core/share/search-facts.ts';
import { useTraceSearch } from '../../data/queries.ts';
import { searchFailureOf } from '../../data/search-errors.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { searchRunAt, useSearchRuns } from '../../state/search-runs.ts';
import { showToast } from '../../state/ui.ts';
import { parseSearchQuery, shareableUrl, traceHref } from '../../state/url.ts';
import type { SearchViewState } from '../../state/view-states.ts';
import { IncidentMenu } from '../share/incident-menu.tsx';
import { searchIncidentText } from '../share/incident-texts.ts';
import { Icon } from '../shell/icons.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { copyText } from '../trace/browser-io.ts';
import { goToSearch, runSearch } from './run-search.ts';
import { SearchForm, SearchHint } from './search-form.tsx';
import { SearchOutcome } from './search-outcome.tsx';
import { brushedRange, resolveRange } from './time-range.ts';

const DEFAULT_LIMIT = SEARCH_PAGE_LIMIT;

export function SearchPage() {
  const search = useLocation((l) => l.search);
  const runs = useSearchRuns((s) => s.version);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `runs` marks a new run of the same address
  const asOfMs = useMemo(() => searchRunAt(`/search${search}`), [search, runs]);
  const { state, notices } = useMemo(() => parseSearchQuery(search, asOfMs), [search, asOfMs]);
  const range = useMemo(() => resolveRange(state.start, state.end, asOfMs), [state.start, state.end, asOfMs]);
  const limit = state.limit ?? DEFAULT_LIMIT;
  const query = useTraceSearch({
    source: state.source,
    q: state.q,
    startS: range.startMs === null ? null : range.startMs / 1000,
    endS: range.endMs === null ? null : range.endMs / 1000,
    limit,
    asOfMs,
  });

  // The editor's text: the URL's query until the user types; a new URL query replaces it.
  const [draft, setDraft] = useState(state.q);
  const [draftFor, setDraftFor] = useState(state.q);
  if (draftFor !== state.q) {
    setDraftFor(state.q);
    setDraft(state.q);
  }

  const failure = useMemo(
    () => (query.isError ? searchFailureOf(query.error, state.q) : null),
    [query.isError, query.error, state.q],
  );
  const problem = useMemo(
    () =>
      failure?.kind === 'invalid' && failure.span && draft === state.q
        ? { ...failure.span, message: failure.message }
        : null,
    [failure, draft, state.q],
  );

  const with_ = (patch: Partial<SearchViewState>): SearchViewState => ({
    ...state,
    q: draft.trim(),
    ...patch,
  });
  const link = () => shareableUrl(window.location.origin, '/search', search, asOfMs);
  const copyLink = async () => {
    const url = link();
    const ok = await copyText(url);
    showToast(ok ? 'Link copied' : `Copy failed; the link is ${url}`, ok ? 'info' : 'error');
  };
  const found = query.data?.traces;
  const incidentText = found
    ? async () =>
        searchIncidentText(
          { query: state.q, ...range, limit },
          found,
          link(),
          (id) => new URL(traceHref(id, { source: state.source }), window.location.origin).href,
        )
    : null;

  return (
    <div className="page search-page">
      <UrlNotices notices={notices} />
      <div className="search-head">
        <h1>Search</h1>
        <SearchHint />
        <button
          type="button"
          className="button"
          onClick={copyLink}
          title="Copy a link to this search (absolute times)"
        >
          <Icon name="link" /> Copy link
        </button>
        <IncidentMenu text={incidentText} />
      </div>
      <SearchForm
        draft={draft}
        onDraft={setDraft}
        onRun={(text) => runSearch(text, state)}
        state={state}
        limit={limit}
        asOfMs={asOfMs}
        problem={problem}
        onRange={(start, end) => goToSearch(with_({ start, end }))}
        onLimit={(n) => goToSearch(with_({ limit: n === DEFAULT_LIMIT ? null : n }))}
        running={query.isFetching}
      />
      <SearchOutcome
        query={query}
        failure={failure}
        state={state}
        range={range}
        limit={limit}
        asOfMs={asOfMs}
        onOpen={(traceId, newTab) => {
          const href = traceHref(traceId, { source: state.source });
          if (newTab) window.open(href, '_blank', 'noopener');
          else navigate(href);
        }}
        onBrush={(a, b) => {
          const r = brushedRange(a, b);
          if (r) goToSearch({ ...state, start: r.start, end: r.end });
        }}
      />
    </div>
  );
}
