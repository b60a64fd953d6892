import { describe, expect, it } from 'vitest';
import { keyAction, wheelPixels, wheelZoomFactor } from './keyboard.ts';

const key = (k: string, mods: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean }> = {}) =>
  keyAction({ key: k, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe('waterfall keys (DESIGN §8)', () => {
  it('moves with arrows and j/k, collapses and expands with ←/→', () => {
    expect(key('ArrowDown')).toEqual({ kind: 'move', rows: 1 });
    expect(key('j')).toEqual({ kind: 'move', rows: 1 });
    expect(key('ArrowUp')).toEqual({ kind: 'move', rows: -1 });
    expect(key('k')).toEqual({ kind: 'move', rows: -1 });
    expect(key('ArrowLeft')).toEqual({ kind: 'collapse-or-parent' });
    expect(key('ArrowRight')).toEqual({ kind: 'expand-or-child' });
  });

  it('opens details with Enter, focuses find with /, clears with Esc', () => {
    expect(key('Enter')).toEqual({ kind: 'open-details' });
    expect(key('/')).toEqual({ kind: 'focus-find' });
    expect(key('Escape')).toEqual({ kind: 'clear' });
  });

  it('leaves browser and app shortcuts with modifiers alone', () => {
    expect(key('ArrowDown', { ctrlKey: true })).toBeNull();
    expect(key('k', { metaKey: true })).toBeNull();
    expect(key('x')).toBeNull();
  });
});

describe('wheel', () => {
  it('turns lines and pages into pixels', () => {
    expect(wheelPixels(3, 1, 24, 600)).toBe(72);
    expect(wheelPixels(1, 2, 24, 600)).toBe(600);
    expect(wheelPixels(100, 0, 24, 600)).toBe(100);
  });

  it('zooms in for an upward wheel and symmetrically out, bounded per event', () => {
    expect(wheelZoomFactor(-100)).toBeLessThan(1);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1, 12);
    expect(wheelZoomFactor(100_000)).toBe(wheelZoomFactor(300));
  });
});
