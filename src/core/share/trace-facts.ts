/**
 * What a trace says about itself when it is shared (a chat message, a link preview): its root
 * operation, start, duration, size, services and errors, a few error spans listed with their
 * messages. Counts and duration are the TraceSummary's (the core tree builder's, as the trace
 * header shows them), names and errors come from the nodes (columns, or the tree and its labels);
 * the messages of the nodes `listedErrorNodes` picks are read by the caller (the browser asks its
 * worker, the server the store).
 */
import { NodeFlag, rootNode, type TraceColumns } from '../layout/trace-columns.ts';
import { attrValueToString, type SpanDetails } from '../model/types.ts';
import type { TraceSummary, TraceTree } from '../tree/types.ts';

/** Error spans listed by name; the rest are counted. */
export const LISTED_ERRORS = 5;

export interface SpanLabel {
  readonly service: string;
  readonly name: string;
}

export interface ErrorFact extends SpanLabel {
  /** The span's status message, else its exception's type and message; '' when it has none. */
  readonly message: string;
}

export interface TraceFacts {
  readonly traceId: string;
  /** The first real root; null for a trace without spans. */
  readonly root: SpanLabel | null;
  /** The trace's start, ms since the epoch. */
  readonly startMs: number;
  readonly durationNs: number;
  readonly spanCount: number;
  readonly services: readonly string[];
  readonly errorCount: number;
  /** At most LISTED_ERRORS error spans (listedErrorNodes' order). */
  readonly errors: readonly ErrorFact[];
}

/**
 * What the facts read per node: the laid-out columns, or a tree with its labels (columns-from-tree.ts
 * `nodeLabels`) when the layout is not wanted.
 */
export type FactsSource = Pick<
  TraceColumns,
  'nodeCount' | 'depth' | 'subtreeEnd' | 'flags' | 'strings' | 'service' | 'name'
>;

/**
 * The error spans to list, at most `max`: first those where an error starts (no error span below
 * them: the cause rather than the callers it failed), then the others, each in row order. O(n).
 */
export function listedErrorNodes(
  c: Pick<FactsSource, 'nodeCount' | 'subtreeEnd' | 'flags'>,
  max = LISTED_ERRORS,
): number[] {
  const isError = (k: number) => (c.flags[k] & NodeFlag.Error) !== 0;
  // `next`: the first error node after k in pre-order (nodeCount when none).
  const origins: number[] = [];
  const others: number[] = [];
  let next = c.nodeCount;
  const originAt = new Uint8Array(c.nodeCount);
  for (let k = c.nodeCount - 1; k >= 0; k--) {
    if (!isError(k)) continue;
    if (next >= c.subtreeEnd[k]) originAt[k] = 1;
    next = k;
  }
  for (let k = 0; k < c.nodeCount && origins.length < max; k++) if (originAt[k]) origins.push(k);
  for (let k = 0; k < c.nodeCount && origins.length + others.length < max; k++)
    if (isError(k) && !originAt[k]) others.push(k);
  return [...origins, ...others];
}

/** What a failed span says went wrong: its status message, else its exception's type and message. */
export function errorMessageOf(d: SpanDetails): string {
  if (d.statusMessage.trim()) return d.statusMessage;
  for (const e of d.events) {
    if (e.name !== 'exception') continue;
    const get = (key: string) => {
      const a = e.attributes.find((x) => x.key === key);
      return a ? attrValueToString(a.value) : '';
    };
    const type = get('exception.type');
    const message = get('exception.message');
    if (type || message) return type && message ? `${type}: ${message}` : type || message;
  }
  return '';
}

/** The messages of these nodes from the tree's spans (whose details must be at hand), by node. */
export function errorMessages(tree: TraceTree, nodes: readonly number[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const k of nodes) {
    const row = tree.row[k];
    if (row >= 0) out.set(k, errorMessageOf(tree.table.details(row)));
  }
  return out;
}

export function traceFacts(
  c: FactsSource,
  summary: TraceSummary,
  baseNs: bigint,
  /** Messages of the listed error nodes, by node (absent: no message). */
  messages: ReadonlyMap<number, string>,
): TraceFacts {
  const root = rootNode(c);
  const label = (k: number): SpanLabel => ({
    service: c.strings[c.service[k]],
    name: c.strings[c.name[k]],
  });
  return {
    traceId: summary.traceId,
    root: root >= 0 ? label(root) : null,
    startMs: Number(baseNs / 1_000_000n),
    durationNs: summary.durationUs * 1000,
    spanCount: summary.spanCount,
    services: summary.services,
    errorCount: summary.errorCount,
    errors: listedErrorNodes(c).map((k) => ({ ...label(k), message: messages.get(k) ?? '' })),
  };
}
