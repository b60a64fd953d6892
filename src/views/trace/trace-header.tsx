/**
 * The trace's identity and size, all from the TraceSummary of the core tree builder (the numbers
 * `spanscope summary` prints), never recounted here. While a preview is shown (the trace still
 * streaming) they are the preview's: marked provisional, with the spans in so far of the total.
 */

import { nodeName, nodeService, rootNode } from '../../core/layout/trace-columns.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatDuration } from '../../render/time-format.ts';
import { useLocation } from '../../state/location.ts';
import { useTraceView } from '../../state/trace-view.ts';
import { showToast } from '../../state/ui.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatAbsoluteNs, formatCount, formatRelative } from '../format/format.ts';
import { PinControl } from '../pins/pin-control.tsx';
import { PinnedLine } from '../pins/pinned-line.tsx';
import { Icon } from '../shell/icons.tsx';
import { copyText } from './browser-io.ts';

const FORMAT_LABELS: Record<string, string> = {
  'otlp-json': 'OTLP JSON',
  'otlp-proto': 'OTLP protobuf',
  'jaeger-json': 'Jaeger JSON',
  'zipkin-json': 'Zipkin JSON',
};

function Stat({
  label,
  value,
  title,
  alert,
}: {
  label: string;
  value: string;
  title?: string;
  alert?: boolean;
}) {
  return (
    <div className={alert ? 'stat stat-error' : 'stat'} title={title}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}

/** Why the trace cannot be pinned where it is shown, or null: pins are the local store's. */
function useNotPinnable(): string | null {
  const localFile = useLocation((l) => l.pathname.startsWith('/file/'));
  const source = useTraceView((v) => v.source);
  if (localFile) return 'A local file: it can be pinned once the store has it (its address becomes /trace/…)';
  if (source && source !== 'local')
    return `Pins are kept by the local store; this trace is read from ${source}`;
  return null;
}

export function TraceHeader({ handle }: { readonly handle: TraceHandle }) {
  const s = handle.summary;
  const notPinnable = useNotPinnable();
  const root = rootNode(handle.columns);
  const service = root >= 0 ? revealInvisible(nodeService(handle.columns, root)) : '(empty trace)';
  const operation = root >= 0 ? revealInvisible(nodeName(handle.columns, root)) : '';
  const startMs = Number(handle.baseNs / 1_000_000n);
  const loading = handle.loading;
  return (
    <section className="trace-header" aria-label="Trace summary">
      <div className="trace-title">
        <h1>
          <span className="service-chip">{service}</span> <span className="op-name">{operation}</span>
        </h1>
        <button
          type="button"
          className="trace-id mono"
          title="Copy the trace id"
          onClick={async () =>
            showToast((await copyText(handle.traceId)) ? 'Trace id copied' : 'Copy failed')
          }
        >
          {handle.traceId} <Icon name="copy" size={12} />
        </button>
        {FORMAT_LABELS[handle.format] && <span className="badge">{FORMAT_LABELS[handle.format]}</span>}
        <PinControl traceId={handle.traceId} notPinnable={notPinnable} />
      </div>
      <PinnedLine traceId={handle.traceId} enabled={notPinnable === null} />
      {loading && (
        <p className="trace-loading-note" role="status" data-testid="trace-loading">
          Loading: {formatCount(loading.receivedSpans)} of {formatCount(loading.totalSpans)} spans drawn so
          far; the figures below are provisional. Details, find, statistics and export come once every span is
          in.
        </p>
      )}
      <dl
        className={loading ? 'trace-stats trace-stats-provisional' : 'trace-stats'}
        data-testid="trace-stats"
        data-provisional={loading ? 'true' : undefined}
      >
        <Stat
          label="Started"
          value={formatAbsoluteNs(handle.baseNs)}
          title={`${formatRelative(startMs, Date.now())} · ${new Date(startMs).toISOString()}`}
        />
        <Stat label="Duration" value={formatDuration(s.durationUs * 1000)} />
        <Stat
          label="Spans"
          value={
            loading
              ? `${formatCount(loading.receivedSpans)} of ${formatCount(loading.totalSpans)}`
              : formatCount(s.spanCount)
          }
        />
        <Stat label="Services" value={formatCount(s.services.length)} title={s.services.join(', ')} />
        <Stat label="Depth" value={formatCount(s.maxDepth)} />
        <Stat label="Errors" value={formatCount(s.errorCount)} alert={s.errorCount > 0} />
      </dl>
    </section>
  );
}
