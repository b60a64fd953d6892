/**
 * A prepared batch: the `spans` rows of up to BATCH_SPANS spans as packed columns, built in the
 * decode worker and handed to the database worker almost for free. Each text column is its values'
 * UTF-8 one after another (cut at `textEnds`), written as each row is added; they, the numbers'
 * typed arrays and the ids (the stored numbers' bytes, schema/binary-ids.ts) are transferred, and
 * the per-trace totals of the batch come along (trace-rollup.ts). Posting arrays of strings instead
 * cost ~3 µs per span to serialize and ~2 µs to deserialize; one string per column (joined at the
 * end) cost ~0.4 µs per span more than the UTF-8 (the join, the copy between threads, and DuckDB's
 * string conversion of each value, which now takes the bytes as they are).
 */
import { SpanFlag, type SpanInput } from '../../../core/model/span-table.ts';
import { putHexId } from '../schema/binary-ids.ts';
import type { TagRow } from '../schema/tag-catalog.ts';
import { type BatchTotals, BatchTotalsBuilder } from './trace-rollup.ts';

export interface PreparedResource {
  readonly json: string;
  readonly service: string;
  /** searchAttrsJson of its attributes. */
  readonly attrs: string;
}

export interface PreparedScope {
  readonly json: string;
  readonly name: string;
  readonly version: string;
}

/** The text columns of `spans`, in the order of `PreparedBatch.text`. */
export const TEXT_COLUMNS = ['name', 'service', 'event_times', 'attrs', 'detail'] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];
const TEXT = Object.fromEntries(TEXT_COLUMNS.map((c, i) => [c, i])) as Record<TextColumn, number>;

/** Bits of `PreparedBatch.nulls`. */
export const NullBit = { StartNs: 1, DurNs: 2 } as const;

/** The `spans` rows of a batch (all but seq and the store-wide blob ids). */
export interface PreparedBatch {
  readonly count: number;
  /** Rough size of the rows in bytes (what they add to the WAL). */
  readonly bytes: number;
  /** Per text column, its values' UTF-8 one after another. */
  readonly text: readonly Uint8Array[];
  /** Where value i of text column c ends in text[c]: textEnds[c * count + i] (bytes). */
  readonly textEnds: Uint32Array;
  /** Per row, the 16 little-endian bytes of its trace id's UHUGEINT. */
  readonly traceIds: Uint8Array;
  /** Per row, the 8 little-endian bytes of its span id's (parent id's, 0 for none) UBIGINT. */
  readonly spanIds: Uint8Array;
  readonly parentIds: Uint8Array;
  readonly kind: Uint8Array;
  readonly status: Uint8Array;
  readonly modelFlags: Uint8Array;
  /** 0 where null (see `nulls`). */
  readonly startNs: BigUint64Array;
  readonly durNs: BigInt64Array;
  /** NullBit flags per row. */
  readonly nulls: Uint8Array;
  /** Per span, an index into `resources` / `scopes` (the distinct ones of this batch). */
  readonly resourceIndex: Uint32Array;
  readonly scopeIndex: Uint32Array;
  readonly resources: PreparedResource[];
  readonly scopes: PreparedScope[];
  /** Autocomplete rows not seen before by the preparer (the store's catalog dedupes again). */
  readonly tags: TagRow[];
  readonly totals: BatchTotals;
}

/** Value `row` of a text column (tests and diagnostics; the writer slices in place). */
export function textValue(b: PreparedBatch, column: TextColumn, row: number): string {
  const c = TEXT[column];
  const ends = b.textEnds;
  const start = row === 0 ? 0 : ends[c * b.count + row - 1];
  return Buffer.from(b.text[c].buffer, b.text[c].byteOffset).toString('utf8', start, ends[c * b.count + row]);
}

