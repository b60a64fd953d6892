/**
 * Progress while the diff's traces load (each side: downloading, decoding, building, laying out) and
 * while the worker compares them (fetching details, aligning, merging, summing up); shown after a
 * short delay, so fast loads do not flash.
 */
import { useUi } from '../../state/ui.ts';
import { formatBytes, formatCount } from '../format/format.ts';
import { useShownAfterDelay } from '../trace/trace-loading.tsx';

const PHASES: Record<string, string> = {
  fetch: 'Downloading',
  decode: 'Decoding',
  tree: 'Building the span tree',
  layout: 'Laying out',
  transfer: 'Preparing the view',
  details: 'Fetching the span attributes',
  align: 'Aligning the spans',
  merge: 'Merging the trees',
  summary: 'Summing up the differences',
  rows: 'Placing the missing spans',
};

export interface LoadingLine {
  /** What is loading, e.g. "A (baseline)". */
  readonly label: string;
  readonly traceId?: string;
  readonly progressKey: string;
}

function Line({ line }: { readonly line: LoadingLine }) {
  const p = useUi((s) => s.loadProgress[line.progressKey]);
  const fraction = p?.phase === 'fetch' && p.totalBytes ? p.loadedBytes / p.totalBytes : null;
  return (
    <li>
      <p>
        <strong>{line.label}</strong> {line.traceId && <span className="mono muted">{line.traceId}</span>}{' '}
        <span>{p ? (PHASES[p.phase] ?? p.phase) : 'waiting'}</span>
        {p && p.phase === 'fetch' && (
          <span className="muted">
            {' '}
            {formatBytes(p.loadedBytes)}
            {p.totalBytes ? ` of ${formatBytes(p.totalBytes)}` : ''}
          </span>
        )}
        {p?.spanCount ? <span className="muted"> · {formatCount(p.spanCount)} spans</span> : null}
      </p>
      <div
        className={`progress-bar ${fraction === null ? 'indeterminate' : ''}`}
        role="progressbar"
        aria-label={line.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={fraction === null ? undefined : Math.round(fraction * 100)}
      >
        {fraction !== null && <span style={{ width: `${fraction * 100}%` }} />}
      </div>
    </li>
  );
}

export function DiffLoading({
  title,
  lines,
}: {
  readonly title: string;
  readonly lines: readonly LoadingLine[];
}) {
  if (!useShownAfterDelay()) return null;
  return (
    <div className="trace-loading diff-loading" role="status" aria-live="polite">
      <h1>{title}</h1>
      <ul>
        {lines.map((l) => (
          <Line key={l.progressKey} line={l} />
        ))}
      </ul>
    </div>
  );
}
