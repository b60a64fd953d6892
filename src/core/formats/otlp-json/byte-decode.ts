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
import { KeyTable, OBJECT_END } from '../json-bytes/keys.ts';
import { commitStaged } from '../json-bytes/staged.ts';
import { RESOURCE_STRIDE, SCOPE_STRIDE } from './byte-details.ts';
import { OtlpSpanReader } from './byte-span.ts';
import { Staged, serviceAt } from './byte-staged.ts';

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
/** Reads one document into Staged; false as soon as anything is outside what it reads exactly. */
class DocumentReader {
  readonly j: JsonBytes;
  readonly staged = new Staged();
  private readonly span: OtlpSpanReader;

  constructor(readonly bytes: Uint8Array) {
    this.j = new JsonBytes(bytes);
    this.span = new OtlpSpanReader(this.j, this.staged);
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
    staged.services[g] = serviceAt(this.bytes, ranges[g * RESOURCE_STRIDE], ranges[g * RESOURCE_STRIDE + 1]);
    return true;
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
        if (!this.list(() => this.span.read(s), true)) return false;
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
