/**
 * OTLP JSON read straight from its bytes, for plain documents: `{resourceSpans|resource_spans|batches:
 * [...]}`, alone or in a `trace` (Tempo) or `result` (Jaeger api_v3) wrapper. No JSON.parse of the
 * document and no object per span: the hot fields go from the bytes into the builder, and each span's
 * details stay a byte range of the document, parsed on first use (byte-details.ts).
 *
 * It gives the same spans, times and details as JSON.parse + decodeOtlpJson. Whatever it does not
 * read exactly like them (an escaped key, a repeated container key, an invalid or unusual span, an
 * enum that would warn, JSON Lines, other formats) makes it give up before it added anything: the
 * caller then takes the JSON.parse path, which reads the input or names what is wrong.
 */
import type { TraceSetBuilder } from '../../model/span-table.ts';
import { Byte, JsonBytes } from '../json-bytes/cursor.ts';
import { isNullOrEmptyList, jsonAt, nameAt, parentIdAt, spanIdAt, traceIdAt } from '../json-bytes/fields.ts';
import { KeyTable, OBJECT_END } from '../json-bytes/keys.ts';
import { SplitTime } from '../json-bytes/split-time.ts';
import { commitStaged } from '../json-bytes/staged.ts';
import { utf8Decode } from '../text.ts';
import { RESOURCE_STRIDE, SCOPE_STRIDE } from './byte-details.ts';
import { enumAt, timeAt } from './byte-fields.ts';
import { Staged } from './byte-staged.ts';
import { eventTimes, linkProblems, serviceName } from './decode.ts';

const TOP_KEYS = new KeyTable(['resourceSpans', 'resource_spans', 'batches', 'trace', 'result']);
const LAST_RESOURCE_SPANS_KEY = 2;
const RS_KEYS = new KeyTable([
  'resource',
  'schemaUrl',
  'schema_url',
  'scopeSpans',
  'scope_spans',
  'instrumentationLibrarySpans',
  'instrumentation_library_spans',
]);
const SS_KEYS = new KeyTable([
  'scope',
  'instrumentationLibrary',
  'instrumentation_library',
  'schemaUrl',
  'schema_url',
  'spans',
]);
const SS_SPANS = 5;
/** Span keys whose values the reader looks at; pairs are camelCase then snake_case. */
const SPAN_KEYS = new KeyTable([
  'traceId',
  'trace_id',
  'spanId',
  'span_id',
  'parentSpanId',
  'parent_span_id',
  'startTimeUnixNano',
  'start_time_unix_nano',
  'endTimeUnixNano',
  'end_time_unix_nano',
  'name',
  'kind',
  'status',
  'events',
  'links',
]);
const F = {
  trace: 0,
  span: 2,
  parent: 4,
  start: 6,
  end: 8,
  name: 10,
  kind: 11,
  status: 12,
  events: 13,
  links: 14,
};
const STATUS_KEYS = new KeyTable(['code']);

/** service.name per resource text (resources repeat in every batch of an exporter). */
const serviceCache = new Map<string, { name: string | undefined }>();

/** Reads one document into Staged; false as soon as anything is outside what it reads exactly. */
class DocumentReader {
  readonly j: JsonBytes;
  readonly staged = new Staged();
  /** Value ranges of the span being read, per SPAN_KEYS index (-1: absent). */
  private readonly valueFrom = new Int32Array(16);
  private readonly valueTo = new Int32Array(16);
  /** The value range of `status.code`. */
  private readonly codeRange = new Int32Array(2);
  private readonly start = new SplitTime();
  private readonly end = new SplitTime();

  constructor(readonly bytes: Uint8Array) {
    this.j = new JsonBytes(bytes);
  }

