/**
 * A stored trace → the columnar transfer (core/transfer), written from DuckDB's result vectors
 * (columnar-queries.ts) as frames (core/transfer/columnar-stream.ts) while the rows are scanned, in
 * pieces for the browser to decode as they come; the unstreamed answer is those pieces assembled.
 * Details travel inline, or are deferred: the body then carries each span's key (its seq, as an
 * offset from the trace's first) and `details(traceId, from, to)` answers the detail blobs of a key
 * range later, so the browser can draw a big trace before they arrive.
 * A trace's rows up to its last seq never change, so keys stay valid while more spans arrive.
 */
import type { DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { AttributeKeys } from '../../../core/analysis/attribute-values.ts';
import { DETAIL_KEYS } from '../../../core/transfer/columnar-layout.ts';
import { ColumnarFrames } from '../../../core/transfer/columnar-stream.ts';
import { ColumnarStreamReader } from '../../../core/transfer/columnar-stream-reader.ts';
import { planColumnar } from '../../../core/transfer/columnar-writer.ts';
import { encodeDetailBatch } from '../../../core/transfer/detail-batch.ts';
import { encodeUtf8List, utf8ListFromPieces } from '../../../core/transfer/utf8-list.ts';
import type { AttributeValues, DetailMatches, PieceSink } from '../types.ts';
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
  ORDERED_HOT_SQL,
} from './columnar-queries.ts';
import { blobs, hashKey, IndexOf, traceTables } from './columnar-tables.ts';
import { ReadsAhead, type SeqRange } from './read-ahead.ts';
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

/** The 8 bytes of each little-endian u64 id, in hex order (the transfer's id8). */
function putIds(into: Uint8Array, at: number, le: Uint8Array): void {
  for (let o = 0; o < le.length; o += 8) for (let b = 0; b < 8; b++) into[at + o + b] = le[o + 7 - b];
}

/** A piece is sent once this many bytes of frames are ready (and at the end). */
const PIECE_BYTES = 512 * 1024;

export class ReadCancelledError extends Error {
  override name = 'AbortError';
  constructor() {
    super('the trace read was cancelled');
  }
}

function sameRows(a: SeqRange | null, b: SeqRange | null): boolean {
  return a === b || (a !== null && b !== null && a.seqMin === b.seqMin && a.seqMax === b.seqMax);
}

export class ColumnarReader {
  private readonly ahead = new ReadsAhead();

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
  async trace(traceId: string, delivery: DetailsDelivery): Promise<Uint8Array | null> {
    const body = new ColumnarStreamReader();
    const found = await this.stream(traceId, delivery, (piece) => body.push(piece));
    return found ? body.bytes() : null;
  }

  /**
   * The trace as frames, handed to `send` in pieces as they are read; false (nothing sent) when no
   * span of it is stored. A failure after the first piece is also told in an error frame. Stops, with
   * a ReadCancelledError, at the next result chunk once `signal` aborts. While `send` is behind, the
   * next result chunk waits for it. `traceId` is canonical. A read started ahead of it (`readAhead`)
   * of the same rows is taken over.
   */
  async stream(
    traceId: string,
    delivery: DetailsDelivery,
    send: PieceSink,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const ahead = this.ahead.take(ReadsAhead.keyOf(traceId, delivery));
    if (ahead) {
      // Its pieces only when the trace's rows are still those it read (no span came since).
      const [read, now] = await Promise.all([ahead.range, this.pool.use((c) => this.range(c, traceId))]);
      if (sameRows(read, now)) return ahead.follow(send, signal, () => new ReadCancelledError());
      ahead.cancel.abort();
    }
    return this.read(traceId, delivery, send, signal);
  }

  /**
   * Starts reading the trace as `stream` will be asked to (a browser opening its page asks for it a
   * moment later): read-ahead.ts. `traceId` is canonical.
   */
  readAhead(traceId: string, delivery: DetailsDelivery): void {
    this.ahead.add(ReadsAhead.keyOf(traceId, delivery), (ahead) =>
      ahead.start((send, onRange, signal) => this.read(traceId, delivery, send, signal, onRange)),
    );
  }

  /** Cancels the reads ahead (the store is closing). */
  cancelReadsAhead(): void {
    this.ahead.clear();
  }

