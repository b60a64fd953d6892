/**
 * Running a query from the header box or the search page: a trace id opens that trace; anything
 * else is recorded in the query history and becomes the search address (a new history entry, so
 * Back returns to the previous search). Running the address already shown runs it again.
 */
import { canonicalTraceId } from '../../core/model/ids.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { recordQuery } from '../../state/query-history.ts';
import { rerunSearch } from '../../state/search-runs.ts';
import { searchHref, traceHref } from '../../state/url.ts';
import type { SearchViewState } from '../../state/view-states.ts';

const TRACE_ID = /^[0-9a-fA-F]{16,32}$/;

export function runSearch(text: string, base: SearchViewState): void {
  const q = text.trim();
  const asId = TRACE_ID.test(q) ? canonicalTraceId(q) : null;
  if (asId) {
    navigate(traceHref(asId, { source: base.source }));
    return;
  }
  recordQuery(q);
  goToSearch({ ...base, q });
}

/** Shows the search `state`; when it is the one on screen, runs it again. */
export function goToSearch(state: SearchViewState): void {
  const href = searchHref(state);
  const { pathname, search } = useLocation.getState();
  if (href === pathname + search) rerunSearch(href);
  else navigate(href);
}
