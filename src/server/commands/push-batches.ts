/**
 * OTLP/HTTP request bodies for `spanscope push`: raw spans (from the streaming splitter or an
 * encoder) regrouped under their resource and scope into JSON requests of at most a byte budget;
 * protobuf files cut on the wire. Each batch can halve itself when the server says 413.
 */

import type { RawSpan } from './otlp-json-splitter.ts';
import { countSpans, splitExportRequest } from './push-proto.ts';
import type { Batch } from './push-sender.ts';

const enc = new TextEncoder();
const piece = (s: string) => enc.encode(s);
const OPEN = piece('{"resourceSpans":[');
const CLOSE = piece(']}');
const COMMA = piece(',');
const RS_OPEN = piece('{"resource":');
const SCHEMA = piece(',"schemaUrl":');
const RS_SCOPES = piece(',"scopeSpans":[');
const RS_CLOSE = piece(']}');
const SS_OPEN = piece('{"scope":');
const SS_SPANS = piece(',"spans":[');
const SS_CLOSE = piece(']}');
const EMPTY = piece('{}');
/** Bytes of the JSON around one scope or resource group, beyond its own raw bytes. */
const GROUP_OVERHEAD = 48;

/** One OTLP JSON export request holding `spans`, grouped by their (shared) resource and scope. */
export function jsonBody(spans: readonly RawSpan[]): Uint8Array {
  const parts: Uint8Array[] = [OPEN];
  for (let i = 0; i < spans.length; ) {
    const resource = spans[i].context.resource;
    if (i > 0) parts.push(COMMA);
    parts.push(RS_OPEN, resource.resource ?? EMPTY);
    if (resource.schemaUrl) parts.push(SCHEMA, resource.schemaUrl);
    parts.push(RS_SCOPES);
    let firstScope = true;
    while (i < spans.length && spans[i].context.resource === resource) {
      const scope = spans[i].context;
      if (!firstScope) parts.push(COMMA);
      firstScope = false;
      parts.push(SS_OPEN, scope.scope ?? EMPTY);
      if (scope.schemaUrl) parts.push(SCHEMA, scope.schemaUrl);
      parts.push(SS_SPANS);
      for (let first = true; i < spans.length && spans[i].context === scope; i++, first = false) {
        if (!first) parts.push(COMMA);
        parts.push(spans[i].bytes);
      }
      parts.push(SS_CLOSE);
    }
    parts.push(RS_CLOSE);
  }
  parts.push(CLOSE);
  return Buffer.concat(parts);
}

export function jsonBatch(spans: readonly RawSpan[]): Batch {
  return {
    body: jsonBody(spans),
    contentType: 'application/json',
    spans: spans.length,
    split: () => {
      if (spans.length < 2) return null;
      const half = spans.length >> 1;
      return [jsonBatch(spans.slice(0, half)), jsonBatch(spans.slice(half))];
    },
  };
}

export function protoBatch(body: Uint8Array): Batch {
  return {
    body,
    contentType: 'application/x-protobuf',
    spans: countSpans(body),
    split: () => {
      if (body.length < 2) return null;
      const pieces = splitExportRequest(body, Math.ceil(body.length / 2));
      return pieces.length > 1 ? pieces.map(protoBatch) : null;
    },
  };
}

/** Collects spans into batches of at most `limitBytes` and hands each full one to `send`. */
export class JsonBatcher {
  #spans: RawSpan[] = [];
  #bytes = OPEN.length + CLOSE.length;

  constructor(
    readonly limitBytes: number,
    readonly send: (batch: Batch) => Promise<void>,
  ) {}

  async add(span: RawSpan): Promise<void> {
    if (this.#spans.length > 0 && this.#bytes + this.#cost(span) > this.limitBytes) await this.flush();
    this.#bytes += this.#cost(span);
    this.#spans.push(span);
  }

  /** Bytes `span` adds to the current batch: its own, plus a new scope or resource group's. */
  #cost(span: RawSpan): number {
    const last = this.#spans.at(-1);
    let cost = span.bytes.length + 1;
    if (last?.context !== span.context) cost += (span.context.scope?.length ?? 2) + GROUP_OVERHEAD;
    if (last?.context.resource !== span.context.resource) {
      cost += (span.context.resource.resource?.length ?? 2) + GROUP_OVERHEAD;
    }
    return cost;
  }

  async flush(): Promise<void> {
    if (this.#spans.length === 0) return;
    const spans = this.#spans;
    this.#spans = [];
    this.#bytes = OPEN.length + CLOSE.length;
    await this.send(jsonBatch(spans));
  }
}
