/**
 * Jaeger JSON read straight from its bytes: `{data:[traces]}` (other top-level keys such as total or
 * errors are only checked), `{data: trace}`, a bare trace object, or a bare array of spans. No JSON.parse
 * of the document and no object per span: hot fields go from the bytes into the builder, each span's
 * details stay a byte range parsed on first use (byte-details.ts), and only each trace's processes
 * (and the rare logs and warnings lists) are parsed.
 *
 * It gives the same spans, times, warnings and details as JSON.parse + decodeJaegerJson. Whatever it
 * does not read exactly like them (an escaped key, a repeated container key, a span that decoder would
 * refuse, a top-level key that detection looks at, JSON Lines, other formats) makes it give up before it
 * added anything: the caller then takes the JSON.parse path, which reads the input or names the problem.
 */
import type { TraceSetBuilder } from '../../model/span-table.ts';
import { Byte, JsonBytes } from '../json-bytes/cursor.ts';
import { KeyTable, OBJECT_END } from '../json-bytes/keys.ts';
import { firstElementKeys } from '../json-bytes/sniff.ts';
import { commitStaged, StagedSpans } from '../json-bytes/staged.ts';
import { JaegerByteDetails } from './byte-details.ts';
import { ProcessSlots } from './byte-processes.ts';
import { JaegerSpanReader } from './byte-span.ts';

/** A trace's keys, then (at the top) `data` and keys that make detection say another format. */
const KEYS = new KeyTable([
  'spans',
  'processes',
  'traceID',
  'data',
  'resourceSpans',
  'resource_spans',
  'batches',
  'trace',
  'result',
  'traces',
  'tagNames',
  'scopes',
  'tagValues',
]);
const K = { spans: 0, processes: 1, traceID: 2, data: 3, otherFormat: 4 };
/** detectJsonFormat takes an array for Jaeger when its first element has one of these keys. */
const SPAN_ID_KEYS = new KeyTable(['spanID', 'traceID']);

class DocumentReader {
  readonly j: JsonBytes;
  readonly staged = new StagedSpans();
  readonly slots = new ProcessSlots(this.staged);
  private readonly span: JaegerSpanReader;

  constructor(readonly bytes: Uint8Array) {
    this.j = new JsonBytes(bytes);
    this.span = new JaegerSpanReader(this.j, this.staged, this.slots);
  }

  document(): boolean {
    const { j, bytes } = this;
    j.pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    const c = j.ws();
    const read = c === Byte.LBRACKET ? this.spanArray() : c === Byte.LBRACE && this.trace(true);
    return read && j.ws() === -1;
  }

  /** A bare array of spans (their processes inline): one trace without processes. */
  private spanArray(): boolean {
    if (firstElementKeys(this.j, SPAN_ID_KEYS) <= 0) return false;
    this.slots.beginTrace();
    if (!this.spans()) return false;
    this.slots.endTrace(this.bytes, -1, -1);
    return true;
  }

  /** The spans list at the cursor, every element a span object. */
  private spans(): boolean {
    return this.j.array(() => this.span.read());
  }

  /** The value of `data`: a list of traces or one trace. */
  private data(): boolean {
    const j = this.j;
    return j.ws() === Byte.LBRACE ? this.trace(false) : j.array(() => this.trace(false));
  }

  /**
   * A trace object: its spans (null: none, but not at the top), then its processes once it ends. At
   * the top, it may instead be `{data: …}`, its other keys only checked.
   */
  private trace(top: boolean): boolean {
    const { j, bytes } = this;
    if (!j.open(Byte.LBRACE)) return false;
    this.slots.beginTrace();
    let data = false;
    let spans = false;
    let traceID = false;
    let processesFrom = -1;
    let processesTo = -1;
    for (let key = KEYS.next(j, true); key !== OBJECT_END; key = KEYS.next(j, false)) {
      if (key === -1 || (top && key >= K.otherFormat)) return false;
      if (top && key === K.data) {
        if (data || spans) return false;
        data = true;
        if (!this.data()) return false;
        continue;
      }
      if (key === K.spans && !data) {
        if (spans) return false;
        spans = true;
        const none = !top && j.nullLiteral();
        if (!none && !this.spans()) return false;
        continue;
      }
      if (key === K.traceID) traceID = true;
      const from = j.pos;
      if (!j.skipValue()) return false;
      if (key === K.processes) {
        processesFrom = from;
        processesTo = j.pos;
      }
    }
    if (data) return true;
    // detectJsonFormat takes a bare trace for Jaeger when it has spans and a traceID or processes.
    if (top && (!spans || (!traceID && processesFrom < 0))) return false;
    this.slots.endTrace(bytes, processesFrom, processesTo);
    return true;
  }
}

/**
 * Adds every span of a Jaeger JSON document (bytes, not gzip'd) to `sink` and returns how many;
 * -1, having added nothing, when the document is anything else (see the file comment).
 */
export function decodeJaegerJsonBytes(bytes: Uint8Array, sink: TraceSetBuilder): number {
  const reader = new DocumentReader(bytes);
  if (!reader.document()) return -1;
  const { staged } = reader;
  const details = new JaegerByteDetails(
    bytes,
    staged.spanRange.slice(0, 2 * staged.count),
    staged.serviceOf.slice(0, staged.count),
    reader.slots.processes,
  );
  commitStaged(staged, details, sink, 'jaeger-json');
  return staged.count;
}
