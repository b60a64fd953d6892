import { describe, expect, it } from 'vitest';
import { StreamWindow } from './stream-window.ts';

const settled = async (p: Promise<void> | undefined) => {
  let done = p === undefined;
  p?.then(() => {
    done = true;
  });
  await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe('StreamWindow', () => {
  it('lets a read go on within its window and holds it past it until credited back', async () => {
    const w = new StreamWindow(100);
    expect(w.sent(60)).toBeUndefined();
    expect(w.sent(40)).toBeUndefined();
    const held = w.sent(1);
    expect(await settled(held)).toBe(false);
    w.credit(0);
    expect(await settled(held)).toBe(false);
    w.credit(1);
    expect(await settled(held)).toBe(true);
    // One piece over the whole window waits until it is taken.
    const big = new StreamWindow(10);
    const wait = big.sent(50);
    big.credit(50);
    expect(await settled(wait)).toBe(true);
    expect(big.sent(10)).toBeUndefined();
  });

  it('lets a cancelled read go on whatever is in flight (it stops at its own check)', async () => {
    const w = new StreamWindow(10);
    const held = w.sent(20);
    w.release();
    expect(await settled(held)).toBe(true);
    w.release();
  });
});
