/**
 * Fetches the deferred details of an open trace (core/transfer deferred-details.ts) from the store:
 * one span at once when the detail panel asks for it, or all of them in batches (find over
 * attributes, export, and a background prefetch of traces small enough to search); and asks the
 * store which spans' details contain a text, and each span's value of an attribute (statistics),
 * for traces too big to fetch every detail of.
 */
import type { AttributeKeys, KeyCount, RowValues } from '../core/analysis/attribute-values.ts';
import { DETAILS_MEDIA_TYPE } from '../core/api/media-types.ts';
import type { DeferredDetails } from '../core/transfer/deferred-details.ts';
import { decodeDetailBatch } from '../core/transfer/detail-batch.ts';
import { fetchBytes } from './read-bytes.ts';

/** Spans per batch request: ~6 MB of details, a few tens of ms of the store's time. */
export const DETAIL_BATCH_SPANS = 16_384;

/** Span keys as the store answers a find: `keyBase + offsets[i]`, ascending. */
export interface KeyMatches {
  readonly keyBase: bigint;
  readonly offsets: Uint32Array;
}

/** An attribute's value per span as the store answers it: span `keyBase + offsets[i]` has `values[codes[i]]`. */
export interface KeyValues extends KeyMatches {
  readonly codes: Uint32Array;
  readonly values: readonly string[];
}

export interface DetailSource {
  /** The detail batch of the keys [from, to] (absolute, inclusive). */
  batch(from: bigint, to: bigint): Promise<Uint8Array>;
  /** The keys of the spans whose attributes, event names or status message contain `text`. */
  matching(text: string): Promise<KeyMatches>;
  /** The keys of the spans a TraceQL query returns on this trace. */
  query(q: string): Promise<KeyMatches>;
  /** Each span's value of the attribute `key` (span, else resource). */
  values(key: string): Promise<KeyValues>;
  /** The trace's span and resource attribute keys. */
  keys(): Promise<AttributeKeys>;
}

const isString = (v: unknown): v is string => typeof v === 'string';

function isKeyCounts(v: unknown): v is KeyCount[] {
  return (
    Array.isArray(v) &&
    v.every((k) => isString(k?.key) && typeof k.count === 'number' && Number.isSafeInteger(k.count))
  );
}

function parseValues(bytes: Uint8Array): KeyValues {
  const body = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const { keyBase, offsets, codes, values } = body;
  if (
    !isString(keyBase) ||
    !/^\d{1,19}$/.test(keyBase) ||
    !Array.isArray(offsets) ||
    !Array.isArray(codes) ||
    codes.length !== offsets.length ||
    !Array.isArray(values) ||
    !values.every(isString)
  )
    throw new Error(
      'attribute values: the store answered something else than {keyBase, values, offsets, codes}',
    );
  const out = Uint32Array.from(codes as number[]);
  if (out.some((c, i) => c >= values.length || c !== codes[i]))
    throw new Error('attribute values: a code of the store answer names no value');
  return { keyBase: BigInt(keyBase), offsets: Uint32Array.from(offsets as number[]), codes: out, values };
}

function parseKeys(bytes: Uint8Array): AttributeKeys {
  const body = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  if (!isKeyCounts(body.span) || !isKeyCounts(body.resource) || typeof body.truncated !== 'boolean')
    throw new Error('attribute keys: the store answered something else than {span, resource, truncated}');
  return { span: body.span, resource: body.resource, truncated: body.truncated };
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
          DETAILS_MEDIA_TYPE,
          () => undefined,
        )
      ).bytes,
    matching: async (text) =>
      parseMatches(
        (await fetchBytes(endpoint('details/matching', { text }), 'application/json', () => undefined)).bytes,
      ),
    query: async (q) =>
      parseMatches(
        (await fetchBytes(endpoint('details/query', { q }), 'application/json', () => undefined)).bytes,
      ),
    values: async (key) =>
      parseValues(
        (await fetchBytes(endpoint('details/values', { key }), 'application/json', () => undefined)).bytes,
      ),
    keys: async () =>
      parseKeys((await fetchBytes(endpoint('details/keys', {}), 'application/json', () => undefined)).bytes),
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
    this.mark(await this.source.matching(text), marks);
  }

  /** Sets marks[span] = 1 for the spans a TraceQL query returns (the store evaluates it). */
  async markQuery(q: string, marks: Uint8Array): Promise<void> {
    this.mark(await this.source.query(q), marks);
  }

  private mark(m: KeyMatches, marks: Uint8Array): void {
    this.forEachSpan(m, (span) => {
      marks[span] = 1;
    });
  }

  /** Each span's value of the attribute `key`, by the store. */
  async attributeValues(key: string): Promise<RowValues> {
    const v = await this.source.values(key);
    const codes = new Int32Array(this.details.count).fill(-1);
    this.forEachSpan(v, (span, i) => {
      codes[span] = v.codes[i];
    });
    return { codes, values: v.values };
  }

  /** The trace's attribute keys, by the store. */
  attributeKeys(): Promise<AttributeKeys> {
    return this.source.keys();
  }

  /** `each(span, i)` for the store's i-th key that is one of ours (spans that arrived after the body are not). */
  private forEachSpan(m: KeyMatches, each: (span: number, i: number) => void): void {
    const { keys, count } = this.details;
    // Both lists ascend: one merge, in offsets from our key base.
    const shift = Number(m.keyBase - this.details.keyBase);
    let s = 0;
    for (let i = 0; i < m.offsets.length; i++) {
      const key = m.offsets[i] + shift;
      while (s < count && keys[s] < key) s++;
      if (s < count && keys[s] === key) each(s, i);
    }
  }

  private async load(first: number, end: number): Promise<void> {
    const d = this.details;
    const bytes = await this.source.batch(d.keyOf(first), d.keyOf(end - 1));
    d.fill(first, decodeDetailBatch(bytes, end - first));
  }
}
