/**
 * An OTLP export or a whole file → prepared batches, or the reason it cannot be stored. Protobuf
 * exports take the direct path (proto-batch.ts); JSON exports and files are decoded into spans
 * (decode-body.ts) and prepared from those (prepare-batch.ts). The decode worker runs this; the
 * in-process store runs it inline.
 */
import type { OtlpDecodeResult } from '../../core/formats/otlp-common.ts';
import type { SpanInput } from '../../core/model/span-table.ts';
import type { PreparedBatch } from './batch-columns.ts';
import { decodeExport, decodeFile, rejectionMessage } from './decode-body.ts';
import { BatchPreparer } from './prepare-batch.ts';
import { prepareProtoExport } from './proto-batch.ts';
import { SpanAttributeTexts } from './span-attributes.ts';
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

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class InputPreparer {
  private readonly batches = new BatchPreparer();
  private readonly spanAttributes = new SpanAttributeTexts(this.batches.seenTags);

  private slices(spans: readonly SpanInput[]): PreparedBatch[] {
    const out: PreparedBatch[] = [];
    for (let i = 0; i < spans.length; i += BATCH_SPANS)
      out.push(this.batches.prepare(spans.slice(i, i + BATCH_SPANS)));
    return out;
  }

  prepareExport(body: Uint8Array, encoding: OtlpEncoding): PreparedExport {
    if (encoding === 'protobuf') {
      let p: ReturnType<typeof prepareProtoExport>;
      try {
        p = prepareProtoExport(body, this.batches.seenTags, this.spanAttributes, BATCH_SPANS);
      } catch (error) {
        return { ok: false, errorMessage: errorText(error) };
      }
      const result: OtlpDecodeResult = {
        spanCount: p.acceptedSpans,
        rejectedSpans: p.rejectedSpans,
        rejectionMessages: p.rejectionMessages,
      };
      return {
        ok: true,
        batches: p.batches,
        acceptedSpans: p.acceptedSpans,
        rejectedSpans: p.rejectedSpans,
        errorMessage: rejectionMessage(result),
      };
    }
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
