/**
 * A diff's merged nodes ↔ the span ids a link names them by (DESIGN §5 `/diff/<a>/<b>?span=`): B's
 * span, or A's when B has none (a removed span). The diff page and the server's diff preview read
 * `span` alike.
 */
import { nodeOfSpanId, spanIdOf, type TraceColumns } from '../layout/trace-columns.ts';
import type { TraceDiff } from './types.ts';

/** Both traces' columns and the merged tree's node maps. */
export interface DiffSpanSides {
  readonly tree: Pick<TraceDiff, 'nodeCount' | 'aNode' | 'bNode' | 'nodeOfA' | 'nodeOfB'>;
  readonly a: TraceColumns;
  readonly b: TraceColumns;
}

/** The merged node showing `spanId`: B's span, else A's (a removed span); -1 when neither has it. */
export function nodeOfDiffSpan(m: DiffSpanSides, spanId: string | null): number {
  if (!spanId) return -1;
  const y = nodeOfSpanId(m.b, spanId);
  if (y >= 0) return m.tree.nodeOfB[y];
  const x = nodeOfSpanId(m.a, spanId);
  return x >= 0 ? m.tree.nodeOfA[x] : -1;
}

/** The span id a link names merged node k by: B's span, or A's when it has none in B. */
export function diffSpanId(m: DiffSpanSides, k: number): string | null {
  if (k < 0 || k >= m.tree.nodeCount) return null;
  const y = m.tree.bNode[k];
  return y >= 0 ? spanIdOf(m.b, y) : spanIdOf(m.a, m.tree.aNode[k]);
}
