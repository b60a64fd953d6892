/**
 * The direct protobuf path: an ExportTraceServiceRequest's bytes → prepared batches, read on the wire
 * (core/formats/otlp-proto/wire-spans.ts) rather than decoded into protobufjs messages first. A
 * span's hot fields are read in place into one reused WireSpan, its attributes' texts are found by
 * their bytes (span-attributes.ts), and protobufjs decodes only what is rare or new: resources,
 * scopes, events, links, attributes not seen before. The batches equal proto-batch.ts's (the
 * message path) for the same bytes and limits. When it throws (bytes that are not plain,
 * wire-reader.ts's NotPlain, or a span that makes a file unreadable), nothing has been handed on and
 * proto-batch.ts takes the message path, whose answer (batches, or the error protobufjs or the
 * decoder names) is the one given: what a wrong request gets stays the same.
 */
import {
  parseSpanKind,
  parseStatusCode,
  SpanOutcome,
  TraceWarnings,
} from '../../../core/formats/otlp-common.ts';
import {
  checkedId,
  eventTimesOf,
  protoServiceName,
  readResource,
  readScope,
  type SpanAt,
  spanPath,
} from '../../../core/formats/otlp-proto/decode.ts';
import { spanDetailText } from '../../../core/formats/otlp-proto/detail-text.ts';
import { linkProblem, SPAN_ID_BYTES, TRACE_ID_BYTES } from '../../../core/formats/otlp-proto/id-bytes.ts';
import {
  BareMessagesAt,
  type ProtoEvent,
  type ProtoLink,
  type ProtoSpan,
} from '../../../core/formats/otlp-proto/messages.ts';
import { WireReader } from '../../../core/formats/otlp-proto/wire-reader.ts';
import { readRequestLayout, WireSpan } from '../../../core/formats/otlp-proto/wire-spans.ts';
import { hexOfRange } from '../../../core/model/ids.ts';
import type { SpanLimits } from '../../../core/model/span-limits.ts';
import { type SpanInput, UNKNOWN_SERVICE } from '../../../core/model/span-table.ts';
import { EMPTY_DETAILS } from '../../../core/model/types.ts';
import type { TagCatalog, TagRow } from '../schema/tag-catalog.ts';
import { BatchBuilder, type PreparedBatch } from './batch-columns.ts';
import { addProtoSpanTags, prepareResource, prepareScope, protoBatches } from './prepare-batch.ts';
import type { ProtoBatches } from './proto-batch.ts';
import { limitAttributes, limitValue } from './proto-limits.ts';
import type { SpanAttributeTexts } from './span-attributes.ts';
import { timed } from './stage-clock.ts';

