/**
 * The columnar transfer as a stream (`application/vnd.spanscope.columnar-stream`): the same body
 * (columnar-layout.ts), sent in frames as the store reads it, so that the reading, the transfer and
 * the decoding of a big trace overlap. The receiver (columnar-stream-reader.ts) assembles the body
 * the unstreamed answer would have been, byte for byte.
 *
 *   frame: u32 tag · u32 section index · u32 byte offset in the section · u32 payload length ·
 *          payload · zeros to a multiple of 8
 *
 * Tags: `head` (payload: the body's preamble and header, which name every section and so the
 * body's length; it comes first and once), `patch` (payload: bytes of one section, from that offset;
 * sections are indexed in the header's order; a later patch may overwrite an earlier one), `end`
 * (no payload: every section has been written), `error` (payload: UTF-8 message; the read failed).
 * All numbers little-endian.
 */
import { align8 } from './columnar-layout.ts';
import { type ColumnarPlan, listSections } from './columnar-writer.ts';
import { encodeUtf8List } from './utf8-list.ts';

/** Tags, as little-endian u32 of 'SSCH', 'SSCP', 'SSCE', 'SSCX'. */
export const FRAME_TAGS = {
  head: 0x48435353,
  patch: 0x50435353,
  end: 0x45435353,
  error: 0x58435353,
} as const;
export const FRAME_HEADER_BYTES = 16;

/** Frames being written: appended to one buffer, taken as a piece to send whenever the caller likes. */
export class ColumnarFrames {
  private buf = new Uint8Array(1 << 16);
  private used = 0;
  private readonly sectionIndex = new Map<string, number>();

  constructor(private readonly plan: ColumnarPlan) {
    for (const [i, name] of Object.keys(plan.header.sections).entries()) this.sectionIndex.set(name, i);
  }

  /** Bytes written and not yet taken. */
  get pendingBytes(): number {
    return this.used;
  }

  /** The head frame and the text lists (known before any row is read). */
  head(): void {
    this.frame(FRAME_TAGS.head, 0, 0, this.plan.prefix);
    for (const [name, bytes] of listSections(this.plan)) this.patch(name, 0, bytes);
  }

  /** Bytes of section `name` from `byteOffset`. */
  patch(name: string, byteOffset: number, bytes: Uint8Array): void {
    const index = this.sectionIndex.get(name);
    if (index === undefined) throw new Error(`columnar body has no section ${name}`);
    if (bytes.byteLength > 0) this.frame(FRAME_TAGS.patch, index, byteOffset, bytes);
  }

  /**
   * Room for a patch of `byteLength` bytes of section `name`, to be filled by the caller (the store
   * copies database vectors straight into it) before the next frame is written: that may move the buffer.
   */
  patchInPlace(name: string, byteOffset: number, byteLength: number): Uint8Array {
    const index = this.sectionIndex.get(name);
    if (index === undefined) throw new Error(`columnar body has no section ${name}`);
    return this.frame(FRAME_TAGS.patch, index, byteOffset, byteLength);
  }

  end(): void {
    this.frame(FRAME_TAGS.end, 0, 0, new Uint8Array(0));
  }

  error(message: string): void {
    this.frame(FRAME_TAGS.error, 0, 0, encodeUtf8List([message]).bytes);
  }

  /** The frames written since the last take, in a buffer of their own (transferable). */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.used);
    this.used = 0;
    return out;
  }

  private frame(tag: number, index: number, offset: number, payload: Uint8Array | number): Uint8Array {
    const length = typeof payload === 'number' ? payload : payload.byteLength;
    const size = FRAME_HEADER_BYTES + align8(length);
    if (this.used + size > this.buf.byteLength) {
      const bigger = new Uint8Array(Math.max(this.buf.byteLength * 2, this.used + size));
      bigger.set(this.buf.subarray(0, this.used));
      this.buf = bigger;
    }
    const at = this.used;
    const dv = new DataView(this.buf.buffer, at, FRAME_HEADER_BYTES);
    dv.setUint32(0, tag, true);
    dv.setUint32(4, index, true);
    dv.setUint32(8, offset, true);
    dv.setUint32(12, length, true);
    const room = this.buf.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length);
    if (typeof payload !== 'number') room.set(payload);
    this.buf.fill(0, at + FRAME_HEADER_BYTES + length, at + size);
    this.used += size;
    return room;
  }
}
