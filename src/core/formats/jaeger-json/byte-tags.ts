/**
 * A Jaeger span's tags read from their bytes: every tag is checked, and the few that set a span field
 * at once (span.kind, error, otel.status_code) give kind, status and warnings exactly as
 * readSpanFields gives them. A tag in the shape Jaeger writes (`{"key":…,"type":…,"value":…}`, no
 * spaces) is matched byte by byte; any other is walked key by key. Plain kinds and error flags are
 * read here; anything else that matters (otel.status_code, an odd kind) goes through readSpanFields.
 */
import { grow } from '../../model/span-record.ts';
import { SpanKind, StatusCode } from '../../model/types.ts';
import { Byte, type JsonBytes } from '../json-bytes/cursor.ts';
import { isPlainAscii, stringAt, valueAt } from '../json-bytes/fields.ts';
import { asciiBytes, KeyTable } from '../json-bytes/keys.ts';
import { lastStringEscaped } from '../json-bytes/skip.ts';
import { readSpanFields } from './span-fields.ts';

const TAG_KEY = asciiBytes('{"key":');
const TAG_TYPE = asciiBytes(',"type":');
const TAG_VALUE = asciiBytes(',"value":');
const TAG_KEYS = new KeyTable(['key', 'value']);
/** The tags that set a span field (the others matter for details only). */
const EAGER_NAMES = ['span.kind', 'error', 'otel.status_code'];
const EAGER = new KeyTable(EAGER_NAMES);
const KIND_TAG = 0;
const ERROR_TAG = 1;
const KINDS = new KeyTable(['client', 'server', 'producer', 'consumer', 'internal']);
const KIND_VALUES = [
  SpanKind.Client,
  SpanKind.Server,
  SpanKind.Producer,
  SpanKind.Consumer,
  SpanKind.Internal,
];
const TRUE = new KeyTable(['true']);
const NO_WARNINGS: readonly string[] = [];

export class JaegerTagReader {
  kind: number = SpanKind.Unspecified;
  status: number = StatusCode.Unset;
  warnings: readonly string[] = NO_WARNINGS;
  /** The eager tags seen: tag name index, value from, value to (-1: absent). */
  private eager = new Int32Array(12);
  private eagerCount = 0;
  /** Value ranges of a tag's `key` and `value`. */
  private readonly ranges = new Int32Array(4);
  private errorTag = false;
  /** Something only readSpanFields reads exactly was seen. */
  private generic = false;

  constructor(private readonly j: JsonBytes) {}

  /** A span without tags. */
  reset(): void {
    this.kind = SpanKind.Unspecified;
    this.status = StatusCode.Unset;
    this.warnings = NO_WARNINGS;
    this.eagerCount = 0;
    this.errorTag = false;
    this.generic = false;
  }

  /** Reads the tags value at the cursor (anything but a list: no tags); false when it is invalid. */
  read(): boolean {
    const j = this.j;
    this.reset();
    return this.finish(j.bytes[j.pos] === Byte.LBRACKET ? j.array(this.element) : j.skipValue());
  }

  /** One element of the list at the cursor. */
  private readonly element = (): boolean => {
    const at = this.j.pos;
    if (this.jaegerShaped()) return true;
    this.j.pos = at;
    return this.anyTag();
  };

  /** A tag written as Jaeger writes it, consumed; false (the cursor anywhere) when it is not one. */
  private jaegerShaped(): boolean {
    const j = this.j;
    if (!j.literal(TAG_KEY)) return false;
    const keyFrom = j.pos;
    if (j.string() < 0) return false;
    const escaped = lastStringEscaped();
    const keyTo = j.pos;
    if (!j.literal(TAG_TYPE) || j.string() < 0 || !j.literal(TAG_VALUE)) return false;
    const valueFrom = j.pos;
    if (!j.skipValue() || j.bytes[j.pos] !== Byte.RBRACE) return false;
    this.tag(keyFrom, keyTo, escaped, valueFrom, j.pos);
    j.pos++;
    return true;
  }

  /** Any element of the list (only an object can be a tag), walked key by key. */
  private anyTag(): boolean {
    const { j, ranges } = this;
    if (j.bytes[j.pos] !== Byte.LBRACE) return j.skipValue();
    if (!j.members(TAG_KEYS, ranges)) return false;
    const [keyFrom, keyTo, valueFrom, valueTo] = ranges;
    if (keyFrom >= 0 && j.bytes[keyFrom] === Byte.QUOTE)
      this.tag(keyFrom, keyTo, !isPlainAscii(j.bytes, keyFrom, keyTo), valueFrom, valueTo);
    return true;
  }

  /** One tag whose key is the string [keyFrom, keyTo) and value [valueFrom, valueTo) (-1: absent). */
  private tag(keyFrom: number, keyTo: number, escaped: boolean, valueFrom: number, valueTo: number): void {
    const b = this.j.bytes;
    let name = EAGER.match(b, keyFrom + 1, keyTo - 1);
    if (name < 0 && escaped) name = EAGER_NAMES.indexOf(stringAt(b, keyFrom, keyTo) as string);
    if (name < 0) return;
    const n = this.eagerCount++;
    if (3 * n + 3 > this.eager.length) this.eager = grow(this.eager, 3 * n + 3);
    this.eager[3 * n] = name;
    this.eager[3 * n + 1] = valueFrom;
    this.eager[3 * n + 2] = valueTo;
    const plain = valueFrom >= 0 && b[valueFrom] === Byte.QUOTE && isPlainAscii(b, valueFrom, valueTo);
    if (name === KIND_TAG) {
      const kind = plain ? KINDS.matchIgnoringCase(b, valueFrom + 1, valueTo - 1) : -1;
      if (kind >= 0) this.kind = KIND_VALUES[kind];
      else this.generic = true;
    } else if (name === ERROR_TAG) {
      if (plain) this.errorTag ||= TRUE.matchIgnoringCase(b, valueFrom + 1, valueTo - 1) === 0;
      else if (valueFrom >= 0 && b[valueFrom] === 0x74) this.errorTag = true;
      else if (valueFrom >= 0 && b[valueFrom] === Byte.QUOTE) this.generic = true;
    } else this.generic = true;
  }

  /** Settles kind, status and warnings once every tag was seen; returns `ok`. */
  private finish(ok: boolean): boolean {
    if (this.generic) {
      const b = this.j.bytes;
      const tags = [];
      for (let n = 0; n < this.eagerCount; n++) {
        const from = this.eager[3 * n + 1];
        tags.push({
          key: EAGER_NAMES[this.eager[3 * n]],
          value: from < 0 ? undefined : valueAt(b, from, this.eager[3 * n + 2]),
        });
      }
      const fields = readSpanFields(tags);
      this.kind = fields.kind;
      this.status = fields.status;
      this.warnings = fields.warnings;
    } else {
      this.status = this.errorTag ? StatusCode.Error : StatusCode.Unset;
      this.warnings = NO_WARNINGS;
    }
    return ok;
  }
}
