/**
 * The span id of every node as 8 raw bytes, in node order (what the laid-out columns carry): the
 * words the tree compared (row-ids.ts) written out as they are, so no id string is read or made; a
 * synthetic node takes its first child's parent id (the missing one). Only the ids of hand-made
 * tables that are not canonical hex are read from their text.
 */
import type { SpanTable } from '../model/span-table.ts';
import { type RowIds, TextId } from './row-ids.ts';

function nibble(c: number): number {
  return c <= 57 ? c - 48 : (c | 32) - 87;
}

/** The 16 hex digits of `hex` as 8 bytes at out[at]. */
export function hexBytesInto(hex: string, out: Uint8Array, at: number): void {
  for (let i = 0; i < 8; i++)
    out[at + i] = (nibble(hex.charCodeAt(2 * i)) << 4) | nibble(hex.charCodeAt(2 * i + 1));
}

/** `row[k]`: node k's table row, -1 for a synthetic node (whose first child's parent id it stands for). */
export function nodeIdBytes(
  row: Int32Array,
  ids: RowIds,
  table: Pick<SpanTable, 'spanIds' | 'parentIds'>,
): Uint8Array {
  const { span, parent, text } = ids;
  const out = new Uint8Array(8 * row.length);
  const words = new Int32Array(out.buffer);
  for (let k = 0; k < row.length; k++) {
    const r = row[k];
    if (r < 0) {
      const child = row[k + 1];
      if (text !== null && text[child] & TextId.Parent) hexBytesInto(table.parentIds[child], out, 8 * k);
      else {
        words[2 * k] = parent[2 * child];
        words[2 * k + 1] = parent[2 * child + 1];
      }
    } else if (text !== null && text[r] & TextId.Span) hexBytesInto(table.spanIds[r], out, 8 * k);
    else {
      words[2 * k] = span[2 * r];
      words[2 * k + 1] = span[2 * r + 1];
    }
  }
  return out;
}
