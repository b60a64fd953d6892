/**
 * OTLP protobuf ExportTraceServiceRequest → TraceSetBuilder, decoded by protobufjs from the repo's
 * .proto schema (no hand-written wire decoder). Ids arrive as bytes; fixed64 times as Long → bigint.
 * `walkProtoSpans` is the span-by-span part (ids checked, hot fields read, partial success), shared
 * with the store, which turns the messages into rows without SpanDetails (server/store/ingest/proto-batch.ts).
 */
import { bytesToHex } from '../../model/ids.ts';
import type { SpanInput, TraceSetBuilder } from '../../model/span-table.ts';
import type { InstrumentationScope, Resource, SpanDetails } from '../../model/types.ts';
import {
  type OtlpDecodeOptions,
  type OtlpDecodeResult,
  parseSpanKind,
  parseStatusCode,
  SpanOutcome,
  TraceWarnings,
} from '../otlp-common.ts';
import { FormatError } from '../types.ts';
import { fromProtoKeyValues } from './any-value.ts';
import {
  idProblem,
  isZero,
  linkProblem,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  unreadableLinks,
} from './id-bytes.ts';
import { longToBigInt } from './long.ts';
import {
  decodeRequest,
  type ProtoEvent,
  type ProtoResourceSpans,
  type ProtoScopeSpans,
  type ProtoSpan,
  standardDecode,
} from './messages.ts';

const LABEL = 'OTLP protobuf';
const NO_BYTES = new Uint8Array(0);

/** Where a span is in the request, as rejection messages name it. */
export interface SpanAt {
  readonly r: number;
  readonly s: number;
  readonly i: number;
}

export function spanPath(at: SpanAt): string {
  return `resource_spans[${at.r}].scope_spans[${at.s}].spans[${at.i}]`;
}

/** Hex of a checked id (8-byte trace ids are left-padded); throws FormatError naming the field. */
export function checkedId(
  raw: Uint8Array | undefined,
  at: SpanAt,
  field: string,
  what: string,
  lengths: readonly number[],
  hexLen: number,
): string {
  const problem = idProblem(raw, what, lengths);
  if (problem !== null) throw new FormatError(LABEL, `${spanPath(at)}.${field}`, problem);
  const hex = bytesToHex(raw as Uint8Array);
  return hex.length === hexLen ? hex : hex.padStart(hexLen, '0');
}

/** Trace ids repeat from span to span: the hex of the last one is kept with its bytes. */
class TraceIdCache {
  private bytes: Uint8Array = NO_BYTES;
  private hex = '';

  hexOf(raw: Uint8Array | undefined, at: SpanAt): string {
    if (raw && raw.length === this.bytes.length && raw.length > 0) {
      let same = true;
      for (let i = 0; i < raw.length; i++) {
        if (raw[i] !== this.bytes[i]) {
          same = false;
          break;
        }
      }
      if (same) return this.hex;
    }
    this.hex = checkedId(raw, at, 'trace_id', 'trace id', TRACE_ID_BYTES, 32);
    this.bytes = raw as Uint8Array;
    return this.hex;
  }
}

export function readResource(r: ProtoResourceSpans): Resource {
  return {
    attributes: fromProtoKeyValues(r.resource?.attributes),
    droppedAttributesCount: r.resource?.dropped_attributes_count || undefined,
    ...(r.schema_url ? { schemaUrl: r.schema_url } : {}),
  };
}

export function readScope(s: ProtoScopeSpans): InstrumentationScope {
  return {
    name: s.scope?.name ?? '',
    version: s.scope?.version ?? '',
    attributes: fromProtoKeyValues(s.scope?.attributes),
    droppedAttributesCount: s.scope?.dropped_attributes_count || undefined,
    ...(s.schema_url ? { schemaUrl: s.schema_url } : {}),
  };
}

function readDetails(span: ProtoSpan, resource: Resource, scope: InstrumentationScope): SpanDetails {
  return {
    attributes: fromProtoKeyValues(span.attributes),
    events: (span.events ?? []).map((e) => ({
      timeNs: longToBigInt(e.time_unix_nano, false),
      name: e.name ?? '',
      attributes: fromProtoKeyValues(e.attributes),
      droppedAttributesCount: e.dropped_attributes_count || undefined,
    })),
    links: (span.links ?? [])
      .filter((l) => linkProblem(l) === null)
      .map((l) => ({
        traceId: bytesToHex(l.trace_id ?? NO_BYTES).padStart(32, '0'),
        spanId: bytesToHex(l.span_id ?? NO_BYTES).padStart(16, '0'),
        traceState: l.trace_state ?? '',
        attributes: fromProtoKeyValues(l.attributes),
        droppedAttributesCount: l.dropped_attributes_count || undefined,
        flags: l.flags || undefined,
      })),
    resource,
    scope,
    statusMessage: span.status?.message ?? '',
    traceState: span.trace_state ?? '',
    flags: span.flags ?? 0,
    droppedAttributesCount: span.dropped_attributes_count || undefined,
    droppedEventsCount: span.dropped_events_count || undefined,
    droppedLinksCount: (span.dropped_links_count ?? 0) + unreadableLinks(span.links) || undefined,
  };
}

/** The first service.name string attribute of the resource. */
export function protoServiceName(r: ProtoResourceSpans): string | undefined {
  for (const kv of r.resource?.attributes ?? []) {
    if (kv.key === 'service.name' && kv.value?.value === 'string_value') return kv.value.string_value;
  }
  return undefined;
}

