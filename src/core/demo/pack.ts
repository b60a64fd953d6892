/**
 * Packs a stream of spans into ExportTraceServiceRequests of at most `maxSpans` spans, grouped the
 * way an SDK exporter groups them: one resourceSpans per service instance, one scopeSpans per scope.
 */
import type { DemoRequest, OtlpSpan } from './otlp-json.ts';
import type { Instance, Scope } from './services.ts';

export interface PackItem {
  readonly instance: Instance;
  readonly scope: Scope;
  readonly span: OtlpSpan;
}

export const MAX_SPANS_PER_REQUEST = 512;

function toRequest(items: readonly PackItem[]): DemoRequest {
  const byInstance = new Map<
    string,
    { instance: Instance; scopes: Map<string, { scope: Scope; spans: OtlpSpan[] }> }
  >();
  for (const item of items) {
    let group = byInstance.get(item.instance.key);
    if (!group) {
      group = { instance: item.instance, scopes: new Map() };
      byInstance.set(item.instance.key, group);
    }
    let scoped = group.scopes.get(item.scope.key);
    if (!scoped) {
      scoped = { scope: item.scope, spans: [] };
      group.scopes.set(item.scope.key, scoped);
    }
    scoped.spans.push(item.span);
  }
  return {
    resourceSpans: [...byInstance.values()].map((group) => ({
      resource: group.instance.resource,
      scopeSpans: [...group.scopes.values()].map((scoped) => ({
        scope: scoped.scope.scope,
        spans: scoped.spans,
      })),
    })),
  };
}

export function* pack(items: Iterable<PackItem>, maxSpans = MAX_SPANS_PER_REQUEST): Generator<DemoRequest> {
  let batch: PackItem[] = [];
  for (const item of items) {
    batch.push(item);
    if (batch.length >= maxSpans) {
      yield toRequest(batch);
      batch = [];
    }
  }
  if (batch.length > 0) yield toRequest(batch);
}
