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
import { Byte, JsonBytes } from '../../core/formats/json-bytes/cursor.ts';
import { isNullOrEmptyList } from '../../core/formats/json-bytes/fields.ts';
import { KeyTable } from '../../core/formats/json-bytes/keys.ts';
import { spanTimesNs } from '../../core/formats/otlp-group.ts';
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

/** An answer's bytes as they are written: copied ranges and text, into one buffer grown by doubling. */
class ByteWriter {
  /** A Buffer view of its own ArrayBuffer (not the pool's), for native copies and text writes. */
  private buf: Buffer;
  length = 0;

  constructor(hint: number) {
    this.buf = Buffer.from(new Uint8Array(Math.max(1024, hint)).buffer);
  }

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const bigger = Buffer.from(new Uint8Array(Math.max(this.buf.length * 2, this.length + n)).buffer);
    this.buf.copy(bigger, 0, 0, this.length);
    this.buf = bigger;
  }

  byte(c: number): void {
    this.room(1);
    this.buf[this.length++] = c;
  }

  copy(from: Buffer, start: number, end: number): void {
    this.room(end - start);
    this.length += from.copy(this.buf, this.length, start, end);
  }

  text(s: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    this.room(3 * s.length);
    this.length += this.buf.write(s, this.length);
  }

  /** The answer: a plain Uint8Array (not a Buffer), as the other encoders answer. */
  done(): Uint8Array {
    return new Uint8Array(this.buf.buffer, 0, this.length);
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
  const views = sources.map(({ bytes: b }) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
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
        if (!spans.write(i, views[sourceOf[i]], spanRange[2 * k], spanRange[2 * k + 1], membersAt[k]))
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

/** Writes spans: the hot members from the table, the others copied from the span's bytes. */
class SpanSplicer {
  private readonly cursor = new JsonBytes(new Uint8Array(0));
  /** JSON text of each name (by string index), once. */
  private readonly names = new Map<number, string>();

  constructor(
    private readonly table: SpanTable,
    private readonly out: ByteWriter,
  ) {}

  /**
   * Span `i`, whose own object is bytes [from, to): its members before `from + membersAt` (where its
   * last hot one ends, Staged.membersAt) are walked, those after copied as they are; all of them are
   * walked when membersAt is 0. False when they cannot be walked.
   */
  write(i: number, bytes: Buffer, from: number, to: number, membersAt: number): boolean {
    const { table, out, cursor: j } = this;
    out.text(this.hotMembers(i));
    const walkTo = membersAt > 0 ? from + membersAt : to;
    j.reset(bytes, from, walkTo);
    if (!j.open(Byte.LBRACE)) return false;
    for (let first = true; j.pos < walkTo; first = false) {
      const r = j.nextKey(first);
      if (r === 0) break;
      if (r < 0) return false;
      const keyStart = j.keyFrom - 1;
      const key = HOT_KEYS.match(bytes, j.keyFrom, j.keyTo);
      const valueFrom = j.pos;
      if (!j.skipValue()) return false;
      if (key === LINKS) {
        if (!isNullOrEmptyList(bytes, valueFrom, j.pos))
          out.text(`,"links":${JSON.stringify(table.details(i).links.map(linkToOtlpJson))}`);
      } else if (key < 0) {
        out.byte(COMMA);
        out.copy(bytes, keyStart, j.pos);
      }
    }
    // The rest (its '}' included), or the '}' the walk consumed.
    if (membersAt > 0) out.copy(bytes, walkTo, to);
    else out.text('}');
    return true;
  }

  /** `{"traceId":…,"endTimeUnixNano":"…"`: as the local store writes them (store/read/tempo-trace.ts). */
  private hotMembers(i: number): string {
    const t = this.table;
    const parent = t.parentIds[i];
    const { startNs, endNs } = spanTimesNs(t, i);
    let name = this.names.get(t.names[i]);
    if (name === undefined) this.names.set(t.names[i], (name = JSON.stringify(t.strings[t.names[i]])));
    return `{"traceId":"${t.traceId}","spanId":"${t.spanIds[i]}"${parent ? `,"parentSpanId":"${parent}"` : ''},"name":${name},"kind":${t.kinds[i]},"startTimeUnixNano":"${startNs}","endTimeUnixNano":"${endNs}"`;
  }
}
