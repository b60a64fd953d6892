/**
 * The span id of every node as 8 raw bytes, in node order (what the laid-out columns carry): taken
 * from the int32 halves the id index read once while the tree was built, so that no id string is
 * read again; hex strings are read only for ids that were not canonical and for synthetic nodes
 * (the missing parent's id).
 */
import type { SpanTable } from '../model/span-table.ts';
import type { IdIndex } from './id-index.ts';

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
  ids: Pick<IdIndex, 'halves' | 'canonical'>,
  table: Pick<SpanTable, 'spanIds' | 'parentIds'>,
): Uint8Array {
  const { halves, canonical } = ids;
  const out = new Uint8Array(8 * row.length);
  for (let k = 0; k < row.length; k++) {
    const r = row[k];
    const at = 8 * k;
    if (r < 0) hexBytesInto(table.parentIds[row[k + 1]], out, at);
    else if (canonical[r] === 0) hexBytesInto(table.spanIds[r], out, at);
    else {
      const hi = halves[2 * r];
      const lo = halves[2 * r + 1];
      out[at] = hi >>> 24;
      out[at + 1] = hi >>> 16;
      out[at + 2] = hi >>> 8;
      out[at + 3] = hi;
      out[at + 4] = lo >>> 24;
      out[at + 5] = lo >>> 16;
      out[at + 6] = lo >>> 8;
      out[at + 7] = lo;
    }
  }
  return out;
}
