/**
 * `/diff/typical/<b>?n=20` (DESIGN §6): trace B against the last n traces of its root service and
 * operation. Loads with progress (B, the baselines, the comparison), then the view; a page that says
 * what went wrong otherwise (B unknown or empty), never a blank one.
 */
import { useDeferredValue, useEffect } from 'react';
import { useTypicalView, useTypicalViewNotices } from '../../state/diff-view.ts';
import { navigate, useLocation } from '../../state/location.ts';

import { Link } from '../link.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { DiffLoading } from './diff-loading.tsx';
import { DiffOpenError, progressKeyOf } from './load-diff.ts';
import { TypicalWorkspace } from './typical-workspace.tsx';
import { typicalQueryKey, useTypicalSession } from './use-typical-session.ts';

export function TypicalPage({ traceIdB }: { readonly traceIdB: string }) {
  const n = useTypicalView((s) => s.n);
  const source = useTypicalView((s) => s.source);
  const notices = useTypicalViewNotices();
  const session = useTypicalSession(traceIdB, n, source);
  const data = useDeferredValue(session.data);

  useEffect(() => {
    const canonical = `/diff/typical/${traceIdB}`;
    const { pathname, search } = useLocation.getState();
    if (pathname !== canonical) navigate(canonical + search, { replace: true });
  }, [traceIdB]);

  if (session.isError) {
    const e = session.error;
    const notFound = e instanceof DiffOpenError && e.notFound;
    const empty = e instanceof DiffOpenError && e.empty;
    return (
      <div className="page page-message" role="alert">
        <UrlNotices notices={notices} />
        <h1>
          {notFound
            ? 'Trace not found'
            : empty
              ? 'The trace has no spans'
              : 'Could not compare with the typical trace'}
        </h1>
        <p>
          <code className="mono">{traceIdB}</code>
          {notFound ? ` is not in ${source ? `the source “${source}”` : 'the local store'}.` : ''}
        </p>
        {!notFound && !empty && <p className="error-text">{e.message}</p>}
        <p>
          <Link href="/">Back to the recent traces</Link>
        </p>
      </div>
    );
  }
  const key = typicalQueryKey(traceIdB, n, source);
  return (
    <div className="trace-page diff-page">
      <UrlNotices notices={notices} />
      {data ? (
        <TypicalWorkspace session={data} />
      ) : (
        <DiffLoading
          title={`Comparing with the last ${n} traces of its operation`}
          lines={[
            { label: 'The trace', traceId: traceIdB, progressKey: progressKeyOf(key, 'B') },
            { label: 'Baselines', progressKey: progressKeyOf(key, 'diff') },
          ]}
        />
      )}
    </div>
  );
}
