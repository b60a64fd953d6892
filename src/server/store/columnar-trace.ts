/**
 * A stored trace → the columnar transfer (core/transfer) that the browser decodes without building
 * a giant JSON string. DuckDB hands over each chunk of rows as one JSON document of column lists
 * (parsed at once, instead of one conversion per value) plus the chunk's detail blobs as one UTF-8
 * run with their byte lengths. Times become float64 ns offsets from the earliest start.
 */
import { encodeColumnar } from '../../core/transfer/encode-columnar.ts';
import { Interner } from '../../core/transfer/interner.ts';
import { CHUNK_ROWS, type TraceRange, type TraceReader } from './trace-reader.ts';

/** Format id of tables served by the store (SpanTable.format). */
export const STORE_FORMAT = 'store';

const CHUNKS_SQL = `SELECT to_json({
    s: list(span_id ORDER BY seq), p: list(parent_id ORDER BY seq),
    n: list(name ORDER BY seq), v: list(service ORDER BY seq),
    k: list(kind ORDER BY seq), t: list(status ORDER BY seq), f: list(model_flags ORDER BY seq),
    r: list(resource_id ORDER BY seq), c: list(scope_id ORDER BY seq),
    b: list((start_ns::HUGEINT - $4::HUGEINT)::DOUBLE ORDER BY seq), d: list(dur_ns::DOUBLE ORDER BY seq),
    e: list(event_times ORDER BY seq), l: list(strlen(detail) ORDER BY seq)
  })::VARCHAR AS hot, encode(string_agg(detail, '' ORDER BY seq)) AS details
  FROM spans WHERE seq BETWEEN $1 AND $2 AND trace_id = $3
  GROUP BY (seq - $1) // ${CHUNK_ROWS} ORDER BY (seq - $1) // ${CHUNK_ROWS}`;

/** The column lists of one chunk, as DuckDB writes them (NULL times become null). */
interface HotChunk {
  readonly s: string[];
  readonly p: string[];
  readonly n: string[];
  readonly v: string[];
  readonly k: number[];
  readonly t: number[];
  readonly f: number[];
  readonly r: number[];
  readonly c: number[];
  readonly b: (number | null)[];
  readonly d: (number | null)[];
  readonly e: string[];
  readonly l: number[];
}

const decoder = new TextDecoder();

export async function columnarTrace(reader: TraceReader, range: TraceRange): Promise<Uint8Array> {
  const baseNs = range.startNs ?? 0n;
  const rows = await reader.pool.rows<{ hot: string; details: Uint8Array }>(CHUNKS_SQL, [
    range.seqMin,
    range.seqMax,
    range.traceId,
    baseNs.toString(),
  ]);
  const chunks = rows.map((r) => JSON.parse(r.hot) as HotChunk);
  const n = chunks.reduce((sum, c) => sum + c.s.length, 0);
  const startNs = new Float64Array(n);
  const durNs = new Float64Array(n);
  const names = new Uint32Array(n);
  const services = new Uint32Array(n);
  const kinds = new Uint8Array(n);
  const statuses = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const resourceIds: number[] = new Array(n);
  const scopeIds: number[] = new Array(n);
  const spanIds: string[] = new Array(n);
  const parentIds: string[] = new Array(n);
  const detailJson: string[] = new Array(n);
  const eventStart = new Uint32Array(n + 1);
  const eventNs: number[] = [];
  const strings = new Interner();
  let i = 0;
  chunks.forEach((c, k) => {
    const bytes = rows[k].details;
    let at = 0;
    for (let j = 0; j < c.s.length; j++, i++) {
      spanIds[i] = c.s[j];
      parentIds[i] = c.p[j];
      names[i] = strings.index(c.n[j]);
      services[i] = strings.index(c.v[j]);
      kinds[i] = c.k[j];
      statuses[i] = c.t[j];
      flags[i] = c.f[j];
      resourceIds[i] = c.r[j];
      scopeIds[i] = c.c[j];
      startNs[i] = c.b[j] ?? Number.NaN;
      durNs[i] = c.d[j] ?? Number.NaN;
      if (c.e[j]) for (const t of c.e[j].split(',')) eventNs.push(Number(BigInt(t) - baseNs));
      eventStart[i + 1] = eventNs.length;
      detailJson[i] = decoder.decode(bytes.subarray(at, at + c.l[j]));
      at += c.l[j];
    }
  });
  const resources = localBlobs(resourceIds, await reader.resources.get(resourceIds));
  const scopes = localBlobs(scopeIds, await reader.scopes.get(scopeIds));
  return encodeColumnar({
    traceId: range.traceId,
    format: STORE_FORMAT,
    count: n,
    baseNs,
    startNs,
    durNs,
    spanIds,
    parentIds,
    names,
    services,
    strings: strings.values,
    kinds,
    statuses,
    flags,
    eventStart,
    eventNs: Float64Array.from(eventNs),
    warnings: [],
    detailJson,
    resourceJson: resources.texts,
    resourceOf: resources.of,
    scopeJson: scopes.texts,
    scopeOf: scopes.of,
  });
}

/** Store-wide blob ids → indexes into the trace's own list of distinct blobs. */
function localBlobs(ids: readonly number[], blobs: ReadonlyMap<number, string>) {
  const texts = new Interner();
  const of = Uint32Array.from(ids, (id) => texts.index(blobs.get(id) ?? '{}'));
  return { texts: texts.values, of };
}
