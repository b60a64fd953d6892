/**
 * A SpanTable and its TraceTree as a QueryTrace. Spans are the tree's real nodes in pre-order (so
 * ascending span numbers read like the waterfall); copies dropped by the tree builder are not
 * spans, synthetic "missing parent" nodes neither (an orphan's parent is -1, its parentId the
 * missing id). Times are the tree's (missing-time rules applied). Span details (attributes,
 * events, links, scope, status message) are read only when a query asks for them.
 */
import { parentIdAt, type SpanTable, spanName, spanService } from '../model/span-table.ts';
import { type AttrValue, findAttr, type SpanKind, type StatusCode, str } from '../model/types.ts';
import type { TraceTree } from '../tree/types.ts';
import type { LookupScope, QueryEvent, QueryLink, QueryTrace } from './query-trace.ts';

/** A QueryTrace over a table and its tree, which also maps its spans back to nodes and rows. */
export interface TableQueryTrace extends QueryTrace {
  /** Tree node of span i. */
  nodeOf(span: number): number;
  /** Table row of span i. */
  rowOf(span: number): number;
}

export function traceForQuery(table: SpanTable, tree: TraceTree): TableQueryTrace {
  const spanOfNode = new Int32Array(tree.nodeCount).fill(-1);
  let count = 0;
  for (let k = 0; k < tree.nodeCount; k++) if (tree.row[k] >= 0) spanOfNode[k] = count++;
  const nodeOfSpan = new Int32Array(count);
  for (let k = 0; k < tree.nodeCount; k++) if (spanOfNode[k] >= 0) nodeOfSpan[spanOfNode[k]] = k;
  const rowOf = (i: number) => tree.row[nodeOfSpan[i]];
  const details = (i: number) => table.details(rowOf(i));

  let durationNs: number | undefined;
  let root: number | undefined;
  const rootSpan = (): number => {
    if (root === undefined) {
      root = -1;
      for (let i = 0; i < count && root < 0; i++) if (parentIdAt(table, rowOf(i)) === '') root = i;
    }
    return root;
  };

  return {
    traceId: table.traceId,
    spanCount: count,
    get durationNs(): number {
      if (durationNs === undefined) {
        let min = Number.POSITIVE_INFINITY;
        let max = Number.NEGATIVE_INFINITY;
        for (const k of nodeOfSpan) {
          min = Math.min(min, tree.startNs[k]);
          max = Math.max(max, tree.endNs[k]);
        }
        durationNs = count > 0 ? max - min : 0;
      }
      return durationNs;
    },
    get rootName() {
      const r = rootSpan();
      return r < 0 ? undefined : spanName(table, rowOf(r));
    },
    get rootService() {
      const r = rootSpan();
      return r < 0 ? undefined : spanService(table, rowOf(r));
    },
    nodeOf: (i) => nodeOfSpan[i],
    rowOf,
    parent: (i) => {
      const p = tree.parent[nodeOfSpan[i]];
      return p < 0 ? -1 : spanOfNode[p];
    },
    childCount: (i) => tree.childCount[nodeOfSpan[i]],
    spanId: (i) => tree.spanIdOf(nodeOfSpan[i]),
    parentId: (i) => parentIdAt(table, rowOf(i)),
    name: (i) => spanName(table, rowOf(i)),
    service: (i) => spanService(table, rowOf(i)),
    kind: (i) => table.kinds[rowOf(i)] as SpanKind,
    status: (i) => table.statuses[rowOf(i)] as StatusCode,
    statusMessage: (i) => details(i).statusMessage,
    startNs: (i) => tree.startNs[nodeOfSpan[i]],
    spanDurationNs: (i) => tree.endNs[nodeOfSpan[i]] - tree.startNs[nodeOfSpan[i]],
    attribute: (i: number, scope: LookupScope, key: string): AttrValue | undefined => {
      // The service column already holds resource service.name (or unknown_service): no decoding.
      if (scope === 'resource' && key === 'service.name') return str(spanService(table, rowOf(i)));
      const d = details(i);
      const attrs =
        scope === 'span' ? d.attributes : scope === 'resource' ? d.resource.attributes : d.scope.attributes;
      return findAttr(attrs, key);
    },
    events: (i): QueryEvent[] => {
      // Event times are raw, so they are measured from the raw start (the tree's may be skew-adjusted).
      const raw = table.startNs[rowOf(i)];
      const startNs = Number.isNaN(raw) ? tree.startNs[nodeOfSpan[i]] : raw;
      return details(i).events.map((e) => ({
        name: e.name,
        sinceStartNs: Number(e.timeNs - table.baseNs) - startNs,
        attributes: e.attributes,
      }));
    },
    links: (i): QueryLink[] =>
      details(i).links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: l.attributes })),
    instrumentation: (i) => {
      const scope = details(i).scope;
      return { name: scope.name, version: scope.version };
    },
  };
}
