/**
 * One Zipkin v2 span read from its bytes into StagedSpans with the meaning decodeZipkinJson gives it:
 * ids, µs times, annotation times, name, kind, `shared`, the local endpoint's service and the status
 * from the `error` and `otel.status_code` tags (the other tags are only checked), with the same
 * warnings. Anything it does not read exactly like decodeZipkinJson (a span that decoder would refuse,
 * Zipkin v1 included) makes it give up.
 */
import { SpanKind, StatusCode } from '../../model/types.ts';
import { Byte, type JsonBytes } from '../json-bytes/cursor.ts';
import {
  isNonEmptyList,
  isPlainAscii,
  jsonAt,
  nameAt,
  parentIdAt,
  spanIdAt,
  stringAt,
  traceIdAt,
} from '../json-bytes/fields.ts';
import { KeySequence, KeyTable, OBJECT_END } from '../json-bytes/keys.ts';
import { MicrosTimes } from '../json-bytes/micros.ts';
import type { StagedSpans } from '../json-bytes/staged.ts';
import { microsEventTimes } from '../micros.ts';
import { jsonText } from '../otlp-common.ts';
import { readStatus, unknownKind, v1Annotation, zipkinKind } from './decode.ts';

const SPAN_KEYS = new KeySequence([
  'traceId',
  'id',
  'parentId',
  'name',
  'kind',
  'timestamp',
  'duration',
  'annotations',
  'shared',
  'binaryAnnotations',
  'localEndpoint',
  'tags',
  'remoteEndpoint',
  'debug',
]);
const F = {
  trace: 0,
  span: 1,
  parent: 2,
  name: 3,
  kind: 4,
  start: 5,
  duration: 6,
  annotations: 7,
  shared: 8,
  v1: 9,
  localEndpoint: 10,
  tags: 11,
};
const KINDS = new KeyTable(['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER']);
const KIND_VALUES = [SpanKind.Client, SpanKind.Server, SpanKind.Producer, SpanKind.Consumer];
const STATUS_TAG_NAMES = ['error', 'otel.status_code'];
const STATUS_TAGS = new KeyTable(STATUS_TAG_NAMES);
const ENDPOINT_KEYS = new KeyTable(['serviceName']);

export class ZipkinSpanReader {
  private readonly valueFrom = new Int32Array(14);
  private readonly valueTo = new Int32Array(14);
  private readonly times = new MicrosTimes();
  /** Tags of the span being read: `error` is present; the range of `otel.status_code`'s value. */
  private errorTag = false;
  private statusFrom = -1;
  private statusTo = -1;
  /** The local endpoint's serviceName value (-1: absent, or no endpoint object). */
  private serviceFrom = -1;
  private serviceTo = -1;
  /** One service slot per distinct service name. */
  private readonly slots = new Map<string, number>();

  constructor(
    private readonly j: JsonBytes,
    private readonly staged: StagedSpans,
  ) {}

  /** Reads the span object at the cursor (its '{' included) and stages it; false to give up. */
  read(): boolean {
    const { j, valueFrom, valueTo } = this;
    const from = j.pos;
    if (!j.open(Byte.LBRACE)) return false;
    valueFrom.fill(-1);
    this.errorTag = false;
    this.statusFrom = -1;
    this.serviceFrom = -1;
    for (let key = SPAN_KEYS.next(j, -1); key !== OBJECT_END; key = SPAN_KEYS.next(j, key)) {
      if (key === -1 || key === F.v1) return false;
      // Repeated keys: the last one wins, as in JSON.parse.
      if (key >= 0) valueFrom[key] = j.pos;
      const ok = key === F.tags || key === F.localEndpoint ? this.members(key === F.tags) : j.skipValue();
      if (!ok) return false;
      if (key >= 0) valueTo[key] = j.pos;
    }
    return this.stage(from, j.pos);
  }

