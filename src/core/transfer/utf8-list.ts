/**
 * A list of strings as one UTF-8 byte run plus u32 offsets (count + 1 of them), built without one
 * allocation per string: the store sends a million detail blobs this way.
 */
interface Utf8Encoder {
  encodeInto(text: string, into: Uint8Array): { read: number; written: number };
}
interface Utf8Decoder {
  decode(bytes: Uint8Array): string;
}
const g = globalThis as unknown as {
  TextEncoder: new () => Utf8Encoder;
  TextDecoder: new (label: string) => Utf8Decoder;
};
const encoder = new g.TextEncoder();
const decoder = new g.TextDecoder('utf-8');

/** u32 offsets cap a list at 4 GiB of text. */
const MAX_BYTES = 0xffffffff;

export interface Utf8List {
  readonly offsets: Uint32Array;
  readonly bytes: Uint8Array;
}

/**
 * Strings are encoded a chunk at a time: one encodeInto of the chunk joined (one native call, not one
 * per string), whose offsets are the strings' lengths when it was all ASCII (bytes written = UTF-16
 * units); a chunk with other text is encoded again string by string. The buffer starts at one byte per
 * unit, so an ASCII list is never copied to grow it.
 */
const CHUNK = 1024;

export function encodeUtf8List(texts: readonly string[]): Utf8List {
  const offsets = new Uint32Array(texts.length + 1);
  let units = 0;
  for (let i = 0; i < texts.length; i++) units += texts[i].length;
  let buf = new Uint8Array(Math.min(MAX_BYTES, Math.max(1024, units)));
  let used = 0;
  const reserve = (bytes: number, entry: number) => {
    const need = used + bytes;
    if (need <= buf.length) return;
    if (need > MAX_BYTES) throw new Error(`text list larger than 4 GiB at entry ${entry}`);
    const grown = new Uint8Array(Math.min(MAX_BYTES, Math.max(need, buf.length * 2)));
    grown.set(buf.subarray(0, used));
    buf = grown;
  };
  for (let from = 0; from < texts.length; from += CHUNK) {
    const to = Math.min(texts.length, from + CHUNK);
    const joined = texts.slice(from, to).join('');
    reserve(joined.length, from);
    const { read, written } = encoder.encodeInto(joined, buf.subarray(used));
    if (read === joined.length && written === joined.length) {
      for (let i = from; i < to; i++) offsets[i + 1] = offsets[i] + texts[i].length;
      used += written;
      continue;
    }
    // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
    reserve(joined.length * 3, from);
    for (let i = from; i < to; i++) {
      used += encoder.encodeInto(texts[i], buf.subarray(used)).written;
      offsets[i + 1] = used;
    }
  }
  return { offsets, bytes: buf.subarray(0, used) };
}

export function decodeUtf8Entry(list: Utf8List, index: number): string {
  return decoder.decode(list.bytes.subarray(list.offsets[index], list.offsets[index + 1]));
}

/** A list of texts already encoded as UTF-8, one piece each, joined into one run. */
export function utf8ListFromPieces(pieces: readonly Uint8Array[]): Utf8List {
  const offsets = new Uint32Array(pieces.length + 1);
  let total = 0;
  for (let i = 0; i < pieces.length; i++) {
    total += pieces[i].byteLength;
    if (total > MAX_BYTES) throw new Error(`text list larger than 4 GiB at entry ${i}`);
    offsets[i + 1] = total;
  }
  const bytes = new Uint8Array(total);
  for (let i = 0; i < pieces.length; i++) bytes.set(pieces[i], offsets[i]);
  return { offsets, bytes };
}
