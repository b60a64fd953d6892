/**
 * The columnar answer of a trace read from an OTLP JSON answer (Tempo, Jaeger api_v3) with each span's
 * details the span's own bytes in that answer, copied, instead of parsed into objects and written out
 * again (at 100k spans that was half the conversion and most of its garbage). The browser reads a
 * detail blob with the same reader the server would have used (readSpanDetails of the parsed object),
 * and every key it does not know (the hot ones, already in the columns) is ignored, so it gets the
 * same details. Only resources and scopes (a few) are written out as the store writes them.
 *
 * Taken only when it is exact: every span of the trace was read by core's byte reader from one
 * document whose spans otlp-span-ranges.ts finds, and the answer holds no wide integer that core's
 * readers keep exact (keepWideIntegers) where the browser's JSON.parse of a blob would not.
 * Otherwise null, and the caller writes the details out (encode-trace.ts).
 */
import { OtlpJsonByteDetails } from '../../core/formats/otlp-json/byte-details.ts';
import {
  type SpanDetailSource,
  type SpanRecord,
  type SpanTable,
  TraceSetBuilder,
} from '../../core/model/span-table.ts';
import { resourceJson, scopeJson } from '../../core/transfer/detail-json.ts';
import { encodeColumnarWith } from '../../core/transfer/encode-columnar.ts';
import { Interner } from '../../core/transfer/interner.ts';
import type { Utf8List } from '../../core/transfer/utf8-list.ts';
import { otlpSpanRanges } from './otlp-span-ranges.ts';

/** A TraceSetBuilder that notes, per span added, the details source and key the decoder gave it. */
export class DetailKeySink extends TraceSetBuilder {
  private readonly traceIds: string[] = [];
  private readonly sources: SpanDetailSource[] = [];
  private readonly keys: number[] = [];

  override addRecord(span: SpanRecord): void {
    this.traceIds.push(span.traceId);
    this.sources.push(span.detailSource);
    this.keys.push(span.detailKey);
    super.addRecord(span);
  }

  /** The keys of `table`'s rows in one OTLP JSON byte source, or null when its rows have other sources. */
  keysOf(table: SpanTable): { source: OtlpJsonByteDetails; keys: Uint32Array } | null {
    const keys = new Uint32Array(table.count);
    let source: SpanDetailSource | null = null;
    let row = 0;
    for (let i = 0; i < this.traceIds.length; i++) {
      if (this.traceIds[i] !== table.traceId) continue;
      if (row === table.count || (source !== null && this.sources[i] !== source)) return null;
      source = this.sources[i];
      keys[row++] = this.keys[i];
    }
    if (row !== table.count || !(source instanceof OtlpJsonByteDetails)) return null;
    return { source, keys };
  }
}

/** The keys whose wide integers core's readers keep exact (parse-input.ts keepWideIntegers), as it finds them. */
const WIDE_KEY_ENDS = ['Nano"', '_nano"', 'ntValue"', 'nt_value"'];
const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/**
 * True when `bytes` hold what keepWideIntegers quotes before JSON.parse: one of its keys, then an
 * integer of 16 digits or more written as a number. A native search per key (a regex over the text of
 * a 60 MB answer took twice as long, and the text itself as long again).
 */
export function hasWideOtlpInteger(bytes: Uint8Array): boolean {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const key of WIDE_KEY_ENDS) {
    for (let at = buf.indexOf(key); at >= 0; at = buf.indexOf(key, at + 1)) {
      let i = at + key.length;
      while (isWs(buf[i])) i++;
      if (buf[i] !== 0x3a) continue;
      i++;
      while (isWs(buf[i])) i++;
      if (buf[i] === 0x2d) i++;
      let digits = 0;
      while (digits < 16 && isDigit(buf[i + digits])) digits++;
      if (digits === 16) return true;
    }
  }
  return false;
}

/** `table` (read from `bytes` into `sink`) as the columnar transfer with its spans' bytes as details; null when not exact. */
export function columnarFromBytes(
  table: SpanTable,
  sink: DetailKeySink,
  bytes: Uint8Array,
): Uint8Array | null {
  const keyed = sink.keysOf(table);
  const spans = keyed && !hasWideOtlpInteger(bytes) && otlpSpanRanges(bytes);
  if (!keyed || !spans) return null;
  const n = table.count;
  const offsets = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = keyed.keys[i];
    if (k >= spans.count) return null;
    offsets[i + 1] = offsets[i] + (spans.range[2 * k + 1] - spans.range[2 * k]);
  }
  const details: Utf8List = { offsets, bytes: new Uint8Array(offsets[n]) };
  // Buffer#copy: no typed array view made per span (subarray + set took as long as the rest).
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const resources = new Interner();
  const scopes = new Interner();
  const resourceOf = new Uint32Array(n);
  const scopeOf = new Uint32Array(n);
  /** Per scope spans entry: its [resource, scope] indices, once its first span's details were read. */
  const entryOf = new Map<number, [number, number]>();
  for (let i = 0; i < n; i++) {
    const k = keyed.keys[i];
    source.copy(details.bytes, offsets[i], spans.range[2 * k], spans.range[2 * k + 1]);
    const s = spans.scopeOf[k];
    let entry = entryOf.get(s);
    if (entry === undefined) {
      const d = table.details(i);
      entry = [resources.index(resourceJson(d.resource)), scopes.index(scopeJson(d.scope))];
      entryOf.set(s, entry);
    }
    resourceOf[i] = entry[0];
    scopeOf[i] = entry[1];
  }
  const { details: _details, ...hot } = table;
  return encodeColumnarWith(
    { ...hot, resourceJson: resources.values, resourceOf, scopeJson: scopes.values, scopeOf },
    details,
  );
}
