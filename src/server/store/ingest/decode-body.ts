/**
 * OTLP export bodies → decoded spans, through the core decoders only (SpanCollector also collects
 * the spans of a file's pieces, prepare-input.ts). An export is decoded with invalid spans rejected
 * one by one (OTLP partial success); anything that makes the body unreadable as a whole makes it
 * undecodable, and then nothing of it is stored.
 */

import type { OtlpDecodeResult } from '../../../core/formats/otlp-common.ts';
import { decodeOtlpJson } from '../../../core/formats/otlp-json/decode.ts';
import { decodeOtlpProto } from '../../../core/formats/otlp-proto/decode.ts';
import { parseJsonText } from '../../../core/formats/parse-input.ts';
import { utf8Decode } from '../../../core/formats/text.ts';
import { type SpanInput, TraceSetBuilder } from '../../../core/model/span-table.ts';
import type { OtlpEncoding } from '../types.ts';

/** A decoder sink that keeps the spans as decoded (the store needs exact times, not a SpanTable). */
export class SpanCollector extends TraceSetBuilder {
  readonly spans: SpanInput[] = [];

  override add(span: SpanInput): void {
    this.spans.push(span);
  }

  override get spanCount(): number {
    return this.spans.length;
  }
}

export type DecodedExport =
  | {
      readonly ok: true;
      readonly spans: SpanInput[];
      readonly rejectedSpans: number;
      readonly errorMessage: string;
    }
  | { readonly ok: false; readonly errorMessage: string };

/** The partial-success message: the spans rejected, then the links dropped from spans kept. */
export function rejectionMessage(result: OtlpDecodeResult): string {
  const parts: string[] = [];
  if (result.rejectedSpans > 0)
    parts.push(
      listed(`${result.rejectedSpans} span(s) rejected`, result.rejectionMessages, result.rejectedSpans),
    );
  if (result.droppedLinks > 0)
    parts.push(
      listed(`${result.droppedLinks} link(s) dropped`, result.droppedLinkMessages, result.droppedLinks),
    );
  return parts.join('. ');
}

function listed(head: string, messages: readonly string[], total: number): string {
  const more = total - messages.length;
  return `${head}: ${messages.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

export function decodeExport(body: Uint8Array, encoding: OtlpEncoding): DecodedExport {
  const sink = new SpanCollector();
  try {
    const result =
      encoding === 'protobuf'
        ? decodeOtlpProto(body, sink, { invalidSpans: 'reject' })
        : decodeOtlpJson(parseJsonText(utf8Decode(body)), sink, { invalidSpans: 'reject' });
    return {
      ok: true,
      spans: sink.spans,
      rejectedSpans: result.rejectedSpans,
      errorMessage: rejectionMessage(result),
    };
  } catch (error) {
    return { ok: false, errorMessage: error instanceof Error ? error.message : String(error) };
  }
}
