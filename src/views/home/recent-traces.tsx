/**
 * The recent traces of a source, as home and (until TraceQL lands) the search page show them.
 */
import { useRecentTraces } from '../../data/queries.ts';
import { SourceProblemNote } from '../shell/source-problem-note.tsx';
import { TraceList } from './trace-list.tsx';

interface Props {
  readonly source: string | null;
  readonly startS?: number | null;
  readonly endS?: number | null;
  readonly limit?: number | null;
}

export function RecentTraces({ source, startS, endS, limit }: Props) {
  const query = useRecentTraces({ source, startS, endS, limit: limit ?? 50 });
  if (query.isPending) return <p className="muted loading-line">Loading the recent traces…</p>;
  if (query.isError)
    return (
      <div className="banner banner-error" role="alert">
        <div className="banner-text">
          <strong>Could not list the traces.</strong> {query.error.message}
          <SourceProblemNote error={query.error} />
        </div>
      </div>
    );
  if (query.data.length === 0)
    return (
      <div className="empty-state">
        <p>
          <strong>No traces yet.</strong>
        </p>
        <p className="muted">
          Send spans over OTLP to <code>/v1/traces</code> (HTTP, port 4318) or gRPC (port 4317), or drop a
          trace file anywhere on this page.
        </p>
      </div>
    );
  return <TraceList rows={query.data} source={source} label="Recent traces" />;
}
