/**
 * A streamed trace read cancelled at its second piece, more times than the store has read
 * connections: a connection the cancelled read kept would hang the next one.
 */
import { expect } from 'vitest';
import type { TraceEncoding, TraceStore } from '../server/store/types.ts';

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
