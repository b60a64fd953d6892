/**
 * The time range an external search asks its upstream for. Jaeger's api_v3 requires one and every
 * store bounds its scan by one, so a search without a start looks back DEFAULT_LOOKBACK_S from its
 * end (the local store's default retention); a search without an end ends now. `endS` is inclusive
 * at second precision, as the local store reads it.
 */
import type { SearchParams } from '../store/types.ts';

export const DEFAULT_LOOKBACK_S = 7 * 24 * 3600;

export interface SearchWindow {
  /** Unix ms, inclusive. */
  readonly startMs: number;
  /** Unix ms, exclusive. */
  readonly endMs: number;
}

const given = (s: number | undefined): s is number => s !== undefined && Number.isFinite(s);

export function searchWindow(params: SearchParams, nowMs: number = Date.now()): SearchWindow {
  const endMs = given(params.endS) ? (Math.floor(params.endS) + 1) * 1000 : nowMs;
  const startMs = given(params.startS) ? Math.floor(params.startS) * 1000 : endMs - DEFAULT_LOOKBACK_S * 1000;
  return { startMs: Math.max(0, Math.min(startMs, endMs - 1)), endMs };
}
