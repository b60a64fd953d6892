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

import { DiffFlag, DiffKind, type TraceDiff } from '../core/diff/index.ts';
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
  const change = (what: string, from: string, to: string) => {
    if (from !== to) notes.push(`${what} ${from}→${to}`);
  };
  change('name', spanName(a.table, rowA), spanName(b.table, rowB));
  change('svc', spanService(a.table, rowA), spanService(b.table, rowB));
  change('kind', SPAN_KIND_NAMES[a.table.kinds[rowA]], SPAN_KIND_NAMES[b.table.kinds[rowB]]);
  change('status', STATUS_NAMES[a.table.statuses[rowA]], STATUS_NAMES[b.table.statuses[rowB]]);
  if (diff.flags[k] & DiffFlag.Attributes)
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
