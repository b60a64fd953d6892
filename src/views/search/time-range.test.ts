import { describe, expect, it } from 'vitest';
import {
  brushedRange,
  describeRange,
  fromLocalInput,
  isoSecond,
  rangeChoiceOf,
  resolveRange,
  toLocalInput,
} from './time-range.ts';

const NOW = Date.parse('2026-11-23T12:00:00.500Z');

describe('time range', () => {
  it('tells any time, a preset and a range of its own apart', () => {
    expect(rangeChoiceOf(null, null)).toBe('any');
    expect(rangeChoiceOf('now-1h', null)).toBe('1h');
    expect(rangeChoiceOf('now-7d', 'now')).toBe('7d');
    expect(rangeChoiceOf('now-2h', null)).toBe('custom');
    expect(rangeChoiceOf('now-1h', '2026-11-23T11:00:00Z')).toBe('custom');
    expect(rangeChoiceOf(null, '2026-11-23T11:00:00Z')).toBe('custom');
  });

  it('resolves relative times at the moment of the run and keeps absolute ones', () => {
    expect(resolveRange('now-15m', null, NOW)).toEqual({ startMs: NOW - 900_000, endMs: null });
    expect(resolveRange('2026-11-23T10:00:00Z', 'now', NOW)).toEqual({
      startMs: Date.parse('2026-11-23T10:00:00Z'),
      endMs: NOW,
    });
    expect(resolveRange('1795000000', null, NOW).startMs).toBe(1_795_000_000_000);
  });

  it('turns a brushed span into whole seconds, in order, at least a second long', () => {
    const a = Date.parse('2026-11-23T10:00:05.700Z');
    const b = Date.parse('2026-11-23T10:03:00.200Z');
    expect(brushedRange(b, a)).toEqual({ start: '2026-11-23T10:00:05Z', end: '2026-11-23T10:03:01Z' });
    expect(brushedRange(a, a + 100)).toEqual({ start: '2026-11-23T10:00:05Z', end: '2026-11-23T10:00:06Z' });
    expect(brushedRange(a, a)).toEqual({ start: '2026-11-23T10:00:05Z', end: '2026-11-23T10:00:06Z' });
    expect(brushedRange(Number.NaN, a)).toBeNull();
    expect(isoSecond(a, 'up')).toBe('2026-11-23T10:00:06Z');
  });

  it('reads and writes the datetime inputs in local time', () => {
    const ms = new Date(2026, 10, 23, 9, 5, 7).getTime();
    expect(toLocalInput(ms)).toBe('2026-11-23T09:05:07');
    expect(fromLocalInput('2026-11-23T09:05:07')).toBe(ms);
    expect(fromLocalInput('2026-11-23T09:05')).toBe(ms - 7000);
    expect(fromLocalInput('2026-02-31T00:00')).toBeNull();
    expect(fromLocalInput('')).toBeNull();
  });

  it('describes the range in words', () => {
    expect(describeRange(null, null, NOW)).toBe('at any time');
    expect(describeRange('now-1h', null, NOW)).toBe('in the last hour');
    const a = new Date(2026, 10, 23, 10, 0, 0).getTime();
    const b = new Date(2026, 10, 23, 10, 30, 0).getTime();
    expect(describeRange(new Date(a).toISOString(), new Date(b).toISOString(), NOW)).toBe(
      'between 10:00:00 and 10:30:00 on 2026-11-23',
    );
    expect(describeRange(new Date(a).toISOString(), null, NOW)).toBe('since 2026-11-23 10:00:00');
  });
});
