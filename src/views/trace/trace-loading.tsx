/**
 * Progress while a trace is fetched (or its files read), decoded, built and laid out: a bar (a
 * fraction of the bytes when they are being read, else indeterminate), bytes and spans. The trace
 * page shows it only after a short delay, so that fast loads do not flash.
 */
import { type ReactNode, useEffect, useState } from 'react';
import { type LoadProgressView, useUi } from '../../state/ui.ts';
import { formatBytes, formatCount } from '../format/format.ts';
import { progressKey, type TraceOrigin } from './use-trace-handle.ts';

const PHASES: Record<string, string> = {
  fetch: 'Downloading',
  decode: 'Decoding',
  tree: 'Building the span tree',
  layout: 'Laying out',
  transfer: 'Preparing the view',
};

export function ProgressBar({
  fraction,
  label,
}: {
  readonly fraction: number | null;
  readonly label: string;
}) {
  return (
    <div
      className={`progress-bar ${fraction === null ? 'indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
    >
      {fraction !== null && <span style={{ width: `${fraction * 100}%` }} />}
    </div>
  );
}

interface LoadingProps {
  /** What is loading, after the phase: "trace <id>", a file's name. */
  readonly subject: ReactNode;
  readonly progress: LoadProgressView | null | undefined;
  /** The phases' names (the trace's by default). */
  readonly phases?: Readonly<Record<string, string>>;
  /** Phases whose bytes are being read: the bar shows their fraction. */
  readonly byteFraction?: readonly string[];
}

export function LoadingProgress({
  subject,
  progress,
  phases = PHASES,
  byteFraction = ['fetch'],
}: LoadingProps) {
  const fraction =
    progress && byteFraction.includes(progress.phase) && progress.totalBytes
      ? Math.min(1, progress.loadedBytes / progress.totalBytes)
      : null;
  const phase = progress ? (phases[progress.phase] ?? progress.phase) : 'Opening';
  return (
    <div className="trace-loading" role="status" aria-live="polite">
      <p>
        <strong>{phase}</strong> {subject}…
      </p>
      <ProgressBar fraction={fraction} label={phase} />
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

/** False for the first 250 ms: a load that is over by then never shows its progress (no flash). */
export function useShownAfterDelay(): boolean {
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const t = setTimeout(() => setVisible(true), 250);
    return () => clearTimeout(t);
  }, []);
  return visible;
}

export function TraceLoading({
  traceId,
  origin,
}: {
  readonly traceId: string;
  readonly origin: TraceOrigin;
}) {
  const progress = useUi((s) => s.loadProgress[progressKey(traceId, origin)]);
  if (!useShownAfterDelay()) return null;
  return (
    <LoadingProgress
      progress={progress}
      subject={
        <>
          trace <span className="mono">{traceId}</span>
        </>
      }
    />
  );
}
