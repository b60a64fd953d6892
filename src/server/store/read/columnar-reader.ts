/**
 * A stored trace → the columnar transfer (core/transfer), written in place from DuckDB's result
 * vectors (columnar-queries.ts). Details travel inline, or are deferred: the body then carries each
 * span's key (its seq, as an offset from the trace's first) and `details(traceId, from, to)` answers
 * the detail blobs of a key range later, so the browser can draw a big trace before they arrive.
 * A trace's rows up to its last seq never change, so keys stay valid while more spans arrive.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import { listValue } from '@duckdb/node-api';
import type { AttributeKeys } from '../../../core/analysis/attribute-values.ts';
import { allocateColumnar, type ColumnarBuffer } from '../../../core/transfer/columnar-writer.ts';
import { encodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { encodeUtf8List, utf8ListFromPieces } from '../../../core/transfer/utf8-list.ts';
import type { AttributeValues, DetailMatches } from '../types.ts';
import {
  attributeKeys as readAttributeKeys,
  attributeValues as readAttributeValues,
} from './attribute-queries.ts';
import {
  blobsSql,
  columnBytes,
  DETAIL_MATCHES_SQL,
  DETAILS_SQL,
  EVENTS_SQL,
  forEachChunk,
  HOT_COLUMNS,
  HOT_SQL,
  SHAPE_SQL,
  STRINGS_SQL,
} from './columnar-queries.ts';
import type { ReadPool } from './read-pool.ts';
import { TRACE_PARTS } from './trace-reader.ts';

/** Format id of tables served by the store (SpanTable.format). */
export const STORE_FORMAT = 'store';

export type DetailsDelivery = 'inline' | 'deferred';

/** Whether JSON.stringify writes some of `text` escaped: it is then not found as it is in the raw detail text. */
function jsonEscapes(text: string): boolean {
  return JSON.stringify(text).length !== text.length + 2;
}

/** Keys are u32 offsets from the trace's first seq. */
const MAX_KEY_SPAN = 2n ** 32n - 1n;

interface Range {
  readonly traceId: string;
  readonly seqMin: bigint;
  readonly seqMax: bigint;
}

