/**
 * Zipkin v2 JSON read straight from its bytes: an array of spans, or an array of such arrays (one span
 * object alone is left to the JSON.parse path). No JSON.parse of the document and no object per span:
 * hot fields go from the bytes into the builder, each span's details stay a byte range parsed on first
 * use (byte-details.ts), and only the rare annotation lists are parsed.
 *
 * It gives the same spans, times, warnings and details as JSON.parse + decodeZipkinJson. Whatever it
 * does not read exactly like them (an escaped key, a span that decoder would refuse, Zipkin v1, JSON
 * Lines, other formats) makes it give up before it added anything: the caller then takes the
 * JSON.parse path, which reads the input or names the problem.
 */
import type { TraceSetBuilder } from '../../model/span-table.ts';
import { Byte, JsonBytes } from '../json-bytes/cursor.ts';
import { KeyTable } from '../json-bytes/keys.ts';
import { EMPTY_ARRAY, FIRST_IS_ARRAY, firstElementKeys } from '../json-bytes/sniff.ts';
import { commitStaged, StagedSpans } from '../json-bytes/staged.ts';
import { ZipkinByteDetails } from './byte-details.ts';
import { ZipkinSpanReader } from './byte-span.ts';

/** detectJsonFormat's keys for an array's first element: Jaeger's win, else Zipkin needs both of its own. */
const FIRST_KEYS = new KeyTable(['spanID', 'traceID', 'traceId', 'id']);
const JAEGER_KEYS = 0b0011;
const ZIPKIN_KEYS = 0b1100;

/** Whether detectJsonFormat takes the array at the cursor for Zipkin. */
function isZipkinArray(j: JsonBytes): boolean {
  const keys = firstElementKeys(j, FIRST_KEYS);
  if (keys === FIRST_IS_ARRAY || keys === EMPTY_ARRAY) return true;
  return keys >= 0 && (keys & JAEGER_KEYS) === 0 && (keys & ZIPKIN_KEYS) === ZIPKIN_KEYS;
}

class DocumentReader {
  readonly j: JsonBytes;
  readonly staged = new StagedSpans();
  private readonly span: ZipkinSpanReader;

  constructor(readonly bytes: Uint8Array) {
    this.j = new JsonBytes(bytes);
    this.span = new ZipkinSpanReader(this.j, this.staged);
  }

  document(): boolean {
    const { j, bytes } = this;
    j.pos = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    if (j.ws() !== Byte.LBRACKET || !isZipkinArray(j)) return false;
    return this.list(true) && j.ws() === -1;
  }

  /** A list of spans, or (at the top) of spans and lists of spans. */
  private list(top: boolean): boolean {
    const j = this.j;
    return j.array(() => (top && j.bytes[j.pos] === Byte.LBRACKET ? this.list(false) : this.span.read()));
  }
}

/**
 * Adds every span of a Zipkin JSON array (bytes, not gzip'd) to `sink` and returns how many; -1,
 * having added nothing, when the document is anything else (see the file comment).
 */
export function decodeZipkinJsonBytes(bytes: Uint8Array, sink: TraceSetBuilder): number {
  const reader = new DocumentReader(bytes);
  if (!reader.document()) return -1;
  const { staged } = reader;
  commitStaged(
    staged,
    new ZipkinByteDetails(bytes, staged.spanRange.slice(0, 2 * staged.count)),
    sink,
    'zipkin-json',
  );
  return staged.count;
}
