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
import type { SpanTable } from '../../core/model/span-table.ts';
import { encodeDetailBatch } from '../../core/transfer/detail-batch.ts';
import { encodeColumnarWith } from '../../core/transfer/encode-columnar.ts';
import type { Utf8List } from '../../core/transfer/utf8-list.ts';
import type { TraceEncoding } from '../store/types.ts';
import type { ColumnarParts } from './encode-trace.ts';

/**
 * Details are deferred up to this many spans: the viewer fetches every detail of such a trace in the
 * background and then finds, groups and queries in its worker; above it (the worker's
 * FIND_ATTRIBUTES_MAX_SPANS) it would ask for find, attribute values and TraceQL by detail, which
 * only the local store answers, so a bigger trace comes with its details inline.
 */
export const SOURCE_DEFERRED_MAX_SPANS = 100_000;

/** A trace's span details as its deferred answer's keys name them. */
export interface SourceDetails {
  readonly keyBase: bigint;
  /** Span i's detail blob (OTLP JSON, core/transfer/detail-json.ts) is entry i. */
  readonly texts: Utf8List;
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
    return { body: encodeColumnarWith(parts.hot, parts.details), details: null };
  const keyBase = keyBaseOf(table);
  const keys = new Uint32Array(table.count);
  for (let i = 0; i < keys.length; i++) keys[i] = i;
  return {
    body: encodeColumnarWith(parts.hot, { keys, keyBase }),
    details: { keyBase, texts: parts.details },
  };
}

/**
 * The detail batch (core/transfer/detail-batch.ts) of the spans with keys in [from, to], clamped to
 * the trace as the local store clamps; null when the range holds none of this read's keys (asked
 * with another read's keys, or for nothing).
 */
export function detailBatchOf(details: SourceDetails, from: bigint, to: bigint): Uint8Array | null {
  const { keyBase, texts } = details;
  const count = texts.offsets.length - 1;
  const last = keyBase + BigInt(count) - 1n;
  if (from > to || to < keyBase || from > last) return null;
  const first = Number((from > keyBase ? from : keyBase) - keyBase);
  const end = Number((to < last ? to : last) - keyBase) + 1;
  const pieces: Uint8Array[] = [];
  for (let i = first; i < end; i++) pieces.push(texts.bytes.subarray(texts.offsets[i], texts.offsets[i + 1]));
  return encodeDetailBatch(pieces);
}
