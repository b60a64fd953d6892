import { describe, expect, it } from 'vitest';
import { IngestQueue } from './ingest-queue.ts';
import type { SpanBatch } from './span-batch.ts';

const batch = (count: number) => ({ count }) as SpanBatch;

/** A writer whose commits finish when the test says so, recording each group's batch sizes. */
function controlledWriter() {
  const groups: number[][] = [];
  const finish: ((error?: Error) => void)[] = [];
  const write = (batches: readonly SpanBatch[]) => {
    groups.push(batches.map((b) => b.count));
    return new Promise<void>((resolve, reject) =>
      finish.push((error) => (error ? reject(error) : resolve())),
    );
  };
  return { groups, finish, write };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('IngestQueue (group commit)', () => {
  it('commits a lone batch at once, and everything that arrived meanwhile as the next group', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.write);
    const first = q.submit(batch(10));
    await tick();
    expect(w.groups).toEqual([[10]]);
    const later = [q.submit(batch(1)), q.submit(batch(2)), q.submit(batch(3))];
    expect(q.pendingSpans).toBe(16);
    w.finish[0]();
    await first;
    await tick();
    expect(w.groups).toEqual([[10], [1, 2, 3]]);
    w.finish[1]();
    await Promise.all(later);
    expect(q.pendingSpans).toBe(0);
  });

  it('cuts groups at the span cap (a batch larger than the cap still goes alone)', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.write, 100);
    const all = [q.submit(batch(150)), q.submit(batch(60)), q.submit(batch(30)), q.submit(batch(20))];
    for (let i = 0; i < 3; i++) {
      await tick();
      w.finish[i]();
    }
    await Promise.all(all);
    expect(w.groups).toEqual([[150], [60, 30], [20]]);
  });

  it('fails only the batches of a failed commit; the next group still commits', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.write);
    const a = q.submit(batch(1));
    await tick();
    const b = q.submit(batch(2));
    w.finish[0](new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await tick();
    w.finish[1]();
    await expect(b).resolves.toBeUndefined();
    expect(q.pendingSpans).toBe(0);
  });

  it('drain waits for everything submitted', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.write);
    void q.submit(batch(5));
    let drained = false;
    const d = q.drain().then(() => {
      drained = true;
    });
    await tick();
    expect(drained).toBe(false);
    w.finish[0]();
    await d;
    expect(drained).toBe(true);
  });
});
