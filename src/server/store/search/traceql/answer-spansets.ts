/**
 * Span sets of a TraceQL answer in Tempo's shape, from either path: the evaluator's result over a
 * loaded trace, or the spans SQL found (span-conditions.ts). A span set lists its first `spss` spans,
 * earliest first (then by span id), with `matched` the number it holds; a span carries what
 * select() asked for and `status` when it is in error; a span set carries its by() keys and
 * aggregate values. Values as Tempo writes them: ints, floats, strings, booleans; durations,
 * statuses and kinds as text.
 */
import type {
  AnyValueJson,
  KeyValueJson,
  TempoSearchSpan,
  TempoSpanSet,
} from '../../../../core/api/tempo-search.ts';
import { StatusCode } from '../../../../core/model/types.ts';
import type { QueryResult } from '../../../../core/query/evaluate.ts';
import { formatDuration } from '../../../../core/query/format.ts';
import type { NamedValue } from '../../../../core/query/plan.ts';
import type { TableQueryTrace } from '../../../../core/query/trace-adapter.ts';
import type { MaybeValue } from '../../../../core/query/values.ts';
import type { ExactTrace } from './span-conditions.ts';

const ERROR_STATUS: KeyValueJson = { key: 'status', value: { stringValue: 'error' } };

function doubleJson(d: number): AnyValueJson {
  return { doubleValue: Number.isFinite(d) ? d : String(d) };
}

export function anyValueOf(v: MaybeValue): AnyValueJson | undefined {
  if (v === undefined) return undefined;
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'int':
      return { intValue: v.value.toString() };
    case 'float':
      return doubleJson(v.value);
    case 'duration':
      return { stringValue: formatDuration(v.value) };
    case 'bool':
      return { boolValue: v.value };
    case 'status':
    case 'kind':
      return { stringValue: v.value };
    case 'array':
    case 'multi':
      return {
        arrayValue: { values: v.value.map(anyValueOf).filter((x): x is AnyValueJson => x !== undefined) },
      };
  }
}

function keyValues(values: readonly NamedValue[]): KeyValueJson[] {
  const out: KeyValueJson[] = [];
  for (const { name, value } of values) {
    const v = anyValueOf(value);
    if (v) out.push({ key: name, value: v });
  }
  return out;
}

function spanJson(
  spanId: string,
  name: string,
  startNs: bigint | null,
  durNs: number | bigint,
  error: boolean,
  selected: readonly NamedValue[],
): TempoSearchSpan {
  const attributes = keyValues(selected);
  if (error && !attributes.some((a) => a.key === 'status')) attributes.push(ERROR_STATUS);
  return {
    spanID: spanId,
    name,
    ...(startNs !== null ? { startTimeUnixNano: startNs.toString() } : {}),
    durationNanos: (typeof durNs === 'bigint' ? durNs : BigInt(Math.max(0, Math.round(durNs)))).toString(),
    ...(attributes.length > 0 ? { attributes } : {}),
  };
}

/**
 * The evaluator's spansets of one trace (`baseNs`: the table's time origin). `storedStartNs`, where
 * the caller has them, gives a table row's start as stored, so that these answers carry the same
 * nanoseconds as SQL's even for a trace whose float offsets are not exact; else the tree's start.
 */
export function evaluatedSpanSets(
  trace: TableQueryTrace,
  baseNs: bigint,
  result: QueryResult,
  spss: number,
  storedStartNs?: (row: number) => bigint | null,
): TempoSpanSet[] {
  const startOf = (span: number): bigint | null => {
    const stored = storedStartNs?.(trace.rowOf(span));
    if (stored !== undefined && stored !== null) return stored;
    const start = trace.startNs(span);
    return Number.isNaN(start) ? null : baseNs + BigInt(Math.round(start));
  };
  return result.spansets.map((set) => {
    const starts = set.spans.map(startOf);
    const order = set.spans.map((_, i) => i);
    order.sort((a, b) => {
      const x = starts[a];
      const y = starts[b];
      if (x !== null && y !== null && x !== y) return x < y ? -1 : 1;
      const p = trace.spanId(set.spans[a]);
      const q = trace.spanId(set.spans[b]);
      return p < q ? -1 : p > q ? 1 : a - b;
    });
    const spans = order.slice(0, spss).map((i) => {
      const s = set.spans[i];
      return spanJson(
        trace.spanId(s),
        trace.name(s),
        starts[i],
        trace.spanDurationNs(s),
        trace.status(s) === StatusCode.Error,
        set.selected[i] ?? [],
      );
    });
    const attributes = keyValues(set.attributes);
    return { spans, matched: set.spans.length, ...(attributes.length > 0 ? { attributes } : {}) };
  });
}

/** The one spanset of a trace SQL answered, with its aggregates' values. */
export function exactSpanSet(t: ExactTrace, aggregates: readonly NamedValue[]): TempoSpanSet {
  const attributes = keyValues(aggregates);
  return {
    spans: t.spans.map((s) =>
      spanJson(
        s.spanId,
        s.name,
        s.startNs,
        s.durNs !== null && s.durNs > 0n ? s.durNs : 0n,
        s.status === StatusCode.Error,
        [],
      ),
    ),
    matched: t.matched,
    ...(attributes.length > 0 ? { attributes } : {}),
  };
}
