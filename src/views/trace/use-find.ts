/**
 * Find in trace: the worker's matches for the URL's find text (debounced while typing), and the
 * position of a node among them.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { lowerBound } from '../../core/layout/binary-search.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import { handleSerial } from './use-trace-handle.ts';

const TYPING_DELAY_MS = 120;

function useDebounced<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(t);
  }, [value, delayMs]);
  return settled;
}

export interface FindResult {
  /** Matching nodes (ascending pre-order), or null when there is no find text or it failed. */
  readonly matches: Uint32Array | null;
  /** Why the text found nothing: a TraceQL query that does not compile (its message names where). */
  readonly problem: string | null;
}

export function useFindMatches(handle: TraceHandle, text: string): FindResult {
  const settled = useDebounced(text.trim(), TYPING_DELAY_MS);
  const query = useQuery({
    queryKey: ['find', handleSerial(handle), settled],
    queryFn: () => handle.find(settled),
    // A preview (handle.loading) finds nothing: find runs on the complete trace.
    enabled: settled !== '' && !handle.loading,
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30_000,
    retry: false,
  });
  if (!text.trim()) return { matches: null, problem: null };
  if (query.error) return { matches: null, problem: query.error.message };
  return { matches: query.data ?? null, problem: null };
}

/** The match after (or before) `node`, wrapping around; -1 when there are none. */
export function stepMatch(matches: Uint32Array, node: number, direction: 1 | -1): number {
  if (matches.length === 0) return -1;
  if (direction === 1) {
    const i = lowerBound(matches, node + 1);
    return matches[i < matches.length ? i : 0];
  }
  const i = lowerBound(matches, node) - 1;
  return matches[i >= 0 ? i : matches.length - 1];
}

/** 0-based position of `node` among the matches, or -1. */
export function matchIndex(matches: Uint32Array, node: number): number {
  const i = lowerBound(matches, node);
  return i < matches.length && matches[i] === node ? i : -1;
}
