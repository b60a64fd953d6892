/**
 * What the OTLP JSON and protobuf decoders share: options and result (OTLP partial success needs
 * spans rejected one by one), enum parsing, and per-trace warnings.
 */

import type { TraceSetBuilder } from '../model/span-table.ts';
import { SpanKind, StatusCode } from '../model/types.ts';
import { FormatError } from './types.ts';

export interface OtlpDecodeOptions {
  /**
   * What to do with a span that cannot be read (bad or missing ids, bad times):
   * 'throw' (default) fails the whole input with a FormatError naming the span; 'reject' skips the
   * span and counts it, as an OTLP receiver does for partial success.
   */
  readonly invalidSpans?: 'throw' | 'reject';
}

export interface OtlpDecodeResult {
  /** Spans added to the sink. */
  spanCount: number;
  rejectedSpans: number;
  /** One message per rejected span (where and what), at most MAX_REJECTION_MESSAGES. */
  rejectionMessages: string[];
  /** Links (Jaeger references) dropped from spans that were kept, for an id that cannot be read. */
  droppedLinks: number;
  /** Where and what, at most MAX_REJECTION_MESSAGES. */
  droppedLinkMessages: string[];
}

export const MAX_REJECTION_MESSAGES = 20;

/** Collects the outcome of one decode call and applies the invalid-span policy. */
export class SpanOutcome {
  readonly result: OtlpDecodeResult = {
    spanCount: 0,
    rejectedSpans: 0,
    rejectionMessages: [],
    droppedLinks: 0,
    droppedLinkMessages: [],
  };
  private readonly reject: boolean;

  constructor(options: OtlpDecodeOptions | undefined) {
    this.reject = options?.invalidSpans === 'reject';
  }

  /** Called with the error of one unreadable span: rethrows it, or records a rejection. */
  failed(error: unknown): void {
    if (!this.reject || !(error instanceof FormatError)) throw error;
    this.result.rejectedSpans++;
    if (this.result.rejectionMessages.length < MAX_REJECTION_MESSAGES) {
      this.result.rejectionMessages.push(`span at ${error.where}: ${error.problem}`);
    }
  }

  /**
   * A link whose ids cannot be read (a bad id in one link must not sink its span, or its file):
   * dropped from the span, counted, and a warning on its trace.
   */
  droppedLink(warnings: TraceWarnings, traceId: string, where: string, problem: string): void {
    this.result.droppedLinks++;
    if (this.result.droppedLinkMessages.length < MAX_REJECTION_MESSAGES) {
      this.result.droppedLinkMessages.push(`link at ${where}: ${problem}`);
    }
    warnings.note(traceId, `a link was dropped: ${problem}`);
  }
}

const KIND_BY_NAME: Record<string, SpanKind> = {
  SPAN_KIND_UNSPECIFIED: SpanKind.Unspecified,
  SPAN_KIND_INTERNAL: SpanKind.Internal,
  SPAN_KIND_SERVER: SpanKind.Server,
  SPAN_KIND_CLIENT: SpanKind.Client,
  SPAN_KIND_PRODUCER: SpanKind.Producer,
  SPAN_KIND_CONSUMER: SpanKind.Consumer,
  UNSPECIFIED: SpanKind.Unspecified,
  INTERNAL: SpanKind.Internal,
  SERVER: SpanKind.Server,
  CLIENT: SpanKind.Client,
  PRODUCER: SpanKind.Producer,
  CONSUMER: SpanKind.Consumer,
};

const STATUS_BY_NAME: Record<string, StatusCode> = {
  STATUS_CODE_UNSET: StatusCode.Unset,
  STATUS_CODE_OK: StatusCode.Ok,
  STATUS_CODE_ERROR: StatusCode.Error,
  UNSET: StatusCode.Unset,
  OK: StatusCode.Ok,
  ERROR: StatusCode.Error,
};

function parseEnum(raw: unknown, max: number, byName: Record<string, number>): number | null {
  if (raw === undefined || raw === null) return 0;
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 && raw <= max ? raw : null;
  if (typeof raw !== 'string') return null;
  if (/^\d$/.test(raw)) return parseEnum(Number(raw), max, byName);
  return byName[raw.toUpperCase()] ?? null;
}

/** OTLP span kind from an int or a name (`SPAN_KIND_SERVER`, `server`); null when unknown. */
export function parseSpanKind(raw: unknown): SpanKind | null {
  return parseEnum(raw, 5, KIND_BY_NAME) as SpanKind | null;
}

/** OTLP status code from an int or a name (`STATUS_CODE_ERROR`, `ERROR`, `"2"`); null when unknown. */
export function parseStatusCode(raw: unknown): StatusCode | null {
  return parseEnum(raw, 2, STATUS_BY_NAME) as StatusCode | null;
}

/** Shows a value in a message without letting a huge, deep or hostile value flood it (or the stack). */
export function shortJson(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value);
    return keys.length === 0
      ? '{}'
      : `an object with keys ${keys.slice(0, 3).join(', ')}${keys.length > 3 ? ', …' : ''}`;
  }
  const text = typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** The text of any JSON value (strings as themselves); a value too deep to print gets its short form. */
export function jsonText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return shortJson(value);
  }
}

/** Warnings counted per trace and message, written to the sink once at the end of a decode. */
export class TraceWarnings {
  private readonly counts = new Map<string, Map<string, number>>();

  note(traceId: string, message: string): void {
    let perTrace = this.counts.get(traceId);
    if (!perTrace) this.counts.set(traceId, (perTrace = new Map()));
    perTrace.set(message, (perTrace.get(message) ?? 0) + 1);
  }

  flush(sink: TraceSetBuilder): void {
    for (const [traceId, perTrace] of this.counts) {
      for (const [message, n] of perTrace) sink.warn(traceId, n === 1 ? message : `${message} (${n} spans)`);
    }
  }
}
