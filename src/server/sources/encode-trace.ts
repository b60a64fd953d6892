/**
 * A decoded trace (from an external source's answer) → the encoding a read route asked for, in the
 * shapes the local store answers: Tempo v1 `{"batches":[…]}`, v2 `{"trace":{"resourceSpans":[…]}}`,
 * or the columnar transfer with details inline (an external trace has no deferred details to fetch).
 */

import { toOtlpResourceSpans } from '../../core/formats/otlp-json/encode.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { columnarFromTable, encodeColumnar } from '../../core/transfer/encode-columnar.ts';
import type { TraceEncoding } from '../store/types.ts';

export function encodeTraceAs(table: SpanTable, encoding: TraceEncoding): Uint8Array {
  if (encoding === 'columnar' || encoding === 'columnar-deferred')
    return encodeColumnar(columnarFromTable(table));
  const resourceSpans = toOtlpResourceSpans([table]);
  const answer = encoding === 'tempo-v1' ? { batches: resourceSpans } : { trace: { resourceSpans } };
  return new TextEncoder().encode(JSON.stringify(answer));
}
