import { describe, expect, it } from 'vitest';
import { rerunSearch, searchRunAt, useSearchRuns } from './search-runs.ts';

describe('search runs', () => {
  it('keeps the moment a search address first ran until it runs again', () => {
    expect(searchRunAt('/search?q=a', 1000)).toBe(1000);
    expect(searchRunAt('/search?q=a', 5000)).toBe(1000);
    expect(searchRunAt('/search?q=b', 5000)).toBe(5000);
    const before = useSearchRuns.getState().version;
    rerunSearch('/search?q=a', 7000);
    expect(useSearchRuns.getState().version).toBe(before + 1);
    expect(searchRunAt('/search?q=a', 9000)).toBe(7000);
    // Run again within the same millisecond: still a new moment (a new request).
    rerunSearch('/search?q=a', 7000);
    expect(searchRunAt('/search?q=a')).toBe(7001);
  });
});