/** The buffers to transfer with a message carrying these batches. */
export function batchBuffers(batches: readonly PreparedBatch[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const b of batches) {
    for (const a of [
      ...b.text,
      b.textEnds,
      b.traceIds,
      b.spanIds,
      b.parentIds,
      b.kind,
      b.status,
      b.modelFlags,
      b.startNs,
      b.durNs,
      b.nulls,
      b.resourceIndex,
      b.scopeIndex,
    ])
      if (a.byteLength > 0) out.push(a.buffer as ArrayBuffer);
  }
  return out;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** Ids, numbers and the service of a row, roughly. */
const FIXED_ROW_BYTES = 120;

/** Bytes a text column starts with; it doubles as needed. */
const FIRST_TEXT_BYTES = 16 * 1024;

/** One text column's values as UTF-8, written one after another into a buffer of its own (transferred). */
class Utf8Column {
  private bytes: Buffer | null = null;
  private length = 0;
  /** Where each value ends. */
  readonly ends: number[] = [];

  push(value: string): void {
    if (value.length > 0) {
      // A UTF-16 unit takes at most 3 bytes (a surrogate pair 4 for 2 units; a lone one becomes U+FFFD).
      const need = this.length + 3 * value.length;
      if (!this.bytes || need > this.bytes.length) this.grow(need);
      this.length += (this.bytes as Buffer).write(value, this.length);
    }
    this.ends.push(this.length);
  }

  /** A buffer of its own, never Buffer's shared pool (it is transferred); not zeroed (it is written). */
  private grow(need: number): void {
    let size = this.bytes ? this.bytes.length * 2 : FIRST_TEXT_BYTES;
    while (size < need) size *= 2;
    const bytes = Buffer.allocUnsafeSlow(size);
    if (this.bytes) this.bytes.copy(bytes, 0, 0, this.length);
    this.bytes = bytes;
  }

  finish(): Uint8Array {
    return this.bytes ? new Uint8Array(this.bytes.buffer, 0, this.length) : new Uint8Array(0);
  }
}

/** Fills the columns of one batch, row by row (both preparers write through it). */
export class BatchBuilder {
  private readonly text = TEXT_COLUMNS.map(() => new Utf8Column());
  private readonly ids: string[] = [];
  private readonly kind: number[] = [];
  private readonly status: number[] = [];
  private readonly modelFlags: number[] = [];
  private readonly startNs: bigint[] = [];
  private readonly durNs: bigint[] = [];
  private readonly nulls: number[] = [];
  private readonly resourceIndex: number[] = [];
  private readonly scopeIndex: number[] = [];
  private readonly totals = new BatchTotalsBuilder();
  readonly resources: PreparedResource[] = [];
  readonly scopes: PreparedScope[] = [];
  private bytes = 0;

  get count(): number {
    return this.kind.length;
  }

  /** Adds the row of `s` (`service` already defaulted), with its search attributes and detail text. */
  add(
    s: SpanInput,
    service: string,
    resourceIndex: number,
    scopeIndex: number,
    attrs: string,
    detail: string,
  ): void {
    const row = this.count;
    const t = this.text;
    this.ids.push(s.traceId, s.spanId, s.parentId);
    t[TEXT.name].push(s.name);
    t[TEXT.service].push(service);
    t[TEXT.event_times].push(s.eventTimesNs && s.eventTimesNs.length > 0 ? s.eventTimesNs.join(',') : '');
    t[TEXT.attrs].push(attrs);
    t[TEXT.detail].push(detail);
    this.kind.push(s.kind);
    this.status.push(s.status);
    this.modelFlags.push(s.shared ? SpanFlag.Shared : 0);
    // Only an absurd duration (over 292 years) falls outside BIGINT; it is kept as unknown.
    const durNs = s.durNs !== null && s.durNs <= INT64_MAX && s.durNs >= INT64_MIN ? s.durNs : null;
    this.startNs.push(s.startNs ?? 0n);
    this.durNs.push(durNs ?? 0n);
    this.nulls.push((s.startNs === null ? NullBit.StartNs : 0) | (durNs === null ? NullBit.DurNs : 0));
    this.resourceIndex.push(resourceIndex);
    this.scopeIndex.push(scopeIndex);
    this.totals.add(row, s, service, durNs);
    this.bytes += FIXED_ROW_BYTES + attrs.length + detail.length + s.name.length;
  }

  finish(tags: TagRow[]): PreparedBatch {
    const count = this.count;
    const textEnds = new Uint32Array(count * TEXT_COLUMNS.length);
    this.text.forEach((column, c) => {
      textEnds.set(column.ends, c * count);
    });
    const text = this.text.map((column) => column.finish());
    const traceIds = new Uint8Array(count * 16);
    const spanIds = new Uint8Array(count * 8);
    const parentIds = new Uint8Array(count * 8);
    const ids = this.ids;
    for (let i = 0; i < count; i++) {
      // A trace's spans mostly come one after another, sharing one id string.
      if (i > 0 && ids[3 * i] === ids[3 * i - 3]) traceIds.copyWithin(i * 16, i * 16 - 16, i * 16);
      else putHexId(traceIds, i * 16, ids[3 * i], 16);
      putHexId(spanIds, i * 8, ids[3 * i + 1], 8);
      putHexId(parentIds, i * 8, ids[3 * i + 2], 8);
    }
    return {
      count,
      bytes: this.bytes,
      text,
      textEnds,
      traceIds,
      spanIds,
      parentIds,
      kind: Uint8Array.from(this.kind),
      status: Uint8Array.from(this.status),
      modelFlags: Uint8Array.from(this.modelFlags),
      startNs: BigUint64Array.from(this.startNs),
      durNs: BigInt64Array.from(this.durNs),
      nulls: Uint8Array.from(this.nulls),
      resourceIndex: Uint32Array.from(this.resourceIndex),
      scopeIndex: Uint32Array.from(this.scopeIndex),
      resources: this.resources,
      scopes: this.scopes,
      tags,
      totals: this.totals.finish(),
    };
  }
}
