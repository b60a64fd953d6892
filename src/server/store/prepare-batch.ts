/**
 * Decoded spans (SpanInput, as every core decoder produces them) → the column arrays of `spans`
 * rows, with everything serialised: detail and search JSON, event times, the distinct resource and
 * scope blobs of the batch, and autocomplete rows. This is the costly part of ingest and needs no
 * database, so the server runs it in a decode worker of its own (store-worker.ts) while the
 * database worker appends and commits; span-batch.ts finishes the batch there.
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
import { searchAttrsJson } from './search-attrs.ts';
import { TagCatalog, type TagRow } from './tag-catalog.ts';

export interface PreparedResource {
  readonly json: string;
  readonly service: string;
  /** searchAttrsJson of its attributes. */
  readonly attrs: string;
}

export interface PreparedScope {
  readonly json: string;
  readonly name: string;
  readonly version: string;
}

/** Column arrays of `spans` rows (all but seq and the blob ids), one entry per span. */
export interface PreparedBatch {
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
  /** Absolute event times in ns, comma-separated ('' for none): the hot part of events. */
  readonly eventTimes: string[];
  readonly attrs: string[];
  readonly detail: string[];
  /** Per span, an index into `resources` / `scopes` (the distinct ones of this batch). */
  readonly resourceIndex: number[];
  readonly scopeIndex: number[];
  readonly resources: PreparedResource[];
  readonly scopes: PreparedScope[];
  /** Autocomplete rows not seen before by the preparer (the store's catalog dedupes again). */
  readonly tags: TagRow[];
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
/** Ids, numbers and the service of a row, roughly. */
const FIXED_ROW_BYTES = 120;

function addSpanTags(s: SpanInput, service: string, d: SpanDetails, tags: TagCatalog): void {
  tags.addAttributes('span', d.attributes);
  addIntrinsicTags(s, service, d.statusMessage, tags);
  for (const e of d.events) {
    tags.addAttributes('event', e.attributes);
    if (e.name) tags.addValue('intrinsic', 'event:name', 'string', e.name);
  }
  for (const l of d.links) tags.addAttributes('link', l.attributes);
}

/** The resource's blob, service and search attributes; its tags go to `tags`. */
export function prepareResource(r: Resource, tags: TagCatalog): PreparedResource {
  tags.addAttributes('resource', r.attributes);
  const service = findAttr(r.attributes, 'service.name');
  return {
    json: resourceJson(r),
    service: service?.type === 'string' ? service.value : '',
    attrs: searchAttrsJson(r.attributes),
  };
}

export function prepareScope(s: InstrumentationScope, tags: TagCatalog): PreparedScope {
  tags.addAttributes('instrumentation', s.attributes);
  if (s.name) tags.addValue('intrinsic', 'instrumentation:name', 'string', s.name);
  if (s.version) tags.addValue('intrinsic', 'instrumentation:version', 'string', s.version);
  return { json: scopeJson(s), name: s.name, version: s.version };
}

/** The intrinsic tags of a span: name, status, kind, status message, root name and service. */
export function addIntrinsicTags(
  s: SpanInput,
  service: string,
  statusMessage: string,
  tags: TagCatalog,
): void {
  tags.addValue('intrinsic', 'name', 'string', s.name);
  tags.addValue('intrinsic', 'status', 'keyword', STATUS_NAMES[s.status] ?? 'unset');
  tags.addValue('intrinsic', 'kind', 'keyword', SPAN_KIND_NAMES[s.kind] ?? 'unspecified');
  if (statusMessage) tags.addValue('intrinsic', 'statusMessage', 'string', statusMessage);
  if (s.parentId === '') {
    tags.addValue('intrinsic', 'rootName', 'string', s.name);
    tags.addValue('intrinsic', 'rootServiceName', 'string', service);
  }
}

/** Fills the columns of one batch, row by row (both preparers write through it). */
export class BatchBuilder {
  private readonly traceId: string[] = [];
  private readonly spanId: string[] = [];
  private readonly parentId: string[] = [];
  private readonly name: string[] = [];
  private readonly service: string[] = [];
  private readonly kind: number[] = [];
  private readonly status: number[] = [];
  private readonly startNs: (bigint | null)[] = [];
  private readonly durNs: (bigint | null)[] = [];
  private readonly modelFlags: number[] = [];
  private readonly eventTimes: string[] = [];
  private readonly attrs: string[] = [];
  private readonly detail: string[] = [];
  private readonly resourceIndex: number[] = [];
  private readonly scopeIndex: number[] = [];
  readonly resources: PreparedResource[] = [];
  readonly scopes: PreparedScope[] = [];
  private bytes = 0;

