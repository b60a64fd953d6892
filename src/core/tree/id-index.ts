/**
 * Span id → first row, for the tree builder, on the ids as numbers (row-ids.ts): an IdHash of the
 * words, and a side Map for the ids of hand-made tables that are not canonical hex, so that the index
 * is exact for every id.
 */
import type { SpanTable } from '../model/span-table.ts';
import { IdHash } from './id-hash.ts';
import { type RowIds, TextId } from './row-ids.ts';

export interface IdIndex {
  /** Ids held by several rows: first row → every row with that id, in input order. */
  readonly groups: ReadonlyMap<number, readonly number[]>;
  /** First row whose span id is row r's parent id, or -1 (also when r has no parent id). */
  parentRow(r: number): number;
}

export function buildIdIndex(ids: RowIds, table: Pick<SpanTable, 'spanIds' | 'parentIds'>): IdIndex {
  const { span, parent, text } = ids;
  const n = span.length >> 1;
  const hash = new IdHash(n);
  const other = new Map<string, number>();
  const groups = new Map<number, number[]>();
  for (let r = 0; r < n; r++) {
    let head: number;
    if (text !== null && text[r] & TextId.Span) {
      const id = table.spanIds[r];
      head = other.get(id) ?? -1;
      if (head < 0) other.set(id, r);
    } else head = hash.putIfAbsent(span[2 * r], span[2 * r + 1], r);
    if (head < 0) continue;
    const group = groups.get(head);
    if (group) group.push(r);
    else groups.set(head, [head, r]);
  }

  const parentRow = (r: number): number => {
    if (text !== null && text[r] & TextId.Parent) return other.get(table.parentIds[r]) ?? -1;
    const w0 = parent[2 * r];
    const w1 = parent[2 * r + 1];
    return w0 === 0 && w1 === 0 ? -1 : hash.get(w0, w1);
  };
  return { groups, parentRow };
}
