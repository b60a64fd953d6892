/**
 * The Waterfall row maps of the diff (views/waterfall RowMap over the merged tree): A's pane (A's
 * spans, gaps where B added), B's pane (gaps where B removed), and the merged pane (B's spans solid,
 * A's as ghost outlines, a removed span shown by its ghost). Each row says in words what changed,
 * for the accessible mirror and the tooltip.
 */

import { heatStep } from '../../core/diff/row-tints.ts';
import { DiffFlag, DiffKind } from '../../core/diff/types.ts';
import type { TraceColumns } from '../../core/layout/trace-columns.ts';
import { diffNodeLabel } from '../../core/share/diff-words.ts';
import { SERVICE_COLOURS, serviceSlots } from '../../render/theme.ts';
import { formatDuration } from '../../render/time-format.ts';
import { spanText, spanTooltip } from '../canvas/span-text.ts';
import type { TooltipContent } from '../canvas/tooltip.ts';
import type { RowMap } from '../waterfall/index.ts';
import type { DiffModel } from './diff-model.ts';

export type Pane = 'A' | 'B' | 'merged';

const durOf = (c: TraceColumns, n: number) => c.endNs[n] - c.startNs[n];

/** What changed at merged node k, in a few words ('' when nothing did). */
export function changeNote(m: DiffModel, k: number): string {
  const t = m.tree;
  if (t.kind[k] === DiffKind.Added) return 'added in B';
  if (t.kind[k] === DiffKind.Removed) return 'removed in B';
  const parts: string[] = [];
  const f = t.flags[k];
  if (f & DiffFlag.Renamed) parts.push('renamed');
  if (f & DiffFlag.Kind) parts.push('another kind');
  if (f & DiffFlag.Status) parts.push('status changed');
  if (f & DiffFlag.Attributes) parts.push('attributes changed');
  if (heatStep(m.tint[k]) > 0) {
    const a = durOf(m.a, t.aNode[k]);
    const b = durOf(m.b, t.bNode[k]);
    parts.push(`${b > a ? 'slower' : 'faster'} ${formatRatio(a, b)}`);
  }
  return parts.join(', ');
}

/** "1.8×" (B's duration over A's), "∞×" when A took no time. */
export function formatRatio(aNs: number, bNs: number): string {
  if (!(aNs > 0)) return '∞×';
  const r = bNs >= aNs ? bNs / aNs : aNs / bNs;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}×`;
}

/** "+4.2 ms" / "−1.1 ms" */
export function formatDelta(ns: number): string {
  return `${ns >= 0 ? '+' : '−'}${formatDuration(Math.abs(ns))}`;
}

function withNote(text: string, note: string): string {
  return note ? `${text} · ${note}` : text;
}

interface Side {
  readonly cols: TraceColumns;
  readonly nodeOf: Int32Array;
  readonly slots: Uint8Array;
  readonly name: 'A' | 'B';
}

function sides(m: DiffModel): { a: Side; b: Side } {
  return {
    a: {
      cols: m.a,
      nodeOf: m.tree.aNode,
      slots: serviceSlots(m.a.strings, m.a.service, SERVICE_COLOURS.length),
      name: 'A',
    },
    b: {
      cols: m.b,
      nodeOf: m.tree.bNode,
      slots: serviceSlots(m.b.strings, m.b.service, SERVICE_COLOURS.length),
      name: 'B',
    },
  };
}

/** A span's tooltip with the other side's duration and what changed. */
function tooltipOf(m: DiffModel, own: Side, other: Side, k: number): TooltipContent {
  const n = own.nodeOf[k];
  const o = other.nodeOf[k];
  if (n < 0) {
    const { service, name } = diffNodeLabel(m, k);
    return {
      swatch: SERVICE_COLOURS[other.slots[other.cols.service[o]]],
      title: `No span in ${own.name}`,
      subtitle: `${service} ${name}`,
      fields: [
        [`In ${other.name}`, formatDuration(durOf(other.cols, o))],
        ['Change', changeNote(m, k)],
      ],
      error: false,
    };
  }
  const base = spanTooltip(own.cols, n, SERVICE_COLOURS[own.slots[own.cols.service[n]]]);
  const fields = [...base.fields];
  if (o >= 0) {
    const [aDur, bDur] =
      own.name === 'A'
        ? [durOf(own.cols, n), durOf(other.cols, o)]
        : [durOf(other.cols, o), durOf(own.cols, n)];
    fields.push(
      [`In ${other.name}`, formatDuration(durOf(other.cols, o))],
      ['B − A', formatDelta(bDur - aDur)],
    );
  }
  const note = changeNote(m, k);
  if (note) fields.push(['Change', note]);
  return { ...base, fields };
}

/** The row map of one side's pane: its spans over the merged tree, gaps where the other side has one alone. */
export function sideRowMap(m: DiffModel, pane: 'A' | 'B'): RowMap {
  const { a, b } = sides(m);
  const [own, other] = pane === 'A' ? [a, b] : [b, a];
  return {
    tree: m.structure,
    contentOf: own.nodeOf,
    tint: m.tint,
    rowText: (k) => {
      const n = own.nodeOf[k];
      const text = n >= 0 ? spanText(own.cols, n) : `no span in ${own.name}`;
      return withNote(text, changeNote(m, k));
    },
    tooltip: (k) => tooltipOf(m, own, other, k),
  };
}

/** The merged pane: B's spans solid, A's as outlines; a removed span is its outline alone. */
export function mergedRowMap(m: DiffModel): RowMap {
  const { a, b } = sides(m);
  return {
    tree: m.structure,
    contentOf: m.tree.bNode,
    tint: m.tint,
    ghost: { cols: m.a, contentOf: m.tree.aNode },
    rowText: (k) => {
      const y = m.tree.bNode[k];
      const x = m.tree.aNode[k];
      const text = y >= 0 ? spanText(m.b, y) : spanText(m.a, x);
      const inA = y >= 0 && x >= 0 ? ` (A ${formatDuration(durOf(m.a, x))})` : '';
      return withNote(text + inA, changeNote(m, k));
    },
    tooltip: (k) => (m.tree.bNode[k] >= 0 ? tooltipOf(m, b, a, k) : tooltipOf(m, a, b, k)),
  };
}
