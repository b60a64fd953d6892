/**
 * A stored trace → a Tempo trace-by-id answer (v1 `{"batches":[…]}`, v2 `{"trace":{"resourceSpans":[…]}}`)
 * in the OTLP proto3 JSON mapping, grouped by resource then scope in order of first appearance,
 * written as it is read. DuckDB writes each span's JSON (hot columns + the stored detail blob) and
 * concatenates a unit's (one group's spans in one window of seq), handing over UTF-8 bytes; JS only
 * splices the resource and scope headers around them. Neither holds the whole answer, which for a
 * large trace would not fit in one V8 string.
 */
import { jsonMembers } from '../../../core/transfer/detail-json.ts';
import { ownBytes } from '../protocol.ts';
import { spanIdHex } from '../schema/binary-ids.ts';
import type { PieceSink } from '../types.ts';
import { ReadCancelledError } from './columnar-reader.ts';
import { TRACE_ROWS, type TraceRange, type TraceReader } from './trace-reader.ts';

/**
 * One span's OTLP JSON, from its row (`detail[2:]` drops the blob's opening brace); the trace id is
 * the one asked for ($3), the same text for every row.
 */
const SPAN_JSON = `'{"traceId":"' || $3 || '","spanId":"' || ${spanIdHex('span_id')} || '"'
  || CASE WHEN parent_id = 0 THEN '' ELSE ',"parentSpanId":"' || ${spanIdHex('parent_id')} || '"' END
  || ',"name":' || to_json(name)::VARCHAR || ',"kind":' || kind::VARCHAR
  || ',"startTimeUnixNano":"' || coalesce(start_ns, 0)::VARCHAR
  || '","endTimeUnixNano":"'
  || (CASE WHEN start_ns IS NULL OR dur_ns IS NULL THEN 0 ELSE greatest(start_ns::HUGEINT + dur_ns, 0) END)::VARCHAR
  || '"' || CASE WHEN detail = '{}' THEN '}' ELSE ',' || detail[2:] END`;

/**
 * The answer is read in units: one (resource, scope) group's spans in one window of this many rows
 * of seq, so that no unit's JSON is over ~40 MB (a trace of one group is read in several).
 */
const WINDOW_ROWS = 65_536;

/** Consecutive units are read by one query (one scan of the trace) until they hold this many spans. */
const BATCH_SPANS = 65_536;

/** What is sent at once: pieces of at most this many bytes, so that a slow client paces the read. */
const PIECE_BYTES = 1 << 20;

/**
 * The trace's units with their first span and size. Grouped by resource then scope in order of first
 * appearance, they give the answer's order without reading a span's JSON.
 */
const UNITS_SQL = `SELECT resource_id, scope_id, ((seq - $1) // ${WINDOW_ROWS})::DOUBLE AS w, min(seq) AS first,
    count(*)::DOUBLE AS n
  ${TRACE_ROWS} GROUP BY resource_id, scope_id, w`;

/** The spans of units (r, s, w) numbered k (the VALUES list), each unit's in seq order, as UTF-8. */
function spansSql(units: readonly Unit[], firstK: number): string {
  const values = units.map((u, i) => `(${u.resource}, ${u.scope}, ${u.w}, ${firstK + i})`).join(', ');
  return `WITH u(r, s, w, k) AS (VALUES ${values})
    SELECT u.k::DOUBLE AS k, encode(string_agg(${SPAN_JSON}, ',' ORDER BY seq)) AS spans
    ${TRACE_ROWS.replace('FROM spans', 'FROM spans JOIN u ON resource_id = u.r AND scope_id = u.s')}
      AND (seq - $1) // ${WINDOW_ROWS} = u.w
    GROUP BY u.k`;
}

interface UnitRow {
  readonly resource_id: number;
  readonly scope_id: number;
  readonly w: number;
  readonly first: bigint;
  readonly n: number;
}

interface Unit {
  readonly resource: number;
  readonly scope: number;
  readonly w: number;
  readonly n: number;
  /** It opens its resource's object, or its scope's (else it follows one of its scope). */
  readonly opens: 'resource' | 'scope' | null;
}

const bySeq = (a: { first: bigint }, b: { first: bigint }) =>
  a.first < b.first ? -1 : a.first > b.first ? 1 : 0;

/** The units in the answer's order: resource by resource, scope by scope, window by window. */
function answerOrder(rows: readonly UnitRow[]): Unit[] {
  const groups = new Map<string, { resource: number; scope: number; first: bigint; rows: UnitRow[] }>();
  for (const r of rows) {
    const key = `${r.resource_id}:${r.scope_id}`;
    const g = groups.get(key);
    if (!g) groups.set(key, { resource: r.resource_id, scope: r.scope_id, first: r.first, rows: [r] });
    else {
      g.rows.push(r);
      if (r.first < g.first) g.first = r.first;
    }
  }
  const byResource = new Map<number, (typeof groups extends Map<string, infer G> ? G : never)[]>();
  for (const g of [...groups.values()].sort(bySeq)) {
    let list = byResource.get(g.resource);
    if (!list) byResource.set(g.resource, (list = []));
    list.push(g);
  }
  const units: Unit[] = [];
  for (const scopes of byResource.values())
    for (const [j, g] of scopes.entries())
      for (const [i, r] of g.rows.sort((a, b) => a.w - b.w).entries())
        units.push({
          resource: g.resource,
          scope: g.scope,
          w: r.w,
          n: r.n,
          opens: i > 0 ? null : j === 0 ? 'resource' : 'scope',
        });
  return units;
}

