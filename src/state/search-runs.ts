/**
 * When each search address was run. A search's relative times (`now-1h`) are resolved at that
 * moment, and it is part of the answer's cache key: going back to an earlier search shows its
 * answer as it was, while running it again (the same address) resolves the times anew and asks the
 * store again. UI-only state: it does not survive a reload, where "now" is the reload.
 */
import { create } from 'zustand';

const MAX_REMEMBERED = 200;
const ranAt = new Map<string, number>();

/** Bumped by `rerunSearch`, so the page reads a new time for the same address. */
export const useSearchRuns = create<{ readonly version: number }>(() => ({ version: 0 }));

/** The moment the search at `key` (pathname + search) was run; the first call is its run. */
export function searchRunAt(key: string, nowMs = Date.now()): number {
  let at = ranAt.get(key);
  if (at === undefined) {
    at = nowMs;
    ranAt.set(key, at);
    if (ranAt.size > MAX_REMEMBERED) ranAt.delete(ranAt.keys().next().value as string);
  }
  return at;
}

/** Runs the search at `key` again: a new moment, and subscribers re-read it. */
export function rerunSearch(key: string, nowMs = Date.now()): void {
  const before = ranAt.get(key) ?? 0;
  ranAt.delete(key);
  // A different moment even within the same millisecond: it is a new cache key, so a new request.
  ranAt.set(key, Math.max(nowMs, before + 1));
  useSearchRuns.setState((s) => ({ version: s.version + 1 }));
}
