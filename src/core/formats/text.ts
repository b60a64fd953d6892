/**
 * UTF-8 text ⇄ bytes. core has no DOM or Node types, but TextDecoder/TextEncoder exist in every runtime
 * we target (browsers, workers, Node), so reach them through globalThis with a minimal local type.
 */
interface Utf8Decoder {
  decode(bytes: Uint8Array, options?: { stream?: boolean }): string;
}
interface Utf8Encoder {
  encode(text: string): Uint8Array;
}
const g = globalThis as unknown as {
  TextDecoder: new (label: string, options?: { ignoreBOM?: boolean; fatal?: boolean }) => Utf8Decoder;
  TextEncoder: new () => Utf8Encoder;
};

const decoder = new g.TextDecoder('utf-8');
const strictDecoder = new g.TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const encoder = new g.TextEncoder();

/** UTF-8 bytes → string (a leading BOM is dropped; invalid sequences become U+FFFD). */
export function utf8Decode(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

/** UTF-8 bytes → string exactly (a BOM kept), as protobuf strings are read; throws on invalid UTF-8. */
export function utf8DecodeStrict(bytes: Uint8Array): string {
  return strictDecoder.decode(bytes);
}

/** A decoder for text that arrives in chunks (a character may span two chunks). */
export function utf8StreamDecoder(): Utf8Decoder {
  return new g.TextDecoder('utf-8');
}

export function utf8Encode(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Number of UTF-8 bytes of text.slice(0, index) (to turn a string index into a byte offset). */
export function utf8ByteOffset(text: string, index: number): number {
  let bytes = 0;
  for (let i = 0; i < index && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < index) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
