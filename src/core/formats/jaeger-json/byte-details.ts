/**
 * The details of Jaeger spans read by byte-decode.ts, kept as byte ranges of the input document and
 * parsed on first use into exactly what decodeJaegerJson's details give (a resource per process).
 */
import type { SpanDetailSource } from '../../model/span-record.ts';
import type { Resource, SpanDetails } from '../../model/types.ts';
import { jsonAt } from '../json-bytes/fields.ts';
import type { JsonObject } from '../otlp-json/json-fields.ts';
import { traceIdOrNull } from '../span-ids.ts';
import { jaegerDetails, readResource, SharedScopes } from './decode.ts';

export class JaegerByteDetails implements SpanDetailSource {
  private readonly resources: Resource[] = [];
  private readonly scopes = new SharedScopes();

  constructor(
    private readonly bytes: Uint8Array,
    /** Span k is the object at bytes [spanRange[2k], spanRange[2k + 1]). */
    private readonly spanRange: Uint32Array,
    /** The process slot of span k. */
    private readonly slotOf: Uint32Array,
    private readonly processes: readonly JsonObject[],
  ) {}

  private resource(slot: number): Resource {
    this.resources[slot] ??= readResource(this.processes[slot]);
    return this.resources[slot];
  }

  spanDetails(key: number): SpanDetails {
    const span = jsonAt(this.bytes, this.spanRange[2 * key], this.spanRange[2 * key + 1]) as JsonObject;
    // The span was read, so its trace id is valid.
    const traceId = traceIdOrNull(span.traceID) as string;
    return jaegerDetails(span, traceId, this.resource(this.slotOf[key]), this.scopes);
  }
}
