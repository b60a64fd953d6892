/**
 * The Tempo v1/v2 JSON answer of a trace read from an OTLP JSON answer (Tempo, Jaeger api_v3), spliced
 * from the spans' own bytes as the local store splices its stored blobs (store/read/tempo-trace.ts),
 * instead of decoding every span's details and writing them out again (at 100k spans that was most of
 * the proxy's time). Each span's hot members are written from the table as the local store writes
 * them (hex ids, the name, kind as a number, times as decimal strings); its other members are its own
 * bytes, which every reader of ours reads exactly as the server did (the server read them with the same
 * reader): the byte reader notes where they begin (Staged.membersAt), else they are walked here.
 * Resources and scopes are written out as the store writes them, grouped by content in order of first
 * appearance; a span with links has them written out (its links' ids hex, as the store's).
 *
 * Taken only when every span was read by core's OTLP JSON byte reader (columnar-from-bytes.ts's
 * DetailKeySink.rowsOf); otherwise null, and the caller re-encodes the table (encode-trace.ts).
 */
import { isNullOrEmptyList } from '../../core/formats/json-bytes/fields.ts';
import { KeyTable } from '../../core/formats/json-bytes/keys.ts';
import { skipJsonValue } from '../../core/formats/json-bytes/skip.ts';
import { linkToOtlpJson } from '../../core/formats/otlp-json/encode.ts';
import type { SpanTable } from '../../core/model/span-table.ts';
import { jsonMembers, resourceJson, scopeJson } from '../../core/transfer/detail-json.ts';
import type { DetailKeySink } from './columnar-from-bytes.ts';

/** The span members written from the table (both key styles), and `links` (written out). */
const HOT_KEYS = new KeyTable([
  'traceId',
  'trace_id',
  'spanId',
  'span_id',
  'parentSpanId',
  'parent_span_id',
  'name',
  'kind',
  'startTimeUnixNano',
  'start_time_unix_nano',
  'endTimeUnixNano',
  'end_time_unix_nano',
  'links',
]);
const LINKS = 12;

/** Below this many bytes a copy is a loop: cheaper than a native call for a span's ids and keys. */
const SHORT_COPY = 64;
const utf8 = new TextEncoder();

/**
 * An answer's bytes as they are written: copied ranges and text, into one buffer grown by doubling.
 * Plain typed-array work: Buffer's copy and write cost a microsecond a call, several calls a span.
 */
class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(hint: number) {
    this.buf = new Uint8Array(Math.max(1024, hint));
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    bigger.set(this.buf.subarray(0, this.length));
    this.buf = bigger;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.length++] = c;
  }

  copy(from: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    const { buf } = this;
    if (end - start < SHORT_COPY) {
      let at = this.length;
      for (let k = start; k < end; k++) buf[at++] = from[k];
    } else buf.set(from.subarray(start, end), this.length);
    this.length += end - start;
  }

  /** An ASCII text (ids, numbers, keys): one byte per unit. */
  ascii(s: string): void {
    this.room(s.length);
    const { buf } = this;
    let at = this.length;
    for (let k = 0; k < s.length; k++) buf[at++] = s.charCodeAt(k);
    this.length = at;
  }

  /** A non-negative integer (< 2^53) in decimal, zero-padded to `width` digits. */
  decimal(n: number, width = 1): void {
    let digits = 1;
    for (let p = 10; p <= n; p *= 10) digits++;
    const size = Math.max(digits, width);
    this.room(size);
    const { buf } = this;
    let rest = n;
    for (let at = this.length + size - 1; at >= this.length; at--) {
      buf[at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    }
    this.length += size;
  }

  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.room(3 * s.length);
    this.length += utf8.encodeInto(s, this.buf.subarray(this.length)).written;
  }

  /**
   * The bytes written, owning their whole buffer: the conversion worker transfers an answer's buffer
   * to the HTTP thread only then (trace-converter.ts transfersOf); a view of a bigger one is copied
   * there, on the thread that serves every request.
   */
  done(): Uint8Array {
    return this.length === this.buf.length ? this.buf : this.buf.slice(0, this.length);
  }
}

