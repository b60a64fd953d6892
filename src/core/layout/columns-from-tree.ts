/**
 * Turns a TraceTree (worker side) into the TraceColumns the main thread draws from: fresh arrays
 * (so they can be transferred while the worker keeps its tree), names and services resolved per
 * node, span ids as bytes, and event times moved with their span when clock skew moved it.
 */
import type { TraceTree } from '../tree/types.ts';
import { buildSpanIndex } from './span-index.ts';
import { NodeFlag, type TraceColumns } from './trace-columns.ts';

/** Label of a synthetic node standing for a parent span missing from the trace. */
export const MISSING_PARENT_LABEL = 'missing parent span';

export interface NodeLabels {
  /** The table's strings, then '' and MISSING_PARENT_LABEL (what synthetic nodes are named). */
  readonly strings: readonly string[];
  /** Per node: index into `strings` of its service and span name. */
  readonly service: Uint32Array;
  readonly name: Uint32Array;
}

/** Service and name of every node (synthetic nodes: '' and the "missing parent" label). */
export function nodeLabels(tree: TraceTree): NodeLabels {
  const table = tree.table;
  const n = tree.nodeCount;
  const strings = [...table.strings];
  const emptyIdx = strings.length;
  strings.push('', MISSING_PARENT_LABEL);
  const service = new Uint32Array(n).fill(emptyIdx);
  const name = new Uint32Array(n).fill(emptyIdx + 1);
  for (let k = 0; k < n; k++) {
    const r = tree.row[k];
    if (r < 0) continue;
    service[k] = table.services[r];
    name[k] = table.names[r];
  }
  return { strings, service, name };
}

/** `selfNs` comes from core/analysis (self time per node); it is copied, not kept. */
export function columnsFromTree(tree: TraceTree, selfNs: Float64Array): TraceColumns {
  const table = tree.table;
  const n = tree.nodeCount;
  const { strings, service, name } = nodeLabels(tree);
  const kind = new Uint8Array(n);
  const spanIdBytes = tree.spanIdBytes();
  const eventStart = new Uint32Array(n + 1);
  let eventTotal = 0;
  for (let k = 0; k < n; k++) {
    const r = tree.row[k];
    if (r >= 0) eventTotal += table.eventStart[r + 1] - table.eventStart[r];
  }
  const eventNs = new Float64Array(eventTotal);
  let e = 0;
  let durationNs = 0;
  for (let k = 0; k < n; k++) {
    const r = tree.row[k];
    eventStart[k] = e;
    if (tree.endNs[k] > durationNs) durationNs = tree.endNs[k];
    if (r < 0) continue;
    kind[k] = table.kinds[r];
    const from = table.eventStart[r];
    const to = table.eventStart[r + 1];
    if (to > from) {
      const raw = table.startNs[r];
      const shift = Number.isNaN(raw) ? 0 : tree.startNs[k] - raw;
      let sorted = true;
      for (let i = from; i < to; i++) {
        eventNs[e + i - from] = table.eventNs[i] + shift;
        if (i > from && table.eventNs[i] < table.eventNs[i - 1]) sorted = false;
      }
      if (!sorted) eventNs.subarray(e, e + to - from).sort();
      e += to - from;
    }
  }
  eventStart[n] = e;
  const flags = tree.nodeFlags.slice();
  return {
    nodeCount: n,
    parent: tree.parent.slice(),
    depth: tree.depth.slice(),
    subtreeEnd: tree.subtreeEnd.slice(),
    childCount: tree.childCount.slice(),
    startNs: tree.startNs.slice(),
    endNs: tree.endNs.slice(),
    selfNs: selfNs.slice(),
    service,
    name,
    flags,
    kind,
    spanIdBytes,
    spanIndex: buildSpanIndex({ nodeCount: n, spanIdBytes, flags }),
    eventStart,
    eventNs,
    strings,
    durationNs,
  };
}

export { NodeFlag };
