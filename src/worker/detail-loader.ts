/**
 * Fetches the deferred details of an open trace (core/transfer deferred-details.ts) from the store:
 * one span at once when the detail panel asks for it, or all of them in batches (find over
 * attributes, export, and a background prefetch of traces small enough to search); and asks the
 * store which spans' details contain a text, for traces too big to fetch every detail of.
 */
import type { DeferredDetails } from '../core/transfer/deferred-details.ts';
import { DETAIL_BATCH_MEDIA_TYPE, decodeDetailBatch } from '../core/transfer/detail-batch.ts';
import { fetchBytes } from './read-bytes.ts';

/** Spans per batch request: ~6 MB of details, a few tens of ms of the store's time. */
export const DETAIL_BATCH_SPANS = 16_384;

/** Span keys as the store answers a find: `keyBase + offsets[i]`, ascending. */
export interface KeyMatches {
  readonly keyBase: bigint;
  readonly offsets: Uint32Array;
}

export interface DetailSource {
  /** The detail batch of the keys [from, to] (absolute, inclusive). */
  batch(from: bigint, to: bigint): Promise<Uint8Array>;
  /** The keys of the spans whose attributes, event names or status message contain `text`. */
  matching(text: string): Promise<KeyMatches>;
}

function parseMatches(bytes: Uint8Array): KeyMatches {
  const body = JSON.parse(new TextDecoder().decode(bytes)) as { keyBase?: unknown; offsets?: unknown };
  if (typeof body.keyBase !== 'string' || !/^\d{1,19}$/.test(body.keyBase) || !Array.isArray(body.offsets))
    throw new Error('find in details: the store answered something else than {keyBase, offsets}');
  return { keyBase: BigInt(body.keyBase), offsets: Uint32Array.from(body.offsets as number[]) };
}

/** The store's deferred-details endpoints beside the trace's own URL. */
export function storeDetailSource(traceUrl: string): DetailSource {
  const endpoint = (path: string, params: Record<string, string>) => {
    const url = new URL(`${traceUrl.replace(/\/$/, '')}/${path}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.href;
  };
  return {
    batch: async (from, to) =>
      (
        await fetchBytes(
          endpoint('details', { from: String(from), to: String(to) }),
          DETAIL_BATCH_MEDIA_TYPE,
          () => undefined,
        )
      ).bytes,
    matching: async (text) =>
      parseMatches(
        (await fetchBytes(endpoint('details/matching', { text }), 'application/json', () => undefined)).bytes,
      ),
  };
}

export class DetailLoader {
  private all: Promise<void> | null = null;

  constructor(
    readonly details: DeferredDetails,
    private readonly source: DetailSource,
  ) {}

  /** Resolves once the details of span `row` are there. */
  async ensure(row: number): Promise<void> {
    if (!this.details.has(row)) await this.load(row, row + 1);
  }

  /** Resolves once every span's details are there; a failed load is tried again on the next call. */
  ensureAll(): Promise<void> {
    if (this.details.complete) return Promise.resolve();
    this.all ??= this.loadAll().finally(() => {
      this.all = null;
    });
    return this.all;
  }

  /** Batches of the missing spans, two requests at a time: the store reads one while the other travels. */
  private async loadAll(): Promise<void> {
    const d = this.details;
    let next = d.nextMissing(0);
    const worker = async () => {
      while (next < d.count) {
        const first = next;
        const end = Math.min(d.count, first + DETAIL_BATCH_SPANS);
        next = d.nextMissing(end);
        await this.load(first, end);
      }
    };
    await Promise.all([worker(), worker()]);
  }

  /** Marks (1) the spans whose details the store finds `text` in. */
  async markMatching(text: string, marks: Uint8Array): Promise<void> {
    const { keyBase, offsets } = await this.source.matching(text);
    const { keys, count } = this.details;
    // Both lists ascend: one merge, in offsets from our key base. Keys the body does not know
    // (spans that arrived after it) are skipped.
    const shift = Number(keyBase - this.details.keyBase);
    let i = 0;
    for (let m = 0; m < offsets.length; m++) {
      const key = offsets[m] + shift;
      while (i < count && keys[i] < key) i++;
      if (i < count && keys[i] === key) marks[i] = 1;
    }
  }

  private async load(first: number, end: number): Promise<void> {
    const d = this.details;
    const bytes = await this.source.batch(d.keyOf(first), d.keyOf(end - 1));
    d.fill(first, decodeDetailBatch(bytes, end - first));
  }
}
