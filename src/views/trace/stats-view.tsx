/**
 * `view=stats`: statistics per service, per operation or per value of any attribute (count, total,
 * self, critical path, min/avg/p50/p95/max, errors) from the worker, sortable by any column.
 * Clicking a row highlights its spans in the waterfall (state/highlight.ts); clicking it again, the
 * chip's ✕ or Esc clears them.
 */

import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AttributeKeys } from '../../core/analysis/attribute-values.ts';
import { revealInvisible } from '../../core/model/visible-text.ts';
import { formatDuration } from '../../render/time-format.ts';
import {
  clearHighlight,
  type StatsGroupBy,
  setHighlight,
  setStatsGrouping,
  useHighlightState,
} from '../../state/highlight.ts';
import type { GroupedStats, StatsGrouping } from '../../worker/protocol.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { formatCount } from '../format/format.ts';
import { DurationBar } from '../shell/duration-bar.tsx';
import {
  highlightLabel,
  labelsOf,
  placeholderOf,
  rowKey,
  type SortKey,
  type StatsRow,
  sortedRows,
} from './stats-rows.ts';
import { handleSerial } from './use-trace-handle.ts';

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly numeric: boolean;
  readonly duration?: boolean;
}

const FIGURES: readonly Column[] = [
  { key: 'count', label: 'Spans', numeric: true },
  { key: 'totalNs', label: 'Total', numeric: true, duration: true },
  { key: 'selfNs', label: 'Self', numeric: true, duration: true },
  { key: 'criticalNs', label: 'Critical path', numeric: true, duration: true },
  { key: 'minNs', label: 'Min', numeric: true, duration: true },
  { key: 'avgNs', label: 'Avg', numeric: true, duration: true },
  { key: 'p50Ns', label: 'p50', numeric: true, duration: true },
  { key: 'p95Ns', label: 'p95', numeric: true, duration: true },
  { key: 'maxNs', label: 'Max', numeric: true, duration: true },
  { key: 'errorCount', label: 'Errors', numeric: true },
];

function labelColumns(grouping: StatsGrouping): Column[] {
  if (grouping.by === 'attribute') return [{ key: 'label', label: grouping.key, numeric: false }];
  const service: Column = { key: 'label', label: 'Service', numeric: false };
  return grouping.by === 'service'
    ? [service]
    : [service, { key: 'name', label: 'Operation', numeric: false }];
}

const GROUP_BUTTONS: readonly [StatsGroupBy, string][] = [
  ['service', 'By service'],
  ['operation', 'By operation'],
  ['attribute', 'By attribute'],
];

function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '';
}

/** The attribute key box: free typing, the trace's keys offered; a listed key applies at once. */
function AttributePicker({ handle, current }: { readonly handle: TraceHandle; readonly current: string }) {
  const [draft, setDraft] = useState(current);
  useEffect(() => setDraft(current), [current]);
  const keys = useQuery({
    queryKey: ['attributeKeys', handleSerial(handle)],
    queryFn: () => handle.attributeKeys(),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
  });
  const options = keyOptions(keys.data);
  const apply = (key: string) => {
    const exact = options.has(key) ? key : key.trim();
    if (exact) setStatsGrouping('attribute', exact);
  };
  return (
    <form
      className="attribute-picker"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft);
      }}
    >
      <input
        type="text"
        list="stats-attribute-keys"
        value={draft}
        maxLength={1000}
        placeholder="Attribute key, e.g. db.system"
        aria-label="Attribute key"
        spellCheck={false}
        onChange={(e) => {
          setDraft(e.target.value);
          if (options.has(e.target.value)) apply(e.target.value);
        }}
      />
      <datalist id="stats-attribute-keys">
        {[...options].map(([key, label]) => (
          <option key={key} value={key} label={label} />
        ))}
      </datalist>
      <button type="submit" className="button">
        Group
      </button>
      {keys.isPending && <span className="muted">Listing keys…</span>}
      {keys.data?.truncated && <span className="muted">Only the 1,000 most frequent keys are listed.</span>}
    </form>
  );
}

/** key → "span · 1,234 · resource · 56" (scopes and span counts), most frequent first. */
function keyOptions(keys: AttributeKeys | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const { key, count } of keys?.span ?? []) out.set(key, `span · ${formatCount(count)}`);
  for (const { key, count } of keys?.resource ?? [])
    out.set(key, `${out.has(key) ? `${out.get(key)} · ` : ''}resource · ${formatCount(count)}`);
  return out;
}

