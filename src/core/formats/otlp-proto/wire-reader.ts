/**
 * A cursor over protobuf bytes for the direct span reader (wire-spans.ts): field keys and lengths
 * (varints of at most 4 bytes), 32-bit varint values, fixed-width numbers and strict UTF-8 strings,
 * read in place.
 *
 * It reads only the plain form of a message: anything else (a key or length over 4 bytes, a length
 * past its message's end, a wire type that is not the field's, a group, field number 0, invalid
 * UTF-8) throws `NotPlain`, and the caller hands the whole request to protobufjs, which decides
 * what it is (decoded, or a FormatError naming the byte): the answers to unusual bytes stay
 * protobufjs's own. Four-byte varints hold values below 2^28, more than any length of a 64 MiB request.
 */
import { utf8DecodeStrict } from '../text.ts';

export class NotPlain extends Error {
  constructor(readonly why: string) {
    super(`not a plain protobuf request: ${why}`);
  }
}

export const WIRE_VARINT = 0;
export const WIRE_I64 = 1;
export const WIRE_LEN = 2;
export const WIRE_I32 = 5;

/** Strings of at most this many ASCII bytes are read char by char (cheaper than TextDecoder). */
const SHORT_ASCII = 32;

export class WireReader {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** A varint of at most 4 bytes ending before `end` (keys and lengths). */
  varint(end: number): number {
    const b = this.bytes;
    let p = this.pos;
    let value = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (p >= end) throw new NotPlain(`a varint runs past byte ${end}`);
      const byte = b[p++];
      value |= (byte & 0x7f) << shift;
      if (byte < 0x80) {
        this.pos = p;
        return value;
      }
    }
    throw new NotPlain(`a varint of over 4 bytes at byte ${this.pos}`);
  }

  /**
   * A varint field's value as protobufjs reads a uint32: its low 32 bits (up to 10 bytes are
   * read; negative int32 values take all 10). `| 0` of it is the int32 (enums).
   */
  uint32(end: number): number {
    const b = this.bytes;
    let p = this.pos;
    let value = 0;
    for (let i = 0; i < 10; i++) {
      if (p >= end) throw new NotPlain(`a varint runs past byte ${end}`);
      const byte = b[p++];
      if (i < 5) value |= (byte & 0x7f) << (7 * i);
      if (byte < 0x80) {
        this.pos = p;
        return value >>> 0;
      }
    }
    throw new NotPlain(`a varint of over 10 bytes at byte ${this.pos}`);
  }

  /** The key of the next field: field number × 8 + wire type; field number 0 is not plain. */
  key(end: number): number {
    const key = this.varint(end);
    if (key < 8) throw new NotPlain(`field number 0 at byte ${this.pos}`);
    return key;
  }

  /** The end of the length-delimited payload that starts after its length (pos moves to the payload). */
  lengthEnd(end: number): number {
    const length = this.varint(end);
    const payloadEnd = this.pos + length;
    if (payloadEnd > end)
      throw new NotPlain(`a length of ${length} at byte ${this.pos} runs past byte ${end}`);
    return payloadEnd;
  }

  /** Skips the value of a field of an unknown number (as protobufjs skips it). */
  skip(wire: number, end: number): void {
    switch (wire) {
      case WIRE_VARINT:
        this.uint32(end);
        return;
      case WIRE_I64:
        this.pos = this.fixedEnd(8, end);
        return;
      case WIRE_LEN:
        this.pos = this.lengthEnd(end);
        return;
      case WIRE_I32:
        this.pos = this.fixedEnd(4, end);
        return;
      default:
        throw new NotPlain(`wire type ${wire} at byte ${this.pos}`);
    }
  }

  private fixedEnd(width: number, end: number): number {
    if (this.pos + width > end) throw new NotPlain(`a fixed-width value runs past byte ${end}`);
    return this.pos + width;
  }

  fixed32(end: number): number {
    const at = this.pos;
    this.pos = this.fixedEnd(4, end);
    return this.view.getUint32(at, true);
  }

  fixed64(end: number): bigint {
    const at = this.pos;
    this.pos = this.fixedEnd(8, end);
    return this.view.getBigUint64(at, true);
  }

  /** A length-delimited string, strict UTF-8 as protobufjs reads proto3 strings. */
  string(end: number): string {
    const stop = this.lengthEnd(end);
    const start = this.pos;
    this.pos = stop;
    return utf8At(this.bytes, start, stop);
  }
}

/** bytes[start, end) as strict UTF-8; NotPlain when invalid. */
export function utf8At(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_ASCII) {
    let out = '';
    let i = start;
    for (; i < end && bytes[i] < 0x80; i++) out += String.fromCharCode(bytes[i]);
    if (i === end) return out;
  }
  try {
    return utf8DecodeStrict(bytes.subarray(start, end));
  } catch {
    throw new NotPlain(`invalid UTF-8 at byte ${start}`);
  }
}
