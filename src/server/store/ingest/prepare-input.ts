/**
 * An OTLP export or a piece of an imported file → prepared batches, or the reason it cannot be
 * stored. Protobuf takes the direct path (proto-batch.ts); JSON is decoded into spans
 * (decode-body.ts) and prepared from those (prepare-batch.ts). The decode worker runs this; the
 * in-process store runs it inline.
 */
import { decodePiece, type InputPiece, locatePieceError } from '../../../core/formats/index.ts';
import type { OtlpDecodeResult } from '../../../core/formats/otlp-common.ts';
import { DEFAULT_SPAN_LIMITS, limitDetails, type SpanLimits } from '../../../core/model/span-limits.ts';
import type { SpanInput } from '../../../core/model/span-table.ts';
import type { OtlpEncoding } from '../types.ts';
import type { PreparedBatch } from './batch-columns.ts';
import { decodeExport, rejectionMessage, SpanCollector } from './decode-body.ts';
import { BatchPreparer } from './prepare-batch.ts';
import { prepareProtoExport } from './proto-batch.ts';
import { SpanAttributeTexts } from './span-attributes.ts';
import { timed } from './stage-clock.ts';

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

/** The span with its details within the limits (computed when they are read, as the decoder's are). */
function withLimitedDetails(s: SpanInput, limits: SpanLimits, shared: WeakMap<object, object>): SpanInput {
  const details = s.details;
  return {
    ...s,
    details: () => limitDetails(typeof details === 'function' ? details() : details, limits, shared),
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class InputPreparer {
  private readonly batches = new BatchPreparer();
  private readonly spanAttributes = new SpanAttributeTexts(this.batches.seenTags);

  /** `limits`: what one span may hold (`--max-attribute-bytes`); more is cut or dropped and counted. */
  constructor(private readonly limits: SpanLimits = DEFAULT_SPAN_LIMITS) {}

  private slices(decoded: readonly SpanInput[]): PreparedBatch[] {
    const shared = new WeakMap<object, object>();
    const spans = decoded.map((s) => withLimitedDetails(s, this.limits, shared));
    const out: PreparedBatch[] = [];
    for (let i = 0; i < spans.length; i += BATCH_SPANS)
      out.push(this.batches.prepare(spans.slice(i, i + BATCH_SPANS)));
    return out;
  }

  prepareExport(body: Uint8Array, encoding: OtlpEncoding): PreparedExport {
    if (encoding === 'protobuf') {
      let p: ReturnType<typeof prepareProtoExport>;
      try {
        p = prepareProtoExport(
          body,
          this.batches.seenTags,
          this.spanAttributes,
          BATCH_SPANS,
          'reject',
          this.limits,
        );
      } catch (error) {
        return { ok: false, errorMessage: errorText(error) };
      }
      const result: OtlpDecodeResult = {
        spanCount: p.acceptedSpans,
        rejectedSpans: p.rejectedSpans,
        rejectionMessages: p.rejectionMessages,
        droppedLinks: p.droppedLinks,
        droppedLinkMessages: p.droppedLinkMessages,
      };
      return {
        ok: true,
        batches: p.batches,
        acceptedSpans: p.acceptedSpans,
        rejectedSpans: p.rejectedSpans,
        errorMessage: rejectionMessage(result),
      };
    }
    const decoded = timed('decode', () => decodeExport(body, encoding));
    if (!decoded.ok) return decoded;
    return {
      ok: true,
      batches: this.slices(decoded.spans),
      acceptedSpans: decoded.spans.length,
      rejectedSpans: decoded.rejectedSpans,
      errorMessage: decoded.errorMessage,
    };
  }

  /**
   * A piece of a file (core/formats/stream): any span that cannot be read makes the file unreadable,
   * so this throws the decoder's FormatError, naming the place in the whole file.
   */
  preparePiece(piece: InputPiece): PreparedBatch[] {
    if (piece.kind === 'bytes' && piece.origin) {
      try {
        return prepareProtoExport(
          piece.bytes,
          this.batches.seenTags,
          this.spanAttributes,
          BATCH_SPANS,
          'throw',
          this.limits,
        ).batches;
      } catch (error) {
        throw locatePieceError(piece, error);
      }
    }
    const sink = new SpanCollector();
    timed('decode', () => decodePiece(piece, sink));
    return this.slices(sink.spans);
  }
}