function isZeroRange(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** The id's bytes as checkedId reads them (an empty field is an absent one, as protobufjs leaves it). */
function rawId(bytes: Uint8Array, start: number, end: number): Uint8Array | undefined {
  return start < 0 || end === start ? undefined : bytes.subarray(start, end);
}

/** Hex of the id at [start, end) of `bytes` (`width` bytes); anything else goes to checkedId (its errors). */
function idHex(
  bytes: Uint8Array,
  start: number,
  end: number,
  width: number,
  at: SpanAt,
  field: string,
): string {
  if (end - start === width && start >= 0 && !isZeroRange(bytes, start, end))
    return hexOfRange(bytes, start, end);
  return field === 'trace_id'
    ? checkedId(rawId(bytes, start, end), at, field, 'trace id', TRACE_ID_BYTES, 32)
    : checkedId(
        rawId(bytes, start, end),
        at,
        field,
        field === 'span_id' ? 'span id' : 'parent span id',
        SPAN_ID_BYTES,
        16,
      );
}

/** Spans of a trace mostly come one after another: the hex of the last trace id is kept with its range. */
class TraceIdHex {
  private start = -1;
  private end = -1;
  private hex = '';

  constructor(private readonly bytes: Uint8Array) {}

  of(span: WireSpan, at: SpanAt): string {
    const b = this.bytes;
    const { traceIdStart: start, traceIdEnd: end } = span;
    if (this.start >= 0 && end - start === this.end - this.start) {
      let same = true;
      for (let i = 0; same && i < end - start; i++) same = b[start + i] === b[this.start + i];
      if (same) return this.hex;
    }
    this.hex = idHex(b, start, end, 16, at, 'trace_id');
    this.start = start;
    this.end = end;
    return this.hex;
  }
}

/** The first `max` of the messages at `ranges`, decoded and within the limits; the others are only checked. */
function cappedMessages<T>(
  ranges: readonly number[],
  max: number,
  decode: (start: number, end: number) => T,
): T[] {
  const out: T[] = [];
  for (let m = 0; 2 * m < ranges.length; m++) {
    const message = decode(ranges[2 * m], ranges[2 * m + 1]);
    if (m < max) out.push(message);
  }
  return out;
}

/** Past `max`, how many more. */
const over = (count: number, max: number) => (count > max ? count - max : 0);

/**
 * Batches of at most `batchSpans` rows, as prepareProtoExport's (which calls this first); throws
 * (NotPlain, or FormatError for a bad span with `invalidSpans: 'throw'`) with nothing handed on.
 */
export function prepareWireExport(
  bytes: Uint8Array,
  tags: TagCatalog,
  attributes: SpanAttributeTexts,
  batchSpans: number,
  invalidSpans: 'reject' | 'throw',
  limits: SpanLimits,
): ProtoBatches {
  const reader = new WireReader(bytes);
  const layout = timed('decode', () => readRequestLayout(reader));
  const messages = new BareMessagesAt(bytes);
  const event = (start: number, end: number) => {
    const e = messages.event(start, end);
    limitAttributes(e, limits);
    return e;
  };
  const link = (start: number, end: number) => {
    const l = messages.link(start, end);
    limitAttributes(l, limits);
    return l;
  };
  const keyValue = (start: number, end: number) => {
    const kv = messages.keyValue(start, end);
    limitValue(kv.value, limits);
    return kv;
  };
  const outcome = new SpanOutcome({ invalidSpans });
  const warnings = new TraceWarnings();
  const traceIds = new TraceIdHex(bytes);
  const span = new WireSpan();
  const batches: PreparedBatch[] = [];
  // Rows of earlier work not handed on yet go with the first batch, as the message path hands them.
  const earlier = tags.takeUnwritten();
  // The tag rows this request added: forgotten if it goes to the message path after all.
  const added: TagRow[] = [];
  const finish = (b: BatchBuilder) => {
    const rows = tags.takeUnwritten();
    added.push(...rows);
    batches.push(b.finish(batches.length === 0 && earlier.length > 0 ? [...earlier, ...rows] : rows));
  };
  let b = new BatchBuilder();
  try {
    for (let r = 0; r < layout.length; r++) {
      const rs = layout[r];
      const resource = rs.resourceStart >= 0 ? messages.resource(rs.resourceStart, rs.resourceEnd) : null;
      limitAttributes(resource, limits);
      const rsMessage = { resource, schema_url: rs.schemaUrl };
      const service = protoServiceName(rsMessage);
      // This ResourceSpans' blob in the current batch, -1 until a span of it is added there.
      let resourceIndex = -1;
      for (let s = 0; s < rs.scopeSpans.length; s++) {
        const ss = rs.scopeSpans[s];
        const scope = ss.scopeStart >= 0 ? messages.scope(ss.scopeStart, ss.scopeEnd) : null;
        limitAttributes(scope, limits);
        const ssMessage = { scope, schema_url: ss.schemaUrl };
        let scopeIndex = -1;
        for (let i = 0; 2 * i < ss.spans.length; i++) {
          span.read(reader, ss.spans[2 * i], ss.spans[2 * i + 1]);
          const attributeCount = span.attributes.length / 2;
          for (let a = limits.maxAttributes; a < attributeCount; a++)
            messages.keyValue(span.attributes[2 * a], span.attributes[2 * a + 1]);
          const events = cappedMessages(span.events, limits.maxEvents, event);
          const links = cappedMessages(span.links, limits.maxLinks, link);
          const at = { r, s, i };
          let input: SpanInput;
          try {
            input = readInput(bytes, span, at, service, traceIds, events, links, outcome, warnings);
          } catch (error) {
            // A rejected span's attributes must still decode (protobufjs reads the whole request).
            for (let a = 0; a < Math.min(attributeCount, limits.maxAttributes); a++)
              messages.keyValue(span.attributes[2 * a], span.attributes[2 * a + 1]);
            outcome.failed(error);
            continue;
          }
          if (resourceIndex < 0)
            resourceIndex = b.resources.push(prepareResource(readResource(rsMessage), tags)) - 1;
          if (scopeIndex < 0) scopeIndex = b.scopes.push(prepareScope(readScope(ssMessage), tags)) - 1;
          const message: ProtoSpan = {
            trace_state: span.traceState,
            flags: span.flags,
            dropped_attributes_count:
              span.droppedAttributesCount + over(attributeCount, limits.maxAttributes),
            events,
            dropped_events_count: span.droppedEventsCount + over(span.events.length / 2, limits.maxEvents),
            links,
            dropped_links_count: span.droppedLinksCount + over(span.links.length / 2, limits.maxLinks),
            status: span.hasStatus ? { message: span.statusMessage, code: span.statusCode } : null,
          };
          const serviceName = input.service || UNKNOWN_SERVICE;
          const texts = attributes.wireTexts(
            bytes,
            span.attributes,
            Math.min(attributeCount, limits.maxAttributes),
            limits,
            keyValue,
          );
          addProtoSpanTags(input, serviceName, message, tags);
          b.add(
            input,
            serviceName,
            resourceIndex,
            scopeIndex,
            texts.search,
            spanDetailText(message, input.status, texts.detail),
          );
          outcome.result.spanCount++;
          if (b.count === batchSpans) {
            finish(b);
            b = new BatchBuilder();
            resourceIndex = scopeIndex = -1;
          }
        }
      }
    }
  } catch (error) {
    // The message path starts again from the same catalog (the kept texts' tagged marks go with it).
    added.push(...tags.takeUnwritten());
    tags.forget(added);
    tags.restoreUnwritten(earlier);
    attributes.clear();
    throw error;
  }
  if (b.count > 0) finish(b);
  else if (batches.length === 0) tags.restoreUnwritten(earlier);
  const result = outcome.result;
  return protoBatches(batches, result);
}

/** The span's row fields, as decode.ts's readSpan reads them from the messages; throws FormatError for bad ids. */
function readInput(
  bytes: Uint8Array,
  span: WireSpan,
  at: SpanAt,
  service: string | undefined,
  traceIds: TraceIdHex,
  events: readonly ProtoEvent[],
  links: readonly ProtoLink[],
  outcome: SpanOutcome,
  warnings: TraceWarnings,
): SpanInput {
  const traceId = traceIds.of(span, at);
  const spanId = idHex(bytes, span.spanIdStart, span.spanIdEnd, 8, at, 'span_id');
  const { parentIdStart, parentIdEnd } = span;
  const parentId =
    parentIdStart >= 0 && parentIdEnd > parentIdStart && !isZeroRange(bytes, parentIdStart, parentIdEnd)
      ? idHex(bytes, parentIdStart, parentIdEnd, 8, at, 'parent_span_id')
      : '';
  for (let l = 0; l < links.length; l++) {
    const problem = linkProblem(links[l]);
    if (problem !== null) outcome.droppedLink(warnings, traceId, `${spanPath(at)}.links[${l}]`, problem);
  }
  const start = span.startNs;
  const startNs = start === 0n ? null : start;
  const eventTimesNs = eventTimesOf(events, startNs);
  return {
    traceId,
    spanId,
    parentId,
    name: span.name,
    service,
    kind: parseSpanKind(span.kind) ?? 0,
    status: parseStatusCode(span.hasStatus ? span.statusCode : undefined) ?? 0,
    startNs,
    durNs: startNs !== null && span.endNs !== 0n ? span.endNs - start : null,
    eventTimesNs,
    details: EMPTY_DETAILS,
  };
}