  get count(): number {
    return this.traceId.length;
  }

  /** Adds the row of `s` (`service` already defaulted), with its search attributes and detail text. */
  add(
    s: SpanInput,
    service: string,
    resourceIndex: number,
    scopeIndex: number,
    attrs: string,
    detail: string,
  ): void {
    this.traceId.push(s.traceId);
    this.spanId.push(s.spanId);
    this.parentId.push(s.parentId);
    this.name.push(s.name);
    this.service.push(service);
    this.kind.push(s.kind);
    this.status.push(s.status);
    this.startNs.push(s.startNs);
    // Only an absurd duration (over 292 years) falls outside BIGINT; it is kept as unknown.
    this.durNs.push(s.durNs !== null && s.durNs <= INT64_MAX && s.durNs >= INT64_MIN ? s.durNs : null);
    this.modelFlags.push(s.shared ? SpanFlag.Shared : 0);
    this.eventTimes.push(s.eventTimesNs && s.eventTimesNs.length > 0 ? s.eventTimesNs.join(',') : '');
    this.attrs.push(attrs);
    this.detail.push(detail);
    this.resourceIndex.push(resourceIndex);
    this.scopeIndex.push(scopeIndex);
    this.bytes += FIXED_ROW_BYTES + attrs.length + detail.length + s.name.length;
  }

  finish(tags: TagRow[]): PreparedBatch {
    return {
      count: this.count,
      bytes: this.bytes,
      traceId: this.traceId,
      spanId: this.spanId,
      parentId: this.parentId,
      name: this.name,
      service: this.service,
      kind: this.kind,
      status: this.status,
      startNs: this.startNs,
      durNs: this.durNs,
      modelFlags: this.modelFlags,
      eventTimes: this.eventTimes,
      attrs: this.attrs,
      detail: this.detail,
      resourceIndex: this.resourceIndex,
      scopeIndex: this.scopeIndex,
      resources: this.resources,
      scopes: this.scopes,
      tags,
    };
  }
}

/**
 * Prepares batches of decoded spans (any format). Keeps a TagCatalog of its own as a filter, so that
 * each autocomplete value is handed on once rather than once per span.
 */
export class BatchPreparer {
  constructor(readonly seenTags = new TagCatalog()) {}

  prepare(spans: readonly SpanInput[]): PreparedBatch {
    const b = new BatchBuilder();
    // Decoders share one Resource/Scope object between the spans of a ResourceSpans/ScopeSpans.
    const resourceIndexes = new Map<Resource, number>();
    const scopeIndexes = new Map<InstrumentationScope, number>();
    for (const s of spans) {
      const d = typeof s.details === 'function' ? s.details() : s.details;
      let r = resourceIndexes.get(d.resource);
      if (r === undefined)
        resourceIndexes.set(
          d.resource,
          (r = b.resources.push(prepareResource(d.resource, this.seenTags)) - 1),
        );
      let sc = scopeIndexes.get(d.scope);
      if (sc === undefined)
        scopeIndexes.set(d.scope, (sc = b.scopes.push(prepareScope(d.scope, this.seenTags)) - 1));
      const service = s.service || UNKNOWN_SERVICE;
      addSpanTags(s, service, d, this.seenTags);
      b.add(s, service, r, sc, searchAttrsJson(d.attributes), spanDetailJson(d, s.status));
    }
    return b.finish(this.seenTags.takeUnwritten());
  }
}
