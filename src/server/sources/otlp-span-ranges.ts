/**
 * Where each span of a plain OTLP JSON document lies in its bytes, in document order, and which
 * scope spans entry holds it: the same containers, in the same order, as core's byte reader
 * (otlp-json/byte-decode.ts) reads, so that span k here is the span its details source keys k. Run
 * only on a document that reader has read (it checked the syntax): anything unexpected is null.
 */
import { Byte, JsonBytes } from '../../core/formats/json-bytes/cursor.ts';
import { KeyTable, OBJECT_END } from '../../core/formats/json-bytes/keys.ts';

const TOP_KEYS = new KeyTable(['resourceSpans', 'resource_spans', 'batches', 'trace', 'result']);
const LAST_RESOURCE_SPANS_KEY = 2;
const SCOPE_SPANS_KEYS = new KeyTable([
  'scopeSpans',
  'scope_spans',
  'instrumentationLibrarySpans',
  'instrumentation_library_spans',
]);
const SPANS_KEY = new KeyTable(['spans']);

export interface OtlpSpanRanges {
  /** Span k is the object at bytes [range[2k], range[2k + 1]). */
  readonly range: Uint32Array;
  /** The scope spans entry (in document order) that holds span k. */
  readonly scopeOf: Uint32Array;
  readonly count: number;
}

class Walk {
  private readonly j: JsonBytes;
  range = new Uint32Array(1024);
  scopeOf = new Uint32Array(512);
  count = 0;
  private scopes = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.j = new JsonBytes(bytes);
  }

  document(): boolean {
    const { j, bytes } = this;
    j.pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (j.ws() !== Byte.LBRACE) return false;
    j.pos++;
    if (j.nextKey(true) !== 1) return false;
    let key = TOP_KEYS.match(bytes, j.keyFrom, j.keyTo);
    if (key > LAST_RESOURCE_SPANS_KEY) {
      if (!j.open(Byte.LBRACE) || j.nextKey(true) !== 1) return false;
      key = TOP_KEYS.match(bytes, j.keyFrom, j.keyTo);
    }
    return key >= 0 && key <= LAST_RESOURCE_SPANS_KEY && j.array(() => this.resourceSpans());
  }

  private list(element: () => boolean): boolean {
    return this.j.nullLiteral() || this.j.array(element);
  }

  private resourceSpans(): boolean {
    const j = this.j;
    if (!j.open(Byte.LBRACE)) return false;
    for (
      let key = SCOPE_SPANS_KEYS.next(j, true);
      key !== OBJECT_END;
      key = SCOPE_SPANS_KEYS.next(j, false)
    ) {
      if (key === -1) return false;
      if (key >= 0 ? !this.list(() => this.scopeSpans()) : !j.skipValue()) return false;
    }
    return true;
  }

  private scopeSpans(): boolean {
    const j = this.j;
    if (!j.open(Byte.LBRACE)) return false;
    const s = this.scopes++;
    for (let key = SPANS_KEY.next(j, true); key !== OBJECT_END; key = SPANS_KEY.next(j, false)) {
      if (key === -1) return false;
      if (key >= 0 ? !this.list(() => this.span(s)) : !j.skipValue()) return false;
    }
    return true;
  }

  private span(s: number): boolean {
    const j = this.j;
    const from = j.pos;
    if (!j.skipValue()) return false;
    const k = this.count++;
    if (2 * k + 2 > this.range.length) {
      const range = new Uint32Array(this.range.length * 2);
      range.set(this.range);
      this.range = range;
      const scopeOf = new Uint32Array(this.scopeOf.length * 2);
      scopeOf.set(this.scopeOf);
      this.scopeOf = scopeOf;
    }
    this.range[2 * k] = from;
    this.range[2 * k + 1] = j.pos;
    this.scopeOf[k] = s;
    return true;
  }
}

/** The spans of a document core's OTLP JSON byte reader has read; null for anything else. */
export function otlpSpanRanges(bytes: Uint8Array): OtlpSpanRanges | null {
  const walk = new Walk(bytes);
  if (!walk.document()) return null;
  return { range: walk.range, scopeOf: walk.scopeOf, count: walk.count };
}
