/**
 * Which traces to offer for a comparison with this one: other traces of the same root service and
 * operation, those with the other outcome first (a failing trace is compared with successful ones
 * and vice versa), then the most similar in structure (the services they touch and their size),
 * then the newest. And which side each takes: A is the baseline, B the trace under study (the
 * failing one when exactly one fails).
 */
import type { TraceRow } from './api-types.ts';

export interface TraceShape {
  readonly traceId: string;
  readonly spanCount: number | null;
  readonly errorCount: number | null;
  readonly services: readonly string[];
}

/** Similarity of two traces' shapes in [0, 1]: shared services, and sizes of one order. */
export function similarity(a: TraceShape, b: TraceShape): number {
  const sa = new Set(a.services);
  const shared = b.services.filter((s) => sa.has(s)).length;
  const union = sa.size + b.services.length - shared;
  const services = union === 0 ? 1 : shared / union;
  const size = Math.abs(Math.log(((a.spanCount ?? 0) + 1) / ((b.spanCount ?? 0) + 1)));
  return services / (1 + size);
}

const fails = (t: TraceShape) => (t.errorCount ?? 0) > 0;

/** The other traces, best candidates first. */
export function rankCandidates(self: TraceShape, rows: readonly TraceRow[]): TraceRow[] {
  const others = rows.filter((r) => r.traceId !== self.traceId);
  const score = new Map(others.map((r) => [r, similarity(self, r)] as const));
  const otherOutcome = (r: TraceRow) => (fails(r) !== fails(self) ? 0 : 1);
  return others.sort(
    (x, y) =>
      otherOutcome(x) - otherOutcome(y) ||
      score.get(y)! - score.get(x)! ||
      (y.startMs ?? 0) - (x.startMs ?? 0),
  );
}

/** The diff's sides: the baseline A and the trace under study B (the failing one, when one fails). */
export function diffSides(self: TraceShape, other: TraceShape): { a: string; b: string } {
  if (fails(self) && !fails(other)) return { a: other.traceId, b: self.traceId };
  if (fails(other) && !fails(self)) return { a: self.traceId, b: other.traceId };
  return { a: other.traceId, b: self.traceId };
}

/** The TraceQL that finds the traces of a root service and operation. */
export function sameRootQuery(rootService: string, rootName: string): string {
  return `{ trace:rootService = ${JSON.stringify(rootService)} && trace:rootName = ${JSON.stringify(rootName)} }`;
}
