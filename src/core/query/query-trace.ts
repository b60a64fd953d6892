/**
 * What the evaluator reads of one trace: a small interface so that the store, the browser worker
 * and the CLI can each give their own trace representation (trace-adapter.ts adapts a SpanTable and
 * its TraceTree). Spans are numbered 0 … spanCount-1; attribute, event, link and scope reads may be
 * costly (details decoded on demand), so the evaluator asks for them only when a query needs them.
 */
import type { Attribute, AttrValue, SpanKind, StatusCode } from '../model/types.ts';

export interface QueryEvent {
  readonly name: string;
  /** Event time minus the span's start, in ns. */
  readonly sinceStartNs: number;
  readonly attributes: readonly Attribute[];
}

export interface QueryLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: readonly Attribute[];
}

/** The attribute scopes a span answers by key (event and link attributes come with their events and links). */
export type LookupScope = 'span' | 'resource' | 'instrumentation';

export interface QueryTrace {
  readonly traceId: string;
  readonly spanCount: number;
  /** Latest end minus earliest start, in ns. */
  readonly durationNs: number;
  /** Name and service of the root span (the first span without a parent), undefined when there is none. */
  readonly rootName: string | undefined;
  readonly rootService: string | undefined;

  /** Index of the parent span, or -1 (a root, or an orphan whose parent is not in the trace). */
  parent(span: number): number;
  /** Number of spans whose parent is this one. */
  childCount(span: number): number;
  spanId(span: number): string;
  /** The parent span id as the span gives it ('' for none), even when that span is missing. */
  parentId(span: number): string;
  name(span: number): string;
  service(span: number): string;
  kind(span: number): SpanKind;
  status(span: number): StatusCode;
  statusMessage(span: number): string;
  /** Start offset in ns (from any fixed origin of the trace). */
  startNs(span: number): number;
  spanDurationNs(span: number): number;
  attribute(span: number, scope: LookupScope, key: string): AttrValue | undefined;
  events(span: number): readonly QueryEvent[];
  links(span: number): readonly QueryLink[];
  instrumentation(span: number): { readonly name: string; readonly version: string };
}
