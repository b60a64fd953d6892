/**
 * The last queries run (newest first, at most 50, each once), kept in localStorage beside the
 * preferences: ↑ in the query editor and its history menu read them.
 */
import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { MAX_QUERY_CHARS } from './view-states.ts';

export const MAX_HISTORY = 50;

export interface QueryHistory {
  readonly entries: readonly string[];
}

/** `entries` with `text` (trimmed) moved or added to the front, capped; empty text changes nothing. */
export function withQuery(entries: readonly string[], text: string): readonly string[] {
  const q = text.trim();
  if (!q || q.length > MAX_QUERY_CHARS) return entries;
  if (entries[0] === q) return entries;
  return [q, ...entries.filter((e) => e !== q)].slice(0, MAX_HISTORY);
}

/** What a stored value holds that is usable: distinct non-empty strings, newest first, capped. */
export function validEntries(stored: unknown): readonly string[] {
  const list = Array.isArray(stored) ? stored : [];
  const out: string[] = [];
  for (const e of list) {
    if (typeof e !== 'string' || !e.trim() || e.length > MAX_QUERY_CHARS || out.includes(e)) continue;
    out.push(e);
    if (out.length === MAX_HISTORY) break;
  }
  return out;
}

/**
 * One step through the history from the editor: `index` -1 is the text being typed, 0 the newest
 * entry. Returns the next index, or the same one at either end.
 */
export function historyStep(length: number, index: number, direction: 'older' | 'newer'): number {
  if (direction === 'older') return Math.min(index + 1, length - 1);
  return Math.max(index - 1, -1);
}

export const useQueryHistory = create<QueryHistory>()(
  persist((): QueryHistory => ({ entries: [] }), {
    name: 'spanscope.query-history',
    version: 1,
    storage: createJSONStorage(() => localStorage),
    merge: (stored, current) => ({
      ...current,
      entries: validEntries((stored as Partial<QueryHistory> | undefined)?.entries),
    }),
  }),
);

export function recordQuery(text: string): void {
  useQueryHistory.setState((s) => ({ entries: withQuery(s.entries, text) }));
}

export function clearQueryHistory(): void {
  useQueryHistory.setState({ entries: [] });
}
