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

/**
 * Prepares batches. Keeps a TagCatalog of its own as a filter, so that each autocomplete value is
 * handed on once rather than once per span.
 */
export class BatchPreparer {
  constructor(private readonly seenTags = new TagCatalog()) {}

  prepare(spans: readonly SpanInput[]): PreparedBatch {
    const n = spans.length;
    const b = {
      traceId: new Array<string>(n),
      spanId: new Array<string>(n),
      parentId: new Array<string>(n),
      name: new Array<string>(n),
      service: new Array<string>(n),
      kind: new Array<number>(n),
      status: new Array<number>(n),
      startNs: new Array<bigint | null>(n),
      durNs: new Array<bigint | null>(n),
      modelFlags: new Array<number>(n),
      eventTimes: new Array<string>(n),
      attrs: new Array<string>(n),
      detail: new Array<string>(n),
      resourceIndex: new Array<number>(n),
      scopeIndex: new Array<number>(n),
      resources: [] as PreparedResource[],
      scopes: [] as PreparedScope[],
    };
    // Decoders share one Resource/Scope object between the spans of a ResourceSpans/ScopeSpans.
    const resourceIndexes = new Map<Resource, number>();
    const scopeIndexes = new Map<InstrumentationScope, number>();
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const s = spans[i];
      const d = typeof s.details === 'function' ? s.details() : s.details;
      let r = resourceIndexes.get(d.resource);
      if (r === undefined)
        resourceIndexes.set(d.resource, (r = b.resources.push(this.resource(d.resource)) - 1));
      let sc = scopeIndexes.get(d.scope);
      if (sc === undefined) scopeIndexes.set(d.scope, (sc = b.scopes.push(this.scope(d.scope)) - 1));
      const service = s.service || UNKNOWN_SERVICE;
      addSpanTags(s, service, d, this.seenTags);
      const attrs = searchAttrsJson(d.attributes);
      const detail = spanDetailJson(d, s.status);
      b.traceId[i] = s.traceId;
      b.spanId[i] = s.spanId;
      b.parentId[i] = s.parentId;
      b.name[i] = s.name;
      b.service[i] = service;
      b.kind[i] = s.kind;
      b.status[i] = s.status;
      b.startNs[i] = s.startNs;
      // Only an absurd duration (over 292 years) falls outside BIGINT; it is kept as unknown.
      b.durNs[i] = s.durNs !== null && s.durNs <= INT64_MAX && s.durNs >= INT64_MIN ? s.durNs : null;
      b.modelFlags[i] = s.shared ? SpanFlag.Shared : 0;
      b.eventTimes[i] = s.eventTimesNs ? s.eventTimesNs.join(',') : '';
      b.attrs[i] = attrs;
      b.detail[i] = detail;
      b.resourceIndex[i] = r;
      b.scopeIndex[i] = sc;
      bytes += FIXED_ROW_BYTES + attrs.length + detail.length + s.name.length;
    }
    return { ...b, count: n, bytes, tags: this.seenTags.takeUnwritten() };
  }

  private resource(r: Resource): PreparedResource {
    this.seenTags.addAttributes('resource', r.attributes);
    const service = findAttr(r.attributes, 'service.name');
    return {
      json: resourceJson(r),
      service: service?.type === 'string' ? service.value : '',
      attrs: searchAttrsJson(r.attributes),
    };
  }

  private scope(s: InstrumentationScope): PreparedScope {
    this.seenTags.addAttributes('instrumentation', s.attributes);
    if (s.name) this.seenTags.addValue('intrinsic', 'instrumentation:name', 'string', s.name);
    if (s.version) this.seenTags.addValue('intrinsic', 'instrumentation:version', 'string', s.version);
    return { json: scopeJson(s), name: s.name, version: s.version };
  }
}
