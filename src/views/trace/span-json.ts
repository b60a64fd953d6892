/**
 * The raw JSON of one span, cut out of the trace's OTLP JSON encoding: the span with its resource
 * and scope, exactly as an OTLP exporter would write them.
 */

interface OtlpScopeSpans {
  scope?: unknown;
  spans?: { spanId?: string }[];
}
interface OtlpResourceSpans {
  resource?: unknown;
  schemaUrl?: string;
  scopeSpans?: OtlpScopeSpans[];
}

/** `{resource, scope, span}` of the first span with this id, or null. */
export function spanFromOtlpJson(trace: unknown, spanId: string): unknown {
  const batches = (trace as { resourceSpans?: OtlpResourceSpans[] } | null)?.resourceSpans;
  if (!Array.isArray(batches)) return null;
  for (const rs of batches) {
    for (const ss of rs.scopeSpans ?? []) {
      const span = (ss.spans ?? []).find(
        (s) => typeof s?.spanId === 'string' && s.spanId.toLowerCase() === spanId,
      );
      if (span) return { resource: rs.resource ?? {}, scope: ss.scope ?? {}, span };
    }
  }
  return null;
}
