/**
 * Pins and the store's status through react-query: the pins list, one trace's pin (the trace page's
 * "pinned snapshot" line: a cheap lookup in a small table), pin and unpin (which refresh both, and the status), and
 * `/api/status` for the footer. Only the local store pins: an external source has none.
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { MAX_NOTE_CHARS, type PinInfo, type StoreStatus } from '../core/api/store-status.ts';
import { ApiError, getJson, request } from './api-client.ts';

export { MAX_NOTE_CHARS, type PinInfo, type StoreStatus };

const PINS_KEY = ['pins'] as const;
const pinKey = (traceId: string) => ['pins', traceId] as const;
const STATUS_KEY = ['status'] as const;

/** Every pin, most recently pinned first. */
export function usePins() {
  return useQuery({
    queryKey: PINS_KEY,
    queryFn: async ({ signal }) => (await getJson<{ pins: PinInfo[] }>('/api/pins', signal)).pins,
  });
}

/** The trace's pin; null when it is not pinned (or the store has no pins API: a static deployment). */
export function usePin(traceId: string, enabled = true) {
  return useQuery({
    queryKey: pinKey(traceId),
    enabled,
    queryFn: async ({ signal }): Promise<PinInfo | null> => {
      try {
        return await getJson<PinInfo>(`/api/pins/${traceId}`, signal);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 405)) return null;
        throw e;
      }
    },
  });
}

/** The pins list and every trace's pin (keys under PINS_KEY), and the footer's pinned count. */
async function refreshPins(client: QueryClient): Promise<void> {
  await Promise.all([
    client.invalidateQueries({ queryKey: PINS_KEY }),
    client.invalidateQueries({ queryKey: STATUS_KEY }),
  ]);
}

/** Pins a trace (a pinned one takes the new note); the app says who pinned: 'app'. */
export function usePinTrace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async ({ traceId, note }: { traceId: string; note: string }): Promise<PinInfo> => {
      const res = await request('/api/pins', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ traceId, note, by: 'app' }),
      });
      return (await res.json()) as PinInfo;
    },
    onSuccess: () => refreshPins(client),
  });
}

export function useUnpinTrace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (traceId: string) => {
      await request(`/api/pins/${traceId}`, { method: 'DELETE' });
    },
    onSettled: () => refreshPins(client),
  });
}

/** `/api/status`, refreshed every 10 s while shown; null where the server has none (a static deployment). */
export function useStoreStatus() {
  return useQuery({
    queryKey: STATUS_KEY,
    queryFn: async ({ signal }): Promise<StoreStatus | null> => {
      try {
        return await getJson<StoreStatus>('/api/status', signal);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      }
    },
    refetchInterval: 10_000,
  });
}