/** The spans of one resource (by content), their scopes (by content) in order of first appearance. */
interface ResourceGroup {
  readonly json: string;
  readonly scopes: Map<string, number[]>;
}

/** `table`'s Tempo answer in `version` spliced from its spans' bytes; null when not every span has them. */
export function tempoFromBytes(
  table: SpanTable,
  sink: DetailKeySink,
  version: 'tempo-v1' | 'tempo-v2',
): Uint8Array | null {
  const rows = sink.rowsOf(table);
  if (!rows) return null;
  const { sources, sourceOf, keys } = rows;
  const n = table.count;
  // Rows grouped by resource then scope; a document's scope entry is judged once.
  const groups = new Map<string, ResourceGroup>();
  const entries = sources.map(() => new Map<number, number[]>());
  let bytesHint = 0;
  for (let i = 0; i < n; i++) {
    const source = sources[sourceOf[i]];
    const k = keys[i];
    if (2 * k + 1 >= source.spanRange.length) return null;
    bytesHint += source.spanRange[2 * k + 1] - source.spanRange[2 * k] + 64;
    const s = source.scopeOf[k];
    let list = entries[sourceOf[i]].get(s);
    if (list === undefined) {
      const { resource, scope } = table.details(i);
      const rJson = resourceJson(resource);
      let group = groups.get(rJson);
      if (!group) groups.set(rJson, (group = { json: rJson, scopes: new Map() }));
      const sJson = scopeJson(scope);
      list = group.scopes.get(sJson);
      if (!list) group.scopes.set(sJson, (list = []));
      entries[sourceOf[i]].set(s, list);
    }
    list.push(i);
  }
  const out = new ByteWriter(bytesHint + 1024);
  const spans = new SpanSplicer(table, out);
  out.text(version === 'tempo-v1' ? '{"batches":[' : '{"trace":{"resourceSpans":[');
  let firstGroup = true;
  for (const group of groups.values()) {
    out.text(`${firstGroup ? '' : ','}${openObject(group.json, 'scopeSpans')}`);
    firstGroup = false;
    let firstScope = true;
    for (const [sJson, list] of group.scopes) {
      out.text(`${firstScope ? '' : ','}${openObject(sJson, 'spans')}`);
      firstScope = false;
      for (let r = 0; r < list.length; r++) {
        const i = list[r];
        const { spanRange, membersAt } = sources[sourceOf[i]];
        const k = keys[i];
        if (r > 0) out.byte(COMMA);
        if (!spans.write(i, sources[sourceOf[i]].bytes, spanRange[2 * k], spanRange[2 * k + 1], membersAt[k]))
          return null;
      }
      out.text(']}');
    }
    out.text(']}');
  }
  out.text(version === 'tempo-v1' ? ']}' : ']}}');
  return out.done();
}

/** `{<members of blob>,"<listKey>":[`: the opening of a ResourceSpans or ScopeSpans object. */
function openObject(blob: string, listKey: string): string {
  const members = jsonMembers(blob);
  return `{${members ? `${members},` : ''}"${listKey}":[`;
}

const COMMA = 0x2c;
const RBRACE = 0x7d;
const COLON = 0x3a;
const QUOTE = 0x22;
const ZERO = 0x30;

/** Writes spans: the hot members from the table, the others copied from the span's bytes. */
class SpanSplicer {
  /** JSON text of each name (by string index), once. */
  private readonly names = new Map<number, string>();
  /** The table's baseNs as seconds and nanoseconds (negative: written with a bigint). */
  private readonly baseSec: number;
  private readonly baseNano: number;
  /** `{"traceId":"…","spanId":"`: every span's first bytes. */
  private readonly head: Uint8Array;

  constructor(
    private readonly table: SpanTable,
    private readonly out: ByteWriter,
  ) {
    this.head = utf8.encode(`{"traceId":"${table.traceId}","spanId":"`);
    this.baseSec = Number(table.baseNs / 1_000_000_000n);
    this.baseNano = Number(table.baseNs % 1_000_000_000n);
  }

