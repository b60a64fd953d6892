import { describe, expect, it } from 'vitest';
import { type GroupWriter, IngestQueue } from './ingest-queue.ts';
import type { SpanBatch } from './span-batch.ts';

const batch = (count: number) => ({ count }) as SpanBatch;

/**
 * A writer of `lanes` transaction lanes whose appends finish at once and whose commits finish when
 * the test says so; it records each group's batch sizes and the order of commit starts.
 */
function controlledWriter(lanes = 2, failAppend?: (sizes: number[]) => boolean) {
  const groups: number[][] = [];
  const commitsStarted: number[] = [];
  const finish: ((error?: Error) => void)[] = [];
  let free = lanes;
  const waiters: (() => void)[] = [];
  const release = () => {
    free++;
    waiters.shift()?.();
  };
  const writer: GroupWriter = {
    async ready() {
      while (free === 0) await new Promise<void>((r) => waiters.push(r));
    },
    async append(batches) {
      free--;
      const sizes = batches.map((b) => b.count);
      if (failAppend?.(sizes)) {
        release();
        throw new Error('append failed');
      }
      const index = groups.push(sizes) - 1;
      return {
        commit: () => {
          commitsStarted.push(index);
          return new Promise<void>((resolve, reject) => {
            finish[index] = (error) => {
              release();
              if (error) reject(error);
              else resolve();
            };
          });
        },
      };
    },
  };
  return { groups, commitsStarted, finish, writer };
}

const tick = async () => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

describe('IngestQueue (pipelined group commit)', () => {
  it('writes a lone batch at once, and appends what arrives meanwhile while the first group commits', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.writer);
    const first = q.submit(batch(10));
    await tick();
    expect(w.groups).toEqual([[10]]);
    expect(w.commitsStarted).toEqual([0]);
    const later = [q.submit(batch(1)), q.submit(batch(2)), q.submit(batch(3))];
    await tick();
    // Appended on the second lane, but its commit waits for the first one.
    expect(w.groups).toEqual([[10], [1, 2, 3]]);
    expect(w.commitsStarted).toEqual([0]);
    expect(q.pendingSpans).toBe(16);
    w.finish[0]();
    await first;
    await tick();
    expect(w.commitsStarted).toEqual([0, 1]);
    w.finish[1]();
    await Promise.all(later);
    expect(q.pendingSpans).toBe(0);
  });

  it('takes the next group only when a lane is free, with everything that queued until then', async () => {
    const w = controlledWriter(2);
    const q = new IngestQueue(w.writer);
    const all = [q.submit(batch(1))];
    await tick();
    all.push(q.submit(batch(2)));
    await tick();
    all.push(q.submit(batch(3)), q.submit(batch(4)));
    await tick();
    expect(w.groups).toEqual([[1], [2]]);
    all.push(q.submit(batch(5)));
    w.finish[0]();
    await tick();
    expect(w.groups).toEqual([[1], [2], [3, 4, 5]]);
    w.finish[1]();
    await tick();
    w.finish[2]();
    await Promise.all(all);
  });

  it('cuts groups at the span cap (a batch larger than the cap still goes alone)', async () => {
    const w = controlledWriter(1);
    const q = new IngestQueue(w.writer, 100);
    const all = [q.submit(batch(150)), q.submit(batch(60)), q.submit(batch(30)), q.submit(batch(20))];
    for (let i = 0; i < 3; i++) {
      await tick();
      w.finish[i]();
    }
    await Promise.all(all);
    expect(w.groups).toEqual([[150], [60, 30], [20]]);
  });

  it('fails only the batches of a failed commit; the group appended behind it still commits', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.writer);
    const a = q.submit(batch(1));
    await tick();
    const b = q.submit(batch(2));
    await tick();
    w.finish[0](new Error('disk full'));
    await expect(a).rejects.toThrow('disk full');
    await tick();
    expect(w.commitsStarted).toEqual([0, 1]);
    w.finish[1]();
    await expect(b).resolves.toBeUndefined();
    expect(q.pendingSpans).toBe(0);
  });

  it('fails the batches of a failed append and goes on with the next group', async () => {
    const w = controlledWriter(2, (sizes) => sizes.includes(7));
    const q = new IngestQueue(w.writer);
    const bad = q.submit(batch(7));
    await expect(bad).rejects.toThrow('append failed');
    const good = q.submit(batch(1));
    await tick();
    w.finish[0]();
    await expect(good).resolves.toBeUndefined();
    expect(q.pendingSpans).toBe(0);
  });

  it('drain waits for everything submitted, commits included', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.writer);
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
