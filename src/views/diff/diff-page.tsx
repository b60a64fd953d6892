/**
 * `/diff/<a>/<b>` (DESIGN §6): opens both traces in one worker and diffs them there, with progress;
 * then the workspace. Every failure is a page that says which trace and why (unknown to the store,
 * empty, unreadable), never a blank view. A non-canonical id in the address is replaced.
 */
import { useDeferredValue, useEffect } from 'react';
import { useDiffSources, useDiffViewNotices } from '../../state/diff-view.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { type DiffSources, traceHref } from '../../state/url.ts';
import { Link } from '../link.tsx';
import { SourceProblemNote } from '../shell/source-problem-note.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { DiffLoading } from './diff-loading.tsx';
import { DiffWorkspace } from './diff-workspace.tsx';
import { DiffOpenError, diffQueryKey, progressKeyOf } from './load-diff.ts';
import { useDiffSession } from './use-diff-session.ts';

const SIDE_NAME = { A: 'A (the baseline)', B: 'B (the trace under study)' } as const;

function DiffError({
  error,
  ids,
  sources,
}: {
  error: Error;
  ids: { A: string; B: string };
  sources: DiffSources;
}) {
  if (error instanceof DiffOpenError) {
    const source = sources[error.side];
    const where = source ? `the source “${source}”` : 'the local store';
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
        <SourceProblemNote error={error} />
        <p>
          {other !== id && (
            <>
              <Link href={traceHref(other, { source: sources[error.side === 'A' ? 'B' : 'A'] })}>
                Open the other trace alone
              </Link>{' '}
              ·{' '}
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
      <SourceProblemNote error={error} />
      <p>
        <Link href={traceHref(ids.A, { source: sources.A })}>Open A</Link> ·{' '}
        <Link href={traceHref(ids.B, { source: sources.B })}>Open B</Link>
      </p>
    </>
  );
}

export function DiffPage({ traceIdA, traceIdB }: { readonly traceIdA: string; readonly traceIdB: string }) {
  const sources = useDiffSources();
  const notices = useDiffViewNotices();
  const session = useDiffSession(traceIdA, traceIdB, sources);
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
        <DiffError error={session.error} ids={{ A: traceIdA, B: traceIdB }} sources={sources} />
      </div>
    );
  const key = diffQueryKey(traceIdA, traceIdB, sources);
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
