/**
 * Opens a trace in its own worker through react-query, so that the handle is cached, shared and
 * disposed (app.tsx ends the worker when the query is dropped). The trace itself stays in the
 * worker and the handle's typed arrays; React only holds the handle.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { setLoadProgress, showToast } from '../../state/ui.ts';
import type { LoadProgress } from '../../worker/protocol.ts';
import { openTrace, type TraceHandle } from '../../worker/trace-client.ts';
import { earlyTraceKey, takeEarlyTrace } from './early-trace.ts';

export function traceQueryKey(traceId: string, source: string | null) {
  return ['trace', source ?? 'local', traceId] as const;
}

export function progressKey(traceId: string, source: string | null): string {
  return `${source ?? 'local'}:${traceId}`;
}

let nextHandleSerial = 1;
const handleSerials = new WeakMap<TraceHandle, number>();

/** A number per handle: node indices are only meaningful within one layout, so cache keys include it. */
export function handleSerial(handle: TraceHandle): number {
  let n = handleSerials.get(handle);
  if (n === undefined) {
    n = nextHandleSerial++;
    handleSerials.set(handle, n);
  }
  return n;
}

function load(traceId: string, source: string | null, adjustSkew: boolean, signal: AbortSignal) {
  const pKey = progressKey(traceId, source);
  const onProgress = (p: LoadProgress) => setLoadProgress(pKey, p);
  const early = takeEarlyTrace(earlyTraceKey(traceId, source, adjustSkew), onProgress);
  if (early)
    signal.addEventListener(
      'abort',
      () =>
        early.then(
          (h) => h.dispose(),
          () => undefined,
        ),
      { once: true },
    );
  const handle =
    early ??
    openTrace({ kind: 'store', traceId, sourceName: source ?? undefined }, onProgress, {
      signal,
      adjustClockSkew: adjustSkew,
    });
  return handle.finally(() => setLoadProgress(pKey, null));
}

export function useTraceHandle(traceId: string, source: string | null, adjustSkew: boolean) {
  const client = useQueryClient();
  const key = traceQueryKey(traceId, source);
  const query = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => load(traceId, source, adjustSkew, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
  });

  // The skew toggle re-lays out the open trace in its worker instead of loading it again.
  const handle = query.data;
  useEffect(() => {
    if (!handle || handle.clockSkewAdjusted === adjustSkew) return;
    let cancelled = false;
    handle
      .setClockSkew(adjustSkew)
      .then((next) => {
        if (!cancelled) client.setQueryData(traceQueryKey(traceId, source), next);
      })
      .catch((e: Error) => showToast(`Could not change the clock-skew adjustment: ${e.message}`, 'error'));
    return () => {
      cancelled = true;
    };
  }, [handle, adjustSkew, client, traceId, source]);

  return query;
}
