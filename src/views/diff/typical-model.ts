/**
 * What the typical-trace view derives once from the worker's answer: per row (B's spans and the
 * ghost rows of missing ones) its tint (new, slow by how far past the p95, missing), a ghost layer
 * drawing the baseline's p50 duration as an outline on every row (alone on a ghost row, with its
 * labels), the flagged rows `n`/`N` step through, the earliest flag's row, and words for each row.
 */

import { typicalTint } from '../../core/diff/row-tints.ts';
import { TypicalFlag } from '../../core/diff/typical.ts';
import { RowTint } from '../../core/layout/row-tint.ts';
import { nodeOfSpanId, spanIdOf, type TraceColumns } from '../../core/layout/trace-columns.ts';
import type { GhostLayer } from '../../render/frame.ts';
import { SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import { formatDuration } from '../../render/time-format.ts';
import type { TypicalResult } from '../../worker/protocol.ts';
import { spanText, spanTooltip } from '../canvas/span-text.ts';
import type { RowMap } from '../waterfall/index.ts';

export interface TypicalModel {
  readonly result: TypicalResult;
  readonly b: TraceColumns;
  readonly tint: Uint8Array;
  readonly ghost: GhostLayer;
  /** Rows flagged new, slow or missing, in row order. */
  readonly flagged: Uint32Array;
  /** The row of the earliest flag, or -1. */
  readonly earliestRow: number;
}

export function typicalModel(result: TypicalResult, b: TraceColumns): TypicalModel {
  const rows = result.rows;
  const n = rows.nodeCount;
  const tint = new Uint8Array(n);
  const startNs = new Float64Array(n);
  const endNs = new Float64Array(n);
  const service = new Uint32Array(n);
  const name = new Uint32Array(n);
  const strings: string[] = [''];
  const flagged: number[] = [];
  for (let r = 0; r < n; r++) {
    const y = rows.contentOf[r];
    if (y >= 0) {
      const f = result.flags[y];
      tint[r] = typicalTint(
        (f & TypicalFlag.New) !== 0,
        (f & TypicalFlag.Slow) !== 0,
        b.endNs[y] - b.startNs[y],
        result.p95Ns[y],
      );
      startNs[r] = b.startNs[y];
      endNs[r] = b.startNs[y] + result.p50Ns[y];
      if (f !== 0) flagged.push(r);
    } else {
      const g = result.ghosts[rows.ghostOf[r]];
      tint[r] = RowTint.Removed;
      startNs[r] = g.atNs;
      endNs[r] = g.atNs + g.p50Ns;
      service[r] = strings.push(g.service) - 1;
      name[r] = strings.push(g.name) - 1;
      flagged.push(r);
    }
  }
  const e = result.earliest;
  const earliestRow = !e
    ? -1
    : e.reason === 'missing'
      ? Array.from(rows.ghostOf).indexOf(e.index)
      : rows.rowOfB[e.index];
  return {
    result,
    b,
    tint,
    ghost: { cols: { startNs, endNs, service, name, strings }, contentOf: null },
    flagged: Uint32Array.from(flagged),
    earliestRow,
  };
}

/** The row showing B's span `spanId`, or -1. */
export function rowOfTypicalSpan(m: TypicalModel, spanId: string | null): number {
  if (!spanId) return -1;
  const y = nodeOfSpanId(m.b, spanId);
  return y >= 0 ? m.result.rows.rowOfB[y] : -1;
}

/** B's span id of a row (null for a ghost row). */
export function typicalSpanId(m: TypicalModel, row: number): string | null {
  const y = row >= 0 && row < m.result.rows.nodeCount ? m.result.rows.contentOf[row] : -1;
  return y >= 0 ? spanIdOf(m.b, y) : null;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** A row in words: how B's span compares with the baselines, or the missing span's figures. */
export function typicalNote(m: TypicalModel, row: number): string {
  const r = m.result;
  const y = r.rows.contentOf[row];
  if (y < 0) {
    const g = r.ghosts[r.rows.ghostOf[row]];
    return `missing: in ${pct(g.presence)} of the baselines, typically ${formatDuration(g.p50Ns)}`;
  }
  const f = r.flags[y];
  if (f & TypicalFlag.New) return 'new: in none of the baselines';
  const typical = Number.isNaN(r.p50Ns[y])
    ? ''
    : `typically ${formatDuration(r.p50Ns[y])} (p95 ${formatDuration(r.p95Ns[y])}), in ${pct(r.presence[y])} of the baselines`;
  return f & TypicalFlag.Slow ? `slow: ${typical}` : typical;
}

/** "service name" of a row (B's span or the ghost's). */
export function typicalLabel(m: TypicalModel, row: number): string {
  const y = m.result.rows.contentOf[row];
  if (y >= 0) return `${m.b.strings[m.b.service[y]]} ${m.b.strings[m.b.name[y]]}`;
  const g = m.result.ghosts[m.result.rows.ghostOf[row]];
  return `${g.service} ${g.name}`;
}

/** The waterfall's rows: B's spans solid with the baseline p50 as an outline, ghost rows for missing spans. */
export function typicalRowMap(m: TypicalModel): RowMap {
  const rows = m.result.rows;
  const slots = serviceSlots(m.b.strings, m.b.service, SERVICE_COLOURS.length);
  return {
    tree: rows,
    contentOf: rows.contentOf,
    tint: m.tint,
    ghost: m.ghost,
    rowText: (r) => {
      const y = rows.contentOf[r];
      const note = typicalNote(m, r);
      const text = y >= 0 ? spanText(m.b, y) : `${typicalLabel(m, r)} (not in this trace)`;
      return note ? `${text} · ${note}` : text;
    },
    tooltip: (r) => {
      const y = rows.contentOf[r];
      const note = typicalNote(m, r);
      if (y < 0)
        return {
          swatch: 'transparent',
          title: 'Missing from this trace',
          subtitle: typicalLabel(m, r),
          fields: [['Typical', note]],
          error: false,
        };
      const base = spanTooltip(m.b, y, SERVICE_COLOURS[slots[m.b.service[y]]]);
      return note ? { ...base, fields: [...base.fields, ['Baselines', note]] } : base;
    },
  };
}
