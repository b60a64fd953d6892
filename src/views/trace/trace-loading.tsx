/**
 * Progress while a trace is fetched, decoded, built and laid out (only shown after a short delay,
 * so that fast loads do not flash).
 */
import { useEffect, useState } from 'react';
import { useUi } from '../../state/ui.ts';
import { formatBytes, formatCount } from '../format/format.ts';
import { progressKey } from './use-trace-handle.ts';

const PHASES: Record<string, string> = {
  fetch: 'Downloading',
  decode: 'Decoding',
  tree: 'Building the span tree',
  layout: 'Laying out',
  transfer: 'Preparing the view',
};

export function TraceLoading({
  traceId,
  source,
}: {
  readonly traceId: string;
  readonly source: string | null;
}) {
  const progress = useUi((s) => s.loadProgress[progressKey(traceId, source)]);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setVisible(true), 250);
    return () => clearTimeout(t);
  }, []);
  if (!visible) return null;
  const fraction =
    progress?.phase === 'fetch' && progress.totalBytes ? progress.loadedBytes / progress.totalBytes : null;
  return (
    <div className="trace-loading" role="status" aria-live="polite">
      <p>
        <strong>{progress ? (PHASES[progress.phase] ?? progress.phase) : 'Opening'}</strong> trace{' '}
        <span className="mono">{traceId}</span>…
      </p>
      <div
        className={`progress-bar ${fraction === null ? 'indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        {fraction !== null && <span style={{ width: `${fraction * 100}%` }} />}
      </div>
      {progress && (
        <p className="muted">
          {formatBytes(progress.loadedBytes)}
          {progress.totalBytes ? ` of ${formatBytes(progress.totalBytes)}` : ''}
          {progress.spanCount ? ` · ${formatCount(progress.spanCount)} spans` : ''}
        </p>
      )}
    </div>
  );
}
