/**
 * Streamed trace reads in tests: one read to its end (its pieces, as `send` got them), and reads
 * cancelled midway.
 */
import { expect } from 'vitest';
import type { TraceEncoding, TraceStore } from '../server/store/types.ts';

/** The pieces of a streamed read of a stored trace (expected to be found), as `send` got them. */
export async function streamedPieces(
  store: Pick<TraceStore, 'streamTrace'>,
  traceId: string,
  encoding: TraceEncoding,
  signal = new AbortController().signal,
): Promise<Uint8Array[]> {
  const pieces: Uint8Array[] = [];
  expect(await store.streamTrace(traceId, encoding, (p) => void pieces.push(p), signal)).toBe(true);
  return pieces;
}

/**
 * A streamed read cancelled at its second piece, more times than the store has read connections:
 * a connection the cancelled read kept would hang the next one.
 */
export async function expectCancelledReadsFreeConnections(
  store: Pick<TraceStore, 'streamTrace'>,
  traceId: string,
  encoding: TraceEncoding,
): Promise<void> {
  for (let k = 0; k < 3; k++) {
    const cancel = new AbortController();
    let pieces = 0;
    const read = store.streamTrace(
      traceId,
      encoding,
      () => {
        if (++pieces === 2) cancel.abort();
      },
      cancel.signal,
    );
    await expect(read).rejects.toThrow(/cancelled/);
    expect(pieces).toBe(2);
  }
}
