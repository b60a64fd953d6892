/**
 * Zipkin v2 JSON → TraceSetBuilder: an array of spans, an array of traces (arrays), or one span object.
 * Times are µs and may be absent; tags are strings; `error` (or `otel.status_code`) sets the status;
 * `shared: true` marks the server half of an RPC (the tree builder applies the shared-id rule).
 * Zipkin v1 (service names inside annotation endpoints) is refused with a message saying so: turning
 * v1 into v2 means splitting cs/sr/ss/cr spans into halves, which zipkin's own converter does better.
 */
import type { SpanInput, TraceSetBuilder } from '../../model/span-table.ts';
import {
  type Attribute,
  type InstrumentationScope,
  type Resource,
  type SpanDetails,
  SpanKind,
  StatusCode,
} from '../../model/types.ts';
import { microsEventTimes, microsSpanTimes, microsToNs } from '../micros.ts';
import {
  jsonText,
  type OtlpDecodeOptions,
  type OtlpDecodeResult,
  parseStatusCode,
  SpanOutcome,
  shortJson,
  TraceWarnings,
} from '../otlp-common.ts';
import { isObject, type JsonObject } from '../otlp-json/json-fields.ts';
import { describeBadId, parentIdOrNull, spanIdOrNull, traceIdOrNull } from '../span-ids.ts';
import { FormatError } from '../types.ts';

const LABEL = 'Zipkin JSON';

const KINDS: Record<string, SpanKind> = {
  CLIENT: SpanKind.Client,
  SERVER: SpanKind.Server,
  PRODUCER: SpanKind.Producer,
  CONSUMER: SpanKind.Consumer,
};

/** Tags that become the span status rather than attributes. */
const STATUS_TAGS = new Set(['error', 'otel.status_code', 'otel.status_description']);

/** [span, path] pairs of every accepted shape. */
function spansOf(value: unknown): [unknown, string][] {
  if (isObject(value)) return [[value, '$']];
  if (!Array.isArray(value))
    throw new FormatError(LABEL, '$', 'the document is neither a span object nor an array');
  const out: [unknown, string][] = [];
  value.forEach((item, i) => {
    if (!Array.isArray(item)) out.push([item, `$[${i}]`]);
    else for (let j = 0; j < item.length; j++) out.push([item[j], `$[${i}][${j}]`]);
  });
  return out;
}

/** Where a span shows it is Zipkin v1, or null. */
export function zipkinV1Evidence(span: JsonObject): string | null {
  if ('binaryAnnotations' in span) return 'binaryAnnotations';
  const i = v1Annotation(span.annotations);
  return i >= 0 ? `annotations[${i}].endpoint` : null;
}

/** The index of the first annotation with a v1 endpoint, or -1. */
export function v1Annotation(annotations: unknown): number {
  return Array.isArray(annotations) ? annotations.findIndex((a) => isObject(a) && 'endpoint' in a) : -1;
}

/** A span's kind (absent: internal, as "the span is local"); null when unknown. */
export function zipkinKind(raw: unknown): number | null {
  if (raw === undefined || raw === null) return SpanKind.Internal;
  return KINDS[jsonText(raw).toUpperCase()] ?? null;
}

export function unknownKind(raw: unknown): string {
  return `unknown Zipkin kind ${shortJson(raw)} read as internal`;
}

export interface Status {
  code: number;
  message: string;
  warning?: string;
}

export function readStatus(tags: JsonObject): Status {
  if ('otel.status_code' in tags) {
    const code = parseStatusCode(tags['otel.status_code']);
    return {
      code: code ?? StatusCode.Unset,
      message: jsonText(
        tags['otel.status_description'] ?? (code === StatusCode.Error ? errorMessage(tags.error) : ''),
      ),
      warning:
        code === null
          ? `unknown otel.status_code ${shortJson(tags['otel.status_code'])} read as unset`
          : undefined,
    };
  }
  if ('error' in tags) return { code: StatusCode.Error, message: errorMessage(tags.error) };
  return { code: StatusCode.Unset, message: jsonText(tags['otel.status_description']) };
}

/** The `error` tag holds the message; "true" (or nothing) means an error without one. */
function errorMessage(v: unknown): string {
  const s = jsonText(v);
  return s.toLowerCase() === 'true' ? '' : s;
}

function serviceOf(span: JsonObject): string {
  return isObject(span.localEndpoint) ? jsonText(span.localEndpoint.serviceName) : '';
}

/**
 * The resource of each service and the one empty scope, shared by the spans of one document: a
 * resource and a scope of its own per span made a writer of the trace write each out per span.
 */
