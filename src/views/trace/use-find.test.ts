import { describe, expect, it } from 'vitest';
import { matchIndex, stepMatch } from './use-find.ts';

describe('find navigation', () => {
  const m = Uint32Array.from([3, 7, 20]);

  it('steps forward and back from any node, wrapping around', () => {
    expect(stepMatch(m, -1, 1)).toBe(3);
    expect(stepMatch(m, 3, 1)).toBe(7);
    expect(stepMatch(m, 5, 1)).toBe(7);
    expect(stepMatch(m, 20, 1)).toBe(3);
    expect(stepMatch(m, 7, -1)).toBe(3);
    expect(stepMatch(m, 8, -1)).toBe(7);
    expect(stepMatch(m, 3, -1)).toBe(20);
    expect(stepMatch(m, -1, -1)).toBe(20);
    expect(stepMatch(new Uint32Array(0), 5, 1)).toBe(-1);
  });

  it('knows where a node is among the matches', () => {
    expect(matchIndex(m, 7)).toBe(1);
    expect(matchIndex(m, 8)).toBe(-1);
    expect(matchIndex(m, 99)).toBe(-1);
  });
});
