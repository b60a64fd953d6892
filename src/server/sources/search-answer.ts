/**
 * The traces an external store found → the Tempo search answer the local store gives for the same
 * traces: each trace summarised by the store's own per-trace totals (trace-rollup.ts: root, start,
 * duration, spans and errors per service), the TraceQL query evaluated on it by the core evaluator
 * (its span sets, as the local store answers them; a trace the upstream's looser matching let
 * through is dropped), the time window applied to the trace start, newest first, `limit` traces.
 */
import type { TempoSearchResponse, TempoSearchTrace } from '../../core/api/tempo-search.ts';
import { type SpanTable, spanName, spanService } from '../../core/model/span-table.ts';
import { evaluate } from '../../core/query/evaluate.ts';
import { traceForQuery } from '../../core/query/trace-adapter.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { BatchTotalsBuilder } from '../store/ingest/trace-rollup.ts';
import { clampLimit } from '../store/search/recent-traces.ts';
import { evaluatedSpanSets } from '../store/search/traceql/answer-spansets.ts';
import type { SearchParams } from '../store/types.ts';
import type { TranslatedQuery } from './search-terms.ts';
import type { SearchWindow } from './search-window.ts';

const NS_PER_MS = 1_000_000n;

/** Exact ns of a table offset (NaN: none). */
function absolute(table: SpanTable, offsetNs: number): bigint | null {
  return Number.isNaN(offsetNs) ? null : table.baseNs + BigInt(Math.round(offsetNs));
}

/** The summary the local store keeps for this trace, from the same totals code over the same spans. */
export function summarise(table: SpanTable): TempoSearchTrace {
  const totals = new BatchTotalsBuilder();
  for (let i = 0; i < table.count; i++) {
    const service = spanService(table, i);
    const dur = table.durNs[i];
    totals.add(
      i,
      {
        traceId: table.traceId,
        spanId: table.spanIds[i],
        parentId: table.parentIds[i],
        name: spanName(table, i),
        service,
        kind: table.kinds[i],
        status: table.statuses[i],
        startNs: absolute(table, table.startNs[i]),
        durNs: null,
        details: () => table.details(i),
      },
      service,
      Number.isNaN(dur) ? null : BigInt(Math.round(dur)),
    );
  }
  const [t] = totals.finish().traces;
  const start = t?.startNs ?? 0n;
  const end = t?.endNs ?? start;
  // No prototype: a service may be called __proto__.
  const serviceStats: Record<string, { spanCount: number; errorCount?: number }> = Object.create(null);
  for (const [name, c] of [...(t?.services ?? [])].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    serviceStats[name] = {
      spanCount: c.spanCount,
      ...(c.errorCount > 0 ? { errorCount: c.errorCount } : {}),
    };
  return {
    traceID: table.traceId,
    ...(t?.rootName != null ? { rootServiceName: t.rootService as string, rootTraceName: t.rootName } : {}),
    startTimeUnixNano: start.toString(),
    durationMs: Number((end - start) / 1_000_000n),
    serviceStats,
    spanSets: [],
  };
}

/** The trace starts in the window (which, from a search's range, is the local store's filter). */
function inWindow(startNs: bigint, window: SearchWindow): boolean {
  return startNs >= BigInt(window.startMs) * NS_PER_MS && startNs < BigInt(window.endMs) * NS_PER_MS;
}

/**
 * The search answer over the traces an upstream returned for `window` (`bytes`: the size of its
 * answers). Stores select by span start, the local store by trace start: the window is applied again.
 */
export function searchAnswer(
  tables: readonly SpanTable[],
  translated: TranslatedQuery,
  params: SearchParams,
  window: SearchWindow,
  bytes: number,
): TempoSearchResponse {
  const spss = Math.max(1, Math.floor(params.spss));
  const found: TempoSearchTrace[] = [];
  let spans = 0;
  for (const table of tables) {
    spans += table.count;
    const summary = summarise(table);
    if (!inWindow(BigInt(summary.startTimeUnixNano), window)) continue;
    if (!translated.query) {
      found.push(summary);
      continue;
    }
    const trace = traceForQuery(table, buildTree(table, { adjustClockSkew: false }));
    const result = evaluate(translated.query, trace);
    if (result.matched)
      found.push({ ...summary, spanSets: evaluatedSpanSets(trace, table.baseNs, result, spss) });
  }
  found.sort((a, b) => {
    const d = BigInt(b.startTimeUnixNano) - BigInt(a.startTimeUnixNano);
    return d !== 0n ? (d > 0n ? 1 : -1) : a.traceID < b.traceID ? -1 : a.traceID > b.traceID ? 1 : 0;
  });
  return {
    traces: found.slice(0, clampLimit(params.limit)),
    metrics: {
      inspectedTraces: tables.length,
      inspectedSpans: String(spans),
      inspectedBytes: String(bytes),
      completedJobs: 1,
      totalJobs: 1,
    },
  };
}
