import { describe, expect, it } from 'vitest';
import {
  formatAbsoluteNs,
  formatBytes,
  formatCount,
  formatDurationMs,
  formatRelative,
  plural,
} from './format.ts';

describe('format', () => {
  it('durations in ms from the search API: the render formatter, a dash when absent', () => {
    expect(formatDurationMs(557)).toBe('557 ms');
    expect(formatDurationMs(0.0125)).toBe('12.5 µs');
    expect(formatDurationMs(125_000)).toBe('2 min 5 s');
    expect(formatDurationMs(null)).toBe('–');
  });

  it('relative times', () => {
    const now = 1_000_000_000_000;
    expect(formatRelative(now - 200, now)).toBe('just now');
    expect(formatRelative(now - 12_000, now)).toBe('12 s ago');
    expect(formatRelative(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(formatRelative(now - 3 * 3600_000, now)).toBe('3 h ago');
    expect(formatRelative(now - 49 * 3600_000, now)).toBe('2 d ago');
    expect(formatRelative(now + 3_000, now)).toBe('in 3 s');
  });

  it('absolute ns timestamps keep the µs', () => {
    const text = formatAbsoluteNs(1694718625557123456n);
    expect(text).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.557123$/);
  });

  it('counts and sizes', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
    for (const n of [0, 7, 999, 1000, -1000, 100_000, 9_007_199_254_740_991, 1.5])
      expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    expect(formatCount(null)).toBe('–');
    expect(plural(1, 'span')).toBe('1 span');
    expect(plural(2000, 'span')).toBe('2,000 spans');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3 GiB');
  });
});
