/**
 * A validated pipeline compiled into functions from spansets to spansets, Tempo's engine model:
 * the query starts from one spanset holding every span of the trace, and each stage maps the list.
 *
 * - `{ … }` keeps, in each spanset, the spans the condition holds for (all of it on one span);
 *   spansets left empty go.
 * - `A && B`, `A || B`: per spanset, both / either side found spans; the result is the spans of
 *   both sides. Structural operators (structural.ts) relate the two sides' spans.
 * - `aggregate CMP n` keeps the spansets whose aggregate compares true (its value is recorded).
 * - `by(f)` splits each spanset by the value of f (spans without one form a group of their own).
 * - `select(…)` records fields to report for each result span; `coalesce()` merges all spansets.
 */
import { aggregate } from './aggregate.ts';
import type { Aggregate, FieldExpr, Pipeline, SpansetExpr, Stage } from './ast.ts';
import { compileField, type SpanValue } from './eval-field.ts';
import type { EvalTrace } from './eval-trace.ts';
import { formatField } from './format.ts';
import type { RegexCache } from './regex.ts';
import { unionAscending } from './span-marks.ts';
import { structural } from './structural.ts';
import { compare, isTrue, type MaybeValue, type Value } from './values.ts';

/** A value reported with a result: a by() key, an aggregate, a selected field. */
export interface NamedValue {
  /** As written in the query: `by(resource.service.name)`, `count()`, `span.http.url`. */
  readonly name: string;
  /** undefined: nil. */
  readonly value: MaybeValue;
}

export interface SelectedField {
  readonly name: string;
  readonly read: SpanValue;
}

export interface Spanset {
  /** Span numbers, ascending, without repeats. */
  readonly spans: readonly number[];
  readonly attributes: readonly NamedValue[];
  readonly selected: readonly SelectedField[];
}

export type StagePlan = (input: readonly Spanset[], x: EvalTrace) => Spanset[];

/** The name an aggregate's value is reported under: `count()`, `avg(duration)`. */
export function aggregateName(agg: Aggregate): string {
  return `${agg.fn}(${agg.arg ? formatField(agg.arg) : ''})`;
}

export function planPipeline(p: Pipeline, regexes: RegexCache): StagePlan {
  const stages = p.stages.map((s) => planStage(s, regexes));
  return (input, x) => stages.reduce<readonly Spanset[]>((sets, stage) => stage(sets, x), input) as Spanset[];
}

function planStage(s: Stage, regexes: RegexCache): StagePlan {
  switch (s.type) {
    case 'scalar-filter': {
      // The validator lets through `aggregate CMP constant` only.
      const agg = s.left as Aggregate;
      const read = agg.arg ? compileField(agg.arg, regexes) : null;
      const name = aggregateName(agg);
      const threshold = (s.right as { value: Value }).value;
      const op = s.op;
      return (input, x) => {
        const out: Spanset[] = [];
        for (const set of input) {
          const value = aggregate(agg.fn, read, set.spans, x);
          if (compare(op, value, threshold))
            out.push({ ...set, attributes: [...set.attributes, { name, value }] });
        }
        return out;
      };
    }
    case 'by':
      return planGroupBy(s.expr, regexes);
    case 'select': {
      const fields = s.fields.map((f) => ({ name: formatField(f), read: compileField(f, regexes) }));
      return (input) => input.map((set) => ({ ...set, selected: [...set.selected, ...fields] }));
    }
    case 'coalesce':
      return (input) => {
        if (input.length === 0) return [];
        const spans = unionAscending(input.map((set) => set.spans));
        const selected = input.flatMap((set) => set.selected);
        return [
          {
            spans,
            attributes: [],
            selected: selected.filter((f, i) => selected.findIndex((g) => g.name === f.name) === i),
          },
        ];
      };
    default:
      return planSpanset(s, regexes);
  }
}

function planSpanset(e: SpansetExpr, regexes: RegexCache): StagePlan {
  switch (e.type) {
    case 'pipeline':
      return planPipeline(e, regexes);
    case 'filter': {
      if (!e.expr) return (input) => input.filter((set) => set.spans.length > 0);
      const condition = compileField(e.expr, regexes);
      return (input, x) => {
        const out: Spanset[] = [];
        for (const set of input) {
          const spans = set.spans.filter((s) => isTrue(condition(x, s)));
          if (spans.length > 0) out.push({ ...set, spans });
        }
        return out;
      };
    }
    case 'spanset-op': {
      const left = planSpanset(e.left, regexes);
      const right = planSpanset(e.right, regexes);
      const op = e.op;
      return (input, x) => {
        const out: Spanset[] = [];
        for (const set of input) {
          const lhs = left([set], x);
          const rhs = right([set], x);
          let spans: number[];
          if (op === '&&') spans = lhs.length > 0 && rhs.length > 0 ? spansOf([...lhs, ...rhs]) : [];
          else if (op === '||') spans = spansOf([...lhs, ...rhs]);
          // Several spansets on a side (after by()) are taken together (Tempo refuses them).
          else spans = rhs.length === 0 ? [] : structural(op, spansOf(lhs), spansOf(rhs), x.trace, x.marks);
          if (spans.length > 0) out.push({ ...set, spans });
        }
        return out;
      };
    }
  }
}

function spansOf(sets: readonly Spanset[]): number[] {
  return sets.length === 0 ? [] : unionAscending(sets.map((set) => set.spans));
}

function planGroupBy(expr: FieldExpr, regexes: RegexCache): StagePlan {
  const read = compileField(expr, regexes);
  const name = `by(${formatField(expr)})`;
  return (input, x) => {
    const out: Spanset[] = [];
    for (const set of input) {
      const groups = new Map<string, { value: MaybeValue; spans: number[] }>();
      for (const s of set.spans) {
        const value = read(x, s);
        const key = keyOf(value);
        const group = groups.get(key);
        if (group) group.spans.push(s);
        else groups.set(key, { value, spans: [s] });
      }
      for (const { value, spans } of groups.values())
        out.push({ ...set, spans, attributes: [...set.attributes, { name, value }] });
    }
    return out;
  };
}

/** A value as a grouping key: equal values (of one type) give equal keys. */
function keyOf(v: MaybeValue): string {
  if (v === undefined) return 'nil';
  if (v.type === 'array' || v.type === 'multi') return `${v.type}[${v.value.map(keyOf).join(',')}]`;
  return `${v.type}:${String(v.value)}`;
}