  /**
   * Span `i`, whose own object is bytes [from, to): its members before `from + |membersAt|` (where
   * its last hot one ends, Staged.membersAt) are walked unless they are all hot (membersAt < 0), those
   * after it copied as they are; all of them are walked when membersAt is 0. False when they cannot be.
   */
  write(i: number, bytes: Uint8Array, from: number, to: number, membersAt: number): boolean {
    const { table, out } = this;
    this.hotMembers(i);
    const walkTo = membersAt === 0 ? to - 1 : from + Math.abs(membersAt);
    // The byte reader checked these bytes and that no key has an escape: only boundaries are looked for.
    for (let p = membersAt < 0 ? walkTo : from + 1; p < walkTo; ) {
      const c = bytes[p];
      if (c !== QUOTE) {
        p++;
        continue;
      }
      const keyTo = bytes.indexOf(QUOTE, p + 1);
      let v = keyTo + 1;
      while (bytes[v] !== COLON) v++;
      v++;
      while (bytes[v] === 0x20 || bytes[v] === 0x0a || bytes[v] === 0x0d || bytes[v] === 0x09) v++;
      const valueEnd = skipJsonValue(bytes, v, to);
      if (keyTo < 0 || valueEnd < 0) return false;
      const key = HOT_KEYS.match(bytes, p + 1, keyTo);
      if (key === LINKS) {
        if (!isNullOrEmptyList(bytes, v, valueEnd))
          out.text(`,"links":${JSON.stringify(table.details(i).links.map(linkToOtlpJson))}`);
      } else if (key < 0) {
        out.byte(COMMA);
        out.copy(bytes, p, valueEnd);
      }
      p = valueEnd;
    }
    // The rest (its '}' included), or the '}'.
    if (membersAt !== 0) out.copy(bytes, walkTo, to);
    else out.byte(RBRACE);
    return true;
  }

  /** `{"traceId":…,"endTimeUnixNano":"…"`: as the local store writes them (store/read/tempo-trace.ts). */
  private hotMembers(i: number): void {
    const { table: t, out } = this;
    const parent = t.parentIds[i];
    let name = this.names.get(t.names[i]);
    if (name === undefined) this.names.set(t.names[i], (name = JSON.stringify(t.strings[t.names[i]])));
    out.copy(this.head, 0, this.head.length);
    out.ascii(t.spanIds[i]);
    if (parent) {
      out.ascii('","parentSpanId":"');
      out.ascii(parent);
    }
    out.ascii('","name":');
    out.text(name);
    out.ascii(',"kind":');
    out.decimal(t.kinds[i]);
    const start = t.startNs[i];
    const dur = t.durNs[i];
    out.ascii(',"startTimeUnixNano":"');
    this.time(Number.isNaN(start) ? Number.NaN : start);
    out.ascii('","endTimeUnixNano":"');
    this.time(Number.isNaN(start) || Number.isNaN(dur) ? Number.NaN : start + dur);
    out.byte(QUOTE);
  }

  /** baseNs + `offset` ns in decimal as spanTimesNs gives it (NaN: 0), without a bigint per span. */
  private time(offset: number): void {
    const { out, baseSec, baseNano } = this;
    if (Number.isNaN(offset)) {
      out.byte(ZERO);
      return;
    }
    // Exact: baseNano < 1e9 and offsets are integers well below 2^53; the carry is corrected for rounding.
    const total = baseNano + offset;
    let carry = Math.floor(total / 1e9);
    let nano = total - carry * 1e9;
    if (nano < 0) {
      carry--;
      nano += 1e9;
    } else if (nano >= 1e9) {
      carry++;
      nano -= 1e9;
    }
    const sec = baseSec + carry;
    if (sec < 0 || baseSec < 0) out.ascii(String(this.table.baseNs + BigInt(offset)));
    else if (sec === 0) out.decimal(nano);
    else {
      out.decimal(sec);
      out.decimal(nano, 9);
    }
  }
}
