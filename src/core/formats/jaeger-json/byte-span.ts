/**
 * One Jaeger span read from its bytes into StagedSpans with the meaning decodeJaegerJson gives it:
 * ids, the parent (first CHILD_OF into the trace, else FOLLOWS_FROM, else parentSpanID), µs times,
 * log times, the name, the process slot, and kind, status and warnings from its tags (byte-tags.ts).
 * References in the shape Jaeger writes are matched byte by byte, others walked key by key. Anything
 * it does not read exactly like decodeJaegerJson (a span that decoder would refuse included) makes
 * it give up.
 */
import { grow } from '../../model/span-record.ts';
import { Byte, type JsonBytes } from '../json-bytes/cursor.ts';
import {
  isNonEmptyList,
  isPlainAscii,
  jsonAt,
  nameAt,
  parentIdAt,
  spanIdAt,
  traceIdAt,
} from '../json-bytes/fields.ts';
import { asciiBytes, KeySequence, KeyTable, OBJECT_END } from '../json-bytes/keys.ts';
import { MicrosTimes } from '../json-bytes/micros.ts';
import type { StagedSpans } from '../json-bytes/staged.ts';
import { microsEventTimes } from '../micros.ts';
import type { ProcessSlots } from './byte-processes.ts';
import { JaegerTagReader } from './byte-tags.ts';
import { jaegerWarnings, refTypeOf, textOf } from './decode.ts';

/** The keys decodeJaegerJson reads (and flags, so that Jaeger's layout is learnt whole). */
const SPAN_KEYS = new KeySequence([
  'traceID',
  'spanID',
  'parentSpanID',
  'operationName',
  'startTime',
  'duration',
  'logs',
  'processID',
  'process',
  'warnings',
  'references',
  'tags',
  'flags',
]);
const F = {
  trace: 0,
  span: 1,
  parent: 2,
  name: 3,
  start: 4,
  duration: 5,
  logs: 6,
  processID: 7,
  process: 8,
  warnings: 9,
  references: 10,
  tags: 11,
};
const REF_KEYS = new KeyTable(['refType', 'traceID', 'spanID']);
const REF_TYPE = asciiBytes('{"refType":');
const REF_TRACE = asciiBytes(',"traceID":');
const REF_SPAN = asciiBytes(',"spanID":');
const FOLLOWS_FROM = 'FOLLOWS_FROM';

const FOLLOWS_FROM_TYPE = new KeyTable([FOLLOWS_FROM]);

export class JaegerSpanReader {
  private readonly valueFrom = new Int32Array(13);
  private readonly valueTo = new Int32Array(13);
  /** References of the span being read: from/to of traceID, spanID (-1: absent) and FOLLOWS_FROM. */
  private refCount = 0;
  private refRanges = new Int32Array(16);
  private refFollows = new Uint8Array(4);
  /** Value ranges of a reference's refType, traceID and spanID. */
  private readonly refMembers = new Int32Array(6);
  private readonly tags: JaegerTagReader;
  private readonly times = new MicrosTimes();

  constructor(
    private readonly j: JsonBytes,
    private readonly staged: StagedSpans,
    private readonly slots: ProcessSlots,
  ) {
    this.tags = new JaegerTagReader(j);
  }

  /** Reads the span object at the cursor (its '{' included) and stages it; false to give up. */
  read(): boolean {
    const { j, valueFrom, valueTo } = this;
    const from = j.pos;
    if (!j.open(Byte.LBRACE)) return false;
    valueFrom.fill(-1);
    this.refCount = 0;
    this.tags.reset();
    for (let key = SPAN_KEYS.next(j, -1); key !== OBJECT_END; key = SPAN_KEYS.next(j, key)) {
      if (key === -1) return false;
      // Repeated keys: the last one wins, as in JSON.parse.
      if (key >= 0) valueFrom[key] = j.pos;
      if (key === F.references ? !this.references() : key === F.tags ? !this.tags.read() : !j.skipValue())
        return false;
      if (key >= 0) valueTo[key] = j.pos;
    }
    return this.stage(from, j.pos);
  }

  /** The references list at the cursor: absent or null is none; anything but objects is refused. */
  private references(): boolean {
    this.refCount = 0;
    return this.j.nullLiteral() || this.j.array(this.reference);
  }

  /** One reference at the cursor: an object, else the span is refused. */
  private readonly reference = (): boolean => {
    const j = this.j;
    const n = this.refCount++;
    if (4 * n + 4 > this.refRanges.length) {
      this.refRanges = grow(this.refRanges, 4 * n + 4);
      this.refFollows = grow(this.refFollows, n + 1);
    }
    const at = j.pos;
    if (this.jaegerShapedReference(n)) return true;
    j.pos = at;
    const r = this.refMembers;
    if (!j.members(REF_KEYS, r)) return false;
    this.refRanges.set(r.subarray(2), 4 * n);
    this.refFollows[n] = this.followsFrom(r[0], r[1]) ? 1 : 0;
    return true;
  };

