/**
 * Decoded spans (SpanInput, as every core decoder produces them) → the column arrays of `spans`
 * rows, ready to append. Runs as soon as a request is decoded, while an earlier commit may still be
 * in flight; row numbers (seq) are given at write time.
 */
import { SpanFlag, type SpanInput, UNKNOWN_SERVICE } from '../../core/model/span-table.ts';
import {
  findAttr,
  type InstrumentationScope,
  type Resource,
  SPAN_KIND_NAMES,
  type SpanDetails,
  STATUS_NAMES,
} from '../../core/model/types.ts';
import { resourceJson, scopeJson, spanDetailJson } from '../../core/transfer/detail-json.ts';
import type { BlobRegistry } from './blob-registry.ts';
import { searchAttrsJson } from './search-attrs.ts';
import type { TagCatalog } from './tag-catalog.ts';

export interface ResourceExtra {
  readonly service: string;
  readonly attrs: string;
}

export interface ScopeExtra {
  readonly name: string;
  readonly version: string;
}

/** What a batch needs besides its spans: the shared registries of blobs and tags. */
export interface BatchContext {
  readonly resources: BlobRegistry<ResourceExtra>;
  readonly scopes: BlobRegistry<ScopeExtra>;
  readonly tags: TagCatalog;
}

/** Column arrays of `spans` rows (all but seq), one entry per span. */
export interface SpanBatch {
  readonly count: number;
  /** Rough size of the rows in bytes (what they add to the WAL). */
  readonly bytes: number;
  readonly traceId: string[];
  readonly spanId: string[];
  readonly parentId: string[];
  readonly name: string[];
  readonly service: string[];
  readonly kind: number[];
  readonly status: number[];
  readonly startNs: (bigint | null)[];
  readonly durNs: (bigint | null)[];
  readonly modelFlags: number[];
  readonly resourceId: number[];
  readonly scopeId: number[];
  /** Absolute event times in ns, comma-separated ('' for none): the hot part of events. */
  readonly eventTimes: string[];
  readonly attrs: string[];
  readonly detail: string[];
}

const INT64_MAX = 2n ** 63n - 1n;
/** Ids, numbers and the service of a row, roughly. */
const FIXED_ROW_BYTES = 120;
const INT64_MIN = -(2n ** 63n);

function emptyBatch(): SpanBatch {
  return {
    count: 0,
    bytes: 0,
    traceId: [],
    spanId: [],
    parentId: [],
    name: [],
    service: [],
    kind: [],
    status: [],
    startNs: [],
    durNs: [],
    modelFlags: [],
    resourceId: [],
    scopeId: [],
    eventTimes: [],
    attrs: [],
    detail: [],
  };
}

function resourceId(r: Resource, ctx: BatchContext): number {
  return ctx.resources.idOf(resourceJson(r), () => {
    ctx.tags.addAttributes('resource', r.attributes);
    const service = findAttr(r.attributes, 'service.name');
    return {
      service: service?.type === 'string' ? service.value : '',
      attrs: searchAttrsJson(r.attributes),
    };
  });
}

function scopeId(s: InstrumentationScope, ctx: BatchContext): number {
  return ctx.scopes.idOf(scopeJson(s), () => {
    ctx.tags.addAttributes('instrumentation', s.attributes);
    if (s.name) ctx.tags.addValue('intrinsic', 'instrumentation:name', 'string', s.name);
    if (s.version) ctx.tags.addValue('intrinsic', 'instrumentation:version', 'string', s.version);
    return { name: s.name, version: s.version };
  });
}

function addSpanTags(s: SpanInput, service: string, d: SpanDetails, tags: TagCatalog): void {
  tags.addAttributes('span', d.attributes);
  tags.addValue('intrinsic', 'name', 'string', s.name);
  tags.addValue('intrinsic', 'status', 'keyword', STATUS_NAMES[s.status] ?? 'unset');
  tags.addValue('intrinsic', 'kind', 'keyword', SPAN_KIND_NAMES[s.kind] ?? 'unspecified');
  if (d.statusMessage) tags.addValue('intrinsic', 'statusMessage', 'string', d.statusMessage);
  if (s.parentId === '') {
    tags.addValue('intrinsic', 'rootName', 'string', s.name);
    tags.addValue('intrinsic', 'rootServiceName', 'string', service);
  }
  for (const e of d.events) {
    tags.addAttributes('event', e.attributes);
    if (e.name) tags.addValue('intrinsic', 'event:name', 'string', e.name);
  }
  for (const l of d.links) tags.addAttributes('link', l.attributes);
}

/** Converts decoded spans; resource and scope blobs are serialised once per distinct object. */
export function toSpanBatch(spans: readonly SpanInput[], ctx: BatchContext): SpanBatch {
  const b = emptyBatch();
  let bytes = 0;
  const resourceIds = new Map<Resource, number>();
  const scopeIds = new Map<InstrumentationScope, number>();
  for (const s of spans) {
    const d = typeof s.details === 'function' ? s.details() : s.details;
    let rid = resourceIds.get(d.resource);
    if (rid === undefined) resourceIds.set(d.resource, (rid = resourceId(d.resource, ctx)));
    let sid = scopeIds.get(d.scope);
    if (sid === undefined) scopeIds.set(d.scope, (sid = scopeId(d.scope, ctx)));
    const service = s.service || UNKNOWN_SERVICE;
    addSpanTags(s, service, d, ctx.tags);
    b.traceId.push(s.traceId);
    b.spanId.push(s.spanId);
    b.parentId.push(s.parentId);
    b.name.push(s.name);
    b.service.push(service);
    b.kind.push(s.kind);
    b.status.push(s.status);
    b.startNs.push(s.startNs);
    // Only an absurd duration (over 292 years) falls outside BIGINT; it is kept as unknown.
    b.durNs.push(s.durNs !== null && s.durNs <= INT64_MAX && s.durNs >= INT64_MIN ? s.durNs : null);
    b.modelFlags.push(s.shared ? SpanFlag.Shared : 0);
    b.resourceId.push(rid);
    b.scopeId.push(sid);
    b.eventTimes.push(s.eventTimesNs ? s.eventTimesNs.join(',') : '');
    const attrs = searchAttrsJson(d.attributes);
    const detail = spanDetailJson(d, s.status);
    b.attrs.push(attrs);
    b.detail.push(detail);
    bytes += FIXED_ROW_BYTES + attrs.length + detail.length + s.name.length;
  }
  return { ...b, count: spans.length, bytes };
}
