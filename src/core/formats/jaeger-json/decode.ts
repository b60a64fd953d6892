/**
 * Jaeger query JSON (v1 `/api/traces` answers) → TraceSetBuilder: `{data:[traces]}`, `{data: trace}`,
 * a bare trace object, or a bare span array with inline `process`. Parent = the first CHILD_OF
 * reference into the same trace, else the first FOLLOWS_FROM into it, else `parentSpanID`; every
 * other reference becomes a link that remembers its refType (DESIGN §2).
 */
import type { SpanInput, TraceSetBuilder } from '../../model/span-table.ts';
import type { AttrValue, InstrumentationScope, Resource, SpanDetails, SpanLink } from '../../model/types.ts';
import { microsEventTimes, microsSpanTimes, microsToNs } from '../micros.ts';
import {
  jsonText,
  type OtlpDecodeOptions,
  type OtlpDecodeResult,
  SpanOutcome,
  shortJson,
  TraceWarnings,
} from '../otlp-common.ts';
import { once } from '../otlp-json/details.ts';
import { isObject, type JsonObject } from '../otlp-json/json-fields.ts';
import { describeBadId, parentIdOrNull, spanIdOrNull, traceIdOrNull } from '../span-ids.ts';
import { FormatError } from '../types.ts';
import { isErrorValue, MAPPED_TAGS, readSpanFields, type SpanFields } from './span-fields.ts';
import { fromJaegerTags } from './tags.ts';

const LABEL = 'Jaeger JSON';

interface TraceRef {
  readonly spans: readonly unknown[];
  readonly processes: JsonObject;
  readonly path: string;
}

function traceRef(trace: unknown, path: string): TraceRef {
  if (!isObject(trace)) throw new FormatError(LABEL, path, 'a trace must be an object');
  const spans = trace.spans ?? [];
  if (!Array.isArray(spans)) throw new FormatError(LABEL, `${path}.spans`, 'spans is not an array');
  return { spans, processes: isObject(trace.processes) ? trace.processes : {}, path };
}

/** The traces of any accepted Jaeger shape. */
function tracesOf(value: unknown): TraceRef[] {
  if (Array.isArray(value)) return [{ spans: value, processes: {}, path: '$' }];
  if (!isObject(value)) throw new FormatError(LABEL, '$', 'the document is neither an object nor an array');
  if (!('data' in value)) return [traceRef(value, '$')];
  const data = value.data;
  if (Array.isArray(data)) return data.map((t, i) => traceRef(t, `$.data[${i}]`));
  if (isObject(data)) return [traceRef(data, '$.data')];
  const errors = Array.isArray(value.errors) ? value.errors : [];
  if (errors.length > 0) {
    const first = isObject(errors[0]) ? errors[0].msg : errors[0];
    throw new FormatError(
      LABEL,
      '$.errors[0]',
      `the response holds an error instead of traces: ${shortJson(first)}`,
    );
  }
  return [];
}

export function readResource(process: JsonObject): Resource {
  const service = typeof process.serviceName === 'string' ? process.serviceName : '';
  const attributes = fromJaegerTags(process.tags);
  return {
    attributes: service
      ? [{ key: 'service.name', value: { type: 'string', value: service } }, ...attributes]
      : attributes,
  };
}

interface Reference {
  readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  readonly traceId: string;
  readonly spanId: string;
}

/**
 * The references that can be read; each other one (not an object, an id that is not one) is
 * passed to `dropped` and left out: a bad reference must not sink its span, or its file.
 */