function StatsTable({ handle, stats }: { readonly handle: TraceHandle; readonly stats: GroupedStats }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'selfNs',
    descending: true,
  });
  const highlighted = useHighlightState((s) => s.highlight);
  const serial = handleSerial(handle);
  const { grouping } = stats;
  const rows = stats.rows as readonly StatsRow[];
  const order = sortedRows(stats, sort.key, sort.descending);
  const maxSelf = Math.max(1, ...rows.map((r) => r.selfNs));
  const traceNs = handle.columns.durationNs;
  const columns = [...labelColumns(grouping), ...FIGURES];
  const selectedKey = highlighted?.owner === serial ? highlighted.rowKey : null;

  const toggle = (i: number) => {
    const key = rowKey(grouping, rows[i]);
    if (key === selectedKey) return clearHighlight();
    setHighlight({
      label: highlightLabel(grouping, rows[i]),
      nodes: stats.nodes.subarray(stats.nodeOffset[i], stats.nodeOffset[i + 1]),
      owner: serial,
      rowKey: key,
    });
  };

  return (
    <table className="stats-table" data-testid="stats-table">
      <thead>
        <tr>
          {columns.map((c) => (
            <th
              key={c.key}
              scope="col"
              className={
                c.numeric ? 'num' : grouping.by === 'attribute' && c.key === 'label' ? 'attr-key' : undefined
              }
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
        {order.map((i) => {
          const r = rows[i];
          const key = rowKey(grouping, r);
          const selected = key === selectedKey;
          const labels = labelsOf(r).map((t) => (t === null ? null : revealInvisible(t)));
          return (
            <tr key={key} className={selected ? 'selected' : undefined} onClick={() => toggle(i)}>
              {labels.map((text, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: label cells have fixed positions.
                <td key={j} className={j > 0 || grouping.by === 'attribute' ? 'op' : undefined}>
                  {j === 0 ? (
                    <button
                      type="button"
                      className="row-toggle"
                      aria-pressed={selected}
                      title={selected ? 'Clear the highlight' : 'Highlight these spans in the waterfall'}
                      onClick={(e) => {
                        e.stopPropagation();
                        toggle(i);
                      }}
                    >
                      {grouping.by === 'attribute' ? (
                        text === null ? (
                          <span className="muted">{placeholderOf(grouping, r)}</span>
                        ) : (
                          text
                        )
                      ) : (
                        <span className="service-chip">{text}</span>
                      )}
                    </button>
                  ) : (
                    text
                  )}
                </td>
              ))}
              {FIGURES.map((c) => {
                const v = r[c.key as keyof typeof r] as number;
                if (c.key === 'selfNs')
                  return (
                    <td key={c.key} className="num">
                      <DurationBar fraction={v / maxSelf} text={formatDuration(v)} />
                    </td>
                  );
                if (c.key === 'criticalNs')
                  return (
                    <td key={c.key} className={`num ${v > 0 ? '' : 'zero'}`}>
                      {v > 0 ? formatDuration(v) : '—'}
                      <span className="share">{v > 0 ? percent(v, traceNs) : ''}</span>
                    </td>
                  );
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
          );
        })}
      </tbody>
    </table>
  );
}

export function StatsView({ handle }: { readonly handle: TraceHandle }) {
  const groupBy = useHighlightState((s) => s.groupBy);
  const attributeKey = useHighlightState((s) => s.attributeKey);
  const grouping: StatsGrouping | null =
    groupBy !== 'attribute' ? { by: groupBy } : attributeKey ? { by: 'attribute', key: attributeKey } : null;
  const stats = useQuery({
    queryKey: ['groupStats', handleSerial(handle), grouping],
    queryFn: () => handle.groupStats(grouping as StatsGrouping),
    enabled: grouping !== null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    structuralSharing: false,
  });

  let body: React.ReactNode;
  if (!grouping) body = <p className="muted">Choose an attribute key to group the spans by its values.</p>;
  else if (stats.error)
    body = <p className="error-text">Statistics could not be computed: {stats.error.message}</p>;
  else if (!stats.data) body = <p className="muted">Computing statistics…</p>;
  else body = <StatsTable key={JSON.stringify(grouping)} handle={handle} stats={stats.data} />;

  return (
    <div className="stats-view">
      <div className="stats-head">
        <fieldset className="segmented">
          <legend className="visually-hidden">Group by</legend>
          {GROUP_BUTTONS.map(([by, label]) => (
            <button key={by} type="button" aria-pressed={groupBy === by} onClick={() => setStatsGrouping(by)}>
              {label}
            </button>
          ))}
        </fieldset>
        {groupBy === 'attribute' && <AttributePicker handle={handle} current={attributeKey} />}
      </div>
      <p className="stats-note muted">
        Self time is a span’s duration minus the time covered by its children; critical path is the time the
        trace’s critical path spends in the spans, and its share of the trace. Click a column to sort, a row
        to highlight its spans in the waterfall.
        {stats.data && 'valuesFrom' in stats.data && stats.data.valuesFrom === 'store'
          ? ' The values were computed by the store: this trace’s details are not loaded in the browser.'
          : ''}
      </p>
      {body}
    </div>
  );
}
