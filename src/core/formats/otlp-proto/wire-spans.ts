/**
 * An ExportTraceServiceRequest read on the wire format, for the store's direct path
 * (server/store/ingest/wire-batch.ts): the request's layout (resource spans, scope spans, where
 * each span's bytes are), then each span's fields into one reused WireSpan, without a protobufjs
 * message, a string per attribute or a Long per time. Attributes, events, links, resources and
 * scopes are left as byte ranges for the caller (which keeps the texts of repeated attributes by
 * their bytes, and has protobufjs decode the rest). Only plain bytes are read: see wire-reader.ts.
 */
import { NotPlain, WIRE_I32, WIRE_I64, WIRE_LEN, WIRE_VARINT, type WireReader } from './wire-reader.ts';

/** A field of a message, key and all, the way the encoder puts it: field number × 8 + wire type. */
const key = (field: number, wire: number) => field * 8 + wire;

export interface WireScopeSpans {
  /** The InstrumentationScope's payload [start, end), or -1, -1. */
  readonly scopeStart: number;
  readonly scopeEnd: number;
  readonly schemaUrl: string;
  /** Each span's payload as [start, end) pairs. */
  readonly spans: readonly number[];
}

export interface WireResourceSpans {
  readonly resourceStart: number;
  readonly resourceEnd: number;
  readonly schemaUrl: string;
  readonly scopeSpans: readonly WireScopeSpans[];
}

/** A singular message field met twice (protobufjs merges the two): not plain. */
function once(start: number, what: string): void {
  if (start >= 0) throw new NotPlain(`${what} twice`);
}

function readScopeSpans(r: WireReader, end: number): WireScopeSpans {
  let scopeStart = -1;
  let scopeEnd = -1;
  let schemaUrl = '';
  const spans: number[] = [];
  while (r.pos < end) {
    const k = r.key(end);
    if (k === key(2, WIRE_LEN)) {
      const stop = r.lengthEnd(end);
      spans.push(r.pos, stop);
      r.pos = stop;
    } else if (k === key(1, WIRE_LEN)) {
      once(scopeStart, 'scope');
      scopeEnd = r.lengthEnd(end);
      scopeStart = r.pos;
      r.pos = scopeEnd;
    } else if (k === key(3, WIRE_LEN)) schemaUrl = r.string(end);
    else skipUnknown(r, k, 3, end);
  }
  return { scopeStart, scopeEnd, schemaUrl, spans };
}

function readResourceSpans(r: WireReader, end: number): WireResourceSpans {
  let resourceStart = -1;
  let resourceEnd = -1;
  let schemaUrl = '';
  const scopeSpans: WireScopeSpans[] = [];
  while (r.pos < end) {
    const k = r.key(end);
    if (k === key(2, WIRE_LEN)) scopeSpans.push(readScopeSpans(r, r.lengthEnd(end)));
    else if (k === key(1, WIRE_LEN)) {
      once(resourceStart, 'resource');
      resourceEnd = r.lengthEnd(end);
      resourceStart = r.pos;
      r.pos = resourceEnd;
    } else if (k === key(3, WIRE_LEN)) schemaUrl = r.string(end);
    else skipUnknown(r, k, 3, end);
  }
  return { resourceStart, resourceEnd, schemaUrl, scopeSpans };
}

/** A field past the message's last known number is skipped; a known one with another wire type is not plain. */
function skipUnknown(r: WireReader, k: number, lastKnown: number, end: number): void {
  if (k >>> 3 <= lastKnown) throw new NotPlain(`field ${k >>> 3} with wire type ${k & 7}`);
  r.skip(k & 7, end);
}

/** The layout of a whole request; throws NotPlain where it is not plain. */
export function readRequestLayout(r: WireReader): WireResourceSpans[] {
  const end = r.bytes.length;
  const out: WireResourceSpans[] = [];
  r.pos = 0;
  while (r.pos < end) {
    const k = r.key(end);
    if (k === key(1, WIRE_LEN)) out.push(readResourceSpans(r, r.lengthEnd(end)));
    else skipUnknown(r, k, 1, end);
  }
  return out;
}

