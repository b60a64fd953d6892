/**
 * The spans of one OTLP JSON document as byte-decode.ts reads them: the shared staged hot fields plus
 * the byte ranges of each resource and scope, from which the details source is made once the whole
 * document has been read.
 */
import { grow } from '../../model/span-record.ts';
import { StagedSpans } from '../json-bytes/staged.ts';
import { utf8Decode } from '../text.ts';
import { OtlpJsonByteDetails, RESOURCE_STRIDE, SCOPE_STRIDE } from './byte-details.ts';
import { serviceName } from './decode.ts';

/** service.name per resource text (resources repeat in every batch of an exporter). */
const serviceCache = new Map<string, { name: string | undefined }>();

/** serviceName of the resource at bytes [from, to) (from < 0: none), or undefined. */
export function serviceAt(bytes: Uint8Array, from: number, to: number): string | undefined {
  if (from < 0) return undefined;
  const text = utf8Decode(bytes.subarray(from, to));
  let service = serviceCache.get(text);
  if (service === undefined) {
    service = { name: serviceName(JSON.parse(text)) };
    if (serviceCache.size >= 256) serviceCache.clear();
    serviceCache.set(text, service);
  }
  return service.name;
}

/** `ranges` with room for entry `i` of `stride` values, that entry set to -1 (grown when needed). */
function slot<T extends Int32Array>(ranges: T, i: number, stride: number): T {
  const out = (i + 1) * stride > ranges.length ? grow(ranges, (i + 1) * stride) : ranges;
  out.fill(-1, i * stride, (i + 1) * stride);
  return out;
}

export class Staged extends StagedSpans {
  /** Scope spans entry of span k. */
  scopeOf = new Uint32Array(64);
  /**
   * Where the value of span k's last hot member (ids, name, kind, times) ends, from the span's first
   * byte, when it has no links: the members after it are neither, and the server splices them into
   * Tempo answers as they are (sources/tempo-from-bytes.ts). Negative when the members before it are
   * all hot ones; 0 when unknown (links).
   */
  membersAt = new Int32Array(64);
  resourceRanges = new Int32Array(RESOURCE_STRIDE * 8);
  resourceCount = 0;
  scopeRanges = new Int32Array(SCOPE_STRIDE * 8);
  scopeCount = 0;

  /** A new resource's slot in resourceRanges, every range unset (-1). */
  resource(): number {
    const g = this.resourceCount++;
    this.resourceRanges = slot(this.resourceRanges, g, RESOURCE_STRIDE);
    return g;
  }

  /** A new scope's slot in scopeRanges (ranges unset), under resource `g`. */
  scope(g: number): number {
    const s = this.scopeCount++;
    this.scopeRanges = slot(this.scopeRanges, s, SCOPE_STRIDE);
    this.scopeRanges[s * SCOPE_STRIDE] = g;
    return s;
  }

  /** A new span's row under scope `s` (its service: the scope's resource's). */
  spanRow(s: number): number {
    const k = this.row();
    if (k === this.scopeOf.length) {
      this.scopeOf = grow(this.scopeOf, k + 1);
      this.membersAt = grow(this.membersAt, k + 1);
    }
    this.scopeOf[k] = s;
    this.serviceOf[k] = this.scopeRanges[s * SCOPE_STRIDE];
    return k;
  }

  /** The details of every staged span, as byte ranges of `bytes`. */
  details(bytes: Uint8Array): OtlpJsonByteDetails {
    const n = this.count;
    return new OtlpJsonByteDetails(
      bytes,
      this.spanRange.slice(0, 2 * n),
      this.scopeOf.slice(0, n),
      this.membersAt.slice(0, n),
      this.scopeRanges.slice(0, this.scopeCount * SCOPE_STRIDE),
      this.resourceRanges.slice(0, this.resourceCount * RESOURCE_STRIDE),
    );
  }
}
