/**
 * Span id → node in O(1): an open-addressing hash table over the 8 id bytes of every node, built
 * once per trace in the worker and sent with the columns, so that selecting a span (the URL holds
 * its id) never scans the trace. The first node in pre-order with an id wins (later copies that
 * share it are duplicates shown under the same id); a synthetic "missing parent" node is found by
 * the missing parent's id.
 */
import { NodeFlag } from '../tree/types.ts';

export interface IdBytes {
  readonly nodeCount: number;
  /** Span id of node k as 8 raw bytes at [8k, 8k + 8). */
  readonly spanIdBytes: Uint8Array;
  readonly flags: Uint8Array;
}

const EMPTY = -1;

function hashAt(b: Uint8Array, o: number, mask: number): number {
  const lo = b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
  const hi = b[o + 4] | (b[o + 5] << 8) | (b[o + 6] << 16) | (b[o + 7] << 24);
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 15;
  return h & mask;
}

function sameId(a: Uint8Array, ao: number, b: Uint8Array, bo: number): boolean {
  for (let i = 0; i < 8; i++) if (a[ao + i] !== b[bo + i]) return false;
  return true;
}

/** Slot of the id at bytes[o..o+8) in `slots`: where it is, or the empty slot where it would go. */
function probe(slots: Int32Array, ids: Uint8Array, bytes: Uint8Array, o: number): number {
  const mask = slots.length - 1;
  let s = hashAt(bytes, o, mask);
  while (slots[s] !== EMPTY && !sameId(ids, slots[s] * 8, bytes, o)) s = (s + 1) & mask;
  return s;
}

/** Node k into the table unless an earlier node holds its id. */
function insert(slots: Int32Array, ids: Uint8Array, k: number): void {
  const s = probe(slots, ids, ids, k * 8);
  if (slots[s] === EMPTY) slots[s] = k;
}

/** The table: a power-of-two Int32Array (at most half full) of node indices, -1 for empty. */
export function buildSpanIndex(c: IdBytes): Int32Array {
  let size = 16;
  while (size < c.nodeCount * 2) size *= 2;
  const slots = new Int32Array(size).fill(EMPTY);
  const ids = c.spanIdBytes;
  // Real spans first, so a missing parent's placeholder never shadows a span with its id.
  let synthetic = 0;
  for (let k = 0; k < c.nodeCount; k++) {
    if ((c.flags[k] & NodeFlag.MissingParent) !== 0) synthetic++;
    else insert(slots, ids, k);
  }
  for (let k = 0; synthetic > 0 && k < c.nodeCount; k++)
    if ((c.flags[k] & NodeFlag.MissingParent) !== 0) insert(slots, ids, k);
  return slots;
}

const want = new Uint8Array(8);

/** Node showing span `spanId` (16 lower-case hex digits), or -1. */
export function lookupSpanId(slots: Int32Array, c: Pick<IdBytes, 'spanIdBytes'>, spanId: string): number {
  if (slots.length === 0 || !/^[0-9a-f]{16}$/.test(spanId)) return -1;
  for (let i = 0; i < 8; i++) want[i] = Number.parseInt(spanId.slice(i * 2, i * 2 + 2), 16);
  return lookupIdBytes(slots, c, want, 0);
}

/** Node showing the span whose 8 id bytes are bytes[o..o+8) (another trace's ids: no hex round trip), or -1. */
export function lookupIdBytes(
  slots: Int32Array,
  c: Pick<IdBytes, 'spanIdBytes'>,
  bytes: Uint8Array,
  o: number,
): number {
  return slots.length === 0 ? -1 : slots[probe(slots, c.spanIdBytes, bytes, o)];
}
