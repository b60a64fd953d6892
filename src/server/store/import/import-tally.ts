/**
 * The storing side of a streamed import: its prepared batches go to the ingest queue as they come,
 * and what was committed is counted (trace ids in the order they came, spans), so that an import
 * refused midway can say exactly what it kept. Batches commit in order, so what is kept is always
 * everything before some batch.
 */
import type { PreparedBatch } from '../ingest/batch-columns.ts';
import type { ImportResult } from '../types.ts';

/** Spans and (rough) bytes of rows. */
export interface BatchSize {
  readonly spans: number;
  readonly bytes: number;
}

export function sizeOf(batches: readonly PreparedBatch[]): BatchSize {
  let spans = 0;
  let bytes = 0;
  for (const b of batches) {
    spans += b.count;
    bytes += b.bytes;
  }
  return { spans, bytes };
}

/** More spans or bytes than the limit. */
export function over(size: BatchSize, limit: BatchSize): boolean {
  return size.spans > limit.spans || size.bytes > limit.bytes;
}

export class ImportTally {
  private readonly traceIds = new Set<string>();
  private spanCount = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly waiting = { spans: 0, bytes: 0 };
  private failure: { error: unknown } | null = null;
  private waiters: (() => void)[] = [];

  /** `store` submits batches and resolves once they are committed. */
  constructor(private readonly store: (batches: readonly PreparedBatch[]) => Promise<void>) {}

  /** What was committed so far. */
  get kept(): ImportResult {
    return { traceIds: [...this.traceIds], spanCount: this.spanCount };
  }

  /** Stores the batches; `committed` is told how many spans and bytes once they are. */
  add(batches: readonly PreparedBatch[], committed?: (size: BatchSize) => void): void {
    if (batches.length === 0) return;
    const size = sizeOf(batches);
    const { spans } = size;
    this.waiting.spans += spans;
    this.waiting.bytes += size.bytes;
    const done: Promise<void> = this.store(batches).then(
      () => {
        for (const b of batches) for (const t of b.totals.traces) this.traceIds.add(t.traceId);
        this.spanCount += spans;
      },
      (error: unknown) => {
        this.failure ??= { error };
      },
    );
    const settled = done.finally(() => {
      this.waiting.spans -= spans;
      this.waiting.bytes -= size.bytes;
      this.pending.delete(settled);
      committed?.(size);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.pending.add(settled);
  }

  /** Resolves once no more than `limit` waits for its commit. */
  async below(limit: BatchSize): Promise<void> {
    while (over(this.waiting, limit)) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves with what was kept once every batch handed on is committed; rejects when a commit failed. */
  async settle(): Promise<ImportResult> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
    return this.kept;
  }
}
