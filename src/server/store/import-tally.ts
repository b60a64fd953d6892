/**
 * The storing side of a streamed import: its prepared batches go to the ingest queue as they come,
 * and what was committed is counted (trace ids in the order they came, spans), so that an import
 * refused midway can say exactly what it kept. Batches commit in order, so what is kept is always
 * everything before some batch.
 */
import type { PreparedBatch } from './batch-columns.ts';
import type { ImportResult } from './types.ts';

export class ImportTally {
  private readonly traceIds = new Set<string>();
  private spanCount = 0;
  private readonly pending = new Set<Promise<void>>();
  private pendingCount = 0;
  private failure: { error: unknown } | null = null;
  private waiters: (() => void)[] = [];

  /** `store` submits batches and resolves once they are committed. */
  constructor(private readonly store: (batches: readonly PreparedBatch[]) => Promise<void>) {}

  /** Spans handed to the store and not yet committed. */
  get pendingSpans(): number {
    return this.pendingCount;
  }

  /** What was committed so far. */
  get kept(): ImportResult {
    return { traceIds: [...this.traceIds], spanCount: this.spanCount };
  }

  /** Stores the batches; `committed` is told how many spans once they are. */
  add(batches: readonly PreparedBatch[], committed?: (spans: number) => void): void {
    if (batches.length === 0) return;
    const spans = batches.reduce((n, b) => n + b.count, 0);
    this.pendingCount += spans;
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
      this.pendingCount -= spans;
      this.pending.delete(settled);
      committed?.(spans);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.pending.add(settled);
  }

  /** Resolves once at most `spans` spans are waiting for their commit. */
  async below(spans: number): Promise<void> {
    while (this.pendingCount > spans) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves with what was kept once every batch handed on is committed; rejects when a commit failed. */
  async settle(): Promise<ImportResult> {
    while (this.pending.size > 0) await Promise.all(this.pending);
    if (this.failure) throw this.failure.error;
    return this.kept;
  }
}
