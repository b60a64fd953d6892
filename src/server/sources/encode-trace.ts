/**
 * A decoded trace (from an external source's answer) → the encoding a read route asked for, in the
 * shapes the local store answers: Tempo v1 `{"batches":[…]}`, v2 `{"trace":{"resourceSpans":[…]}}`,
 * or the columnar transfer (its details inline, or kept apart by the proxy: deferred-source-details.ts).
 */

import { toOtlpResourceSpans } from '../../core/formats/otlp-json/encode.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import type { SpanDetails } from '../../core/model/types.ts';
import {
  type ColumnarTrace,
  columnarWithDetailList,
  encodeColumnarWith,
} from '../../core/transfer/encode-columnar.ts';
import type { TraceEncoding } from '../store/types.ts';
import { blobsOfList, type DetailBlobs, detailList } from './source-details.ts';

/** A trace ready for the columnar transfer: its hot columns, resources and scopes, and its span details. */
export interface ColumnarParts {
  readonly hot: Omit<ColumnarTrace, 'detailJson'>;
  readonly details: DetailBlobs;
}

/**
 * `table` for the columnar transfer, its details written out as OTLP JSON (core/transfer/detail-json.ts),
 * read with `detailsOf` when given (a conversion's uncached reader, convert-trace.ts).
 */
export function columnarParts(table: SpanTable, detailsOf?: (i: number) => SpanDetails): ColumnarParts {
  const { hot, details } = columnarWithDetailList(table, detailsOf);
  return { hot, details: blobsOfList(details) };
}

export function encodeTraceAs(table: SpanTable, encoding: TraceEncoding): Uint8Array {
  if (encoding === 'columnar' || encoding === 'columnar-deferred') {
    const { hot, details } = columnarParts(table);
    return encodeColumnarWith(hot, detailList(details));
  }
  const resourceSpans = toOtlpResourceSpans([table]);
  const answer = encoding === 'tempo-v1' ? { batches: resourceSpans } : { trace: { resourceSpans } };
  return new TextEncoder().encode(JSON.stringify(answer));
}
