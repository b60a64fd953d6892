/**
 * OTLP JSON (ExportTraceServiceRequest / TracesData, Tempo and Jaeger api_v3 responses) → TraceSetBuilder.
 * Accepts camelCase and snake_case keys, `resourceSpans`|`batches`, `scopeSpans`|`instrumentationLibrarySpans`,
 * `{trace:…}` and `{result:…}` wrappers, hex or base64 ids, enums as ints or names, int64 as strings
 * or numbers. Hot fields are read now; the rest (SpanDetails) on first use.
 */
import type { SpanInput, TraceSetBuilder } from '../../model/span-table.ts';
import type { InstrumentationScope, Resource } from '../../model/types.ts';
import {
  type OtlpDecodeOptions,
  type OtlpDecodeResult,
  parseSpanKind,
  parseStatusCode,
  SpanOutcome,
  shortJson,
  TraceWarnings,
} from '../otlp-common.ts';
import { describeBadId, parentIdOrNull, spanIdOrNull, traceIdOrNull } from '../span-ids.ts';
import { FormatError } from '../types.ts';
import { linkProblem, once, readResource, readScope, readSpanDetails } from './details.ts';
import { field, fieldKey, isObject, type JsonObject, readUint64 } from './json-fields.ts';

const LABEL = 'OTLP JSON';

/** The ExportTraceServiceRequest inside `value` (unwrapping Tempo v2 `trace` and Jaeger v3 `result`). */
function unwrap(value: unknown): { request: JsonObject; path: string } {
  if (!isObject(value)) throw new FormatError(LABEL, '$', 'the document is not a JSON object');
  if (resourceSpansKey(value)) return { request: value, path: '$' };
  for (const key of ['trace', 'result']) {
    const inner = value[key];
    if (isObject(inner)) return { request: inner, path: `$.${key}` };
  }
  return { request: value, path: '$' };
}

function resourceSpansKey(o: JsonObject): string | undefined {
  for (const key of ['resourceSpans', 'resource_spans', 'batches']) if (o[key] !== undefined) return key;
  return undefined;
}

function scopeSpansKey(o: JsonObject): string | undefined {
  for (const key of [
    'scopeSpans',
    'scope_spans',
    'instrumentationLibrarySpans',
    'instrumentation_library_spans',
  ])
    if (o[key] !== undefined) return key;
  return undefined;
}

function arrayAt(o: JsonObject, key: string | undefined, path: string): readonly unknown[] {
  if (key === undefined || o[key] === undefined || o[key] === null) return [];
  const v = o[key];
  if (!Array.isArray(v))
    throw new FormatError(LABEL, `${path}.${key}`, `expected an array, found ${shortJson(v)}`);
  return v;
}

/** service.name of a resource (string values only), or undefined. */
export function serviceName(resource: unknown): string | undefined {
  if (!isObject(resource) || !Array.isArray(resource.attributes)) return undefined;
  for (const kv of resource.attributes) {
    if (isObject(kv) && kv.key === 'service.name' && isObject(kv.value)) {
      const v = field(kv.value, 'stringValue', 'string_value');
      if (typeof v === 'string') return v;
    }
  }
  return undefined;
}

/** Per-call state: canonicalising the same trace id span after span is the common case, so cache it. */
class SpanReader {
  private lastRawTrace: unknown;
  private lastTraceId = '';

  constructor(
    private readonly warnings: TraceWarnings,
    private readonly outcome: SpanOutcome,
  ) {}

  read(
    span: unknown,
    spansPath: string,
    index: number,
    service: string | undefined,
    resource: () => Resource,
    scope: () => InstrumentationScope,
  ): SpanInput {
    if (!isObject(span))
      throw new FormatError(
        LABEL,
        `${spansPath}[${index}]`,
        `a span must be an object, found ${shortJson(span)}`,
      );
    const rawTrace = field(span, 'traceId', 'trace_id');
    let traceId = this.lastTraceId;
    if (rawTrace !== this.lastRawTrace || traceId === '') {
      traceId =
        traceIdOrNull(rawTrace) ??
        bad(span, spansPath, index, 'traceId', 'trace_id', describeBadId(rawTrace, 'trace id'));
      this.lastRawTrace = rawTrace;
      this.lastTraceId = traceId;
    }
    const rawSpan = field(span, 'spanId', 'span_id');
    const spanId =
      spanIdOrNull(rawSpan) ??
      bad(span, spansPath, index, 'spanId', 'span_id', describeBadId(rawSpan, 'span id'));
    const rawParent = field(span, 'parentSpanId', 'parent_span_id');
    const parentId =
      parentIdOrNull(rawParent) ??
      bad(
        span,
        spansPath,
        index,
        'parentSpanId',
        'parent_span_id',
        describeBadId(rawParent, 'parent span id'),
      );
    const name = span.name ?? '';
    if (typeof name !== 'string')
      bad(span, spansPath, index, 'name', 'name', `span name ${shortJson(name)} is not a string`);
    const rawStart = field(span, 'startTimeUnixNano', 'start_time_unix_nano');
    const start =
      readUint64(rawStart) ??
      bad(
        span,
        spansPath,
        index,
        'startTimeUnixNano',
        'start_time_unix_nano',
        `${shortJson(rawStart)} is not a uint64`,
      );
    const rawEnd = field(span, 'endTimeUnixNano', 'end_time_unix_nano');
    const end =
      readUint64(rawEnd) ??
      bad(
        span,
        spansPath,
        index,
        'endTimeUnixNano',
        'end_time_unix_nano',
        `${shortJson(rawEnd)} is not a uint64`,
      );
    const startNs = start === 0n ? null : start;

    let kind = parseSpanKind(span.kind);
    if (kind === null) {
      this.warnings.note(traceId, `unknown span kind ${shortJson(span.kind)} read as unspecified`);
      kind = 0;
    }
    const statusCode = isObject(span.status) ? span.status.code : undefined;
    let status = parseStatusCode(statusCode);
    if (status === null) {
      this.warnings.note(traceId, `unknown status code ${shortJson(statusCode)} read as unset`);
      status = 0;
    }
    if (span.links !== undefined) {
      for (const bad of linkProblems(span.links, `${spansPath}[${index}].links`))
        this.outcome.droppedLink(this.warnings, traceId, bad.where, bad.problem);
    }
    return {
      traceId,
      spanId,
      parentId,
      name: name as string,
      service,
      kind,
      status,
      startNs,
      durNs: startNs !== null && end !== 0n ? end - start : null,
      eventTimesNs:
        span.events === undefined
          ? undefined
          : eventTimes(span.events, `${spansPath}[${index}].events`, startNs),
      details: () => readSpanDetails(span, resource, scope),
    };
  }
}

