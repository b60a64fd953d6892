/**
 * Pins: a trace kept beyond retention, as the snapshot it was when pinned, with a note.
 *
 * Stored as a flag (a `pins` row) that retention honours, not as a copy. The trace's rows stay
 * where ingest put them, so every read path (Tempo v1/v2, columnar, deferred details, find in
 * details, find by query, search listings) answers a pinned trace exactly as before, with no second
 * copy of the read code or of the data: pinning a 1M-span trace writes one row, where a copy would
 * write a million and double its space. Immutability comes from the row's `seq_max`, the trace's
 * last stored seq when pinned: trace reads take the parts up to it only (read/trace-reader.ts), and
 * retention never deletes a row of a pinned trace (retention/delete-traces.ts). Pin, unpin and each
 * retention batch run one at a time (DuckStore.exclusive), so a trace is never deleted by a
 * retention batch that did not see its pin.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { ReadPool } from '../read/read-pool.ts';
import { traceIdHex, traceIdOfHex } from '../schema/binary-ids.ts';
import { type TraceSummary, traceSummaries } from '../search/recent-traces.ts';
import type { PinInfo, PinRequest } from '../types.ts';

interface PinRow {
  readonly trace_id: string;
  readonly note: string;
  readonly pinned_by: string;
  readonly pinned_at_ms: bigint;
}

/** `WHERE` the pin of trace $1 (hex). */
const OF_TRACE = `WHERE trace_id = ${traceIdOfHex('$1')}`;

function pinRows(reads: ReadPool, where: string, params: string[]): Promise<PinRow[]> {
  return reads.rows<PinRow>(
    `SELECT ${traceIdHex('trace_id')} AS trace_id, note, pinned_by, pinned_at_ms FROM pins ${where}
      ORDER BY pinned_at_ms DESC, pins.trace_id`,
    params,
  );
}

function pinInfo(row: PinRow, summary: TraceSummary | undefined): PinInfo {
  let spanCount = 0;
  let errorCount = 0;
  for (const s of Object.values(summary?.serviceStats ?? {})) {
    spanCount += s.spanCount ?? 0;
    errorCount += s.errorCount ?? 0;
  }
  return {
    traceId: row.trace_id,
    note: row.note,
    pinnedBy: row.pinned_by,
    pinnedAtMs: Number(row.pinned_at_ms),
    ...(summary?.rootServiceName !== undefined ? { rootServiceName: summary.rootServiceName } : {}),
    ...(summary?.rootTraceName !== undefined ? { rootTraceName: summary.rootTraceName } : {}),
    startTimeUnixNano: summary?.startTimeUnixNano ?? '0',
    durationMs: summary?.durationMs ?? 0,
    spanCount,
    errorCount,
  };
}

/** The pins of `rows` with their traces' figures (the search listing's summaries). */
async function withFigures(reads: ReadPool, rows: readonly PinRow[]): Promise<PinInfo[]> {
  const summaries = await traceSummaries(
    reads,
    rows.map((r) => r.trace_id),
  );
  const byId = new Map(summaries.map((s) => [s.traceID, s]));
  return rows.map((r) => pinInfo(r, byId.get(r.trace_id)));
}

export async function listPins(reads: ReadPool): Promise<PinInfo[]> {
  return withFigures(reads, await pinRows(reads, '', []));
}

/** `traceId` canonical. */
export async function pinOf(reads: ReadPool, traceId: string): Promise<PinInfo | null> {
  const rows = await pinRows(reads, OF_TRACE, [traceId]);
  return rows.length === 0 ? null : (await withFigures(reads, rows))[0];
}

/** `traceId` canonical; null when no span of the trace is stored. Run under DuckStore.exclusive. */
export async function pinTrace(
  conn: DuckDBConnection,
  reads: ReadPool,
  request: PinRequest,
  nowMs: number,
): Promise<PinInfo | null> {
  const { traceId, note, pinnedBy } = request;
  if ((await pinRows(reads, OF_TRACE, [traceId])).length > 0) {
    await conn.run(`UPDATE pins SET note = $2, pinned_by = $3 ${OF_TRACE}`, [traceId, note, pinnedBy]);
  } else {
    const reader = await conn.runAndReadAll(`SELECT max(seq_max) FROM trace_parts ${OF_TRACE}`, [traceId]);
    const seqMax = reader.getRows()[0]?.[0] ?? null;
    if (seqMax === null) return null;
    await conn.run(`INSERT INTO pins VALUES (${traceIdOfHex('$1')}, $2, $3, $4, $5)`, [
      traceId,
      seqMax as bigint,
      note,
      pinnedBy,
      BigInt(Math.floor(nowMs)),
    ]);
  }
  return pinOf(reads, traceId);
}

/** False when the trace was not pinned. Run under DuckStore.exclusive. */
export async function unpinTrace(conn: DuckDBConnection, traceId: string): Promise<boolean> {
  const reader = await conn.runAndReadAll(`DELETE FROM pins ${OF_TRACE} RETURNING trace_id`, [traceId]);
  return reader.currentRowCount > 0;
}
