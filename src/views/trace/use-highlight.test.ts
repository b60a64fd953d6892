import { describe, expect, it } from 'vitest';
import { intersectSorted, mergeHighlight } from './use-highlight.ts';

const u = (...n: number[]) => Uint32Array.from(n);

describe('mergeHighlight', () => {
  it('find alone: its matches, dimmed while there is find text', () => {
    expect(mergeHighlight(u(1, 4), true, null)).toEqual({ highlight: u(1, 4), dimOthers: true });
    expect(mergeHighlight(null, false, null)).toEqual({ highlight: null, dimOthers: false });
  });

  it('a group alone: its nodes, the rest dimmed', () => {
    expect(mergeHighlight(null, false, u(2, 3))).toEqual({ highlight: u(2, 3), dimOthers: true });
  });

  it("both: the group's spans that find matches; none while find is still working", () => {
    expect(mergeHighlight(u(1, 3, 5, 9), true, u(0, 3, 4, 9, 12))).toEqual({
      highlight: u(3, 9),
      dimOthers: true,
    });
    expect(mergeHighlight(null, true, u(3))).toEqual({ highlight: null, dimOthers: true });
  });

  it('intersects ascending lists of any length', () => {
    expect(intersectSorted(u(), u(1))).toEqual(u());
    expect(intersectSorted(u(1, 2, 3), u(1, 2, 3))).toEqual(u(1, 2, 3));
    const big = Uint32Array.from({ length: 100_000 }, (_, i) => i * 2);
    const odd = Uint32Array.from({ length: 100_000 }, (_, i) => i * 3);
    expect(intersectSorted(big, odd)).toEqual(Uint32Array.from({ length: 33_334 }, (_, i) => i * 6));
  });
});