/** One span's fields (reused from span to span: `read` resets it). Ranges are [start, end) pairs. */
export class WireSpan {
  /** Payload ranges of the ids, -1 when absent. */
  traceIdStart = -1;
  traceIdEnd = -1;
  spanIdStart = -1;
  spanIdEnd = -1;
  parentIdStart = -1;
  parentIdEnd = -1;
  traceState = '';
  name = '';
  kind = 0;
  flags = 0;
  startNs = 0n;
  endNs = 0n;
  droppedAttributesCount = 0;
  droppedEventsCount = 0;
  droppedLinksCount = 0;
  /** Whether a Status came, its message and raw code. */
  hasStatus = false;
  statusMessage = '';
  statusCode = 0;
  /** Payload ranges of the KeyValue, Event and Link messages, in order. */
  readonly attributes: number[] = [];
  readonly events: number[] = [];
  readonly links: number[] = [];

  /** Reads the span whose payload is bytes[start, end). */
  read(r: WireReader, start: number, end: number): void {
    this.reset();
    r.pos = start;
    while (r.pos < end) {
      const k = r.key(end);
      switch (k) {
        case key(1, WIRE_LEN):
          this.traceIdEnd = r.lengthEnd(end);
          this.traceIdStart = r.pos;
          r.pos = this.traceIdEnd;
          break;
        case key(2, WIRE_LEN):
          this.spanIdEnd = r.lengthEnd(end);
          this.spanIdStart = r.pos;
          r.pos = this.spanIdEnd;
          break;
        case key(3, WIRE_LEN):
          this.traceState = r.string(end);
          break;
        case key(4, WIRE_LEN):
          this.parentIdEnd = r.lengthEnd(end);
          this.parentIdStart = r.pos;
          r.pos = this.parentIdEnd;
          break;
        case key(5, WIRE_LEN):
          this.name = r.string(end);
          break;
        case key(6, WIRE_VARINT):
          this.kind = r.uint32(end) | 0;
          break;
        case key(7, WIRE_I64):
          this.startNs = r.fixed64(end);
          break;
        case key(8, WIRE_I64):
          this.endNs = r.fixed64(end);
          break;
        case key(9, WIRE_LEN):
          rangeOf(r, end, this.attributes);
          break;
        case key(10, WIRE_VARINT):
          this.droppedAttributesCount = r.uint32(end);
          break;
        case key(11, WIRE_LEN):
          rangeOf(r, end, this.events);
          break;
        case key(12, WIRE_VARINT):
          this.droppedEventsCount = r.uint32(end);
          break;
        case key(13, WIRE_LEN):
          rangeOf(r, end, this.links);
          break;
        case key(14, WIRE_VARINT):
          this.droppedLinksCount = r.uint32(end);
          break;
        case key(15, WIRE_LEN):
          if (this.hasStatus) throw new NotPlain('status twice');
          this.readStatus(r, r.lengthEnd(end));
          break;
        case key(16, WIRE_I32):
          this.flags = r.fixed32(end);
          break;
        default:
          skipUnknown(r, k, 16, end);
      }
    }
  }

  private readStatus(r: WireReader, end: number): void {
    this.hasStatus = true;
    while (r.pos < end) {
      const k = r.key(end);
      if (k === key(2, WIRE_LEN)) this.statusMessage = r.string(end);
      else if (k === key(3, WIRE_VARINT)) this.statusCode = r.uint32(end) | 0;
      else skipUnknown(r, k, 3, end);
    }
  }

  private reset(): void {
    this.traceIdStart = this.traceIdEnd = this.spanIdStart = this.spanIdEnd = -1;
    this.parentIdStart = this.parentIdEnd = -1;
    this.traceState = this.name = this.statusMessage = '';
    this.kind = this.flags = this.statusCode = 0;
    this.droppedAttributesCount = this.droppedEventsCount = this.droppedLinksCount = 0;
    this.startNs = this.endNs = 0n;
    this.hasStatus = false;
    this.attributes.length = this.events.length = this.links.length = 0;
  }
}

/** Appends the [start, end) of a length-delimited payload to `out` and moves past it. */
function rangeOf(r: WireReader, end: number, out: number[]): void {
  const stop = r.lengthEnd(end);
  out.push(r.pos, stop);
  r.pos = stop;
}