  /** Reference `n` written as Jaeger writes it, consumed; false (the cursor anywhere) when it is not. */
  private jaegerShapedReference(n: number): boolean {
    const { j, refRanges: ranges } = this;
    if (!j.literal(REF_TYPE)) return false;
    const typeFrom = j.pos;
    if (j.string() < 0 || !j.literal(REF_TRACE)) return false;
    const typeTo = j.pos - REF_TRACE.length;
    ranges[4 * n] = j.pos;
    if (j.string() < 0 || !j.literal(REF_SPAN)) return false;
    ranges[4 * n + 1] = j.pos - REF_SPAN.length;
    ranges[4 * n + 2] = j.pos;
    if (j.string() < 0 || !j.open(Byte.RBRACE)) return false;
    ranges[4 * n + 3] = j.pos - 1;
    this.refFollows[n] = this.followsFrom(typeFrom, typeTo) ? 1 : 0;
    return true;
  }

  private followsFrom(from: number, to: number): boolean {
    const b = this.j.bytes;
    if (from < 0 || b[from] === 0x6e) return false;
    if (b[from] === Byte.QUOTE && isPlainAscii(b, from, to))
      return FOLLOWS_FROM_TYPE.matchIgnoringCase(b, from + 1, to - 1) === 0;
    return refTypeOf(jsonAt(b, from, to)) === FOLLOWS_FROM;
  }

  /** Stages the span just read ([from, to) of the bytes); false when decodeJaegerJson would refuse it. */
  private stage(from: number, to: number): boolean {
    const { staged, slots, valueFrom: vf, valueTo: vt } = this;
    const b = this.j.bytes;
    const traceId = traceIdAt(b, vf[F.trace], vt[F.trace]);
    if (traceId === null) return false;
    const spanId = spanIdAt(b, vf[F.span], vt[F.span]);
    if (spanId === null) return false;
    const parentId = this.parentId(traceId);
    if (parentId === null) return false;
    if (!this.times.read(b, vf[F.start], vt[F.start], vf[F.duration], vt[F.duration])) return false;
    const name = nameAt(b, vf[F.name], vt[F.name]) ?? textOf(jsonAt(b, vf[F.name], vt[F.name]));

    const k = staged.row();
    staged.traceIds[k] = traceId;
    staged.spanIds[k] = spanId;
    staged.parentIds[k] = parentId;
    staged.names[k] = name;
    staged.serviceOf[k] =
      vf[F.process] >= 0 && b[vf[F.process]] === Byte.LBRACE
        ? slots.inline(b, vf[F.process], vt[F.process])
        : slots.keyed(b, vf[F.processID], vt[F.processID]);
    staged.setTimes(k, this.times.start, this.times.hasEnd ? this.times.end : null);
    staged.spanRange[2 * k] = from;
    staged.spanRange[2 * k + 1] = to;
    if (isNonEmptyList(b, vf[F.logs], vt[F.logs]))
      staged.addEventTimes(microsEventTimes(jsonAt(b, vf[F.logs], vt[F.logs]), this.times.startNs()));
    staged.kinds[k] = this.tags.kind;
    staged.statuses[k] = this.tags.status;
    for (const w of this.tags.warnings) slots.warn(k, w);
    if (isNonEmptyList(b, vf[F.warnings], vt[F.warnings]))
      for (const w of jaegerWarnings(jsonAt(b, vf[F.warnings], vt[F.warnings]))) slots.warn(k, w);
    return true;
  }

  /** The parent id per DESIGN §2 ('' for none), or null when a reference or parentSpanID is invalid. */
  private parentId(traceId: string): string | null {
    const b = this.j.bytes;
    const ranges = this.refRanges;
    let child: string | null = null;
    let follows: string | null = null;
    for (let n = 0; n < this.refCount; n++) {
      const traceFrom = ranges[4 * n];
      const refTrace = traceFrom < 0 ? traceId : traceIdAt(b, traceFrom, ranges[4 * n + 1]);
      const refSpan = spanIdAt(b, ranges[4 * n + 2], ranges[4 * n + 3]);
      if (refTrace === null || refSpan === null) return null;
      if (refTrace !== traceId) continue;
      if (this.refFollows[n] === 1) follows ??= refSpan;
      else child ??= refSpan;
    }
    const parent = child ?? follows;
    if (parent !== null) return parent;
    return parentIdAt(b, this.valueFrom[F.parent], this.valueTo[F.parent]);
  }
}
