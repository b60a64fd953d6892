/**
 * A whole file imported through a store's streamed import (TraceStore.beginImport), in chunks: what
 * tests that have the file in memory need. Rejects as `end` does (an ImportFailure for a bad file).
 */
import type { ImportResult, TraceStore } from '../server/store/types.ts';

export async function importBytes(
  store: TraceStore,
  bytes: Uint8Array,
  chunkBytes = 1024 * 1024,
): Promise<ImportResult> {
  const session = store.beginImport();
  for (let i = 0; i < bytes.length; i += chunkBytes) await session.write(bytes.slice(i, i + chunkBytes));
  return session.end();
}
