/**
 * `/file/<key>`: files opened in this page. While they are read: a progress bar (bytes read of their
 * size, spans decoded). Read: one trace opens at once (`/file/<key>/<id>`); several are listed with
 * a summary each and open from the spans already decoded. A file that cannot be decoded: the
 * decoder's message, and nothing is sent to the store.
 */
import { useEffect, useMemo } from 'react';
import type { TraceOverview } from '../../core/tree/overview.ts';
import type { TraceRow } from '../../data/api-types.ts';
import { type LocalFiles, useLocalFileSet } from '../../state/local-files.ts';
import { navigate, useLocation } from '../../state/location.ts';
import { fileTraceHref, parseTraceQuery } from '../../state/url.ts';
import { plural } from '../format/format.ts';
import { TraceList } from '../home/trace-list.tsx';
import { LoadingProgress } from '../trace/trace-loading.tsx';
import { FilesGone } from './files-gone.tsx';
import { LocalFileBanner } from './local-file-banner.tsx';

const READ_PHASES: Record<string, string> = {
  decode: 'Reading',
  tree: 'Building the span trees of',
};

function rowOf(t: TraceOverview): TraceRow {
  const s = t.summary;
  return {
    traceId: s.traceId,
    rootService: t.rootService,
    rootName: t.rootName,
    startMs: Number(t.startNs / 1_000_000n),
    durationMs: s.durationUs / 1000,
    spanCount: s.spanCount,
    errorCount: s.errorCount,
    services: s.services,
  };
}

function FileNames({ set }: { readonly set: LocalFiles }) {
  return (
    <span className="mono">{set.names.length === 1 ? set.names[0] : plural(set.names.length, 'file')}</span>
  );
}

function TraceChoice({
  set,
  traces,
}: {
  readonly set: LocalFiles;
  readonly traces: readonly TraceOverview[];
}) {
  const rows = useMemo(() => traces.map(rowOf), [traces]);
  return (
    <div className="page">
      <div className="page-head">
        <h1>
          {plural(traces.length, 'trace')} in <FileNames set={set} />
        </h1>
        <p className="muted">Pick one to open it: the spans are already read, the file is not read again.</p>
      </div>
      <LocalFileBanner fileKey={set.key} />
      <TraceList
        rows={rows}
        source={null}
        label="Traces in the file"
        hrefOf={(traceId) => fileTraceHref(set.key, traceId)}
      />
    </div>
  );
}

function ReadFailure({ set, message }: { readonly set: LocalFiles; readonly message: string }) {
  return (
    <div className="page page-message" role="alert" data-testid="file-error">
      <h1>
        Could not read <FileNames set={set} />
      </h1>
      <p className="error-text file-error-message">{message}</p>
      <p className="muted">
        {set.upload.state === 'cancelled' ? 'Nothing of it was kept by the store. ' : ''}Drop another file, or
        use Import.
      </p>
    </div>
  );
}

export function FilesPage({ fileKey }: { readonly fileKey: string }) {
  const set = useLocalFileSet(fileKey);
  const read = set?.read;
  const only = read?.state === 'read' && read.traces.length === 1 ? read.traces[0].summary.traceId : null;
  useEffect(() => {
    if (!only) return;
    const view = parseTraceQuery(useLocation.getState().search).state;
    navigate(fileTraceHref(fileKey, only, view), { replace: true });
  }, [fileKey, only]);

  if (!set || !read) return <FilesGone />;
  if (read.state === 'failed') return <ReadFailure set={set} message={read.message} />;
  if (read.state === 'read' && !only) return <TraceChoice set={set} traces={read.traces} />;
  return (
    <div className="trace-page">
      <LocalFileBanner fileKey={fileKey} />
      <LoadingProgress
        subject={<FileNames set={set} />}
        progress={read.state === 'reading' ? read.progress : null}
        phases={READ_PHASES}
        byteFraction={['decode']}
      />
    </div>
  );
}