  document(): boolean {
    const { j, bytes } = this;
    j.pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (j.ws() !== Byte.LBRACE) return false;
    j.pos++;
    if (j.nextKey(true) !== 1) return false;
    const key = TOP_KEYS.match(bytes, j.keyFrom, j.keyTo);
    if (key < 0) return false;
    if (key > LAST_RESOURCE_SPANS_KEY) {
      // A wrapper holding only the request.
      if (!j.open(Byte.LBRACE) || j.nextKey(true) !== 1) return false;
      const inner = TOP_KEYS.match(bytes, j.keyFrom, j.keyTo);
      if (inner < 0 || inner > LAST_RESOURCE_SPANS_KEY || !this.resourceSpans()) return false;
      if (j.nextKey(false) !== 0) return false;
    } else if (!this.resourceSpans()) return false;
    return j.nextKey(false) === 0 && j.ws() === -1;
  }

  /** A list at pos whose elements `element` reads; null counts as empty when `nullable`. */
  private list(element: () => boolean, nullable: boolean): boolean {
    return (nullable && this.j.nullLiteral()) || this.j.array(element);
  }

  private resourceSpans(): boolean {
    return this.list(() => this.resourceSpan(), false);
  }

  private resourceSpan(): boolean {
    const { j, staged } = this;
    if (!j.open(Byte.LBRACE)) return false;
    const g = staged.resource();
    const ranges = staged.resourceRanges;
    let scopeSpans = false;
    for (let key = RS_KEYS.next(j, true); key !== OBJECT_END; key = RS_KEYS.next(j, false)) {
      if (key === -1) return false;
      if (key >= 3) {
        // Two of the four scope spans keys: decodeOtlpJson reads one of them only.
        if (scopeSpans) return false;
        scopeSpans = true;
        if (!this.list(() => this.scopeSpan(g), true)) return false;
        continue;
      }
      const from = j.pos;
      if (!j.skipValue()) return false;
      if (key >= 0) {
        ranges[g * RESOURCE_STRIDE + 2 * key] = from;
        ranges[g * RESOURCE_STRIDE + 2 * key + 1] = j.pos;
      }
    }
    staged.services[g] = this.service(ranges[g * RESOURCE_STRIDE], ranges[g * RESOURCE_STRIDE + 1]);
    return true;
  }

  /** serviceName of the resource at [from, to), or undefined. */
  private service(from: number, to: number): string | undefined {
    if (from < 0) return undefined;
    const text = utf8Decode(this.bytes.subarray(from, to));
    let service = serviceCache.get(text);
    if (service === undefined) {
      service = { name: serviceName(JSON.parse(text)) };
      if (serviceCache.size >= 256) serviceCache.clear();
      serviceCache.set(text, service);
    }
    return service.name;
  }

  private scopeSpan(g: number): boolean {
    const { j, staged } = this;
    if (!j.open(Byte.LBRACE)) return false;
    const s = staged.scope(g);
    const ranges = staged.scopeRanges;
    let spans = false;
    for (let key = SS_KEYS.next(j, true); key !== OBJECT_END; key = SS_KEYS.next(j, false)) {
      if (key === -1) return false;
      if (key === SS_SPANS) {
        if (spans) return false;
        spans = true;
        if (!this.list(() => this.span(s), true)) return false;
        continue;
      }
      const from = j.pos;
      if (!j.skipValue()) return false;
      if (key >= 0) {
        ranges[s * SCOPE_STRIDE + 1 + 2 * key] = from;
        ranges[s * SCOPE_STRIDE + 2 + 2 * key] = j.pos;
      }
    }
    return true;
  }

  private span(s: number): boolean {
    const { j, valueFrom, valueTo } = this;
    const from = j.pos;
    if (!j.open(Byte.LBRACE)) return false;
    valueFrom.fill(-1);
    for (let key = SPAN_KEYS.next(j, true); key !== OBJECT_END; key = SPAN_KEYS.next(j, false)) {
      if (key === -1) return false;
      // Repeated keys: the last one wins, as in JSON.parse.
      if (key >= 0) valueFrom[key] = j.pos;
      if (!j.skipValue()) return false;
      if (key >= 0) valueTo[key] = j.pos;
    }
    return this.stage(s, from, j.pos);
  }

