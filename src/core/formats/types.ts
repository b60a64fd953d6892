/**
 * The contract every trace format implements. Detection is structural (never by file name);
 * decoders write into a TraceSetBuilder so that several inputs can form one trace.
 */
import type { SpanTable, TraceSetBuilder } from '../model/span-table.ts';

export type FormatId = 'otlp-json' | 'otlp-proto' | 'jaeger-json' | 'zipkin-json';

/** An input after gzip and text decoding: a JSON value, JSON Lines, or binary bytes. */
export type ParsedInput =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'jsonl'; readonly values: readonly unknown[] }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array };

export interface TraceFormat {
  readonly id: FormatId;
  /** Human name used in messages: "OTLP JSON", "Jaeger JSON", … */
  readonly label: string;
  /** True when the input has this format's structure. */
  detect(input: ParsedInput): boolean;
  /** Adds every span of the input to `sink`; throws FormatError on input it cannot read. */
  decode(input: ParsedInput, sink: TraceSetBuilder): void;
  /** Re-encodes traces (spans as the table holds them, details included). */
  encode?(traces: readonly SpanTable[]): string | Uint8Array;
}

/**
 * Bad input. `resembled` names the format the input looked like, `where` a JSON path
 * (`$.resourceSpans[0].scopeSpans[2].spans[7].spanId`) or a byte offset (`byte 1234`).
 */
export class FormatError extends Error {
  constructor(
    readonly resembled: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${resembled}: ${problem}${where ? ` at ${where}` : ''}`);
    this.name = 'FormatError';
  }
}
