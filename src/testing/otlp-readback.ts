/**
 * Reading traces back from a running server for integration tests: the Tempo v2 answer flattened
 * to one entry per span (with its resource and scope), and proto3-JSON normalisation so that an
 * omitted default (0, '', [], {}) and an explicit one compare equal.
 */

export type Json = Record<string, unknown>;

export interface SpanWithContext {
  readonly span: Json;
  readonly resource: Json;
  readonly scope: Json;
  readonly scopeSchemaUrl: unknown;
  readonly resourceSchemaUrl: unknown;
}

export async function fetchTraceJson(
  base: string,
  traceId: string,
  version: 1 | 2 = 2,
): Promise<Json | null> {
  const res = await fetch(`${base}/api/${version === 2 ? 'v2/' : ''}traces/${traceId}`);
  if (res.status === 404) return null;
  if (res.status !== 200) throw new Error(`GET trace ${traceId}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Json;
}

/** Every span of a Tempo v1 (`batches`) or v2 (`trace.resourceSpans`) answer. */
export function flattenTrace(answer: Json): SpanWithContext[] {
  const resourceSpans = (answer.batches ?? (answer.trace as Json | undefined)?.resourceSpans ?? []) as Json[];
  const out: SpanWithContext[] = [];
  for (const rs of resourceSpans)
    for (const ss of (rs.scopeSpans ?? []) as Json[])
      for (const span of (ss.spans ?? []) as Json[])
        out.push({
          span,
          resource: (rs.resource ?? {}) as Json,
          scope: (ss.scope ?? {}) as Json,
          scopeSchemaUrl: ss.schemaUrl,
          resourceSchemaUrl: rs.schemaUrl,
        });
  return out;
}

/** Span id → span with context. */
export async function fetchSpans(base: string, traceId: string): Promise<Map<string, SpanWithContext>> {
  const answer = await fetchTraceJson(base, traceId);
  return new Map((answer ? flattenTrace(answer) : []).map((s) => [String(s.span.spanId), s]));
}

function isDefault(v: unknown): boolean {
  if (v === undefined || v === null || v === 0 || v === '' || v === '0' || v === false) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

/**
 * Drops default-valued fields recursively (proto3 JSON may omit them) and sorts attribute lists
 * by key (their order carries no meaning). AnyValue wrappers are kept even when their value is a
 * default (`{"intValue":"0"}` is not the same as `{}`).
 */
export function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => normalize(v));
    if (
      key === 'attributes' ||
      (key === 'values' && items.every((i) => i && typeof i === 'object' && 'key' in i))
    ) {
      items.sort((a, b) => String((a as Json).key).localeCompare(String((b as Json).key)));
    }
    return items;
  }
  if (value && typeof value === 'object') {
    const out: Json = {};
    const anyValue = /^(string|int|double|bool|bytes|array|kvlist)Value$/;
    for (const [k, v] of Object.entries(value as Json)) {
      const n = normalize(v, k);
      if (anyValue.test(k) || !isDefault(n)) out[k] = n;
    }
    return out;
  }
  return value;
}
