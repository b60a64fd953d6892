/**
 * Values found by a byte range of a buffer, without making a string of the bytes: a hash of them
 * (FNV-1a) picks a chain, and each entry keeps a copy of its bytes to compare. The direct protobuf
 * path finds the texts of a repeated attribute by its KeyValue bytes this way (span-attributes.ts).
 * Bounded: past `maxEntries`, everything is dropped and learnt again.
 */

export interface BytesEntry<T> {
  readonly bytes: Uint8Array;
  readonly value: T;
  readonly next: BytesEntry<T> | undefined;
}

function hashOf(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return h >>> 0;
}

/** Whether bytes[start, end) are `a`'s bytes. */
export function sameBytes(a: Uint8Array, bytes: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== bytes[start + i]) return false;
  return true;
}

export class BytesKeyed<T> {
  private readonly chains = new Map<number, BytesEntry<T>>();
  private size = 0;

  constructor(private readonly maxEntries: number) {}

  /** The entry of bytes[start, end): its value, and its own copy of the bytes. */
  get(bytes: Uint8Array, start: number, end: number): BytesEntry<T> | undefined {
    for (let e = this.chains.get(hashOf(bytes, start, end)); e; e = e.next)
      if (sameBytes(e.bytes, bytes, start, end)) return e;
    return undefined;
  }

  /** Adds a value for bytes[start, end) (not there yet: get() said so). */
  set(bytes: Uint8Array, start: number, end: number, value: T): BytesEntry<T> {
    if (this.size >= this.maxEntries) this.clear();
    const hash = hashOf(bytes, start, end);
    // A copy (a Buffer's slice would share, and pin, the request's memory).
    const own = new Uint8Array(bytes.subarray(start, end));
    const entry = { bytes: own, value, next: this.chains.get(hash) };
    this.chains.set(hash, entry);
    this.size++;
    return entry;
  }

  clear(): void {
    this.chains.clear();
    this.size = 0;
  }
}
