/**
 * Span rows into a DuckDB appender through one reused data chunk, filled in place with the raw
 * bindings: numbers and ids are copied into the vectors' memory from the batch's typed arrays, text
 * values are handed over as views of the batch's UTF-8 columns one by one (a string would be
 * converted to UTF-8 again: ~0.1 µs more per detail). About 1 µs per row cheaper than the node-api
 * chunk helpers, and no JS array per column.
 */
import {
  BIGINT,
  type DuckDBAppender,
  DuckDBDataChunk,
  type DuckDBType,
  UBIGINT,
  UHUGEINT,
  UINTEGER,
  UTINYINT,
  VARCHAR,
} from '@duckdb/node-api';
import duckdb, { type Vector } from '@duckdb/node-bindings';
import { NullBit, TEXT_COLUMNS, type TextColumn } from './batch-columns.ts';
import type { SpanBatch } from './span-batch.ts';

/** Rows of one chunk: DuckDB's vector size. */
export const CHUNK_ROWS = 2048;

type NumberField =
  | 'traceIds'
  | 'spanIds'
  | 'parentIds'
  | 'kind'
  | 'status'
  | 'startNs'
  | 'durNs'
  | 'modelFlags'
  | 'resourceId'
  | 'scopeId';

/** `spans` columns in table order: seq, then what fills each. */
const SPAN_COLUMNS: readonly (
  | { readonly type: DuckDBType; readonly seq: true }
  | { readonly type: DuckDBType; readonly text: TextColumn }
  | {
      readonly type: DuckDBType;
      readonly field: NumberField;
      readonly width: number;
      readonly nullBit?: number;
    }
)[] = [
  { type: BIGINT, seq: true },
  { type: UHUGEINT, field: 'traceIds', width: 16 },
  { type: UBIGINT, field: 'spanIds', width: 8 },
  { type: UBIGINT, field: 'parentIds', width: 8 },
  { type: VARCHAR, text: 'name' },
  { type: VARCHAR, text: 'service' },
  { type: UTINYINT, field: 'kind', width: 1 },
  { type: UTINYINT, field: 'status', width: 1 },
  { type: UBIGINT, field: 'startNs', width: 8, nullBit: NullBit.StartNs },
  { type: BIGINT, field: 'durNs', width: 8, nullBit: NullBit.DurNs },
  { type: UTINYINT, field: 'modelFlags', width: 1 },
  { type: UINTEGER, field: 'resourceId', width: 4 },
  { type: UINTEGER, field: 'scopeId', width: 4 },
  { type: VARCHAR, text: 'event_times' },
  { type: VARCHAR, text: 'attrs' },
  { type: VARCHAR, text: 'detail' },
];

const TEXT_INDEX = new Map<TextColumn, number>(TEXT_COLUMNS.map((c, i) => [c, i]));

export class SpanAppender {
  private readonly chunk = new DuckDBDataChunk(
    duckdb.create_data_chunk(SPAN_COLUMNS.map((c) => c.type.toLogicalType().logical_type)),
  );
  private readonly seqs = new Uint32Array(CHUNK_ROWS * 2);
  private readonly mask = new Uint8Array(CHUNK_ROWS / 8);

  constructor(private readonly appender: DuckDBAppender) {}

  /** Appends rows [from, to) of `b` (at most CHUNK_ROWS), row `from` numbered `firstSeq`. */
  append(b: SpanBatch, from: number, to: number, firstSeq: number): void {
    const rows = to - from;
    const chunk = this.chunk.chunk;
    duckdb.data_chunk_reset(chunk);
    duckdb.data_chunk_set_size(chunk, rows);
    SPAN_COLUMNS.forEach((column, c) => {
      const vector = duckdb.data_chunk_get_vector(chunk, c);
      if ('seq' in column) this.fillSeqs(vector, rows, firstSeq);
      else if ('text' in column) fillText(vector, b, TEXT_INDEX.get(column.text) ?? 0, from, to);
      else {
        const source = b[column.field];
        const bytes = rows * column.width;
        duckdb.copy_data_to_vector(
          vector,
          0,
          source.buffer as ArrayBuffer,
          source.byteOffset + from * column.width,
          bytes,
        );
        if (column.nullBit !== undefined) fillValidity(vector, this.mask, b.nulls, column.nullBit, from, to);
      }
    });
    this.appender.appendDataChunk(this.chunk);
  }

  /** seq values as little-endian 64-bit words (seq stays far below 2^53). */
  private fillSeqs(vector: Vector, rows: number, firstSeq: number): void {
    const words = this.seqs;
    for (let i = 0; i < rows; i++) {
      const seq = firstSeq + i;
      words[2 * i] = seq % 0x100000000;
      words[2 * i + 1] = Math.floor(seq / 0x100000000);
    }
    duckdb.copy_data_to_vector(vector, 0, words.buffer, 0, rows * 8);
  }
}

/** A vector's worth of empty strings: a zeroed string entry is DuckDB's empty string, inline. */
const EMPTY_STRINGS = new ArrayBuffer(CHUNK_ROWS * 16);

/** Text values of rows [from, to); empty ones stay as the zeroed entry. */
function fillText(vector: Vector, b: SpanBatch, column: number, from: number, to: number): void {
  duckdb.copy_data_to_vector(vector, 0, EMPTY_STRINGS, 0, (to - from) * 16);
  const text = b.text[column];
  const ends = b.textEnds;
  const base = column * b.count;
  let start = from === 0 ? 0 : ends[base + from - 1];
  for (let i = from; i < to; i++) {
    const end = ends[base + i];
    if (end > start) duckdb.vector_assign_string_element_len(vector, i - from, text.subarray(start, end));
    start = end;
  }
}

/** Marks the rows whose `bit` is set in `nulls` as NULL (the validity mask is left alone without any). */
function fillValidity(
  vector: Vector,
  mask: Uint8Array,
  nulls: Uint8Array,
  bit: number,
  from: number,
  to: number,
): void {
  let any = false;
  for (let i = from; i < to && !any; i++) any = (nulls[i] & bit) !== 0;
  if (!any) return;
  const rows = to - from;
  const bytes = Math.ceil(rows / 64) * 8;
  mask.fill(0xff, 0, bytes);
  for (let i = from; i < to; i++) if (nulls[i] & bit) mask[(i - from) >> 3] &= ~(1 << ((i - from) & 7));
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, mask.buffer as ArrayBuffer, 0, bytes);
}
