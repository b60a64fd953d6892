/** `/api/status`: the figures read from the database (counts, oldest trace, size) with those kept in memory. */
import type { ReadPool } from '../read/read-pool.ts';
import type { StoreStatus } from '../types.ts';
import { storeSize } from './store-size.ts';

export type KeptFigures = Pick<StoreStatus, 'spanCount' | 'ingestSpansPerSecond' | 'retention'>;

export async function readStatus(
  pool: ReadPool,
  dbFile: string | null,
  kept: KeptFigures,
): Promise<StoreStatus> {
  const [[traces], [oldestNs], [pins]] = await pool.columns(
    `SELECT (SELECT count(DISTINCT trace_id) FROM trace_parts), (SELECT min(start_ns) FROM trace_parts),
      (SELECT count(*) FROM pins)`,
  );
  const size = await pool.use((c) => storeSize(c, dbFile));
  return {
    sizeBytes: size.usedBytes,
    fileBytes: size.fileBytes,
    traceCount: Number(traces),
    spanCount: kept.spanCount,
    pinCount: Number(pins),
    oldestTraceStartMs: oldestNs === null ? null : Number((oldestNs as bigint) / 1_000_000n),
    ingestSpansPerSecond: kept.ingestSpansPerSecond,
    retention: kept.retention,
  };
}
