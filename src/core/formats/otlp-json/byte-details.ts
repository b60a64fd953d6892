/**
 * The details of spans read by the byte reader, kept as byte ranges of the input document (which the
 * table keeps alive instead of a parsed object tree: a third of the memory, nothing for the garbage
 * collector to trace) and parsed on first use into exactly what decodeOtlpJson's details give.
 */
import type { SpanDetailSource } from '../../model/span-record.ts';
import type { InstrumentationScope, Resource, SpanDetails } from '../../model/types.ts';
import { jsonAt } from '../json-bytes/fields.ts';
import { readResource, readScope, readSpanDetails } from './details.ts';
import type { JsonObject } from './json-fields.ts';

/** Ints per resource spans entry in `resourceRanges`: resource, schemaUrl, schema_url (from, to each). */
export const RESOURCE_STRIDE = 6;
/**
 * Ints per scope spans entry in `scopeRanges`: its resource entry, then from/to of scope,
 * instrumentationLibrary, instrumentation_library, schemaUrl, schema_url (-1: absent).
 */
export const SCOPE_STRIDE = 11;

export class OtlpJsonByteDetails implements SpanDetailSource {
  private readonly resources: (Resource | undefined)[] = [];
  private readonly scopes: (InstrumentationScope | undefined)[] = [];

  constructor(
    /** Public with spanRange and scopeOf: the server copies spans' bytes as they are (sources/columnar-from-bytes.ts). */
    readonly bytes: Uint8Array,
    /** Span k is the object at bytes [spanRange[2k], spanRange[2k + 1]). */
    readonly spanRange: Uint32Array,
    /** Scope spans entry of span k. */
    readonly scopeOf: Uint32Array,
    /** Staged.membersAt of span k: where its last hot member ends in its bytes (< 0: all before are hot; 0: unknown). */
    readonly membersAt: Int32Array,
    private readonly scopeRanges: Int32Array,
    private readonly resourceRanges: Int32Array,
  ) {}

  /** The value at [from, to) as parseJsonText reads it; undefined when absent (from < 0). */
  private parse(from: number, to: number): unknown {
    return from < 0 ? undefined : jsonAt(this.bytes, from, to);
  }

  /** field(o, camel, snake) of decodeOtlpJson: the camelCase value when present, else the snake_case one. */
  private field(ranges: Int32Array, at: number): unknown {
    return ranges[at] >= 0
      ? this.parse(ranges[at], ranges[at + 1])
      : this.parse(ranges[at + 2], ranges[at + 3]);
  }

  private resource(g: number): Resource {
    const r = this.resourceRanges;
    const o = g * RESOURCE_STRIDE;
    this.resources[g] ??= readResource(this.parse(r[o], r[o + 1]), this.field(r, o + 2));
    return this.resources[g];
  }

  private scope(s: number): InstrumentationScope {
    const r = this.scopeRanges;
    const o = s * SCOPE_STRIDE;
    if (this.scopes[s] === undefined) {
      const scopeJson = this.parse(r[o + 1], r[o + 2]) ?? this.field(r, o + 3);
      this.scopes[s] = readScope(scopeJson, this.field(r, o + 7));
    }
    return this.scopes[s];
  }

  spanDetails(key: number): SpanDetails {
    const span = this.parse(this.spanRange[2 * key], this.spanRange[2 * key + 1]) as JsonObject;
    const s = this.scopeOf[key];
    const g = this.scopeRanges[s * SCOPE_STRIDE];
    return readSpanDetails(
      span,
      () => this.resource(g),
      () => this.scope(s),
    );
  }
}
