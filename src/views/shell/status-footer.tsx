/**
 * The app's footer: the local store at a glance (`/api/status`): size, traces, spans, the oldest
 * trace, the ingest rate over the last minute, and retention with pins. Nothing where there is no
 * store (a static deployment).
 */
import { type StoreStatus, useStoreStatus } from '../../data/pins.ts';
import { formatAbsolute, formatBytes, formatCount, formatRelative, plural } from '../format/format.ts';
import { Link } from '../link.tsx';

const AGE_UNITS: [string, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1000],
];

/** The largest unit that divides the age exactly (`--retention` takes whole s, m, h or d). */
function ageText(ms: number): string {
  const [unit, size] = AGE_UNITS.find(([, size]) => ms % size === 0) ?? ['s', 1000];
  return `${ms / size} ${unit}`;
}

function retentionText(r: StoreStatus['retention']): string {
  const limits = [
    r.maxAgeMs !== undefined ? ageText(r.maxAgeMs) : null,
    r.maxBytes !== undefined ? formatBytes(r.maxBytes) : null,
  ].filter(Boolean);
  return limits.length > 0 ? `retention ${limits.join(' / ')}` : 'no retention';
}

export function StatusFooter() {
  const status = useStoreStatus().data;
  if (!status) return null;
  const now = Date.now();
  const last = status.retention.lastPass;
  return (
    <footer className="app-footer" data-testid="status-footer">
      <span title={status.fileBytes > 0 ? `${formatBytes(status.fileBytes)} on disk` : 'in memory'}>
        store {formatBytes(status.sizeBytes)}
      </span>
      <span>{plural(status.traceCount, 'trace')}</span>
      <span>{plural(status.spanCount, 'span')}</span>
      {status.oldestTraceStartMs !== null && (
        <span title={formatAbsolute(status.oldestTraceStartMs)}>
          oldest {formatRelative(status.oldestTraceStartMs, now)}
        </span>
      )}
      <span>{formatCount(status.ingestSpansPerSecond)} spans/s</span>
      <span
        title={
          last
            ? `last pass ${formatRelative(last.atMs, now)}: ${formatCount(last.deletedTraces)} traces deleted${last.error ? ` (failed: ${last.error})` : ''}`
            : undefined
        }
      >
        {retentionText(status.retention)}
      </span>
      <Link href="/pins">{formatCount(status.pinCount)} pinned</Link>
    </footer>
  );
}