async function one<T>(c: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<T> {
  return (await c.runAndReadAll(sql, params)).getRowObjectsJS()[0] as unknown as T;
}

async function column(c: DuckDBConnection, sql: string, params: DuckDBValue[]): Promise<DuckDBValue[]> {
  const reader = await c.runAndReadAll(sql, params);
  return reader.currentRowCount > 0 ? reader.getColumns()[0] : [];
}

/** Blobs of a trace's resources or scopes: store ids (in list order) and their UTF-8 JSON. */
async function blobs(c: DuckDBConnection, sql: string, params: DuckDBValue[]) {
  const rows = (await c.runAndReadAll(sql, params)).getRowObjectsJS() as { id: number; json: string }[];
  return { ids: rows.map((r) => r.id), texts: encodeUtf8List(rows.map((r) => r.json)) };
}

/** The 8 bytes of each little-endian u64 id, in hex order (the transfer's id8). */
function putIds(into: Uint8Array, at: number, le: Uint8Array): void {
  for (let o = 0; o < le.length; o += 8) for (let b = 0; b < 8; b++) into[at + o + b] = le[o + 7 - b];
}

export class ColumnarReader {
  constructor(private readonly pool: ReadPool) {}

  private async range(c: DuckDBConnection, traceId: string): Promise<Range | null> {
    const r = await one<{ lo: bigint | null; hi: bigint | null }>(
      c,
      `SELECT min(seq_min) AS lo, max(seq_max) AS hi FROM ${TRACE_PARTS}`,
      [traceId],
    );
    if (r.lo === null || r.hi === null) return null;
    return { traceId, seqMin: r.lo, seqMax: r.hi };
  }

  /** The whole trace as a columnar body, or null when no span of it is stored. `traceId` is canonical. */
  trace(traceId: string, delivery: DetailsDelivery): Promise<Uint8Array | null> {
    return this.pool.use(async (c) => {
      const range = await this.range(c, traceId);
      if (!range) return null;
      if (range.seqMax - range.seqMin > MAX_KEY_SPAN)
        throw new Error(`trace ${traceId} is spread over more than 2^32 stored rows`);
      const rows: DuckDBValue[] = [range.seqMin, range.seqMax, traceId];
      const shape = await one<{ n: number; base: bigint | null; m: number }>(c, SHAPE_SQL, rows);
      const baseNs = shape.base ?? 0n;
      const strings = (await column(c, STRINGS_SQL, rows)) as string[];
      const resources = await blobs(c, blobsSql('resources', 'resource_id'), rows);
      const scopes = await blobs(c, blobsSql('scopes', 'scope_id'), rows);
      const body = allocateColumnar({
        traceId,
        format: STORE_FORMAT,
        baseNs,
        count: shape.n,
        eventCount: shape.m,
        warnings: [],
        strings: encodeUtf8List(strings),
        resources: resources.texts,
        scopes: scopes.texts,
        details:
          delivery === 'deferred'
            ? { keyBase: range.seqMin }
            : utf8ListFromPieces(await this.detailPieces(c, range, shape.n)),
      });
      const hotParams = [
        ...rows,
        listValue(strings),
        listValue(resources.ids),
        listValue(scopes.ids),
        baseNs,
      ];
      const n = await this.fillHot(c, body, hotParams, delivery === 'deferred');
      const m = await forEachChunk(c, EVENTS_SQL, [...rows, baseNs], (chunk, first) => {
        body.section('eventNs').set(columnBytes(chunk, 0, 8), first * 8);
      });
      if (n !== shape.n || m !== shape.m)
        throw new Error(
          `trace ${traceId} changed while it was read (${n}/${shape.n} spans, ${m}/${shape.m} events)`,
        );
      return body.bytes;
    });
  }

  private async fillHot(
    c: DuckDBConnection,
    body: ColumnarBuffer,
    params: DuckDBValue[],
    withKeys: boolean,
  ): Promise<number> {
    const starts = body.section('eventStart');
    const eventStart = new Uint32Array(starts.buffer, starts.byteOffset, starts.byteLength / 4);
    let events = 0;
    return forEachChunk(c, HOT_SQL, params, (chunk, first) => {
      HOT_COLUMNS.forEach(([name, size], col) => {
        const bytes = columnBytes(chunk, col, size);
        if (name === 'spanIds' || name === 'parentIds') putIds(body.section(name), first * 8, bytes);
        else if (name === 'eventCount') {
          const counts = new Uint32Array(bytes.buffer, bytes.byteOffset, chunk.rowCount);
          for (let i = 0; i < counts.length; i++) eventStart[first + i + 1] = events += counts[i];
        } else if (name !== 'key') body.section(name).set(bytes, first * size);
        else if (withKeys) body.section('detailKeys').set(bytes, first * size);
      });
    });
  }

  private async detailPieces(c: DuckDBConnection, range: Range, expected: number): Promise<Uint8Array[]> {
    const pieces: Uint8Array[] = new Array(expected);
    const n = await forEachChunk(
      c,
      DETAILS_SQL,
      [range.seqMin, range.seqMax, range.traceId],
      (chunk, first) => {
        const v = chunk.getColumnVector(0) as unknown as { getItemBytes(i: number): Uint8Array | null };
        for (let i = 0; i < chunk.rowCount; i++) {
          const bytes = v.getItemBytes(i) ?? new Uint8Array(0);
          // Values of up to 12 bytes are views of DuckDB's memory, longer ones fresh copies.
          pieces[first + i] = bytes.byteLength <= 12 ? bytes.slice() : bytes;
        }
      },
    );
    pieces.length = n;
    return pieces;
  }

  /** TraceStore.findInDetails; `traceId` is canonical, `text` already trimmed and non-empty. */
  findInDetails(traceId: string, text: string): Promise<DetailMatches | null> {
    return this.pool.use(async (c) => {
      const range = await this.range(c, traceId);
      if (!range) return null;
      const needle = text.toLowerCase();
      const chunks: Uint8Array[] = [];
      const n = await forEachChunk(
        c,
        DETAIL_MATCHES_SQL,
        [range.seqMin, range.seqMax, traceId, needle, jsonEscapes(needle)],
        (chunk) => chunks.push(columnBytes(chunk, 0, 4).slice()),
      );
      const offsets = new Uint32Array(n);
      let at = 0;
      for (const bytes of chunks) {
        offsets.set(new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4), at);
        at += bytes.byteLength / 4;
      }
      return { keyBase: range.seqMin, offsets };
    });
  }

  /** TraceStore.attributeValues; `traceId` is canonical. */
  attributeValues(traceId: string, key: string): Promise<AttributeValues | null> {
    return this.pool.use(async (c) => {
      const range = await this.range(c, traceId);
      return range && readAttributeValues(c, range, key);
    });
  }

  /** TraceStore.attributeKeys; `traceId` is canonical. */
  attributeKeys(traceId: string): Promise<AttributeKeys | null> {
    return this.pool.use(async (c) => {
      const range = await this.range(c, traceId);
      return range && readAttributeKeys(c, range);
    });
  }

  /**
   * The detail blobs of the trace's spans with keys in [from, to] (absolute seqs, as
   * `keyBase + detailKeys[i]`), as a detail batch; null when no span of the trace is stored.
   */
  details(traceId: string, from: bigint, to: bigint): Promise<Uint8Array | null> {
    return this.pool.use(async (c) => {
      const range = await this.range(c, traceId);
      if (!range) return null;
      const lo = from > range.seqMin ? from : range.seqMin;
      const hi = to < range.seqMax ? to : range.seqMax;
      const pieces = lo > hi ? [] : await this.detailPieces(c, { traceId, seqMin: lo, seqMax: hi }, 0);
      return encodeDetailBatch(pieces);
    });
  }
}
