/**
 * One retention batch: the oldest unpinned traces (by ingest order: their lowest seq) all of whose
 * rows lie below a seq, deleted in one transaction. Batches are small (at most BATCH_TRACES traces
 * and about BATCH_SPANS spans, a bigger trace alone) so that the transaction is short and the
 * database worker answers reads and commits between batches.
 *
 * Seq bounds keep the delete consistent while ingest goes on: spans of a batch's trace committed after
 * the batch was chosen (late spans) have higher seqs than any the batch saw (commit groups commit in
 * seq order), and span rows and trace parts are deleted only up to the batch's highest seq, so late
 * spans stay with their parts: a consistent (smaller) trace for a later pass.
 */
import { type DuckDBConnection, listValue } from '@duckdb/node-api';
import { traceIdHex, traceIdsOfHexList } from '../schema/binary-ids.ts';

export const BATCH_TRACES = 500;
export const BATCH_SPANS = 10_000;

export interface DeletedBatch {
  readonly traces: number;
  readonly spans: number;
}

/** No seq bound: the size limit takes the oldest traces whatever their age. */
export const ANY_SEQ = 2n ** 62n;

interface Candidate {
  readonly traceId: string;
  readonly lo: bigint;
  readonly hi: bigint;
  readonly spans: number;
}

async function candidates(conn: DuckDBConnection, below: bigint): Promise<Candidate[]> {
  const reader = await conn.runAndReadAll(
    `SELECT ${traceIdHex('trace_id')}, min(seq_min) AS lo, max(seq_max) AS hi, sum(span_count)::DOUBLE AS n
      FROM trace_parts
      WHERE seq_min < $1 AND trace_id NOT IN (SELECT trace_id FROM pins)
      GROUP BY trace_id HAVING max(seq_max) < $1
      ORDER BY lo LIMIT ${BATCH_TRACES}`,
    [below],
  );
  const rows = reader.getRows() as [string, bigint, bigint, number][];
  const out: Candidate[] = [];
  let spans = 0;
  for (const [traceId, lo, hi, n] of rows) {
    if (out.length > 0 && spans + n > BATCH_SPANS) break;
    out.push({ traceId, lo, hi, spans: n });
    spans += n;
  }
  return out;
}

/**
 * Deletes the next batch of traces whose rows all lie below seq `below` (pinned ones never);
 * `{traces: 0}` when there is none. Must not run beside a pin (DuckStore.exclusive).
 */
export async function deleteOldestTraces(conn: DuckDBConnection, below: bigint): Promise<DeletedBatch> {
  const batch = await candidates(conn, below);
  if (batch.length === 0) return { traces: 0, spans: 0 };
  let lo = batch[0].lo;
  let hi = batch[0].hi;
  for (const c of batch) {
    if (c.lo < lo) lo = c.lo;
    if (c.hi > hi) hi = c.hi;
  }
  const ids = listValue(batch.map((c) => c.traceId));
  const inBatch = `trace_id IN ${traceIdsOfHexList('$1')}`;
  await conn.run('BEGIN TRANSACTION');
  try {
    const deleted = await conn.runAndReadAll(`DELETE FROM spans WHERE seq BETWEEN $2 AND $3 AND ${inBatch}`, [
      ids,
      lo,
      hi,
    ]);
    await conn.run(`DELETE FROM trace_parts WHERE ${inBatch} AND seq_max <= $2`, [ids, hi]);
    await conn.run(
      `DELETE FROM trace_service_parts WHERE ${inBatch}
        AND trace_id NOT IN (SELECT trace_id FROM trace_parts WHERE ${inBatch})`,
      [ids],
    );
    await conn.run('COMMIT');
    // A DELETE answers one row: the number of rows it deleted.
    return { traces: batch.length, spans: Number(deleted.getRows()[0][0]) };
  } catch (error) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
