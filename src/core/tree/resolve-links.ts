/**
 * Who is whose parent (DESIGN §2), before cycles are broken. Items 0..n-1 are the table's rows,
 * items n..n+m-1 the synthetic "missing parent" nodes (one per distinct missing parent id).
 *
 * Rows sharing an id: later exact copies (same id, name, parent, start, duration and Zipkin
 * `shared` bit) are dropped. Of the distinct rows left, when exactly one is not Zipkin-`shared`
 * (the client half) and at least one is, each shared (server) half becomes a child of the client
 * half, and children of the id go to the server half whose window holds their start (else the
 * first server half). Otherwise the later rows are duplicates (DuplicateId) and children of the
 * id go to the first row.
 */
import { SpanFlag, type SpanTable } from '../model/span-table.ts';
import { IdHash } from './id-hash.ts';
import { buildIdIndex } from './id-index.ts';
import { type RowIds, rowIds, TextId } from './row-ids.ts';
import { NodeFlag } from './types.ts';
import { assignToHalves } from './zipkin-halves.ts';

/** Parent value of an item at the top level. */
export const TOP = -1;
/** Parent value of a row dropped as a copy of an earlier row. */
export const DROPPED = -2;

export interface Links {
  readonly rowCount: number;
  readonly syntheticCount: number;
  /** Parent item of each item: TOP, DROPPED, a row, or a synthetic item (≥ rowCount). */
  readonly parent: Int32Array;
  /** NodeFlag bits per item (MissingParent, Orphan, DuplicateId). */
  readonly flags: Uint8Array;
  readonly copyCount: number;
  readonly duplicateCount: number;
  /** Spans with no parent id (server halves re-parented under their client excluded). */
  readonly rootCount: number;
  /** Spans whose parent id is not in the trace. */
  readonly orphanCount: number;
  /** The rows' ids as numbers (for nodeIdBytes). */
  readonly ids: RowIds;
}

interface Groups {
  /** Rows dropped as copies (null when there are none). */
  readonly dropped: Uint8Array | null;
  /** Rows that share their id with an earlier, different span (null when there are none). */
  readonly duplicate: Uint8Array | null;
  /** Server half row → its client half row. */
  readonly clientOf: Map<number, number>;
  /** First row of a Zipkin shared id → its server halves, in input order. */
  readonly serversOf: Map<number, number[]>;
  readonly copyCount: number;
  readonly duplicateCount: number;
}

function copyKey(table: SpanTable, ids: RowIds, r: number): string {
  const parent =
    ids.text !== null && ids.text[r] & TextId.Parent
      ? `t${table.parentIds[r]}`
      : `${ids.parent[2 * r]},${ids.parent[2 * r + 1]}`;
  return `${table.names[r]}\u0000${parent}\u0000${table.startNs[r]}\u0000${table.durNs[r]}\u0000${table.flags[r] & SpanFlag.Shared}`;
}

/** Sorts out every id held by more than one row (rare: the cost is per such row). */
function resolveGroups(
  table: SpanTable,
  ids: RowIds,
  idGroups: ReadonlyMap<number, readonly number[]>,
): Groups {
  const n = table.count;
  const dropped = idGroups.size > 0 ? new Uint8Array(n) : null;
  const duplicate = idGroups.size > 0 ? new Uint8Array(n) : null;
  const clientOf = new Map<number, number>();
  const serversOf = new Map<number, number[]>();
  let copyCount = 0;
  let duplicateCount = 0;
  for (const [head, rows] of idGroups) {
    const seen = new Set<string>();
    const kept: number[] = [];
    for (const r of rows) {
      const key = copyKey(table, ids, r);
      if (seen.has(key)) {
        (dropped as Uint8Array)[r] = 1;
        copyCount++;
      } else {
        seen.add(key);
        kept.push(r);
      }
    }
    if (kept.length === 1) continue;
    const servers = kept.filter((r) => table.flags[r] & SpanFlag.Shared);
    if (servers.length === kept.length - 1) {
      const client = kept.find((r) => !(table.flags[r] & SpanFlag.Shared)) as number;
      for (const s of servers) clientOf.set(s, client);
      serversOf.set(head, servers);
      continue;
    }
    for (let i = 1; i < kept.length; i++) (duplicate as Uint8Array)[kept[i]] = 1;
    duplicateCount += kept.length - 1;
  }
  return { dropped, duplicate, clientOf, serversOf, copyCount, duplicateCount };
}

export function resolveLinks(table: SpanTable): Links {
  const n = table.count;
  const ids = rowIds(table);
  const { parent: parentWords, text } = ids;
  const index = buildIdIndex(ids, table);
  const g = resolveGroups(table, ids, index.groups);
  const { dropped, duplicate, clientOf, serversOf } = g;
  // Synthetic parents are coded −3 − j until their count (and so the item count) is known.
  const coded = new Int32Array(n);
  /** Missing parent id → j: as words, or as text when not canonical. Made on the first orphan. */
  let missing: IdHash | null = null;
  const missingText = new Map<string, number>();
  let m = 0;
  /** Children of each Zipkin shared id, placed on a server half once all are known. */
  const childrenOfShared = new Map<number, number[]>();
  let rootCount = 0;
  let orphanCount = 0;
  for (let r = 0; r < n; r++) {
    if (dropped?.[r]) {
      coded[r] = DROPPED;
      continue;
    }
    const client = clientOf.size > 0 ? clientOf.get(r) : undefined;
    if (client !== undefined) {
      coded[r] = client;
      continue;
    }
    const textParent = text !== null && (text[r] & TextId.Parent) !== 0;
    const w0 = parentWords[2 * r];
    const w1 = parentWords[2 * r + 1];
    if (w0 === 0 && w1 === 0 && !textParent) {
      coded[r] = TOP;
      rootCount++;
      continue;
    }
    const head = index.parentRow(r);
    if (head >= 0) {
      coded[r] = head;
      if (serversOf.size > 0 && serversOf.has(head)) {
        const list = childrenOfShared.get(head);
        if (list) list.push(r);
        else childrenOfShared.set(head, [r]);
      }
      continue;
    }
    let j: number;
    if (textParent) {
      const pid = table.parentIds[r];
      j = missingText.get(pid) ?? -1;
      if (j < 0) {
        j = m++;
        missingText.set(pid, j);
      }
    } else {
      missing ??= new IdHash(16);
      j = missing.putIfAbsent(w0, w1, m);
      if (j < 0) j = m++;
    }
    coded[r] = -3 - j;
    orphanCount++;
  }

  for (const [head, children] of childrenOfShared) {
    const halves = assignToHalves(table, serversOf.get(head) as number[], children);
    children.forEach((r, i) => {
      coded[r] = halves[i];
    });
  }

  const parent = m === 0 ? coded : new Int32Array(n + m).fill(TOP);
  const flags = new Uint8Array(n + m).fill(NodeFlag.MissingParent, n);
  if (duplicate) for (let r = 0; r < n; r++) if (duplicate[r]) flags[r] = NodeFlag.DuplicateId;
  if (m > 0) {
    for (let r = 0; r < n; r++) {
      const c = coded[r];
      parent[r] = c <= -3 ? n - 3 - c : c;
      if (c <= -3) flags[r] |= NodeFlag.Orphan;
    }
  }
  return {
    rowCount: n,
    syntheticCount: m,
    parent,
    flags,
    copyCount: g.copyCount,
    duplicateCount: g.duplicateCount,
    rootCount,
    orphanCount,
    ids,
  };
}
