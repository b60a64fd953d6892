/**
 * How big the database is. DuckDB never gives deleted space back by itself: a checkpoint after a
 * delete turns the row groups it emptied into free blocks, which new data reuses before the file
 * grows, and the file shrinks only when the free blocks are at its end (measured with DuckDB 1.5:
 * deleting the oldest half of 1M rows freed 575 of 1,057 blocks and left the file at its size;
 * VACUUM changed nothing; 500k new rows then took the free blocks and the file did not grow).
 * So `--max-size` bounds the used blocks (plus the WAL), which is what deletion can bring down;
 * the file's size on disk is reported beside it.
 */
import { statSync } from 'node:fs';
import type { DuckDBConnection } from '@duckdb/node-api';

export interface StoreSize {
  /** Used blocks × block size + WAL bytes. */
  readonly usedBytes: number;
  /** The file and its WAL on disk; 0 in memory. */
  readonly fileBytes: number;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** `dbFile` null: in memory, where the size is the memory DuckDB holds (it has no blocks to count). */
export async function storeSize(conn: DuckDBConnection, dbFile: string | null): Promise<StoreSize> {
  if (dbFile === null) {
    const memory = await conn.runAndReadAll('SELECT sum(memory_usage_bytes) FROM duckdb_memory()');
    return { usedBytes: Number(memory.getRows()[0]?.[0] ?? 0), fileBytes: 0 };
  }
  const reader = await conn.runAndReadAll(
    'SELECT block_size, used_blocks FROM pragma_database_size() WHERE database_name = current_database()',
  );
  const [blockSize, usedBlocks] = (reader.getRows()[0] ?? [0n, 0n]) as [bigint, bigint];
  const wal = fileSize(`${dbFile}.wal`);
  return { usedBytes: Number(blockSize) * Number(usedBlocks) + wal, fileBytes: fileSize(dbFile) + wal };
}
