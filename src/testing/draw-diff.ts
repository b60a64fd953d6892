/**
 * A trace diff's merged tree drawn as text (STYLE habit 11), beside the two drawn traces of a test.
 * One node per line in pre-order:
 *
 *     = root                  |==========|     same (`=*`: same, but something below differs)
 *     ~ call [status unset→error] |===|        changed, with what changed
 *     + retry [err]                 |=|        added (B only)
 *     - cache                    |==|          removed (A only), at its start mapped into B
 *
 * then the name (B's; a synthetic "missing parent" node shows `?label`), indented two spaces per
 * depth, notes in [ ] (`name A→B`, `svc A→B`, `kind A→B`, `status A→B`, `attr k=A→B`, `attr +k=B`,
 * `attr -k=A`, `err` on an added or removed span in error), and the bar in B's frame.
 */

import {
  DiffFlag,
  DiffKind,
  type TraceDiff,
  type TypicalComparison,
  TypicalFlag,
} from '../core/diff/index.ts';
import { spanName, spanService } from '../core/model/span-table.ts';
import { attrValueToString, SPAN_KIND_NAMES, STATUS_NAMES, StatusCode } from '../core/model/types.ts';
import type { TraceTree } from '../core/tree/types.ts';
import { labelOf, withBars } from './ascii-trace.ts';

const MARK = ['=', '~', '+', '-'];

function nameOf(tree: TraceTree, node: number): string {
  const r = tree.row[node];
  return r < 0 ? `?${labelOf(tree.spanIdOf(node))}` : spanName(tree.table, r);
}

function notesOf(diff: TraceDiff, k: number): string[] {
  const { a, b } = diff;
  const x = diff.aNode[k];
  const y = diff.bNode[k];
  if (x < 0 || y < 0) {
    const [tree, node] = x < 0 ? [b, y] : [a, x];
    const r = tree.row[node];
    return r >= 0 && tree.table.statuses[r] === StatusCode.Error ? ['err'] : [];
  }
  const rowA = a.row[x];
  const rowB = b.row[y];
  if (rowA < 0 || rowB < 0) return [];
  const notes: string[] = [];
  const flags = diff.flags[k];
  const change = (flag: number, what: string, from: string, to: string) => {
    if (flags & flag && from !== to) notes.push(`${what} ${from}→${to}`);
  };
  change(DiffFlag.Renamed, 'name', spanName(a.table, rowA), spanName(b.table, rowB));
  change(DiffFlag.Renamed, 'svc', spanService(a.table, rowA), spanService(b.table, rowB));
  change(DiffFlag.Kind, 'kind', SPAN_KIND_NAMES[a.table.kinds[rowA]], SPAN_KIND_NAMES[b.table.kinds[rowB]]);
  change(
    DiffFlag.Status,
    'status',
    STATUS_NAMES[a.table.statuses[rowA]],
    STATUS_NAMES[b.table.statuses[rowB]],
  );
  if (flags & DiffFlag.Attributes)
    for (const c of diff.attributeChanges(k)) {
      const text = (v: typeof c.a) => (v === undefined ? '' : attrValueToString(v));
      if (c.a === undefined) notes.push(`attr +${c.key}=${text(c.b)}`);
      else if (c.b === undefined) notes.push(`attr -${c.key}=${text(c.a)}`);
      else notes.push(`attr ${c.key}=${text(c.a)}→${text(c.b)}`);
    }
  return notes;
}

export function drawDiff(diff: TraceDiff, options: { readonly unitNs?: number } = {}): string {
  const heads: string[] = [];
  for (let k = 0; k < diff.nodeCount; k++) {
    const kind = diff.kind[k];
    const star = kind === DiffKind.Same && diff.flags[k] & DiffFlag.SubtreeDiffers ? '*' : ' ';
    const name = diff.bNode[k] >= 0 ? nameOf(diff.b, diff.bNode[k]) : nameOf(diff.a, diff.aNode[k]);
    const notes = notesOf(diff, k);
    heads.push(
      `${MARK[kind]}${star} ${'  '.repeat(diff.depth[k])}${name}${notes.length ? ` [${notes.join(' ')}]` : ''}`,
    );
  }
  return withBars(heads, diff.startNs, diff.endNs, options.unitNs ?? 1000);
}

/**
 * A comparison with the typical trace drawn the same way: B's rows, `new` or `slow` in front, then
 * `[matched/N p50=… p95=…]` in columns; a ghost row `miss` under its parent where it would start,
 * as long as its p50.
 */
export function drawTypical(cmp: TypicalComparison, options: { readonly unitNs?: number } = {}): string {
  const unitNs = options.unitNs ?? 1000;
  const { b, baselineCount: n } = cmp;
  const heads: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const figures = (got: number, p50: number, p95: number) =>
    got === 0 ? `[0/${n}]` : `[${got}/${n} p50=${p50 / unitNs} p95=${p95 / unitNs}]`;
  const row = (mark: string, depth: number, text: string, startNs: number, endNs: number) => {
    heads.push(`${mark.padEnd(4)} ${'  '.repeat(depth)}${text}`);
    starts.push(startNs);
    ends.push(endNs);
  };
  const ghostsUnder = (parent: number, beforeNs: number, depth: number, done: Set<number>) =>
    cmp.ghosts.forEach((g, i) => {
      if (g.parent !== parent || !(g.atNs < beforeNs) || done.has(i)) return;
      done.add(i);
      const got = Math.round(g.presence * n);
      row('miss', depth, `${g.name} ${figures(got, g.p50Ns, g.p95Ns)}`, g.atNs, g.atNs + g.p50Ns);
    });
  const done = new Set<number>();
  const visit = (parent: number, depth: number) => {
    const end = parent < 0 ? b.nodeCount : b.subtreeEnd[parent];
    for (let y = parent + 1; y < end; y = b.subtreeEnd[y]) {
      ghostsUnder(parent, b.startNs[y], depth, done);
      const flag = cmp.flags[y] & TypicalFlag.New ? 'new' : cmp.flags[y] & TypicalFlag.Slow ? 'slow' : '';
      const got = Math.round(cmp.presence[y] * n);
      const name = b.row[y] < 0 ? `?${labelOf(b.spanIdOf(y))}` : spanName(b.table, b.row[y]);
      row(flag, depth, `${name} ${figures(got, cmp.p50Ns[y], cmp.p95Ns[y])}`, b.startNs[y], b.endNs[y]);
      visit(y, depth + 1);
    }
    ghostsUnder(parent, Number.POSITIVE_INFINITY, depth, done);
  };
  visit(-1, 0);
  return withBars(heads, Float64Array.from(starts), Float64Array.from(ends), unitNs);
}
