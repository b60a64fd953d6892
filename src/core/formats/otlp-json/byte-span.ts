/**
 * One OTLP JSON span read from its bytes into Staged with the meaning decodeOtlpJson gives it: ids,
 * exact times, name, kind, status, event times, links checked; its details stay its byte range.
 * Anything it does not read exactly like decodeOtlpJson makes it give up (false, nothing staged).
 * Shared by the document reader (byte-decode.ts) and the streaming one (byte-stream.ts).
 */
import { Byte, type JsonBytes } from '../json-bytes/cursor.ts';
import { isNullOrEmptyList, jsonAt, nameAt, parentIdAt, spanIdAt, traceIdAt } from '../json-bytes/fields.ts';
import { KeySequence, KeyTable, OBJECT_END } from '../json-bytes/keys.ts';
import { SplitTime } from '../json-bytes/split-time.ts';
import { enumAt, timeAt } from './byte-fields.ts';
import type { Staged } from './byte-staged.ts';
import { eventTimes, linkProblems } from './decode.ts';

/**
 * Span keys whose values the reader looks at, pairs camelCase then snake_case, then the other keys
 * writers put in spans (not read, but known so that a writer's key order is learnt whole and each key
 * is matched as one byte pattern).
 */
const SPAN_KEYS = new KeySequence([
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
  'flags',
  'attributes',
  'traceState',
  'trace_state',
  'droppedAttributesCount',
  'dropped_attributes_count',
  'droppedEventsCount',
  'dropped_events_count',
  'droppedLinksCount',
  'dropped_links_count',
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

export class OtlpSpanReader {
  /** Value ranges of the span being read, per SPAN_KEYS index (-1: absent). */
  private readonly valueFrom = new Int32Array(25);
  private readonly valueTo = new Int32Array(25);
  /** The value range of `status.code`. */
  private readonly codeRange = new Int32Array(2);
  private readonly start = new SplitTime();
  private readonly end = new SplitTime();

  constructor(
    private readonly j: JsonBytes,
    private readonly staged: Staged,
  ) {}

  /** Reads the span object at the cursor (its '{' included) and stages it under scope `s`; false to give up. */
  read(s: number): boolean {
    const { j, valueFrom, valueTo } = this;
    const from = j.pos;
    if (!j.open(Byte.LBRACE)) return false;
    valueFrom.fill(-1);
    // Where the last hot member's value ends, negated while only hot members came (see Staged.membersAt).
    let membersAt = 0;
    let otherSeen = false;
    for (let key = SPAN_KEYS.next(j, -1); key !== OBJECT_END; key = SPAN_KEYS.next(j, key)) {
      if (key === -1) return false;
      // Repeated keys: the last one wins, as in JSON.parse.
      if (key >= 0) valueFrom[key] = j.pos;
      if (!j.skipValue()) return false;
      if (key >= 0) valueTo[key] = j.pos;
      if (key >= 0 && key <= F.kind) membersAt = otherSeen ? j.pos - from : from - j.pos;
      else otherSeen = true;
    }
    return this.stage(s, from, j.pos, membersAt);
  }

  /** The value range of field(span, camel, snake) as [from, to) in `out` order: camel if present. */
  private pick(camel: number): number {
    return this.valueFrom[camel] >= 0 ? camel : camel + 1;
  }

  /** Stages the span just read ([from, to) of the bytes); false when decodeOtlpJson would not take it as is. */
  private stage(s: number, from: number, to: number, membersAt: number): boolean {
    const { valueFrom: vf, valueTo: vt, staged } = this;
    const b = this.j.bytes;
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
    const noLinks = isNullOrEmptyList(b, vf[F.links], vt[F.links]);
    if (kind < 0 || status < 0 || !(noLinks || this.linksValid(vf[F.links], vt[F.links]))) return false;
    const events = this.eventTimes(vf[F.events], vt[F.events]);
    if (events === null) return false;

    // Nothing is staged for a span given up on (the streaming reader goes on after one).
    const k = staged.spanRow(s);
    staged.setTimes(k, this.start, this.end.isZero ? null : this.end);
    staged.addEventTimes(events);
    staged.traceIds[k] = traceId;
    staged.spanIds[k] = spanId;
    staged.parentIds[k] = parentId;
    staged.names[k] = name;
    staged.kinds[k] = kind;
    staged.statuses[k] = status;
    staged.spanRange[2 * k] = from;
    staged.spanRange[2 * k + 1] = to;
    staged.membersAt[k] = noLinks ? membersAt : 0;
    return true;
  }

  /** `status.code` as decodeOtlpJson reads it (0 when status is not an object); -1 when unknown. */
  private statusCode(from: number): number {
    const j = this.j;
    if (from < 0 || this.j.bytes[from] !== Byte.LBRACE) return 0;
    const saved = j.pos;
    j.pos = from;
    const read = j.members(STATUS_KEYS, this.codeRange);
    j.pos = saved;
    // An escaped key inside status: let decodeOtlpJson read it.
    if (!read) return -1;
    return enumAt(this.j.bytes, this.codeRange[0], this.codeRange[1], true);
  }

  /**
   * Event times of the span (rare: parsed with JSON.parse and read by decodeOtlpJson's eventTimes);
   * undefined for none, null when decodeOtlpJson would refuse them.
   */
  private eventTimes(from: number, to: number): readonly bigint[] | undefined | null {
    if (isNullOrEmptyList(this.j.bytes, from, to)) return undefined;
    const startNs = this.start.isZero ? null : this.start.bigint();
    try {
      return eventTimes(jsonAt(this.j.bytes, from, to), '', startNs);
    } catch {
      return null;
    }
  }

  private linksValid(from: number, to: number): boolean {
    // A link that cannot be read is dropped with a warning: the JSON.parse decoder's work.
    try {
      return linkProblems(jsonAt(this.j.bytes, from, to), '').length === 0;
    } catch {
      return false;
    }
  }
}
