/**
 * The receiving side of a streamed columnar answer (frames: columnar-stream.ts): bytes pushed in as
 * they arrive, cut anywhere, are assembled into the body the unstreamed answer would have been. Ids
 * stay bytes (the tree reads them as numbers). A stream that stops before its `end` frame, or that
 * writes outside its sections, is refused.
 */
import type { SpanTable } from '../model/span-table.ts';
import { type ColumnarHeader, ELEMENT_BYTES, FIXED_SECTIONS } from './columnar-layout.ts';
import { prefixTable, rowsArrived } from './columnar-prefix.ts';
import { FRAME_HEADER_BYTES, FRAME_TAGS } from './columnar-stream.ts';
import { type DecodedColumnar, decodeColumnarTrace, readHeader } from './decode-columnar.ts';
import { decodeUtf8Entry } from './utf8-list.ts';

/** The store said the read failed (an `error` frame). */
export class StreamedReadError extends Error {
  override name = 'StreamedReadError';
}

/** Above this, a head frame is refused rather than allocated (a 10M-span body is ~600 MB). */
export const MAX_STREAMED_BODY_BYTES = 2 ** 31;

function fail(problem: string): never {
  throw new Error(`columnar stream: ${problem}`);
}

interface Section {
  readonly name: string;
  readonly start: number;
  readonly byteLength: number;
  /** Bytes written from the section's start without a gap. */
  filled: number;
}

export class ColumnarStreamReader {
  private pending = new Uint8Array(0);
  private body: Uint8Array | null = null;
  private header: ColumnarHeader | null = null;
  private sections: Section[] = [];
  private ended = false;
  /** Span count once the head has arrived. */
  count: number | null = null;
  /** Payload bytes received (for progress). */
  receivedBytes = 0;

  get done(): boolean {
    return this.ended;
  }

  /** The body's length once the head has arrived (for progress). */
  get totalBytes(): number | null {
    return this.body?.byteLength ?? null;
  }

  /** Takes the next bytes of the stream (any cut); throws on a malformed frame or an `error` frame. */
  push(chunk: Uint8Array): void {
    this.receivedBytes += chunk.byteLength;
    let bytes = chunk;
    if (this.pending.byteLength > 0) {
      bytes = new Uint8Array(this.pending.byteLength + chunk.byteLength);
      bytes.set(this.pending);
      bytes.set(chunk, this.pending.byteLength);
    }
    let at = 0;
    while (bytes.byteLength - at >= FRAME_HEADER_BYTES) {
      const dv = new DataView(bytes.buffer, bytes.byteOffset + at, FRAME_HEADER_BYTES);
      const tag = dv.getUint32(0, true);
      const index = dv.getUint32(4, true);
      const offset = dv.getUint32(8, true);
      const length = dv.getUint32(12, true);
      const size = FRAME_HEADER_BYTES + Math.ceil(length / 8) * 8;
      if (this.ended) fail('data after the end frame');
      if (
        tag !== FRAME_TAGS.patch &&
        tag !== FRAME_TAGS.head &&
        tag !== FRAME_TAGS.end &&
        tag !== FRAME_TAGS.error
      )
        fail(`unknown frame tag ${tag.toString(16)}`);
      if (tag === FRAME_TAGS.head && length > MAX_STREAMED_BODY_BYTES) fail('head frame is too large');
      if (bytes.byteLength - at < size) break;
      const payload = bytes.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
      this.frame(tag, index, offset, payload);
      at += size;
    }
    // Copied: the caller may reuse its chunk's memory.
    this.pending = bytes.slice(at);
  }

  /** Rows, from the first, whose every per-span column has arrived (0 before the head). */
  get rowsIn(): number {
    return this.count === null ? 0 : rowsArrived(this.sections, this.count);
  }

  /**
   * The rows in so far as a table of their own (columnar-prefix.ts: no events, no details), to draw
   * while the rest arrives; null before the first row is in. Valid until the next push.
   */
  prefix(): SpanTable | null {
    const rows = this.rowsIn;
    if (!this.body || !this.header || rows === 0) return null;
    const { header, body, sections } = this;
    return prefixTable({ header, body, sections }, rows);
  }

  /** The assembled body (the unstreamed answer's bytes); throws unless the stream ended. */
  bytes(): Uint8Array {
    if (!this.ended || !this.body) fail('the stream ended before its end frame');
    return this.body;
  }

  /** The trace, decoded. */
  decode(): DecodedColumnar {
    return decodeColumnarTrace(this.bytes());
  }

  private frame(tag: number, index: number, offset: number, payload: Uint8Array): void {
    if (tag === FRAME_TAGS.error)
      throw new StreamedReadError(
        decodeUtf8Entry({ offsets: Uint32Array.of(0, payload.byteLength), bytes: payload }, 0),
      );
    if (tag === FRAME_TAGS.head) {
      this.head(payload);
      return;
    }
    if (!this.body) fail('a frame came before the head');
    if (tag === FRAME_TAGS.end) {
      if (payload.byteLength > 0) fail('end frame has a payload');
      const short = this.sections.find((s) => s.filled < s.byteLength);
      if (short) fail(`section ${short.name} was not written whole`);
      this.ended = true;
      return;
    }
    const s = this.sections[index];
    if (!s) fail(`patch of section ${index}, which does not exist`);
    if (offset + payload.byteLength > s.byteLength) fail(`patch runs past the end of section ${s.name}`);
    const isId = s.name === 'spanIds' || s.name === 'parentIds';
    if (isId && (offset % 8 !== 0 || payload.byteLength % 8 !== 0)) fail(`patch of ${s.name} cuts an id`);
    this.body.set(payload, s.start + offset);
    if (offset <= s.filled) s.filled = Math.max(s.filled, offset + payload.byteLength);
  }

  private head(prefix: Uint8Array): void {
    if (this.body) fail('a second head frame');
    const { header, bodyStart } = readHeader(prefix);
    if (bodyStart !== prefix.byteLength) fail('head frame is not the whole header');
    let end = bodyStart;
    for (const [name, ref] of Object.entries(header.sections)) {
      if (
        !Number.isSafeInteger(ref?.offset) ||
        !Number.isSafeInteger(ref?.byteLength) ||
        ref.offset < 0 ||
        ref.offset % 8 !== 0 ||
        ref.byteLength < 0
      )
        fail(`section ${name} is malformed`);
      this.sections.push({ name, start: bodyStart + ref.offset, byteLength: ref.byteLength, filled: 0 });
      end = Math.max(end, bodyStart + ref.offset + ref.byteLength);
    }
    if (end > MAX_STREAMED_BODY_BYTES) fail(`the body would be ${end} bytes`);
    const ids = FIXED_SECTIONS.spanIds;
    const idBytes = ids.count(header.count) * ELEMENT_BYTES[ids.type];
    for (const name of ['spanIds', 'parentIds'])
      if (this.sections.find((s) => s.name === name)?.byteLength !== idBytes)
        fail(`section ${name} has the wrong length`);
    this.body = new Uint8Array(end);
    this.body.set(prefix);
    this.header = header;
    this.count = header.count;
  }
}
