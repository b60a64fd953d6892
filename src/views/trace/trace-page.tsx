/**
 * `/trace/<id>`: loads the trace (with progress), then shows the workspace. A non-canonical id in
 * the address (upper case, 64-bit, base64) is replaced by the canonical one. The same page shows a
 * trace of files opened in this page (`/file/<key>/<id>`, `fileKey` set), with the banner saying
 * its link is not shareable yet; once the store has the trace, the address becomes `/trace/<id>`
 * and the page goes on with the same handle.
 */
import { useDeferredValue, useEffect, useMemo } from 'react';
import { navigate, useLocation } from '../../state/location.ts';
import { useTraceView, useTraceViewNotices } from '../../state/trace-view.ts';
import { TraceLoadError } from '../../worker/trace-client.ts';
import { FilesGone } from '../files/files-gone.tsx';
import { LocalFileBanner } from '../files/local-file-banner.tsx';
import { useMoveToStore } from '../files/use-move-to-store.ts';
import { FilesGoneError } from '../import/open-files.ts';
import { Link } from '../link.tsx';
import { SourceProblemNote } from '../shell/source-problem-note.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { TraceLoading } from './trace-loading.tsx';
import { TraceWorkspace } from './trace-workspace.tsx';
import { type TraceOrigin, useTraceHandle } from './use-trace-handle.ts';

interface Props {
  readonly traceId: string;
  readonly rawId: string;
  /** The key of the local files the trace comes from (`/file/<key>/<id>`). */
  readonly fileKey?: string;
}

export function TracePage({ traceId, rawId, fileKey }: Props) {
  const source = useTraceView((s) => s.source);
  const adjustSkew = useTraceView((s) => s.adjustSkew);
  const notices = useTraceViewNotices();
  const origin = useMemo<TraceOrigin>(() => (fileKey ? { fileKey } : { source }), [fileKey, source]);
  const trace = useTraceHandle(traceId, origin, adjustSkew);
  // The workspace mounts in a transition (rendered in slices, its effects in their own task), not
  // in the task that receives the trace: at a million spans that one task took ~80 ms.
  const handle = useDeferredValue(trace.data);
  useMoveToStore(fileKey, trace.data);

  useEffect(() => {
    if (rawId !== traceId) navigate(`/trace/${traceId}${useLocation.getState().search}`, { replace: true });
  }, [rawId, traceId]);

  if (trace.isError) {
    // A file's set let go for newer files answers "closed": to the user, as gone as after a reload.
    const closed = trace.error instanceof TraceLoadError && trace.error.code === 'aborted';
    if (trace.error instanceof FilesGoneError || (fileKey && closed)) return <FilesGone />;
    const notFound = trace.error instanceof TraceLoadError && trace.error.code === 'not-found';
    return (
      <div className="page page-message" role="alert">
        <UrlNotices notices={notices} />
        <h1>{notFound ? 'Trace not found' : 'Could not open the trace'}</h1>
        <p>
          <code className="mono">{traceId}</code>
          {notFound ? ` is not in ${source ? `the source “${source}”` : 'the local store'}.` : ''}
        </p>
        {!notFound && <p className="error-text">{trace.error.message}</p>}
        <SourceProblemNote error={trace.error} />
        <p>
          <Link href="/">Back to the recent traces</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="trace-page">
      <UrlNotices notices={notices} />
      {fileKey && <LocalFileBanner fileKey={fileKey} />}
      {handle ? <TraceWorkspace handle={handle} /> : <TraceLoading traceId={traceId} origin={origin} />}
    </div>
  );
}