function readReferences(
  refs: unknown,
  traceId: string,
  path: string,
  dropped: (where: string, problem: string) => void = () => {},
): Reference[] {
  if (refs === undefined || refs === null) return [];
  if (!Array.isArray(refs)) throw new FormatError(LABEL, path, 'references is not an array');
  const out: Reference[] = [];
  for (let i = 0; i < refs.length; i++) {
    const r = refs[i];
    if (!isObject(r)) {
      dropped(`${path}[${i}]`, `a reference must be an object, found ${shortJson(r)}`);
      continue;
    }
    const refTraceId = r.traceID === undefined ? traceId : traceIdOrNull(r.traceID);
    if (refTraceId === null) {
      dropped(`${path}[${i}].traceID`, `reference ${describeBadId(r.traceID, 'trace id')}`);
      continue;
    }
    const spanId = spanIdOrNull(r.spanID);
    if (spanId === null) {
      dropped(`${path}[${i}].spanID`, `reference ${describeBadId(r.spanID, 'span id')}`);
      continue;
    }
    out.push({ refType: refTypeOf(r.refType), traceId: refTraceId, spanId });
  }
  return out;
}

/** A reference's type: FOLLOWS_FROM in any case, else CHILD_OF (absent included). */
export function refTypeOf(raw: unknown): Reference['refType'] {
  return textOf(raw ?? 'CHILD_OF').toUpperCase() === 'FOLLOWS_FROM' ? 'FOLLOWS_FROM' : 'CHILD_OF';
}

/**
 * String(value), except for an object that has none (a `toString` that is not a function, as in
 * `{"toString": 1}`: String would throw a TypeError): its JSON text.
 */
export function textOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return jsonText(value);
  }
}

/** Index of the parent reference per DESIGN §2, or -1. */
function parentIndex(refs: readonly Reference[], traceId: string): number {
  const child = refs.findIndex((r) => r.refType === 'CHILD_OF' && r.traceId === traceId);
  return child >= 0 ? child : refs.findIndex((r) => r.refType === 'FOLLOWS_FROM' && r.traceId === traceId);
}

function isErrorAttr(v: AttrValue): boolean {
  return (v.type === 'bool' || v.type === 'string') && isErrorValue(v.value);
}

/**
 * One scope per name and version, shared by the spans of one document: a scope of its own per span
 * made a writer of the trace write each out per span.
 */
export class SharedScopes {
  private readonly byKey = new Map<string, InstrumentationScope>();

  of(name: string, version: string): InstrumentationScope {
    const key = `${name}\u0000${version}`;
    let s = this.byKey.get(key);
    if (s === undefined) this.byKey.set(key, (s = { name, version, attributes: [] }));
    return s;
  }
}

/** The details of a span that decodeJaegerJson read (trace id canonical) with its process's resource. */
export function jaegerDetails(
  span: JsonObject,
  traceId: string,
  resource: Resource,
  scopes: SharedScopes,
): SpanDetails {
  let unreadable = 0;
  const refs = readReferences(span.references, traceId, '', () => unreadable++);
  const p = parentIndex(refs, traceId);
  const links: SpanLink[] = refs
    .filter((_, i) => i !== p)
    .map((r) => ({ traceId: r.traceId, spanId: r.spanId, refType: r.refType, attributes: [] }));
  const details = readDetails(span, readSpanFields(span.tags), links, resource, scopes);
  return unreadable > 0 ? { ...details, droppedLinksCount: unreadable } : details;
}

function readDetails(
  span: JsonObject,
  fields: SpanFields,
  links: SpanLink[],
  resource: Resource,
  scopes: SharedScopes,
): SpanDetails {
  const attributes = fromJaegerTags(span.tags).filter(
    (a) => !MAPPED_TAGS.has(a.key) && !(fields.errorTagUsed && a.key === 'error' && isErrorAttr(a.value)),
  );
  const logs = Array.isArray(span.logs) ? span.logs.filter(isObject) : [];
  return {
    attributes,
    events: logs.map((log) => {
      const fieldsOfLog = fromJaegerTags(log.fields);
      const event = fieldsOfLog.find((a) => a.key === 'event' && a.value.type === 'string');
      return {
        timeNs: microsToNs(log.timestamp) ?? 0n,
        name: event && event.value.type === 'string' ? event.value.value : '',
        attributes: event ? fieldsOfLog.filter((a) => a !== event) : fieldsOfLog,
      };
    }),
    links,
    resource,
    scope: scopes.of(fields.scopeName, fields.scopeVersion),
    statusMessage: fields.statusMessage,
    traceState: fields.traceState,
    flags: typeof span.flags === 'number' ? span.flags : 0,
  };
}