  /** `stream`'s read, telling `onRange` which rows it reads (null: none) before its first piece. */
  private read(
    traceId: string,
    delivery: DetailsDelivery,
    send: PieceSink,
    signal?: AbortSignal,
    onRange?: (range: SeqRange | null) => void,
  ): Promise<boolean> {
    return this.pool.use(async (c) => {
      const range = await this.range(c, traceId);
      onRange?.(range);
      if (!range) return false;
      if (range.seqMax - range.seqMin > MAX_KEY_SPAN)
        throw new Error(`trace ${traceId} is spread over more than 2^32 stored rows`);
      const rows: DuckDBValue[] = [range.seqMin, range.seqMax, traceId];
      const shape = await traceTables(c, rows);
      const baseNs = shape.base ?? 0n;
      const resources = await blobs(c, blobsSql('resources'), shape.resourceIds);
      const scopes = await blobs(c, blobsSql('scopes'), shape.scopeIds);
      const plan = planColumnar({
        traceId,
        format: STORE_FORMAT,
        baseNs,
        count: shape.n,
        eventCount: shape.m,
        warnings: [],
        strings: encodeUtf8List(shape.strings),
        resources: resources.texts,
        scopes: scopes.texts,
        details:
          delivery === 'deferred'
            ? { keyBase: range.seqMin }
            : utf8ListFromPieces(await this.detailPieces(c, range, shape.n)),
      });
      const frames = new ColumnarFrames(plan);
      /** The taker's answer to the latest piece: a promise while it is behind. */
      let behind: Promise<void> | undefined;
      const flush = (force: boolean) => {
        if (signal?.aborted) throw new ReadCancelledError();
        if (force || frames.pendingBytes >= PIECE_BYTES) behind = send(frames.take()) ?? undefined;
      };
      const pace = async () => {
        while (behind) {
          const wait = behind;
          behind = undefined;
          await wait;
        }
        if (signal?.aborted) throw new ReadCancelledError();
      };
      frames.head();
      flush(true);
      try {
        const hot = {
          strings: new IndexOf(shape.stringKeys, 'name or service'),
          resources: new IndexOf(resources.ids, 'resource'),
          scopes: new IndexOf(scopes.ids, 'scope'),
        };
        const params = [...rows, baseNs];
        const out = { flush, pace };
        let n = await this.hotFrames(c, frames, HOT_SQL, params, hot, delivery === 'deferred', out);
        // Out of seq order (see HOT_SQL): sorted instead; its patches overwrite what was sent.
        if (n < 0)
          n = await this.hotFrames(c, frames, ORDERED_HOT_SQL, params, hot, delivery === 'deferred', out);
        const m = await forEachChunk(
          c,
          EVENTS_SQL,
          params,
          (chunk, first) => {
            frames.patch('eventNs', first * 8, columnBytes(chunk, 0, 8));
            flush(false);
          },
          pace,
        );
        if (n !== shape.n || m !== shape.m)
          throw new Error(
            `trace ${traceId} changed while it was read (${n}/${shape.n} spans, ${m}/${shape.m} events)`,
          );
        frames.end();
      } catch (error) {
        if (error instanceof ReadCancelledError) throw error;
        frames.error(error instanceof Error ? error.message : String(error));
        send(frames.take());
        throw error;
      }
      flush(true);
      return true;
    });
  }

  /**
   * Patches of the hot columns from `sql`, chunk by chunk; the row count, or -1 as soon as a key is
   * not above the one before (rows out of seq order).
   */
  private async hotFrames(
    c: DuckDBConnection,
    frames: ColumnarFrames,
    sql: string,
    params: DuckDBValue[],
    index: { readonly strings: IndexOf; readonly resources: IndexOf; readonly scopes: IndexOf },
    withKeys: boolean,
    out: { readonly flush: (force: boolean) => void; readonly pace: () => Promise<void> },
  ): Promise<number> {
    let events = 0;
    let lastKey = -1;
    let ordered = true;
    frames.patch('eventStart', 0, new Uint8Array(4));
    const n = await forEachChunk(
      c,
      sql,
      params,
      (chunk, first) => {
        const rows = chunk.rowCount;
        const u32 = (bytes: Uint8Array) =>
          new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        const keys = u32(columnBytes(chunk, 0, 4));
        for (let i = 0; i < rows && ordered; i++) {
          ordered = keys[i] > lastKey;
          lastKey = keys[i];
        }
        if (!ordered) return 'stop';
        HOT_COLUMNS.forEach(([name, size], col) => {
          const bytes = columnBytes(chunk, col, size);
          if (name === 'key') {
            if (withKeys) frames.patch(DETAIL_KEYS, first * 4, bytes);
          } else if (name === 'spanIds' || name === 'parentIds')
            putIds(frames.patchInPlace(name, first * 8, rows * 8), 0, bytes);
          else if (name === 'names' || name === 'services') {
            const hashes = u32(bytes);
            const out = u32(frames.patchInPlace(name, first * 4, rows * 4));
            for (let i = 0; i < rows; i++)
              out[i] = index.strings.get(hashKey(hashes[2 * i], hashes[2 * i + 1]));
          } else if (name === 'resourceOf' || name === 'scopeOf') {
            const ids = u32(bytes);
            const out = u32(frames.patchInPlace(name, first * 4, rows * 4));
            const of = name === 'resourceOf' ? index.resources : index.scopes;
            for (let i = 0; i < rows; i++) out[i] = of.get(ids[i]);
          } else if (name === 'eventCount') {
            const counts = u32(bytes);
            const out = u32(frames.patchInPlace('eventStart', (first + 1) * 4, rows * 4));
            for (let i = 0; i < rows; i++) out[i] = events += counts[i];
          } else frames.patch(name, first * size, bytes);
        });
        out.flush(false);
        return undefined;
      },
      out.pace,
    );
    return ordered ? n : -1;
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
