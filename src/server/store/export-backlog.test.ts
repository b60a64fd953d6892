import { describe, expect, it } from 'vitest';
import { ExportBacklog } from './export-backlog.ts';

const MiB = 2 ** 20;
const LIMITS = { bytes: 64 * MiB, requests: 100, ms: 2000 };

function clocked() {
  let now = 0;
  const backlog = new ExportBacklog(LIMITS, () => now);
  return { backlog, advance: (ms: number) => (now += ms) };
}

describe('export backlog', () => {
  it('takes exports up to 4 MiB before any rate is known, and frees them when answered', () => {
    const { backlog } = clocked();
    const keys = Array.from({ length: 4 }, () => backlog.add(MiB));
    expect(backlog.overloaded).toBe(false);
    const fifth = backlog.add(1);
    expect(backlog.overloaded).toBe(true);
    backlog.done(fifth, 1, false);
    backlog.done(keys[0], MiB, false);
    expect(backlog.overloaded).toBe(false);
  });

  it('is overloaded past its ceilings of bytes and exports, whatever the rate', () => {
    const { backlog } = clocked();
    const big = backlog.add(64 * MiB + 1);
    expect(backlog.overloaded).toBe(true);
    backlog.done(big, 64 * MiB + 1, true);
    const keys = Array.from({ length: 101 }, () => backlog.add(1));
    expect(backlog.overloaded).toBe(true);
    backlog.done(keys[0], 1, true);
    expect(backlog.overloaded).toBe(false);
  });

  it('is overloaded once the oldest export has waited past the limit', () => {
    const { backlog, advance } = clocked();
    const oldest = backlog.add(1000);
    advance(1500);
    backlog.add(1000);
    expect(backlog.overloaded).toBe(false);
    advance(501);
    expect(backlog.overloaded).toBe(true);
    backlog.done(oldest, 1000, true);
    expect(backlog.overloaded).toBe(false);
  });

  it('takes what the recent acknowledgement rate commits within the limit, no more', () => {
    const { backlog, advance } = clocked();
    // 10 MiB acknowledged per second: 2 s of it is 20 MiB.
    for (let i = 0; i < 10; i++) {
      advance(100);
      backlog.done(backlog.add(MiB), MiB, true);
    }
    const waiting = Array.from({ length: 19 }, () => backlog.add(MiB));
    expect(backlog.overloaded).toBe(false);
    const more = backlog.add(2 * MiB);
    expect(backlog.overloaded).toBe(true);
    backlog.done(more, 2 * MiB, false);
    // Refused or failed exports say nothing of the rate.
    advance(1000);
    for (const k of waiting) backlog.done(k, MiB, false);
    expect(backlog.overloaded).toBe(false);
  });
});
