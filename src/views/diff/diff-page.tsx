/**
 * `/diff/<a>/<b>` (DESIGN §6): opens both traces in one worker and diffs them there, with progress;
 * then the workspace. Every failure is a page that says which trace and why (unknown to the store,
 * empty, unreadable), never a blank view. A non-canonical id in the address is replaced.
 */
import { useDeferredValue, useEffect } from 'react';
import { useDiffView, useDiffViewNotices } from '../../state/diff-view.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { traceHref } from '../../state/url.ts';
import { Link } from '../link.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { DiffLoading } from './diff-loading.tsx';
import { DiffWorkspace } from './diff-workspace.tsx';
import { DiffOpenError, diffQueryKey, progressKeyOf } from './load-diff.ts';
import { useDiffSession } from './use-diff-session.ts';

const SIDE_NAME = { A: 'A (the baseline)', B: 'B (the trace under study)' } as const;

function DiffError({
  error,
  ids,
  source,
}: {
  error: Error;
  ids: { A: string; B: string };
  source: string | null;
}) {
  const where = source ? `the source “${source}”` : 'the local store';
  if (error instanceof DiffOpenError) {
    const id = ids[error.side];
    const other = error.side === 'A' ? ids.B : ids.A;
    const title = error.notFound
      ? `Trace ${error.side} not found`
      : error.empty
        ? `Trace ${error.side} has no spans`
        : `Could not open trace ${error.side}`;
    return (
      <>
        <h1>{title}</h1>
        <p>
          {SIDE_NAME[error.side]}, <code className="mono">{id}</code>
          {error.notFound ? `, is not in ${where}.` : error.empty ? ', has no spans to compare.' : '.'}
        </p>
        {!error.notFound && !error.empty && <p className="error-text">{error.message}</p>}
        <p>
          {other !== id && (
            <>
              <Link href={traceHref(other, { source })}>Open the other trace alone</Link> ·{' '}
            </>
          )}
          <Link href="/">Back to the recent traces</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Could not compare the traces</h1>
      <p className="error-text">{error.message}</p>
      <p>
        <Link href={traceHref(ids.A, { source })}>Open A</Link> ·{' '}
        <Link href={traceHref(ids.B, { source })}>Open B</Link>
      </p>
    </>
  );
}

export function DiffPage({ traceIdA, traceIdB }: { readonly traceIdA: string; readonly traceIdB: string }) {
  const source = useDiffView((s) => s.source);
  const notices = useDiffViewNotices();
  const session = useDiffSession(traceIdA, traceIdB, source);
  // The workspace mounts in a transition, not in the task that receives two traces and their diff.
  const data = useDeferredValue(session.data);

  useEffect(() => {
    const canonical = `/diff/${traceIdA}/${traceIdB}`;
    const { pathname, search } = useLocation.getState();
    if (pathname !== canonical) navigate(canonical + search, { replace: true });
  }, [traceIdA, traceIdB]);

  if (session.isError)
    return (
      <div className="page page-message" role="alert">
        <UrlNotices notices={notices} />
        <DiffError error={session.error} ids={{ A: traceIdA, B: traceIdB }} source={source} />
      </div>
    );
  const key = diffQueryKey(traceIdA, traceIdB, source);
  return (
    <div className="trace-page diff-page">
      <UrlNotices notices={notices} />
      {data ? (
        <DiffWorkspace session={data} />
      ) : (
        <DiffLoading
          title="Comparing two traces"
          lines={[
            { label: 'A (baseline)', traceId: traceIdA, progressKey: progressKeyOf(key, 'A') },
            ...(traceIdA === traceIdB
              ? []
              : [{ label: 'B (under study)', traceId: traceIdB, progressKey: progressKeyOf(key, 'B') }]),
            { label: 'Diff', progressKey: progressKeyOf(key, 'diff') },
          ]}
        />
      )}
    </div>
  );
}
