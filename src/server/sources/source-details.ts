/**
 * The span details of a trace read from an external source, kept apart from its columnar answer when
 * the viewer asks for them deferred (as it asks the local store): the answer carries the hot columns
 * only, drawn at once, and the proxy keeps the details (detail-cache.ts) to answer the viewer's
 * `…/details?from=&to=` requests that follow.
 *
 * Keys: span i is `keyBase + i`; keyBase is a fingerprint of the trace's rows (count and span ids in
 * order) shifted past every key, so details asked with the keys of another read of the trace (the
 * source's trace changed since it was opened, e.g. spans still arriving) are told apart, not mixed up.
 */

import { DETAILS_IN_WORKER_MAX_SPANS } from '../../core/api/detail-limits.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { encodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { encodeColumnarWith } from '../../core/transfer/encode-columnar.ts';
import type { Utf8List } from '../../core/transfer/utf8-list.ts';
import type { TraceEncoding } from '../store/types.ts';
import type { ColumnarParts } from './encode-trace.ts';

/** Details are deferred up to this many spans (core/api/detail-limits.ts says why). */
export const SOURCE_DEFERRED_MAX_SPANS = DETAILS_IN_WORKER_MAX_SPANS;

/**
 * Each span's detail blob (OTLP JSON, core/transfer/detail-json.ts) where it lies: span i's is
 * documents[documentOf[i]] from ranges[2i] to ranges[2i + 1] (the spans' own bytes in the pieces of a
 * source's answer, kept instead of copied; or one written-out list).
 */
export interface DetailBlobs {
  readonly documents: readonly Uint8Array[];
  readonly documentOf: Uint32Array;
  readonly ranges: Uint32Array;
}

/** A written-out list as blobs (no copy). */
export function blobsOfList(list: Utf8List): DetailBlobs {
  const n = list.offsets.length - 1;
  const ranges = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    ranges[2 * i] = list.offsets[i];
    ranges[2 * i + 1] = list.offsets[i + 1];
  }
  return { documents: [list.bytes], documentOf: new Uint32Array(n), ranges };
}

const SPACE = 0x20;

/**
 * The blobs as one list (an inline answer's details). Spans that follow each other in one document
 * are copied as one run, the bytes between two spans (a comma, whitespace, a scope's header) made
 * spaces at the end of the first one's blob: one copy per document rather than one per span, which
 * took as long as all the rest. Blobs that are one list already are that list.
 */
export function detailList({ documents, documentOf, ranges }: DetailBlobs): Utf8List {
  const n = documentOf.length;
  const follows = (i: number) =>
    i > 0 && i < n && documentOf[i] === documentOf[i - 1] && ranges[2 * i] >= ranges[2 * i - 1];
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++)
    offsets[i + 1] = offsets[i] + (follows(i + 1) ? ranges[2 * i + 2] : ranges[2 * i + 1]) - ranges[2 * i];
  const only = documents[0];
  if (documents.length === 1 && ranges[0] === 0 && offsets[n] === only.length)
    return { offsets, bytes: only };
  const bytes = new Uint8Array(offsets[n]);
  let runFrom = 0;
  for (let i = 0; i < n; i++) {
    if (!follows(i)) runFrom = i;
    if (follows(i + 1)) continue;
    bytes.set(documents[documentOf[i]].subarray(ranges[2 * runFrom], ranges[2 * i + 1]), offsets[runFrom]);
    for (let r = runFrom; r < i; r++)
      bytes.fill(SPACE, offsets[r] + ranges[2 * r + 1] - ranges[2 * r], offsets[r + 1]);
  }
  return { offsets, bytes };
}

/** A trace's span details as its deferred answer's keys name them. */
export interface SourceDetails {
  readonly keyBase: bigint;
  readonly blobs: DetailBlobs;
}

/** A converted trace: the answer's body, and the details it left out (null when it has them, or is JSON). */
export interface ConvertedTrace {
  readonly body: Uint8Array;
  readonly details: SourceDetails | null;
}

/** FNV-1a (32 bits) of the span count and ids in row order, as the high half of the keys (below 2^63). */
export function keyBaseOf(table: Pick<SpanTable, 'count' | 'spanIds'>): bigint {
  let h = 0x811c9dc5 ^ table.count;
  for (const id of table.spanIds)
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
  return BigInt((h >>> 1) + 1) << 32n;
}

/** The columnar answer of `parts` in `encoding`: deferred (details kept apart) when asked and small enough. */
export function columnarAnswer(
  table: SpanTable,
  parts: ColumnarParts,
  encoding: TraceEncoding,
  maxDeferredSpans = SOURCE_DEFERRED_MAX_SPANS,
): ConvertedTrace {
  if (encoding !== 'columnar-deferred' || table.count > maxDeferredSpans)
    return { body: encodeColumnarWith(parts.hot, detailList(parts.details)), details: null };
  const keyBase = keyBaseOf(table);
  const keys = new Uint32Array(table.count);
  for (let i = 0; i < keys.length; i++) keys[i] = i;
  return {
    body: encodeColumnarWith(parts.hot, { keys, keyBase }),
    details: { keyBase, blobs: parts.details },
  };
}

/**
 * The detail batch (core/transfer/detail-batch.ts) of the spans with keys in [from, to], clamped to
 * the trace as the local store clamps; null when the range holds none of this read's keys (asked
 * with another read's keys, or for nothing).
 */
export function detailBatchOf(details: SourceDetails, from: bigint, to: bigint): Uint8Array | null {
  const { keyBase, blobs } = details;
  const count = blobs.documentOf.length;
  const last = keyBase + BigInt(count) - 1n;
  if (from > to || to < keyBase || from > last) return null;
  const first = Number((from > keyBase ? from : keyBase) - keyBase);
  const end = Number((to < last ? to : last) - keyBase) + 1;
  const pieces: Uint8Array[] = [];
  const { documents, documentOf, ranges } = blobs;
  for (let i = first; i < end; i++)
    pieces.push(documents[documentOf[i]].subarray(ranges[2 * i], ranges[2 * i + 1]));
  return encodeDetailBatch(pieces);
}