export class SharedResources {
  readonly scope: InstrumentationScope = { name: '', version: '', attributes: [] };
  private readonly byService = new Map<string, Resource>();

  of(service: string): Resource {
    let r = this.byService.get(service);
    if (r === undefined) {
      r = { attributes: service ? [{ key: 'service.name', value: { type: 'string', value: service } }] : [] };
      this.byService.set(service, r);
    }
    return r;
  }
}

/** The details of a span that decodeZipkinJson read; its resource and scope from `shared`. */
export function zipkinDetails(span: JsonObject, shared: SharedResources): SpanDetails {
  const tags = isObject(span.tags) ? span.tags : {};
  const status = readStatus(tags);
  const attributes: Attribute[] = Object.entries(tags)
    .filter(([k]) => !STATUS_TAGS.has(k))
    .map(([key, v]) => ({ key, value: { type: 'string', value: jsonText(v) } }));
  const annotations = Array.isArray(span.annotations) ? span.annotations.filter(isObject) : [];
  const { serviceName: _, ...localEndpoint } = isObject(span.localEndpoint) ? span.localEndpoint : {};
  return {
    attributes,
    events: annotations.map((a) => ({
      timeNs: microsToNs(a.timestamp) ?? 0n,
      name: jsonText(a.value),
      attributes: [],
    })),
    links: [],
    resource: shared.of(serviceOf(span)),
    scope: shared.scope,
    statusMessage: status.message,
    traceState: '',
    flags: 0,
    zipkin: {
      ...(Object.keys(localEndpoint).length > 0 ? { localEndpoint } : {}),
      ...(span.remoteEndpoint !== undefined ? { remoteEndpoint: span.remoteEndpoint } : {}),
      ...(span.debug === true ? { debug: true } : {}),
    },
  };
}

function readSpan(span: unknown, path: string, warnings: TraceWarnings, shared: SharedResources): SpanInput {
  if (!isObject(span))
    throw new FormatError(LABEL, path, `a span must be an object, found ${shortJson(span)}`);
  const v1 = zipkinV1Evidence(span);
  if (v1)
    throw new FormatError(
      'Zipkin v1 JSON',
      `${path}.${v1}`,
      'this is Zipkin v1 (service names inside annotation endpoints), not v2; convert it to Zipkin v2 first',
    );
  const traceId = traceIdOrNull(span.traceId);
  if (traceId === null)
    throw new FormatError(LABEL, `${path}.traceId`, describeBadId(span.traceId, 'trace id'));
  const spanId = spanIdOrNull(span.id);
  if (spanId === null) throw new FormatError(LABEL, `${path}.id`, describeBadId(span.id, 'span id'));
  const parentId = parentIdOrNull(span.parentId);
  if (parentId === null)
    throw new FormatError(LABEL, `${path}.parentId`, describeBadId(span.parentId, 'parent span id'));
  const { startNs, durNs } = microsSpanTimes(span, 'timestamp', LABEL, path);
  // Zipkin: "when absent, the span is local" (OpenTelemetry's Zipkin receiver reads it as INTERNAL).
  const kind = zipkinKind(span.kind);
  if (kind === null) warnings.note(traceId, unknownKind(span.kind));
  const tags = isObject(span.tags) ? span.tags : {};
  const status = readStatus(tags);
  if (status.warning) warnings.note(traceId, status.warning);
  const service = serviceOf(span);
  return {
    traceId,
    spanId,
    parentId,
    name: jsonText(span.name),
    service,
    kind: kind ?? SpanKind.Internal,
    status: status.code,
    startNs,
    durNs,
    eventTimesNs: microsEventTimes(span.annotations, startNs),
    shared: span.shared === true,
    details: () => zipkinDetails(span, shared),
  };
}

/** Adds every span of a Zipkin v2 JSON value to `sink`; refuses Zipkin v1. */
export function decodeZipkinJson(
  value: unknown,
  sink: TraceSetBuilder,
  options?: OtlpDecodeOptions,
): OtlpDecodeResult {
  if (sink.format === 'unknown') sink.format = 'zipkin-json';
  const outcome = new SpanOutcome(options);
  const warnings = new TraceWarnings();
  const shared = new SharedResources();
  for (const [span, path] of spansOf(value)) {
    let input: SpanInput;
    try {
      input = readSpan(span, path, warnings, shared);
    } catch (error) {
      if (error instanceof FormatError && error.resembled === 'Zipkin v1 JSON') throw error;
      outcome.failed(error);
      continue;
    }
    sink.add(input);
    outcome.result.spanCount++;
  }
  warnings.flush(sink);
  return outcome.result;
}
