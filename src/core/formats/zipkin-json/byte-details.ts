/**
 * The details of Zipkin spans read by byte-decode.ts, kept as byte ranges of the input document and
 * parsed on first use into exactly what decodeZipkinJson's details give.
 */
import type { SpanDetailSource } from '../../model/span-record.ts';
import type { SpanDetails } from '../../model/types.ts';
import { jsonAt } from '../json-bytes/fields.ts';
import type { JsonObject } from '../otlp-json/json-fields.ts';
import { SharedResources, zipkinDetails } from './decode.ts';

export class ZipkinByteDetails implements SpanDetailSource {
  private readonly shared = new SharedResources();

  constructor(
    private readonly bytes: Uint8Array,
    /** Span k is the object at bytes [spanRange[2k], spanRange[2k + 1]). */
    private readonly spanRange: Uint32Array,
  ) {}

  spanDetails(key: number): SpanDetails {
    return zipkinDetails(
      jsonAt(this.bytes, this.spanRange[2 * key], this.spanRange[2 * key + 1]) as JsonObject,
      this.shared,
    );
  }
}