/** The span's hot fields; `details` is passed through as it is. Throws FormatError for bad ids. */
function readSpan(
  span: ProtoSpan,
  at: SpanAt,
  service: string | undefined,
  details: SpanInput['details'],
  traceIds: TraceIdCache,
  warnings: TraceWarnings,
  outcome: SpanOutcome,
): SpanInput {
  const traceId = traceIds.hexOf(span.trace_id, at);
  const spanId = checkedId(span.span_id, at, 'span_id', 'span id', SPAN_ID_BYTES, 16);
  const rawParent = span.parent_span_id;
  let parentId = '';
  if (rawParent && rawParent.length > 0 && !isZero(rawParent)) {
    parentId = checkedId(rawParent, at, 'parent_span_id', 'parent span id', SPAN_ID_BYTES, 16);
  }
  const links = span.links;
  if (links) {
    for (let i = 0; i < links.length; i++) {
      const problem = linkProblem(links[i]);
      if (problem !== null) outcome.droppedLink(warnings, traceId, `${spanPath(at)}.links[${i}]`, problem);
    }
  }
  const start = longToBigInt(span.start_time_unix_nano, false);
  const end = longToBigInt(span.end_time_unix_nano, false);
  const startNs = start === 0n ? null : start;
  let kind = parseSpanKind(span.kind);
  if (kind === null) {
    warnings.note(traceId, `unknown span kind ${span.kind} read as unspecified`);
    kind = 0;
  }
  let status = parseStatusCode(span.status?.code);
  if (status === null) {
    warnings.note(traceId, `unknown status code ${span.status?.code} read as unset`);
    status = 0;
  }
  const eventTimesNs = span.events ? eventTimesOf(span.events, startNs) : undefined;
  return {
    traceId,
    spanId,
    parentId,
    name: span.name ?? '',
    service,
    kind,
    status,
    startNs,
    durNs: startNs !== null && end !== 0n ? end - start : null,
    eventTimesNs,
    details,
  };
}

/** Receives each readable span with the messages it came from. */
export type ProtoSpanVisitor = (
  input: SpanInput,
  span: ProtoSpan,
  resourceSpans: ProtoResourceSpans,
  scopeSpans: ProtoScopeSpans,
) => void;

/**
 * Reads every span of decoded resource_spans, in order: spans with bad ids are rejected (or thrown,
 * per `options`), the others go to `visit` with `details(span)` as their details (or with a shared
 * `details` value when it is not a function: a caller that reads the messages itself).
 */
export function walkProtoSpans(
  resourceSpans: readonly ProtoResourceSpans[],
  options: OtlpDecodeOptions | undefined,
  warnings: TraceWarnings,
  details: ((span: ProtoSpan, rs: ProtoResourceSpans, ss: ProtoScopeSpans) => SpanDetails) | SpanDetails,
  visit: ProtoSpanVisitor,
): OtlpDecodeResult {
  const outcome = new SpanOutcome(options);
  const traceIds = new TraceIdCache();
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r];
    const service = protoServiceName(rs);
    const scopeSpans = rs.scope_spans ?? [];
    for (let s = 0; s < scopeSpans.length; s++) {
      const ss = scopeSpans[s];
      const spans = ss.spans ?? [];
      for (let i = 0; i < spans.length; i++) {
        const span = spans[i];
        let input: SpanInput;
        try {
          input = readSpan(
            span,
            { r, s, i },
            service,
            typeof details === 'function' ? () => details(span, rs, ss) : details,
            traceIds,
            warnings,
            outcome,
          );
        } catch (error) {
          outcome.failed(error);
          continue;
        }
        visit(input, span, rs, ss);
        outcome.result.spanCount++;
      }
    }
  }
  return outcome.result;
}

/** Adds every span of an OTLP protobuf ExportTraceServiceRequest to `sink`. */
export function decodeOtlpProto(
  bytes: Uint8Array,
  sink: TraceSetBuilder,
  options?: OtlpDecodeOptions,
): OtlpDecodeResult {
  if (sink.format === 'unknown') sink.format = 'otlp-proto';
  const warnings = new TraceWarnings();
  // The details of a span share one Resource and one InstrumentationScope per ResourceSpans/ScopeSpans.
  const resources = new Map<ProtoResourceSpans, Resource>();
  const scopes = new Map<ProtoScopeSpans, InstrumentationScope>();
  const details = (span: ProtoSpan, rs: ProtoResourceSpans, ss: ProtoScopeSpans) => {
    let resource = resources.get(rs);
    if (!resource) resources.set(rs, (resource = readResource(rs)));
    let scope = scopes.get(ss);
    if (!scope) scopes.set(ss, (scope = readScope(ss)));
    return readDetails(span, resource, scope);
  };
  const result = walkProtoSpans(decodeRequest(bytes, standardDecode), options, warnings, details, (input) =>
    sink.add(input),
  );
  warnings.flush(sink);
  return result;
}

/** The events' times (ns); an event without one (0) is at its span's start. Both protobuf paths read them so. */
export function eventTimesOf(events: readonly ProtoEvent[], startNs: bigint | null): bigint[] {
  const times = new Array<bigint>(events.length);
  for (let i = 0; i < events.length; i++) {
    const t = longToBigInt(events[i].time_unix_nano, false);
    times[i] = t === 0n && startNs !== null ? startNs : t;
  }
  return times;
}
