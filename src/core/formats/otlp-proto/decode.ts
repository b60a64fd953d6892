/**
 * OTLP protobuf ExportTraceServiceRequest → TraceSetBuilder, decoded by protobufjs from the repo's
 * .proto schema (no hand-written wire decoder). Ids arrive as bytes; fixed64 times as Long → bigint.
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
import { fromProtoKeyValues, type ProtoKeyValue } from './any-value.ts';
import { type LongLike, longToBigInt } from './long.ts';
import { ExportTraceServiceRequest } from './schema.ts';

const LABEL = 'OTLP protobuf';

interface ProtoAttributed {
  readonly attributes?: readonly ProtoKeyValue[];
  readonly dropped_attributes_count?: number;
}
interface ProtoEvent extends ProtoAttributed {
  readonly time_unix_nano?: LongLike | number;
  readonly name?: string;
}
interface ProtoLink extends ProtoAttributed {
  readonly trace_id?: Uint8Array;
  readonly span_id?: Uint8Array;
  readonly trace_state?: string;
  readonly flags?: number;
}
interface ProtoSpan extends ProtoAttributed {
  readonly trace_id?: Uint8Array;
  readonly span_id?: Uint8Array;
  readonly trace_state?: string;
  readonly parent_span_id?: Uint8Array;
  readonly flags?: number;
  readonly name?: string;
  readonly kind?: number;
  readonly start_time_unix_nano?: LongLike | number;
  readonly end_time_unix_nano?: LongLike | number;
  readonly events?: readonly ProtoEvent[];
  readonly dropped_events_count?: number;
  readonly links?: readonly ProtoLink[];
  readonly dropped_links_count?: number;
  readonly status?: { readonly message?: string; readonly code?: number } | null;
}
interface ProtoScopeSpans {
  readonly scope?: (ProtoAttributed & { readonly name?: string; readonly version?: string }) | null;
  readonly spans?: readonly ProtoSpan[];
  readonly schema_url?: string;
}
interface ProtoResourceSpans {
  readonly resource?: ProtoAttributed | null;
  readonly scope_spans?: readonly ProtoScopeSpans[];
  readonly schema_url?: string;
}

const ZERO = /^0*$/;

/** Hex of an id of `bytes` bytes (8-byte trace ids are left-padded), or a problem. */
function idHex(
  raw: Uint8Array | undefined,
  what: string,
  lengths: readonly number[],
  hexLen: number,
): string {
  if (!raw || raw.length === 0) throw new Error(`${what} is missing`);
  if (!lengths.includes(raw.length))
    throw new Error(`${what} has ${raw.length} bytes (expected ${lengths.join(' or ')})`);
  const hex = bytesToHex(raw).padStart(hexLen, '0');
  if (ZERO.test(hex)) throw new Error(`${what} is all zeros`);
  return hex;
}

function checkedId(
  raw: Uint8Array | undefined,
  where: string,
  what: string,
  lengths: number[],
  hexLen: number,
): string {
  try {
    return idHex(raw, what, lengths, hexLen);
  } catch (error) {
    throw new FormatError(LABEL, where, (error as Error).message);
  }
}

function readResource(r: ProtoResourceSpans): Resource {
  return {
    attributes: fromProtoKeyValues(r.resource?.attributes),
    droppedAttributesCount: r.resource?.dropped_attributes_count || undefined,
    ...(r.schema_url ? { schemaUrl: r.schema_url } : {}),
  };
}

function readScope(s: ProtoScopeSpans): InstrumentationScope {
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
    links: (span.links ?? []).map((l) => ({
      traceId: bytesToHex(l.trace_id ?? new Uint8Array()).padStart(32, '0'),
      spanId: bytesToHex(l.span_id ?? new Uint8Array()).padStart(16, '0'),
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
    droppedLinksCount: span.dropped_links_count || undefined,
  };
}

function serviceName(r: ProtoResourceSpans): string | undefined {
  for (const kv of r.resource?.attributes ?? []) {
    if (kv.key === 'service.name' && kv.value?.value === 'string_value') return kv.value.string_value;
  }
  return undefined;
}

function readSpan(
  span: ProtoSpan,
  where: string,
  service: string | undefined,
  details: (span: ProtoSpan) => SpanDetails,
  warnings: TraceWarnings,
): SpanInput {
  const traceId = checkedId(span.trace_id, `${where}.trace_id`, 'trace id', [16, 8], 32);
  const spanId = checkedId(span.span_id, `${where}.span_id`, 'span id', [8], 16);
  const rawParent = span.parent_span_id;
  let parentId = '';
  if (rawParent && rawParent.length > 0 && !rawParent.every((b) => b === 0)) {
    parentId = checkedId(rawParent, `${where}.parent_span_id`, 'parent span id', [8], 16);
  }
  (span.links ?? []).forEach((l, i) => {
    checkedId(l.trace_id, `${where}.links[${i}].trace_id`, 'link trace id', [16, 8], 32);
    checkedId(l.span_id, `${where}.links[${i}].span_id`, 'link span id', [8], 16);
  });
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
    eventTimesNs: span.events?.map((e) => {
      const t = longToBigInt(e.time_unix_nano, false);
      return t === 0n && startNs !== null ? startNs : t;
    }),
    details: () => details(span),
  };
}

function decodeRequest(bytes: Uint8Array): readonly ProtoResourceSpans[] {
  try {
    const message = ExportTraceServiceRequest.decode(bytes) as unknown as {
      resource_spans?: ProtoResourceSpans[];
    };
    return message.resource_spans ?? [];
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    // protobufjs says "index out of range: 12 + 10 > 20" or "invalid wire type 7 at offset 3".
    const at = /offset (\d+)|range: (\d+)/.exec(text);
    throw new FormatError(
      LABEL,
      at ? `byte ${at[1] ?? at[2]}` : '',
      `cannot decode ExportTraceServiceRequest (${text})`,
    );
  }
}

/** Adds every span of an OTLP protobuf ExportTraceServiceRequest to `sink`. */
export function decodeOtlpProto(
  bytes: Uint8Array,
  sink: TraceSetBuilder,
  options?: OtlpDecodeOptions,
): OtlpDecodeResult {
  if (sink.format === 'unknown') sink.format = 'otlp-proto';
  const outcome = new SpanOutcome(options);
  const warnings = new TraceWarnings();
  const resourceSpans = decodeRequest(bytes);
  resourceSpans.forEach((rs, r) => {
    const service = serviceName(rs);
    let resource: Resource | undefined;
    (rs.scope_spans ?? []).forEach((ss, s) => {
      let scope: InstrumentationScope | undefined;
      const details = (span: ProtoSpan) => {
        resource ??= readResource(rs);
        scope ??= readScope(ss);
        return readDetails(span, resource, scope);
      };
      (ss.spans ?? []).forEach((span, i) => {
        let input: SpanInput;
        try {
          input = readSpan(
            span,
            `resource_spans[${r}].scope_spans[${s}].spans[${i}]`,
            service,
            details,
            warnings,
          );
        } catch (error) {
          outcome.failed(error);
          return;
        }
        sink.add(input);
        outcome.result.spanCount++;
      });
    });
  });
  warnings.flush(sink);
  return outcome.result;
}
