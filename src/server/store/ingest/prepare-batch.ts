/**
 * Decoded spans (SpanInput, as every core decoder produces them) → prepared batches (batch-columns.ts),
 * with everything serialised: detail and search JSON, event times, the distinct resource and scope
 * blobs of the batch, and autocomplete rows; and the helpers the protobuf path (proto-batch.ts)
 * shares. This is the costly part of ingest and needs no database, so the server runs it in a
 * decode worker of its own (store-worker.ts) while the database worker appends and commits;
 * span-batch.ts finishes the batch there.
 */

import type { OtlpDecodeResult } from '../../../core/formats/otlp-common.ts';
import { linkProblem } from '../../../core/formats/otlp-proto/id-bytes.ts';
import type { ProtoSpan } from '../../../core/formats/otlp-proto/messages.ts';
import { type SpanInput, UNKNOWN_SERVICE } from '../../../core/model/span-table.ts';
import {
  findAttr,
  type InstrumentationScope,
  type Resource,
  SPAN_KIND_NAMES,
  type SpanDetails,
  STATUS_NAMES,
} from '../../../core/model/types.ts';
import { resourceJson, scopeJson, spanDetailJson } from '../../../core/transfer/detail-json.ts';
import { searchAttrsJson } from '../schema/search-attrs.ts';
import { TagCatalog } from '../schema/tag-catalog.ts';
import {
  BatchBuilder,
  type PreparedBatch,
  type PreparedResource,
  type PreparedScope,
} from './batch-columns.ts';
import type { ProtoBatches } from './proto-batch.ts';

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

/** The tags of a protobuf span but its own attributes' (SpanAttributeTexts adds those). */
export function addProtoSpanTags(s: SpanInput, service: string, span: ProtoSpan, tags: TagCatalog): void {
  addIntrinsicTags(s, service, span.status?.message ?? '', tags);
  for (const e of span.events ?? []) {
    tags.addProtoAttributes('event', e.attributes);
    if (e.name) tags.addValue('intrinsic', 'event:name', 'string', e.name);
  }
  for (const l of span.links ?? [])
    if (linkProblem(l) === null) tags.addProtoAttributes('link', l.attributes);
}

/** A protobuf request's batches and the walk's counts, as both protobuf paths answer them. */
export function protoBatches(batches: PreparedBatch[], result: OtlpDecodeResult): ProtoBatches {
  return {
    batches,
    acceptedSpans: result.spanCount,
    rejectedSpans: result.rejectedSpans,
    rejectionMessages: result.rejectionMessages,
    droppedLinks: result.droppedLinks,
    droppedLinkMessages: result.droppedLinkMessages,
  };
}
