/**
 * What the OTLP JSON and protobuf encoders share: spans grouped by resource and scope (as
 * ResourceSpans/ScopeSpans need), and the exact absolute times of a span.
 */
import { type SpanTable, spanService, UNKNOWN_SERVICE } from '../model/span-table.ts';
import type { Attribute, InstrumentationScope, Resource, SpanDetails } from '../model/types.ts';
import { findAttr } from '../model/types.ts';
import { toOtlpKeyValues } from './otlp-json/any-value.ts';

export interface SpanRef {
  readonly table: SpanTable;
  readonly index: number;
  readonly details: SpanDetails;
}

export interface ScopeGroup {
  readonly scope: InstrumentationScope;
  readonly spans: SpanRef[];
}

export interface ResourceGroup {
  readonly resource: Resource;
  readonly scopes: ScopeGroup[];
}

function attrsKey(attrs: readonly Attribute[]): string {
  return attrs.length === 0 ? '' : JSON.stringify(toOtlpKeyValues(attrs));
}

/** Content keys, cached per object: decoders share one Resource/Scope object among many spans. */
class KeyCache<T extends object> {
  private readonly keys = new WeakMap<T, string>();
  constructor(private readonly compute: (value: T) => string) {}
  get(value: T): string {
    let key = this.keys.get(value);
    if (key === undefined) this.keys.set(value, (key = this.compute(value)));
    return key;
  }
}

/**
 * The resource of a span, with service.name added when the details lack it but the table has one
 * (a table's service column is authoritative: Jaeger processes and Zipkin endpoints fill it).
 */
function resourceOf(table: SpanTable, index: number, details: SpanDetails): Resource {
  const service = spanService(table, index);
  if (service === UNKNOWN_SERVICE || findAttr(details.resource.attributes, 'service.name'))
    return details.resource;
  return {
    ...details.resource,
    attributes: [
      { key: 'service.name', value: { type: 'string', value: service } },
      ...details.resource.attributes,
    ],
  };
}

/** Spans of all tables grouped by equal resource, then equal scope, in first-seen order. */
export function groupSpans(tables: readonly SpanTable[]): ResourceGroup[] {
  const resourceKeys = new KeyCache<Resource>(
    (r) => `${r.schemaUrl ?? ''}\u0000${r.droppedAttributesCount ?? 0}\u0000${attrsKey(r.attributes)}`,
  );
  const scopeKeys = new KeyCache<InstrumentationScope>(
    (s) =>
      `${s.name}\u0000${s.version}\u0000${s.schemaUrl ?? ''}\u0000${s.droppedAttributesCount ?? 0}\u0000${attrsKey(s.attributes)}`,
  );
  const groups = new Map<string, { group: ResourceGroup; scopes: Map<string, ScopeGroup> }>();
  for (const table of tables) {
    for (let index = 0; index < table.count; index++) {
      const details = table.details(index);
      const resource = resourceOf(table, index, details);
      const rKey = resourceKeys.get(resource);
      let entry = groups.get(rKey);
      if (!entry) groups.set(rKey, (entry = { group: { resource, scopes: [] }, scopes: new Map() }));
      const sKey = scopeKeys.get(details.scope);
      let scope = entry.scopes.get(sKey);
      if (!scope) {
        scope = { scope: details.scope, spans: [] };
        entry.scopes.set(sKey, scope);
        entry.group.scopes.push(scope);
      }
      scope.spans.push({ table, index, details });
    }
  }
  return [...groups.values()].map((e) => e.group);
}

/** Absolute start and end in ns; 0n where the source had none (OTLP's "unset"). */
export function spanTimesNs(table: SpanTable, index: number): { startNs: bigint; endNs: bigint } {
  const start = table.startNs[index];
  if (Number.isNaN(start)) return { startNs: 0n, endNs: 0n };
  const startNs = table.baseNs + BigInt(start);
  const dur = table.durNs[index];
  return { startNs, endNs: Number.isNaN(dur) ? 0n : startNs + BigInt(dur) };
}
