/**
 * `/search?q=…`: TraceQL search arrives in a later version; until then the page says so plainly
 * and lists the most recent traces within the requested time range.
 */
import { useMemo } from 'react';
import { useLocation } from '../../state/location.ts';
import { parseSearchQuery, parseTimeSpec } from '../../state/url.ts';
import { RecentTraces } from '../home/recent-traces.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';

export function SearchPage() {
  const search = useLocation((l) => l.search);
  // `now-1h` is resolved once per URL, not per render, so the query key stays put.
  const { state, notices, startMs, endMs } = useMemo(() => {
    const now = Date.now();
    const parsed = parseSearchQuery(search, now);
    const { start, end } = parsed.state;
    return {
      ...parsed,
      startMs: start ? parseTimeSpec(start, now) : null,
      endMs: end ? parseTimeSpec(end, now) : null,
    };
  }, [search]);
  return (
    <div className="page">
      <UrlNotices notices={notices} />
      <div className="page-head">
        <h1>Search</h1>
        <div className="banner banner-info" data-testid="traceql-note">
          <div className="banner-text">
            {state.q ? (
              <>
                TraceQL search is not available yet, so <code className="mono">{state.q}</code> was not run.
              </>
            ) : (
              'TraceQL search is not available yet.'
            )}{' '}
            Showing the most recent traces instead.
          </div>
        </div>
      </div>
      <RecentTraces
        source={state.source}
        startS={startMs === null ? null : startMs / 1000}
        endS={endMs === null ? null : endMs / 1000}
        limit={state.limit}
      />
    </div>
  );
}