/** The warning about a span whose process is not in its trace. */
export function missingProcess(processID: unknown): string {
  return `span refers to a missing process ${shortJson(processID)}`;
}

/** The warnings of a span's own `warnings` list. */
export function jaegerWarnings(list: unknown): string[] {
  return Array.isArray(list) ? list.map((w) => `Jaeger: ${textOf(w)}`) : [];
}

class JaegerReader {
  private readonly resources = new Map<unknown, () => Resource>();
  private readonly scopes = new SharedScopes();

  constructor(
    private readonly warnings: TraceWarnings,
    private readonly outcome: SpanOutcome,
  ) {}

  private resourceOf(process: JsonObject): () => Resource {
    let r = this.resources.get(process);
    if (!r) this.resources.set(process, (r = once(() => readResource(process))));
    return r;
  }

  read(span: unknown, path: string, processes: JsonObject): SpanInput {
    if (!isObject(span))
      throw new FormatError(LABEL, path, `a span must be an object, found ${shortJson(span)}`);
    const traceId = traceIdOrNull(span.traceID);
    if (traceId === null)
      throw new FormatError(LABEL, `${path}.traceID`, describeBadId(span.traceID, 'trace id'));
    const spanId = spanIdOrNull(span.spanID);
    if (spanId === null)
      throw new FormatError(LABEL, `${path}.spanID`, describeBadId(span.spanID, 'span id'));
    const refs = readReferences(span.references, traceId, `${path}.references`, (where, problem) =>
      this.outcome.droppedLink(this.warnings, traceId, where, problem),
    );
    const p = parentIndex(refs, traceId);
    let parentId = p >= 0 ? refs[p].spanId : parentIdOrNull(span.parentSpanID);
    if (parentId === null)
      throw new FormatError(
        LABEL,
        `${path}.parentSpanID`,
        describeBadId(span.parentSpanID, 'parent span id'),
      );
    if (parentId === '0000000000000000') parentId = '';

    const { startNs, durNs } = microsSpanTimes(span, 'startTime', LABEL, path);

    const process = isObject(span.process) ? span.process : processes[textOf(span.processID)];
    if (!isObject(process)) this.warnings.note(traceId, missingProcess(span.processID));
    const proc = isObject(process) ? process : {};
    const fields = readSpanFields(span.tags);
    for (const w of fields.warnings) this.warnings.note(traceId, w);
    for (const w of jaegerWarnings(span.warnings)) this.warnings.note(traceId, w);
    const name = span.operationName ?? '';
    const resource = this.resourceOf(proc);
    return {
      traceId,
      spanId,
      parentId,
      name: typeof name === 'string' ? name : textOf(name),
      service: typeof proc.serviceName === 'string' ? proc.serviceName : undefined,
      kind: fields.kind,
      status: fields.status,
      startNs,
      durNs,
      eventTimesNs: microsEventTimes(span.logs, startNs),
      details: () => jaegerDetails(span, traceId, resource(), this.scopes),
    };
  }
}

/** Adds every span of a Jaeger JSON value to `sink`. */
export function decodeJaegerJson(
  value: unknown,
  sink: TraceSetBuilder,
  options?: OtlpDecodeOptions,
): OtlpDecodeResult {
  if (sink.format === 'unknown') sink.format = 'jaeger-json';
  const outcome = new SpanOutcome(options);
  const warnings = new TraceWarnings();
  const reader = new JaegerReader(warnings, outcome);
  for (const trace of tracesOf(value)) {
    const spansPath = trace.path === '$' && Array.isArray(value) ? '$' : `${trace.path}.spans`;
    for (let i = 0; i < trace.spans.length; i++) {
      let input: SpanInput;
      try {
        input = reader.read(trace.spans[i], `${spansPath}[${i}]`, trace.processes);
      } catch (error) {
        outcome.failed(error);
        continue;
      }
      sink.add(input);
      outcome.result.spanCount++;
    }
  }
  warnings.flush(sink);
  return outcome.result;
}
