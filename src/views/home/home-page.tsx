import { useLocation } from '../../state/location.ts';
import { parseSearchQuery } from '../../state/url.ts';
import { useImport } from '../import/import-context.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { RecentTraces } from './recent-traces.tsx';

export function HomePage() {
  const search = useLocation((l) => l.search);
  const { state, notices } = parseSearchQuery(search);
  const { pickFiles } = useImport();
  return (
    <div className="page">
      <UrlNotices notices={notices} />
      <div className="page-head">
        <h1>Recent traces</h1>
        <p className="muted">
          Newest first{state.source ? ` from ${state.source}` : ' from the local store'}. Drop a trace file
          anywhere, or{' '}
          <button type="button" className="link-button" onClick={pickFiles}>
            choose one
          </button>
          , to open it.
        </p>
      </div>
      <RecentTraces source={state.source} limit={state.limit} />
    </div>
  );
}