  /**
   * The object at the cursor (anything else is only checked): the tags (`error` present, the value of
   * `otel.status_code`, as readStatus looks at them) or the local endpoint (its serviceName's value).
   */
  private members(tags: boolean): boolean {
    const j = this.j;
    const keys = tags ? STATUS_TAGS : ENDPOINT_KEYS;
    if (tags) {
      this.errorTag = false;
      this.statusFrom = -1;
    } else this.serviceFrom = -1;
    if (!j.open(Byte.LBRACE)) return j.skipValue();
    for (let first = true; ; first = false) {
      // Tag keys are attribute names: any string.
      const r = j.nextKey(first, tags);
      if (r <= 0) return r === 0;
      const key = j.keyEscaped
        ? STATUS_TAG_NAMES.indexOf(stringAt(j.bytes, j.keyFrom - 1, j.keyTo + 1) as string)
        : keys.match(j.bytes, j.keyFrom, j.keyTo);
      const from = j.pos;
      if (!j.skipValue()) return false;
      if (key < 0) continue;
      if (!tags) {
        this.serviceFrom = from;
        this.serviceTo = j.pos;
      } else if (key === 0) this.errorTag = true;
      else {
        this.statusFrom = from;
        this.statusTo = j.pos;
      }
    }
  }

  /** Stages the span just read ([from, to) of the bytes); false when decodeZipkinJson would refuse it. */
  private stage(from: number, to: number): boolean {
    const { staged, valueFrom: vf, valueTo: vt } = this;
    const b = this.j.bytes;
    const traceId = traceIdAt(b, vf[F.trace], vt[F.trace]);
    if (traceId === null) return false;
    const spanId = spanIdAt(b, vf[F.span], vt[F.span]);
    if (spanId === null) return false;
    const parentId = parentIdAt(b, vf[F.parent], vt[F.parent]);
    if (parentId === null) return false;
    if (!this.times.read(b, vf[F.start], vt[F.start], vf[F.duration], vt[F.duration])) return false;
    const annotations = isNonEmptyList(b, vf[F.annotations], vt[F.annotations])
      ? jsonAt(b, vf[F.annotations], vt[F.annotations])
      : undefined;
    if (v1Annotation(annotations) >= 0) return false;

    const k = staged.row();
    staged.traceIds[k] = traceId;
    staged.spanIds[k] = spanId;
    staged.parentIds[k] = parentId;
    staged.names[k] = nameAt(b, vf[F.name], vt[F.name]) ?? jsonText(jsonAt(b, vf[F.name], vt[F.name]));
    staged.serviceOf[k] = this.serviceSlot();
    staged.shared[k] = vf[F.shared] >= 0 && b[vf[F.shared]] === 0x74 ? 1 : 0;
    staged.setTimes(k, this.times.start, this.times.hasEnd ? this.times.end : null);
    staged.spanRange[2 * k] = from;
    staged.spanRange[2 * k + 1] = to;
    if (annotations !== undefined) staged.addEventTimes(microsEventTimes(annotations, this.times.startNs()));
    staged.kinds[k] = this.kind(traceId);
    staged.statuses[k] = this.status(traceId);
    return true;
  }

  private kind(traceId: string): number {
    const b = this.j.bytes;
    const from = this.valueFrom[F.kind];
    const to = this.valueTo[F.kind];
    if (from >= 0 && b[from] === Byte.QUOTE && isPlainAscii(b, from, to)) {
      const kind = KINDS.matchIgnoringCase(b, from + 1, to - 1);
      if (kind >= 0) return KIND_VALUES[kind];
    }
    const raw = from < 0 ? undefined : jsonAt(b, from, to);
    const kind = zipkinKind(raw);
    if (kind !== null) return kind;
    this.staged.warnings.note(traceId, unknownKind(raw));
    return SpanKind.Internal;
  }

  private status(traceId: string): number {
    if (this.statusFrom < 0) return this.errorTag ? StatusCode.Error : StatusCode.Unset;
    const tags: Record<string, unknown> = {
      'otel.status_code': jsonAt(this.j.bytes, this.statusFrom, this.statusTo),
    };
    const status = readStatus(tags);
    if (status.warning) this.staged.warnings.note(traceId, status.warning);
    return status.code;
  }

  /** The slot of the span's service (the local endpoint's serviceName as jsonText reads it). */
  private serviceSlot(): number {
    const b = this.j.bytes;
    const { serviceFrom: from, serviceTo: to } = this;
    const service = from < 0 ? '' : (nameAt(b, from, to) ?? jsonText(jsonAt(b, from, to)));
    let slot = this.slots.get(service);
    if (slot === undefined) {
      slot = this.staged.services.length;
      this.staged.services.push(service);
      this.slots.set(service, slot);
    }
    return slot;
  }
}
