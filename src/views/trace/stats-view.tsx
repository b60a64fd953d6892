/**
 * `view=stats`: per-service and per-operation statistics (count, total, self, min/avg/p50/p95/max,
 * errors) from core/analysis, sortable by any column.
 */
import { useEffect, useState } from 'react';
import type { GroupStats } from '../../core/analysis/stats.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { TraceStats } from '../../worker/protocol.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatCount } from '../format/format.ts';
import { DurationBar } from '../shell/duration-bar.tsx';

type SortKey =
  | 'service'
  | 'name'
  | 'count'
  | 'totalNs'
  | 'selfNs'
  | 'minNs'
  | 'avgNs'
  | 'p50Ns'
  | 'p95Ns'
  | 'maxNs'
  | 'errorCount';

const COLUMNS: readonly { key: SortKey; label: string; numeric: boolean; duration?: boolean }[] = [
  { key: 'service', label: 'Service', numeric: false },
  { key: 'name', label: 'Operation', numeric: false },
  { key: 'count', label: 'Spans', numeric: true },
  { key: 'totalNs', label: 'Total', numeric: true, duration: true },
  { key: 'selfNs', label: 'Self', numeric: true, duration: true },
  { key: 'minNs', label: 'Min', numeric: true, duration: true },
  { key: 'avgNs', label: 'Avg', numeric: true, duration: true },
  { key: 'p50Ns', label: 'p50', numeric: true, duration: true },
  { key: 'p95Ns', label: 'p95', numeric: true, duration: true },
  { key: 'maxNs', label: 'Max', numeric: true, duration: true },
  { key: 'errorCount', label: 'Errors', numeric: true },
];

function sortRows(rows: readonly GroupStats[], key: SortKey, descending: boolean): GroupStats[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    return (x < y ? -1 : x > y ? 1 : 0) * sign;
  });
}

export function StatsView({ handle }: { readonly handle: TraceHandle }) {
  const [byOperation, setByOperation] = useState(true);
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'selfNs',
    descending: true,
  });
  const [stats, setStats] = useState<TraceStats | Error | null>(null);
  useEffect(() => {
    let live = true;
    setStats(null);
    handle.stats().then(
      (s) => live && setStats(s),
      (e: unknown) => live && setStats(e instanceof Error ? e : new Error(String(e))),
    );
    return () => {
      live = false;
    };
  }, [handle]);
  if (stats instanceof Error)
    return <div className="stats-view error-text">Statistics could not be computed: {stats.message}</div>;
  if (!stats) return <div className="stats-view muted">Computing statistics…</div>;
  const rows = sortRows(byOperation ? stats.operations : stats.services, sort.key, sort.descending);
  const maxSelf = Math.max(1, ...rows.map((r) => r.selfNs));
  const columns = byOperation ? COLUMNS : COLUMNS.filter((c) => c.key !== 'name');

  return (
    <div className="stats-view">
      <div className="stats-head">
        <fieldset className="segmented">
          <legend className="visually-hidden">Group by</legend>
          <button type="button" aria-pressed={!byOperation} onClick={() => setByOperation(false)}>
            By service
          </button>
          <button type="button" aria-pressed={byOperation} onClick={() => setByOperation(true)}>
            By operation
          </button>
        </fieldset>
        <span className="muted">
          Self time is a span’s duration minus the time covered by its children. Click a column to sort.
        </span>
      </div>
      <table className="stats-table" data-testid="stats-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                className={c.numeric ? 'num' : undefined}
                aria-sort={sort.key === c.key ? (sort.descending ? 'descending' : 'ascending') : 'none'}
              >
                <button
                  type="button"
                  onClick={() =>
                    setSort({ key: c.key, descending: sort.key === c.key ? !sort.descending : c.numeric })
                  }
                >
                  {c.label}
                  {sort.key === c.key ? (sort.descending ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.service}\u0000${r.name ?? ''}`}>
              {columns.map((c) => {
                if (c.key === 'service')
                  return (
                    <td key={c.key}>
                      <span className="service-chip">{r.service}</span>
                    </td>
                  );
                if (c.key === 'name')
                  return (
                    <td key={c.key} className="op">
                      {r.name}
                    </td>
                  );
                if (c.key === 'selfNs')
                  return (
                    <td key={c.key} className="num">
                      <DurationBar fraction={r.selfNs / maxSelf} text={formatDuration(r.selfNs)} />
                    </td>
                  );
                const v = r[c.key] as number;
                return (
                  <td
                    key={c.key}
                    className={`num ${c.key === 'errorCount' ? (v > 0 ? 'error-count' : 'zero') : ''}`}
                  >
                    {c.duration ? formatDuration(v) : formatCount(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
