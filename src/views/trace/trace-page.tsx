/**
 * `/trace/<id>`: loads the trace (with progress), then shows the workspace. A non-canonical id in
 * the address (upper case, 64-bit, base64) is replaced by the canonical one.
 */
import { useDeferredValue, useEffect } from 'react';
import { navigate, useLocation } from '../../state/location.ts';
import { useTraceView, useTraceViewNotices } from '../../state/trace-view.ts';
import { TraceLoadError } from '../../worker/trace-client.ts';
import { Link } from '../link.tsx';
import { UrlNotices } from '../shell/url-notices.tsx';
import { TraceLoading } from './trace-loading.tsx';
import { TraceWorkspace } from './trace-workspace.tsx';
import { useTraceHandle } from './use-trace-handle.ts';

export function TracePage({ traceId, rawId }: { readonly traceId: string; readonly rawId: string }) {
  const source = useTraceView((s) => s.source);
  const adjustSkew = useTraceView((s) => s.adjustSkew);
  const notices = useTraceViewNotices();
  const trace = useTraceHandle(traceId, source, adjustSkew);
  // The workspace mounts in a transition (rendered in slices, its effects in their own task), not
  // in the task that receives the trace: at a million spans that one task took ~80 ms.
  const handle = useDeferredValue(trace.data);

  useEffect(() => {
    if (rawId !== traceId) navigate(`/trace/${traceId}${useLocation.getState().search}`, { replace: true });
  }, [rawId, traceId]);

  if (trace.isError) {
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
        <p>
          <Link href="/">Back to the recent traces</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="trace-page">
      <UrlNotices notices={notices} />
      {handle ? <TraceWorkspace handle={handle} /> : <TraceLoading traceId={traceId} source={source} />}
    </div>
  );
}
