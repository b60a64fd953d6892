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
 * units); a chunk with other text is encoded again string by string.
 */
const CHUNK = 1024;

/**
 * A list written a chunk of strings at a time, so that a caller making its strings as it goes (a
 * trace's detail blobs) lets each chunk's strings die young instead of holding them all until the
 * end. The buffer grows by doubling from `unitsHint` bytes.
 */
export class Utf8ListWriter {
  private readonly offsets: Uint32Array;
  private buf: Uint8Array;
  private used = 0;
  private count = 0;

  constructor(count: number, unitsHint: number) {
    this.offsets = new Uint32Array(count + 1);
    this.buf = new Uint8Array(Math.min(MAX_BYTES, Math.max(1024, unitsHint)));
  }

  /** Appends `texts` (at most CHUNK of them for one native call; more are cut into chunks). */
  add(texts: readonly string[]): void {
    for (let from = 0; from < texts.length; from += CHUNK) {
      const chunk = from === 0 && texts.length <= CHUNK ? texts : texts.slice(from, from + CHUNK);
      this.addChunk(chunk);
    }
  }

  private addChunk(texts: readonly string[]): void {
    const { offsets } = this;
    const first = this.count;
    if (first + texts.length > offsets.length - 1)
      throw new Error(`text list of ${offsets.length - 1} entries given more`);
    const joined = texts.join('');
    this.reserve(joined.length, first);
    const { read, written } = encoder.encodeInto(joined, this.buf.subarray(this.used));
    if (read === joined.length && written === joined.length) {
      for (let k = 0; k < texts.length; k++) offsets[first + k + 1] = offsets[first + k] + texts[k].length;
      this.used += written;
    } else {
      // At most 3 bytes per UTF-16 unit (a surrogate pair is 2 units for 4 bytes).
      this.reserve(joined.length * 3, first);
      for (let k = 0; k < texts.length; k++) {
        this.used += encoder.encodeInto(texts[k], this.buf.subarray(this.used)).written;
        offsets[first + k + 1] = this.used;
      }
    }
    this.count += texts.length;
  }

  private reserve(bytes: number, entry: number): void {
    const need = this.used + bytes;
    if (need <= this.buf.length) return;
    if (need > MAX_BYTES) throw new Error(`text list larger than 4 GiB at entry ${entry}`);
    const grown = new Uint8Array(Math.min(MAX_BYTES, Math.max(need, this.buf.length * 2)));
    grown.set(this.buf.subarray(0, this.used));
    this.buf = grown;
  }

  /** The list; every entry must have been added. */
  finish(): Utf8List {
    if (this.count !== this.offsets.length - 1)
      throw new Error(`text list of ${this.offsets.length - 1} entries given ${this.count}`);
    return { offsets: this.offsets, bytes: this.buf.subarray(0, this.used) };
  }
}

/** The list of `texts`; the buffer starts at one byte per unit, so an ASCII list is never copied to grow it. */
export function encodeUtf8List(texts: readonly string[]): Utf8List {
  let units = 0;
  for (let i = 0; i < texts.length; i++) units += texts[i].length;
  const writer = new Utf8ListWriter(texts.length, units);
  writer.add(texts);
  return writer.finish();
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
