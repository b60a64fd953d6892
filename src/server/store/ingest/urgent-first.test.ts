import { describe, expect, it } from 'vitest';
import { isUrgentExport, URGENT_EXPORT_BYTES, UrgentFirst } from './urgent-first.ts';

describe('UrgentFirst', () => {
  it('takes urgent items first, each line in order', () => {
    const q = new UrgentFirst<string>();
    q.push('b1', false);
    q.push('b2', false);
    q.push('u1', true);
    expect(q.size).toBe(3);
    expect(q.shift()).toBe('u1');
    expect([q.shift(), q.shift(), q.shift()]).toEqual(['b1', 'b2', undefined]);
    expect(q.size).toBe(0);
  });

  it('never takes two urgent items in a row while a bulk one waits', () => {
    const q = new UrgentFirst<string>();
    for (const item of ['b1', 'b2', 'b3']) q.push(item, false);
    for (const item of ['u1', 'u2', 'u3', 'u4']) q.push(item, true);
    const order = Array.from({ length: 7 }, () => q.shift());
    expect(order).toEqual(['u1', 'b1', 'u2', 'b2', 'u3', 'b3', 'u4']);
  });

  it('takes urgent ones back to back when no bulk one waits', () => {
    const q = new UrgentFirst<number>();
    q.push(1, true);
    q.push(2, true);
    expect([q.shift(), q.shift()]).toEqual([1, 2]);
  });

  it('calls an export urgent by its body size', () => {
    expect(isUrgentExport(0)).toBe(true);
    expect(isUrgentExport(URGENT_EXPORT_BYTES)).toBe(true);
    expect(isUrgentExport(URGENT_EXPORT_BYTES + 1)).toBe(false);
  });
});
