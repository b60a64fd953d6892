/**
 * The protobuf ingest path: an OTLP ExportTraceServiceRequest → prepared batches. The wire path
 * (wire-batch.ts) reads the bytes in place; a request it cannot read as plain bytes takes the
 * message path here, read straight from the protobufjs messages: the hot fields and partial success
 * through core's walkProtoSpans (as the reference decoder reads them), the detail as OTLP JSON text
 * written from the messages (otlp-proto/detail-text.ts), search attributes and autocomplete tags
 * likewise (span attributes through span-attributes.ts, which keeps the texts of repeated ones). No
 * SpanDetails, AttrValue or JSON object is built per span; both paths' batches equal what
 * decode-body.ts + prepare-batch.ts make of the same bytes (tested on every OTLP fixture, random
 * requests and spoilt bytes).
 */
import { TraceWarnings } from '../../../core/formats/otlp-common.ts';
import { readResource, readScope, walkProtoSpans } from '../../../core/formats/otlp-proto/decode.ts';
import { spanDetailText } from '../../../core/formats/otlp-proto/detail-text.ts';
import {
  bareDecode,
  decodeRequest,
  type ProtoResourceSpans,
  type ProtoScopeSpans,
} from '../../../core/formats/otlp-proto/messages.ts';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../../../core/model/span-limits.ts';
import { UNKNOWN_SERVICE } from '../../../core/model/span-table.ts';
import { EMPTY_DETAILS } from '../../../core/model/types.ts';
import type { TagCatalog } from '../schema/tag-catalog.ts';
import { BatchBuilder, type PreparedBatch } from './batch-columns.ts';
import { addProtoSpanTags, prepareResource, prepareScope, protoBatches } from './prepare-batch.ts';
import { limitProtoRequest } from './proto-limits.ts';
import type { SpanAttributeTexts } from './span-attributes.ts';
import { timed } from './stage-clock.ts';
import { prepareWireExport } from './wire-batch.ts';

export interface ProtoBatches {
  readonly batches: PreparedBatch[];
  readonly acceptedSpans: number;
  readonly rejectedSpans: number;
  readonly rejectionMessages: string[];
  readonly droppedLinks: number;
  readonly droppedLinkMessages: string[];
}

/**
 * Batches of at most `batchSpans` rows from the request bytes; throws the decoder's FormatError when
 * the bytes are not a request, or (`invalidSpans: 'throw'`, for a file) when a span is invalid.
 * `tags` filters autocomplete values: each batch carries the new ones.
 */
export function prepareProtoExport(
  bytes: Uint8Array,
  tags: TagCatalog,
  attributes: SpanAttributeTexts,
  batchSpans: number,
  invalidSpans: 'reject' | 'throw' = 'reject',
  limits: SpanLimits = DEFAULT_SPAN_LIMITS,
): ProtoBatches {
  try {
    return prepareWireExport(bytes, tags, attributes, batchSpans, invalidSpans, limits);
  } catch {
    // Whatever stopped it (bytes not plain, a span that makes a file unreadable), the message path
    // gives the answer; nothing of the wire path's attempt is left (wire-batch.ts).
    return prepareMessageExport(bytes, tags, attributes, batchSpans, invalidSpans, limits);
  }
}

/** The message path: the request decoded by protobufjs, the messages cut to the limits, then read. */
export function prepareMessageExport(
  bytes: Uint8Array,
  tags: TagCatalog,
  attributes: SpanAttributeTexts,
  batchSpans: number,
  invalidSpans: 'reject' | 'throw',
  limits: SpanLimits,
): ProtoBatches {
  const resourceSpans = timed('decode', () => decodeRequest(bytes, bareDecode));
  limitProtoRequest(resourceSpans, limits);
  const batches: PreparedBatch[] = [];
  let b = new BatchBuilder();
  // Per batch, the index of each ResourceSpans' and ScopeSpans' blob (as the reference path shares
  // one Resource and Scope object per message).
  let resourceIndexes = new Map<ProtoResourceSpans, number>();
  let scopeIndexes = new Map<ProtoScopeSpans, number>();
  const result = walkProtoSpans(
    resourceSpans,
    { invalidSpans },
    new TraceWarnings(),
    // The details the walker hands on are never read: the messages are.
    EMPTY_DETAILS,
    (s, span, rs, ss) => {
      let r = resourceIndexes.get(rs);
      if (r === undefined)
        resourceIndexes.set(rs, (r = b.resources.push(prepareResource(readResource(rs), tags)) - 1));
      let sc = scopeIndexes.get(ss);
      if (sc === undefined) scopeIndexes.set(ss, (sc = b.scopes.push(prepareScope(readScope(ss), tags)) - 1));
      const service = s.service || UNKNOWN_SERVICE;
      const texts = attributes.texts(span.attributes);
      addProtoSpanTags(s, service, span, tags);
      b.add(s, service, r, sc, texts.search, spanDetailText(span, s.status, texts.detail));
      if (b.count === batchSpans) {
        batches.push(b.finish(tags.takeUnwritten()));
        b = new BatchBuilder();
        resourceIndexes = new Map();
        scopeIndexes = new Map();
      }
    },
  );
  if (b.count > 0) batches.push(b.finish(tags.takeUnwritten()));
  return protoBatches(batches, result);
}
