/**
 * The header's search box. TraceQL arrives in a later version: for now the box navigates to
 * `/search?q=…`, whose page says so and lists the recent traces. A trace id typed here opens it.
 */
import { type FormEvent, useState } from 'react';
import { canonicalTraceId } from '../../core/model/ids.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { parseSearchQuery, searchHref, traceHref } from '../../state/url.ts';
import { Icon } from './icons.tsx';

export function SearchBox() {
  const onSearchPage = useLocation((l) => l.pathname === '/search');
  const urlQuery = useLocation((l) => (l.pathname === '/search' ? parseSearchQuery(l.search).state.q : ''));
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? urlQuery;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = value.trim();
    setDraft(null);
    const asId = /^[0-9a-fA-F]{16,32}$/.test(text) ? canonicalTraceId(text) : null;
    if (asId) navigate(traceHref(asId));
    else
      navigate(
        searchHref({
          ...(onSearchPage ? parseSearchQuery(useLocation.getState().search).state : {}),
          q: text,
        }),
      );
  };

  return (
    <form className="search-box" onSubmit={submit}>
      <Icon name="search" />
      <input
        type="search"
        value={value}
        onChange={(e) => setDraft(e.target.value)}
        placeholder="TraceQL query or trace id, e.g. { status = error }"
        aria-label="Search traces (TraceQL or trace id)"
        spellCheck={false}
      />
    </form>
  );
}
