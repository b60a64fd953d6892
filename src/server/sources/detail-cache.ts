/**
 * The details of traces read from external sources whose answers left them out (source-details.ts),
 * kept for the viewer's detail requests that follow: bounded by bytes (least recently used first out)
 * and by age (the viewer fetches a trace's details within seconds of opening it). Keyed by source and
 * trace id; an entry past its age or pushed out is read again from the source (source-set.ts).
 */
import type { SourceDetails } from './source-details.ts';

export interface DetailCacheOptions {
  /** Bytes of details kept in all (a 100k-span trace holds ~60 MB); default 256 MiB. */
  readonly maxBytes?: number;
  /** An entry older than this is dropped; default 10 minutes. */
  readonly ttlMs?: number;
  readonly nowMs?: () => number;
}

export const DETAIL_CACHE_BYTES = 256 * 1024 * 1024;
export const DETAIL_CACHE_TTL_MS = 10 * 60_000;

interface Entry {
  readonly details: SourceDetails;
  readonly bytes: number;
  readonly atMs: number;
}

/** The bytes an entry holds alive: its documents (whole, as kept) and its ranges. */
function sizeOf({ blobs }: SourceDetails): number {
  let bytes = blobs.documentOf.byteLength + blobs.ranges.byteLength;
  for (const d of new Set(blobs.documents)) bytes += d.byteLength;
  return bytes;
}

export class DetailCache {
  /** In use order: the least recently used first (a Map keeps insertion order). */
  readonly #entries = new Map<string, Entry>();
  readonly #maxBytes: number;
  readonly #ttlMs: number;
  readonly #nowMs: () => number;
  #bytes = 0;

  constructor(options: DetailCacheOptions = {}) {
    this.#maxBytes = options.maxBytes ?? DETAIL_CACHE_BYTES;
    this.#ttlMs = options.ttlMs ?? DETAIL_CACHE_TTL_MS;
    this.#nowMs = options.nowMs ?? Date.now;
  }

  /** Bytes held now. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Keeps `details` of the trace (replacing an earlier read); details larger than the whole cache are not kept. */
  put(source: string, traceId: string, details: SourceDetails): void {
    const key = keyOf(source, traceId);
    this.#drop(key);
    const bytes = sizeOf(details);
    if (bytes > this.#maxBytes) return;
    this.#entries.set(key, { details, bytes, atMs: this.#nowMs() });
    this.#bytes += bytes;
    for (const [oldest] of this.#entries) {
      if (this.#bytes <= this.#maxBytes) break;
      this.#drop(oldest);
    }
  }

  /** The trace's details if kept and not too old (now the most recently used), else null. */
  get(source: string, traceId: string): SourceDetails | null {
    const key = keyOf(source, traceId);
    const entry = this.#entries.get(key);
    if (!entry) return null;
    this.#entries.delete(key);
    if (this.#nowMs() - entry.atMs > this.#ttlMs) {
      this.#bytes -= entry.bytes;
      return null;
    }
    this.#entries.set(key, entry);
    return entry.details;
  }

  #drop(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}

/** Unambiguous whatever the name holds. */
const keyOf = (source: string, traceId: string) => `${source.length}:${source}/${traceId}`;
