/**
 * A decoded trace (from an external source's answer) → the encoding a read route asked for, in the
 * shapes the local store answers: Tempo v1 `{"batches":[…]}`, v2 `{"trace":{"resourceSpans":[…]}}`,
 * or the columnar transfer (its details inline, or kept apart by the proxy: deferred-source-details.ts).
 */

import { toOtlpResourceSpans } from '../../core/formats/otlp-json/encode.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import {
  type ColumnarTrace,
  columnarFromTable,
  encodeColumnarWith,
} from '../../core/transfer/encode-columnar.ts';
import { encodeUtf8List } from '../../core/transfer/utf8-list.ts';
import type { TraceEncoding } from '../store/types.ts';
import { blobsOfList, type DetailBlobs, detailList } from './source-details.ts';

/** A trace ready for the columnar transfer: its hot columns, resources and scopes, and its span details. */
export interface ColumnarParts {
  readonly hot: Omit<ColumnarTrace, 'detailJson'>;
  readonly details: DetailBlobs;
}

/** `table` for the columnar transfer, its details written out as OTLP JSON (core/transfer/detail-json.ts). */
export function columnarParts(table: SpanTable): ColumnarParts {
  const { detailJson, ...hot } = columnarFromTable(table);
  return { hot, details: blobsOfList(encodeUtf8List(detailJson)) };
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
