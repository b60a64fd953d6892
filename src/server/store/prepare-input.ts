/**
 * An OTLP export or a whole file → prepared batches (decode, then prepare-batch.ts), or the reason
 * it cannot be stored. The decode worker runs this; the in-process store runs it inline.
 */
import type { SpanInput } from '../../core/model/span-table.ts';
import { decodeExport, decodeFile } from './decode-body.ts';
import { BatchPreparer, type PreparedBatch } from './prepare-batch.ts';
import type { OtlpEncoding } from './types.ts';

/** A big request or file is prepared, queued and committed in slices of this many spans. */
export const BATCH_SPANS = 10_000;

export type PreparedExport =
  | {
      readonly ok: true;
      readonly batches: PreparedBatch[];
      readonly acceptedSpans: number;
      readonly rejectedSpans: number;
      readonly errorMessage: string;
    }
  | { readonly ok: false; readonly errorMessage: string };

export interface PreparedImport {
  readonly batches: PreparedBatch[];
  readonly traceIds: string[];
  readonly spanCount: number;
}

export class InputPreparer {
  private readonly batches = new BatchPreparer();

  private slices(spans: readonly SpanInput[]): PreparedBatch[] {
    const out: PreparedBatch[] = [];
    for (let i = 0; i < spans.length; i += BATCH_SPANS)
      out.push(this.batches.prepare(spans.slice(i, i + BATCH_SPANS)));
    return out;
  }

  prepareExport(body: Uint8Array, encoding: OtlpEncoding): PreparedExport {
    const decoded = decodeExport(body, encoding);
    if (!decoded.ok) return decoded;
    return {
      ok: true,
      batches: this.slices(decoded.spans),
      acceptedSpans: decoded.spans.length,
      rejectedSpans: decoded.rejectedSpans,
      errorMessage: decoded.errorMessage,
    };
  }

  /** Throws the decoder's FormatError when the file cannot be read. */
  prepareFile(body: Uint8Array): PreparedImport {
    const spans = decodeFile(body);
    return {
      batches: this.slices(spans),
      traceIds: [...new Set(spans.map((s) => s.traceId))],
      spanCount: spans.length,
    };
  }
}