  /** The value range of field(span, camel, snake) as [from, to) in `out` order: camel if present. */
  private pick(camel: number): number {
    return this.valueFrom[camel] >= 0 ? camel : camel + 1;
  }

  /** Stages the span just read ([from, to) of the bytes); false when decodeOtlpJson would not take it as is. */
  private stage(s: number, from: number, to: number): boolean {
    const { bytes: b, valueFrom: vf, valueTo: vt, staged } = this;
    let f = this.pick(F.trace);
    const traceId = traceIdAt(b, vf[f], vt[f]);
    if (traceId === null) return false;
    f = this.pick(F.span);
    const spanId = spanIdAt(b, vf[f], vt[f]);
    if (spanId === null) return false;
    f = this.pick(F.parent);
    const parentId = parentIdAt(b, vf[f], vt[f]);
    if (parentId === null) return false;
    const name = nameAt(b, vf[F.name], vt[F.name]);
    if (name === null) return false;
    f = this.pick(F.start);
    if (!timeAt(b, vf[f], vt[f], this.start)) return false;
    f = this.pick(F.end);
    if (!timeAt(b, vf[f], vt[f], this.end)) return false;
    const kind = enumAt(b, vf[F.kind], vt[F.kind], false);
    const status = this.statusCode(vf[F.status]);
    if (kind < 0 || status < 0) return false;

    const k = staged.spanRow(s);
    staged.setTimes(k, this.start, this.end.isZero ? null : this.end);
    if (!this.events(vf[F.events], vt[F.events]) || !this.linksValid(vf[F.links], vt[F.links])) return false;
    staged.traceIds[k] = traceId;
    staged.spanIds[k] = spanId;
    staged.parentIds[k] = parentId;
    staged.names[k] = name;
    staged.kinds[k] = kind;
    staged.statuses[k] = status;
    staged.spanRange[2 * k] = from;
    staged.spanRange[2 * k + 1] = to;
    return true;
  }

  /** `status.code` as decodeOtlpJson reads it (0 when status is not an object); -1 when unknown. */
  private statusCode(from: number): number {
    const j = this.j;
    if (from < 0 || this.bytes[from] !== Byte.LBRACE) return 0;
    const saved = j.pos;
    j.pos = from;
    const read = j.members(STATUS_KEYS, this.codeRange);
    j.pos = saved;
    // An escaped key inside status: let decodeOtlpJson read it.
    if (!read) return -1;
    return enumAt(this.bytes, this.codeRange[0], this.codeRange[1], true);
  }

  /** Event times of the span (rare: parsed with JSON.parse and read by decodeOtlpJson's eventTimes). */
  private events(from: number, to: number): boolean {
    if (isNullOrEmptyList(this.bytes, from, to)) return true;
    const startNs = this.start.isZero ? null : this.start.bigint();
    try {
      this.staged.addEventTimes(eventTimes(jsonAt(this.bytes, from, to), '', startNs));
    } catch {
      return false;
    }
    return true;
  }

  private linksValid(from: number, to: number): boolean {
    if (isNullOrEmptyList(this.bytes, from, to)) return true;
    // A link that cannot be read is dropped with a warning: the JSON.parse decoder's work.
    try {
      return linkProblems(jsonAt(this.bytes, from, to), '').length === 0;
    } catch {
      return false;
    }
  }
}

/**
 * Adds every span of a plain OTLP JSON document (bytes, not gzip'd) to `sink` and returns how many;
 * -1, having added nothing, when the document is anything else (see the file comment).
 */
export function decodeOtlpJsonBytes(bytes: Uint8Array, sink: TraceSetBuilder): number {
  const reader = new DocumentReader(bytes);
  if (!reader.document()) return -1;
  commitStaged(reader.staged, reader.staged.details(bytes), sink, 'otlp-json');
  return reader.staged.count;
}
