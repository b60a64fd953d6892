/**
 * Fetches the deferred details of an open trace (core/transfer deferred-details.ts) from the store:
 * one span at once when the detail panel asks for it, or all of them in batches (find over
 * attributes, export, and a background prefetch of traces small enough to search).
 */
import type { DeferredDetails } from '../core/transfer/deferred-details.ts';
import { DETAIL_BATCH_MEDIA_TYPE, decodeDetailBatch } from '../core/transfer/detail-batch.ts';
import { fetchBytes } from './read-bytes.ts';

/** Spans per batch request: ~6 MB of details, a few tens of ms of the store's time. */
export const DETAIL_BATCH_SPANS = 16_384;

/** Fetches the detail batch of the keys [from, to] (absolute, inclusive). */
export type FetchDetailBatch = (from: bigint, to: bigint) => Promise<Uint8Array>;

/** The store's deferred-details endpoint beside the trace's own URL. */
export function storeDetailFetcher(traceUrl: string): FetchDetailBatch {
  return async (from, to) => {
    const url = new URL(`${traceUrl.replace(/\/$/, '')}/details`);
    url.searchParams.set('from', from.toString());
    url.searchParams.set('to', to.toString());
    return (await fetchBytes(url.href, DETAIL_BATCH_MEDIA_TYPE, () => undefined)).bytes;
  };
}

export class DetailLoader {
  private all: Promise<void> | null = null;

  constructor(
    readonly details: DeferredDetails,
    private readonly fetchBatch: FetchDetailBatch,
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

  private async load(first: number, end: number): Promise<void> {
    const d = this.details;
    const bytes = await this.fetchBatch(d.keyOf(first), d.keyOf(end - 1));
    d.fill(first, decodeDetailBatch(bytes, end - first));
  }
}
