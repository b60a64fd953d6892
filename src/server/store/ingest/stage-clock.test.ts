import { describe, expect, it } from 'vitest';
import { newStageBuffer, readStages, startStageClock, timed, timedAsync } from './stage-clock.ts';

/** Spins until this process has used `ms` more of CPU (wall time would not do on a loaded machine). */
function busy(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

describe('stage clock', () => {
  it('sums CPU time per stage (prepare = decodeAndPrepare − decode), wall time for commits, and the thread id', async () => {
    const buffer = newStageBuffer();
    expect(readStages(buffer)).toEqual({
      decodeMs: 0,
      prepareMs: 0,
      appendMs: 0,
      commitMs: 0,
      threadIds: { http: 0, decode: 0, database: 0 },
    });
    startStageClock(buffer, 'decode');
    const out = timed('decodeAndPrepare', () => {
      timed('decode', () => busy(30));
      busy(30);
      return 'prepared';
    });
    expect(out).toBe('prepared');
    // Sleeping uses no CPU, but a commit is timed by the wall clock (DuckDB's threads do it).
    await timedAsync('commit', () => new Promise((r) => setTimeout(r, 30)));
    expect(() =>
      timed('append', () => {
        throw new Error('failed appends count too');
      }),
    ).toThrow('failed appends count too');
    const s = readStages(buffer);
    // CPU time read from schedstat moves with the scheduler's accounting: only its order of magnitude is tested.
    expect(s.decodeMs).toBeGreaterThan(10);
    expect(s.prepareMs).toBeGreaterThan(10);
    expect(s.decodeMs + s.prepareMs).toBeLessThan(1000);
    expect(s.commitMs).toBeGreaterThanOrEqual(25);
    expect(s.appendMs).toBeGreaterThanOrEqual(0);
    expect(s.threadIds.decode).toBeGreaterThan(0);
    expect(s.threadIds.http).toBe(0);
  });
});
