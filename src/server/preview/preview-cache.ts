/**
 * A bounded cache of previews: least recently used first out once over `maxBytes` or `maxEntries`,
 * and an entry older than `ttlMs` is gone (a trace may still be growing when it is first previewed).
 */
export interface CacheLimits {
  readonly maxBytes: number;
  readonly maxEntries: number;
  readonly ttlMs: number;
}

interface Entry<V> {
  readonly value: V;
  readonly bytes: number;
  readonly expiresMs: number;
}

export class PreviewCache<V> {
  /** Map order is use order: the first key is the least recently used. */
  private readonly entries = new Map<string, Entry<V>>();
  private bytes = 0;

  constructor(
    private readonly limits: CacheLimits,
    private readonly sizeOf: (value: V) => number,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get(key: string): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    this.delete(key);
    if (e.expiresMs <= this.nowMs()) return undefined;
    this.entries.set(key, e);
    this.bytes += e.bytes;
    return e.value;
  }

  set(key: string, value: V): void {
    this.delete(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.limits.maxBytes) return;
    this.entries.set(key, { value, bytes, expiresMs: this.nowMs() + this.limits.ttlMs });
    this.bytes += bytes;
    for (const oldest of this.entries.keys()) {
      if (this.bytes <= this.limits.maxBytes && this.entries.size <= this.limits.maxEntries) break;
      this.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  private delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }
}
