import { describe, expect, it } from 'vitest';
import { type GroupWriter, IngestQueue, type Line } from './ingest-queue.ts';
import type { SpanBatch } from './span-batch.ts';

const batch = (count: number) => ({ count }) as SpanBatch;

/**
 * A writer of `lanes` transaction lanes per line whose appends finish at once and
 * whose commits finish when the test says so; it records each group's batch sizes and line, and the
 * order of commit starts.
 */
function controlledWriter(lanes = 2, failAppend?: (sizes: number[]) => boolean) {
  const groups: number[][] = [];
  const lines: Line[] = [];
  const commitsStarted: number[] = [];
  const finish: ((error?: Error) => void)[] = [];
  const free: Record<Line, number> = { bulk: lanes, urgent: lanes };
  const waiters: Record<Line, (() => void)[]> = { bulk: [], urgent: [] };
  const release = (line: Line) => {
    free[line]++;
    waiters[line].shift()?.();
  };
  const writer: GroupWriter = {
    async ready(line) {
      while (free[line] === 0) await new Promise<void>((r) => waiters[line].push(r));
    },
    async append(batches, line) {
      free[line]--;
      const sizes = batches.map((b) => b.count);
      if (failAppend?.(sizes)) {
        release(line);
        throw new Error('append failed');
      }
      lines.push(line);
      const index = groups.push(sizes) - 1;
      return {
        commit: () => {
          commitsStarted.push(index);
          return new Promise<void>((resolve, reject) => {
            finish[index] = (error) => {
              release(line);
              if (error) reject(error);
              else resolve();
            };
          });
        },
      };
    },
  };
  return { groups, lines, commitsStarted, finish, writer };
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

  it('appends a small export queued behind big ones at once on its own lane, and commits it next, before the bulk groups appended earlier', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.writer);
    const big = [q.submit(batch(512))];
    await tick();
    big.push(q.submit(batch(512)));
    await tick();
    big.push(q.submit(batch(512)), q.submit(batch(512)));
    await tick();
    // Both bulk lanes busy: group 0 commits, group 1 waits for it.
    expect(w.groups).toEqual([[512], [512]]);
    let acknowledged = false;
    const small = q.submit(batch(20), undefined, true).then(() => {
      acknowledged = true;
    });
    await tick();
    expect(w.groups).toEqual([[512], [512], [20]]);
    expect(w.lines).toEqual(['bulk', 'bulk', 'urgent']);
    expect(w.commitsStarted).toEqual([0]);
    expect(acknowledged).toBe(false);
    w.finish[0]();
    await tick();
    // The small export's group commits before group 1, appended earlier; its ack waits for that commit.
    expect(w.commitsStarted).toEqual([0, 2]);
    expect(acknowledged).toBe(false);
    w.finish[2]();
    await small;
    await tick();
    expect(w.commitsStarted).toEqual([0, 2, 1]);
    // The big ones that queued meanwhile are written together once a bulk lane is free.
    expect(w.groups[3]).toEqual([512, 512]);
    w.finish[1]();
    await tick();
    w.finish[3]();
    await Promise.all(big);
    expect(q.pendingSpans).toBe(0);
  });

  it('never starves bulk groups: while small exports keep coming, urgent and bulk commits alternate', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.writer);
    const all = [q.submit(batch(512))];
    await tick();
    all.push(q.submit(batch(512)));
    await tick();
    all.push(q.submit(batch(1), undefined, true));
    await tick();
    for (let round = 0; round < 6; round++) {
      // A small export arrives before every commit ends, and big ones keep the bulk lanes full.
      all.push(q.submit(batch(1), undefined, true), q.submit(batch(512)));
      w.finish[w.commitsStarted[w.commitsStarted.length - 1]]();
      await tick();
    }
    const started = w.commitsStarted.map((i) => w.lines[i]);
    expect(started.slice(1)).toEqual(
      Array.from({ length: started.length - 1 }, (_, i) => (i % 2 === 0 ? 'urgent' : 'bulk')),
    );
    // Bulk groups still commit in the order they were appended.
    const bulk = w.commitsStarted.filter((i) => w.lines[i] === 'bulk');
    expect(bulk).toEqual([...bulk].sort((a, b) => a - b));
    while (q.pendingSpans > 0) {
      w.finish[w.commitsStarted[w.commitsStarted.length - 1]]();
      await tick();
    }
    await Promise.all(all);
  });

  it('drain waits for both lines', async () => {
    const w = controlledWriter();
    const q = new IngestQueue(w.writer);
    void q.submit(batch(5));
    void q.submit(batch(1), undefined, true);
    let drained = false;
    const d = q.drain().then(() => {
      drained = true;
    });
    await tick();
    w.finish[0]();
    await tick();
    expect(drained).toBe(false);
    w.finish[1]();
    await d;
    expect(drained).toBe(true);
  });
});
