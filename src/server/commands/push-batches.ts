/**
 * OTLP/HTTP request bodies for `spanscope push`: OTLP JSON documents (as the streaming splitter or
 * an encoder makes them) and protobuf requests (pieces of the protobuf splitter). Each batch can
 * halve itself when the server answers 413.
 */
import { splitProtoRequest } from '../../core/formats/index.ts';
import type { Batch } from './push-sender.ts';

type Json = Record<string, unknown>;

/** `{resourceSpans:[{…resource fields, scopeSpans:[{…scope fields, spans:[…]}]}]}`. */
export interface OtlpDocument {
  readonly resourceSpans: readonly Json[];
}

interface Entry {
  readonly rs: Json;
  readonly ss: Json;
  readonly span: unknown;
}

function entries(doc: OtlpDocument): Entry[] {
  const out: Entry[] = [];
  for (const rs of doc.resourceSpans)
    for (const ss of (rs.scopeSpans ?? []) as Json[])
      for (const span of (ss.spans ?? []) as unknown[]) out.push({ rs, ss, span });
  return out;
}

/** The entries regrouped under their (shared) resource and scope objects. */
function documentOf(list: readonly Entry[]): OtlpDocument {
  const resourceSpans: Json[] = [];
  let rsOut: { src: Json; scopes: Json[] } | undefined;
  let ssOut: { src: Json; spans: unknown[] } | undefined;
  for (const e of list) {
    if (rsOut?.src !== e.rs) {
      rsOut = { src: e.rs, scopes: [] };
      resourceSpans.push({ ...e.rs, scopeSpans: rsOut.scopes });
      ssOut = undefined;
    }
    if (ssOut?.src !== e.ss) {
      ssOut = { src: e.ss, spans: [] };
      rsOut.scopes.push({ ...e.ss, spans: ssOut.spans });
    }
    ssOut.spans.push(e.span);
  }
  return { resourceSpans };
}

export function isOtlpDocument(doc: unknown): doc is OtlpDocument {
  return typeof doc === 'object' && doc !== null && Array.isArray((doc as Json).resourceSpans);
}

export function jsonBatch(doc: OtlpDocument): Batch {
  const all = entries(doc);
  return {
    body: Buffer.from(JSON.stringify(doc)),
    contentType: 'application/json',
    spans: all.length,
    split: () => {
      if (all.length < 2) return null;
      const half = all.length >> 1;
      return [jsonBatch(documentOf(all.slice(0, half))), jsonBatch(documentOf(all.slice(half)))];
    },
  };
}

export function protoBatch(body: Uint8Array, spans: number): Batch {
  return {
    body,
    contentType: 'application/x-protobuf',
    spans,
    split: () => {
      const pieces = splitProtoRequest(body, { maxBytes: Math.ceil(body.length / 2), maxSpans: spans });
      return pieces.length > 1 ? pieces.map((p) => protoBatch(p.bytes, p.spanCount)) : null;
    },
  };
}