/** Throws the FormatError of one span field (the path names the key the input used). */
function bad(
  span: JsonObject,
  spansPath: string,
  index: number,
  camel: string,
  snake: string,
  problem: string,
): never {
  throw new FormatError(LABEL, `${spansPath}[${index}].${fieldKey(span, camel, snake)}`, problem);
}

/**
 * The links that cannot be read (not an object, or an id that is not one), each with its place and
 * problem: the span keeps the others (details.ts leaves these out). Throws when `links` is not a list.
 */
export function linkProblems(links: unknown, path: string): { where: string; problem: string }[] {
  if (links === undefined || links === null) return [];
  if (!Array.isArray(links)) throw new FormatError(LABEL, path, 'links is not an array');
  const out: { where: string; problem: string }[] = [];
  for (let i = 0; i < links.length; i++) {
    const problem = linkProblem(links[i]);
    if (problem !== null) out.push({ where: `${path}[${i}]`, problem });
  }
  return out;
}

/** Absolute event times; an event without a time is drawn at the span start. */
export function eventTimes(events: unknown, path: string, startNs: bigint | null): bigint[] | undefined {
  if (events === undefined || events === null) return undefined;
  if (!Array.isArray(events)) throw new FormatError(LABEL, path, 'events is not an array');
  const out: bigint[] = [];
  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    if (!isObject(e)) continue;
    const raw = field(e, 'timeUnixNano', 'time_unix_nano');
    const t = readUint64(raw);
    if (t === null)
      throw new FormatError(LABEL, `${path}[${i}].timeUnixNano`, `${shortJson(raw)} is not a uint64`);
    out.push(t === 0n && startNs !== null ? startNs : t);
  }
  return out;
}

/**
 * Adds every span of an OTLP JSON value to `sink`. Structural errors (a list that is not a list)
 * always throw; an unreadable span throws or is rejected per `options.invalidSpans`.
 */
export function decodeOtlpJson(
  value: unknown,
  sink: TraceSetBuilder,
  options?: OtlpDecodeOptions,
): OtlpDecodeResult {
  if (sink.format === 'unknown') sink.format = 'otlp-json';
  const outcome = new SpanOutcome(options);
  const warnings = new TraceWarnings();
  const reader = new SpanReader(warnings, outcome);
  const { request, path } = unwrap(value);
  const rsKey = resourceSpansKey(request);
  const resourceSpans = arrayAt(request, rsKey, path);
  for (let r = 0; r < resourceSpans.length; r++) {
    const rs = resourceSpans[r];
    const rsPath = `${path}.${rsKey}[${r}]`;
    if (!isObject(rs)) throw new FormatError(LABEL, rsPath, 'a resource spans entry must be an object');
    const service = serviceName(rs.resource);
    const resource = once(() => readResource(rs.resource, field(rs, 'schemaUrl', 'schema_url')));
    const ssKey = scopeSpansKey(rs);
    const scopeSpans = arrayAt(rs, ssKey, rsPath);
    for (let s = 0; s < scopeSpans.length; s++) {
      const ss = scopeSpans[s];
      const ssPath = `${rsPath}.${ssKey}[${s}]`;
      if (!isObject(ss)) throw new FormatError(LABEL, ssPath, 'a scope spans entry must be an object');
      const scopeJson = ss.scope ?? field(ss, 'instrumentationLibrary', 'instrumentation_library');
      const scope = once(() => readScope(scopeJson, field(ss, 'schemaUrl', 'schema_url')));
      const spans = arrayAt(ss, 'spans', ssPath);
      const spansPath = `${ssPath}.spans`;
      for (let i = 0; i < spans.length; i++) {
        let input: SpanInput;
        try {
          input = reader.read(spans[i], spansPath, i, service, resource, scope);
        } catch (error) {
          outcome.failed(error);
          continue;
        }
        sink.add(input);
        outcome.result.spanCount++;
      }
    }
  }
  warnings.flush(sink);
  return outcome.result;
}
