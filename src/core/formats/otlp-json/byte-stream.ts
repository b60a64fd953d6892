/**
 * OTLP JSON spans read as the input streams (json-stream/splitter.ts with `read`): each span is read
 * by OtlpSpanReader where it lies in the chunk the scanner reached it in (its bytes gone over once)
 * and staged in input order. The splitter copies each document's resources, scopes and spans out of
 * the input into one buffer and says where in it each landed (OtlpPart); the document's rows commit
 * with their details as byte ranges of it: what byte-decode.ts gives for that document.
 */
import { JsonBytes } from '../json-bytes/cursor.ts';
import { commitStaged, type ReadSpans } from '../json-bytes/staged.ts';
import { OtlpJsonByteDetails, RESOURCE_STRIDE, SCOPE_STRIDE } from './byte-details.ts';
import { OtlpSpanReader } from './byte-span.ts';
import { Staged, serviceAt } from './byte-staged.ts';

const NOTHING = new Uint8Array(0);
/** Where a scope's `scope` and `schemaUrl` ranges go in its SCOPE_STRIDE entry (as byte-decode.ts puts them). */
const SCOPE_AT = 1;
const SCOPE_SCHEMA_AT = 7;
/** Where a resource's `schemaUrl` range goes in its RESOURCE_STRIDE entry (`resource` comes first). */
const RESOURCE_SCHEMA_AT = 2;

export class OtlpStreamSpans {
  private staged = new Staged();
  private readonly j = new JsonBytes(NOTHING);
  private reader = new OtlpSpanReader(this.j, this.staged);

  /** Starts over at row 0 (the parts made so far keep the rows they commit; nothing else holds them). */
  restart(): void {
    this.staged = new Staged();
    this.reader = new OtlpSpanReader(this.j, this.staged);
  }

  /**
   * Reads the span object at bytes[from] (reading no further than `end`) and stages it as the next
   * row; the index after it, or -1 (nothing staged) when it does not end before `end` or the reader
   * gives up.
   */
  read(bytes: Uint8Array, from: number, end: number): number {
    this.j.reset(bytes, from, end);
    return this.reader.read(0) ? this.j.pos : -1;
  }

  /** Rows [from, to) as the spans of one document, laid out by the returned OtlpPart. */
  part(from: number, to: number): OtlpPart {
    return new OtlpPart(this.staged, from, to);
  }
}

/** One document's resources, scopes and spans as the splitter wrote them: where each lies in its bytes. */
export class OtlpPart implements ReadSpans {
  readonly format = 'otlp-json';
  /** RESOURCE_STRIDE / SCOPE_STRIDE ints per entry, grown as entries come (a document has many scopes). */
  private resourceRanges: Int32Array = new Int32Array(0);
  private scopeRanges: Int32Array = new Int32Array(0);
  private resources = 0;
  private scopes = 0;
  private readonly scopeOf: Uint32Array;
  private readonly spanRanges: Uint32Array;
  private spans = 0;

  constructor(
    private readonly staged: Staged,
    private readonly from: number,
    private readonly to: number,
  ) {
    this.scopeOf = new Uint32Array(to - from);
    this.spanRanges = new Uint32Array(2 * (to - from));
  }

  /** The next resource: its `resource` and `schemaUrl` values' ranges (-1: absent); its index. */
  resource(resource: readonly [number, number], schemaUrl: readonly [number, number]): number {
    const g = this.resources++;
    this.resourceRanges = entry(this.resourceRanges, g, RESOURCE_STRIDE);
    this.resourceRanges.set(resource, g * RESOURCE_STRIDE);
    this.resourceRanges.set(schemaUrl, g * RESOURCE_STRIDE + RESOURCE_SCHEMA_AT);
    return g;
  }

  /** The next scope, under resource `g`, its spans being the next rows at `spanRanges`. */
  scope(
    g: number,
    scope: readonly [number, number],
    schemaUrl: readonly [number, number],
    spanRanges: Uint32Array,
  ): void {
    const s = this.scopes++;
    const ranges = (this.scopeRanges = entry(this.scopeRanges, s, SCOPE_STRIDE));
    ranges[s * SCOPE_STRIDE] = g;
    ranges.set(scope, s * SCOPE_STRIDE + SCOPE_AT);
    ranges.set(schemaUrl, s * SCOPE_STRIDE + SCOPE_SCHEMA_AT);
    this.scopeOf.fill(s, this.spans, this.spans + spanRanges.length / 2);
    this.spanRanges.set(spanRanges, 2 * this.spans);
    this.spans += spanRanges.length / 2;
  }

  commit(bytes: Uint8Array, sink: Parameters<ReadSpans['commit']>[1]): number {
    const { staged, from, to, scopeOf } = this;
    const scopeRanges = this.scopeRanges.subarray(0, this.scopes * SCOPE_STRIDE);
    const resourceRanges = this.resourceRanges.subarray(0, this.resources * RESOURCE_STRIDE);
    for (let k = from; k < to; k++) staged.serviceOf[k] = scopeRanges[scopeOf[k - from] * SCOPE_STRIDE];
    for (let g = 0; g < this.resources; g++)
      staged.services[g] = serviceAt(
        bytes,
        resourceRanges[g * RESOURCE_STRIDE],
        resourceRanges[g * RESOURCE_STRIDE + 1],
      );
    const details = new OtlpJsonByteDetails(
      bytes,
      this.spanRanges,
      scopeOf,
      staged.membersAt.slice(from, to),
      scopeRanges,
      resourceRanges,
    );
    commitStaged(staged, details, sink, 'otlp-json', from, to);
    return to - from;
  }
}

/** `ranges` with room for entry `index` of `stride` ints (doubled when full), the new entry all -1. */
function entry(ranges: Int32Array, index: number, stride: number): Int32Array {
  let out = ranges;
  if ((index + 1) * stride > ranges.length) {
    out = new Int32Array(Math.max(2 * ranges.length, 8 * stride));
    out.set(ranges);
  }
  out.fill(-1, index * stride, (index + 1) * stride);
  return out;
}
