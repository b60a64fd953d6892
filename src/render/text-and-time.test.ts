import { describe, expect, it } from 'vitest';
import { RecordingContext } from '../testing/fake-context.ts';
import { createRafScheduler } from './raf-scheduler.ts';
import { TextFitter } from './text-fit.ts';
import { SERVICE_COLOURS, serviceSlots, textColourOn } from './theme.ts';
import { formatDuration, formatTick } from './time-format.ts';
import { TickCache, timeTicks } from './time-ticks.ts';

describe('formatDuration', () => {
  it('keeps three significant digits in the largest unit, a space before it', () => {
    expect(formatDuration(0)).toBe('0 ns');
    expect(formatDuration(850)).toBe('850 ns');
    expect(formatDuration(999)).toBe('999 ns');
    expect(formatDuration(1_500)).toBe('1.5 µs');
    expect(formatDuration(12_345)).toBe('12.3 µs');
    expect(formatDuration(1_234_567)).toBe('1.23 ms');
    expect(formatDuration(123_456_789)).toBe('123 ms');
    expect(formatDuration(2_000_000_000)).toBe('2 s');
    expect(formatDuration(1_240_000_000)).toBe('1.24 s');
    expect(formatDuration(125e9)).toBe('2 min 5 s');
    expect(formatDuration(3725e9)).toBe('1 h 2 min');
    expect(formatDuration(3 * 3600e9 + 60e9)).toBe('3 h 1 min');
  });

  it('moves up a unit when rounding reaches the next one', () => {
    expect(formatDuration(999.6)).toBe('1 µs');
    expect(formatDuration(999_960)).toBe('1 ms');
    expect(formatDuration(999_960_000)).toBe('1 s');
    expect(formatDuration(59.996e9)).toBe('1 min 0 s');
    expect(formatDuration(3599.6e9)).toBe('1 h 0 min');
  });

  it('gives negatives a real minus, NaN and infinities a dash', () => {
    expect(formatDuration(-2_500)).toBe('−2.5 µs');
    expect(formatDuration(-125e9)).toBe('−2 min 5 s');
    expect(formatDuration(-0.2)).toBe('0 ns');
    expect(formatDuration(Number.NaN)).toBe('–');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('–');
    expect(formatDuration(Number.NEGATIVE_INFINITY)).toBe('–');
  });

  it('labels ticks with one unit and the precision of the step', () => {
    expect(formatTick(0, 5e5)).toBe('0 µs');
    expect(formatTick(1.5e6, 5e5)).toBe('1500 µs');
    expect(formatTick(2e6, 2e6)).toBe('2 ms');
    expect(formatTick(1e7, 5e6)).toBe('10 ms');
    expect(formatTick(1.5e9, 5e8)).toBe('1500 ms');
    expect(formatTick(3e9, 1e9)).toBe('3 s');
    expect(formatTick(2.5e5, 5e4)).toBe('250 µs');
    expect(formatTick(1.25e6, 2.5e5)).toBe('1250 µs');
    expect(formatTick(2.5e3, 5e2)).toBe('2500 ns');
    expect(formatTick(1.05e9, 5e7)).toBe('1050 ms');
    expect(formatTick(2.5e5, 2.5e4)).toBe('250 µs');
    expect(formatTick(-0.0001, 1e6)).toBe('0 ms');
    expect(formatTick(-2e6, 1e6)).toBe('−2 ms');
  });
});

describe('timeTicks', () => {
  it('gives round ticks about 90 px apart', () => {
    const t = timeTicks(0, 1e9, 900);
    expect(t.ns[0]).toBe(0);
    expect(t.stepNs).toBe(1e8);
    expect(t.labels.slice(0, 3)).toEqual(['0 ms', '100 ms', '200 ms']);
  });

  it('caches per window', () => {
    const c = new TickCache();
    const a = c.get(0, 1000, 500);
    expect(c.get(0, 1000, 500)).toBe(a);
    expect(c.get(0, 2000, 500)).not.toBe(a);
  });
});

describe('TextFitter', () => {
  const ctx = new RecordingContext(); // 6 px per character at 12 px
  it('returns text that fits, else a prefix with an ellipsis, else nothing', () => {
    const f = new TextFitter();
    expect(f.fit(ctx, 'checkout', 60)).toBe('checkout');
    expect(f.fit(ctx, 'checkout-service', 60)).toBe('checkout-…');
    expect(f.fit(ctx, 'checkout-service', 59)).toBe('checkout…');
    expect(f.fit(ctx, 'checkout', 3)).toBe('');
    expect(f.fit(ctx, 'checkout', 0)).toBe('');
  });

  it('measures a string once per font', () => {
    const f = new TextFitter();
    let measured = 0;
    const counting = {
      font: '12px x',
      measureText: (t: string) => {
        measured++;
        return { width: t.length * 6 };
      },
    };
    f.width(counting, 'abc');
    f.width(counting, 'abc');
    expect(measured).toBe(1);
    counting.font = '11px x';
    f.width(counting, 'abc');
    expect(measured).toBe(2);
  });
});

describe('raf scheduler', () => {
  it('draws once per burst of schedule() calls', () => {
    const callbacks: ((t: number) => void)[] = [];
    let draws = 0;
    const s = createRafScheduler(
      () => draws++,
      (cb) => callbacks.push(cb),
      () => {},
    );
    s.schedule();
    s.schedule();
    s.schedule();
    expect(callbacks).toHaveLength(1);
    callbacks[0](16);
    expect(draws).toBe(1);
    s.schedule();
    expect(callbacks).toHaveLength(2);
    s.flush();
    expect(draws).toBe(2);
    s.flush();
    expect(draws).toBe(2);
  });
});

describe('service colours', () => {
  it('gives the services of one trace distinct slots, stable across traces', () => {
    const strings = ['frontend', 'GET /', 'cart', 'checkout', 'payment', 'email', 'ad', 'db'];
    const services = [0, 2, 3, 4, 5, 6, 7];
    const slots = serviceSlots(strings, services, SERVICE_COLOURS.length);
    expect(new Set(services.map((i) => slots[i])).size).toBe(services.length);
    // The same services interned in another order get the same colours.
    const shuffled = ['db', 'ad', 'email', 'payment', 'checkout', 'cart', 'GET /', 'frontend'];
    const again = serviceSlots(shuffled, [0, 1, 2, 3, 4, 5, 7], SERVICE_COLOURS.length);
    for (const i of services) expect(again[shuffled.indexOf(strings[i])]).toBe(slots[i]);
  });

  it('picks readable text on light and dark bars', () => {
    expect(textColourOn('#4e79a7')).toBe('#ffffff');
    expect(textColourOn('#f1ce63')).toBe('#16191d');
  });
});