/** Consecutive units of at least BATCH_SPANS spans together (the last may hold fewer). */
function batches(units: readonly Unit[]): Unit[][] {
  const out: Unit[][] = [];
  let batch: Unit[] = [];
  let spans = 0;
  for (const u of units) {
    batch.push(u);
    spans += u.n;
    if (spans >= BATCH_SPANS) {
      out.push(batch);
      batch = [];
      spans = 0;
    }
  }
  if (batch.length > 0) out.push(batch);
  return out;
}

/** `{<members of blob>,"<listKey>":[`: the opening of a ResourceSpans or ScopeSpans object. */
function openObject(blob: string | undefined, listKey: string): string {
  const members = blob ? jsonMembers(blob) : '';
  return `{${members ? `${members},` : ''}"${listKey}":[`;
}

/**
 * The answer handed to `send` in pieces as it is read, a batch of units at a time (the next one read
 * while this one is sent), so that neither JS nor DuckDB ever holds the whole answer (a 1M-span
 * trace's is ~600 MB: built whole it took 8 s to its first byte and 3 GB of the server's memory).
 * While `send` is behind, the batch after next waits for it. Stops, with a ReadCancelledError, once
 * `signal` aborts.
 */
export async function streamTempoTrace(
  reader: TraceReader,
  range: TraceRange,
  version: 'tempo-v1' | 'tempo-v2',
  send: PieceSink,
  signal?: AbortSignal,
): Promise<void> {
  const base = [range.seqMin, range.seqMax, range.traceId];
  const units = answerOrder(await reader.pool.rows<UnitRow>(UNITS_SQL, base));
  const resources = await reader.resources.get(units.map((u) => u.resource));
  const scopes = await reader.scopes.get(units.map((u) => u.scope));
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let behind: Promise<void> | undefined;
  const flush = async () => {
    const piece = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    for (let at = 0; at < piece.length; at += PIECE_BYTES) {
      await behind;
      if (signal?.aborted) throw new ReadCancelledError();
      // A piece that owns its buffer: the database worker transfers it, where a view would have
      // its whole buffer copied with it.
      behind = send(ownBytes(piece.subarray(at, at + PIECE_BYTES))) ?? undefined;
    }
  };
  const put = async (bytes: Uint8Array) => {
    pending.push(bytes);
    pendingBytes += bytes.length;
    if (pendingBytes >= PIECE_BYTES) await flush();
  };
  const text = (s: string) => put(Buffer.from(s));
  await text(version === 'tempo-v1' ? '{"batches":[' : '{"trace":{"resourceSpans":[');
  let k = 0;
  /** Whether the scope being written has spans yet (a unit whose spans were deleted since writes none). */
  let scopeHasSpans = false;
  const writeBatch = async (batch: readonly Unit[], spansOf: ReadonlyMap<number, Uint8Array | null>) => {
    for (const u of batch) {
      if (u.opens) {
        if (u.opens === 'resource') {
          await text((k > 0 ? ']}]},' : '') + openObject(resources.get(u.resource), 'scopeSpans'));
        } else await text(']},');
        await text(openObject(scopes.get(u.scope), 'spans'));
        scopeHasSpans = false;
      }
      const spans = spansOf.get(k++);
      if (!spans) continue;
      if (scopeHasSpans) await text(',');
      scopeHasSpans = true;
      await put(spans);
    }
  };
  const all = batches(units);
  await reader.pool.use(async (c) => {
    const read = (i: number) => {
      const firstK = all.slice(0, i).reduce((n, b) => n + b.length, 0);
      const reading = c.runAndReadAll(spansSql(all[i], firstK), base);
      // Its failure is met where it is awaited; sending may fail first (a cancel).
      reading.catch(() => undefined);
      return reading;
    };
    // The next batch is read while this one is sent.
    let next = all.length > 0 ? read(0) : null;
    try {
      for (let i = 0; next; i++) {
        const rows = (await next).getRowObjectsJS() as { k: number; spans: Uint8Array | null }[];
        next = i + 1 < all.length ? read(i + 1) : null;
        await writeBatch(all[i], new Map(rows.map((r) => [r.k, r.spans])));
      }
    } finally {
      // The connection goes back to the pool only once no query of this read runs on it.
      await next?.catch(() => undefined);
    }
  });
  await text(`${k > 0 ? ']}]}' : ''}${version === 'tempo-v1' ? ']}' : ']}}'}`);
  await flush();
  await behind;
}

/** The whole answer (for callers that want its bytes, not a stream). */
export async function tempoTraceJson(
  reader: TraceReader,
  range: TraceRange,
  version: 'tempo-v1' | 'tempo-v2',
): Promise<Uint8Array> {
  const pieces: Uint8Array[] = [];
  await streamTempoTrace(reader, range, version, (piece) => {
    pieces.push(piece);
  });
  return Buffer.concat(pieces);
}
