/**
 * Opens a trace in its own worker through react-query, so that the handle is cached, shared and
 * disposed (app.tsx ends the worker when the query is dropped). The trace itself stays in the
 * worker and the handle's typed arrays; React only holds the handle. A trace the store streams is
 * drawn from previews (the query's data while it still loads) until the complete trace comes. A trace of local files opens
 * from the spans their worker decoded, and moves to its store key once the store has it.
 */
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { setLoadProgress, showToast } from '../../state/ui.ts';
import type { LoadProgress } from '../../worker/protocol.ts';
import { openTrace, previewHandle, type TraceHandle } from '../../worker/trace-client.ts';
import { openFileTrace } from '../import/open-files.ts';
import { earlyTraceKey, takeEarlyTrace } from './early-trace.ts';

/** Where a trace page's trace comes from: a store (local or a named source), or files opened in this page. */
export type TraceOrigin = { readonly source: string | null } | { readonly fileKey: string };

function originName(origin: TraceOrigin): string {
  return 'fileKey' in origin ? `file:${origin.fileKey}` : (origin.source ?? 'local');
}

const keyOf = (origin: string, traceId: string) => ['trace', origin, traceId] as const;

export function traceQueryKey(traceId: string, origin: TraceOrigin) {
  return keyOf(originName(origin), traceId);
}

export function progressKey(traceId: string, origin: TraceOrigin): string {
  return `${originName(origin)}:${traceId}`;
}

/** Handles handed from a local file's key to the store's: the file's query lets them live on. */
const handedOver = new WeakSet<TraceHandle>();

/**
 * The store has the trace of local files: its store key gets the same handle (same worker, same
 * layout), so the page at `/trace/<id>` shows it without loading or drawing it again.
 */
export function handOverToStore(client: QueryClient, handle: TraceHandle): void {
  handedOver.add(handle);
  client.setQueryData(traceQueryKey(handle.traceId, { source: null }), handle);
}

/** Whether a dropped query's handle lives on under another key (not to be disposed with it). */
export function isHandedOver(handle: unknown): boolean {
  return handedOver.has(handle as TraceHandle);
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

function load(
  client: QueryClient,
  traceId: string,
  origin: TraceOrigin,
  adjustSkew: boolean,
  signal: AbortSignal,
) {
  const pKey = progressKey(traceId, origin);
  // A preview is drawn until the load resolves with the complete trace (which replaces it) or fails.
  // Once one is, the progress bar is gone: updating it would only restart the deferred render that
  // mounts the preview's workspace (trace-page.tsx), an update at every MiB of the stream.
  let previewed = false;
  const onProgress = ({ preview, ...p }: LoadProgress) => {
    if (preview && !signal.aborted) {
      previewed = true;
      client.setQueryData(traceQueryKey(traceId, origin), previewHandle(preview));
    }
    if (!previewed) setLoadProgress(pKey, p);
  };
  const handle =
    'fileKey' in origin
      ? openFileTrace(origin.fileKey, traceId, adjustSkew, onProgress)
      : fromStore(traceId, origin.source, adjustSkew, signal, onProgress);
  return handle.finally(() => setLoadProgress(pKey, null));
}

function fromStore(
  traceId: string,
  source: string | null,
  adjustSkew: boolean,
  signal: AbortSignal,
  onProgress: (p: LoadProgress) => void,
): Promise<TraceHandle> {
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
  return (
    early ??
    openTrace({ kind: 'store', traceId, sourceName: source ?? undefined }, onProgress, {
      signal,
      adjustClockSkew: adjustSkew,
      previews: true,
    })
  );
}

export function useTraceHandle(traceId: string, origin: TraceOrigin, adjustSkew: boolean) {
  const client = useQueryClient();
  const from = originName(origin);
  const query = useQuery({
    queryKey: keyOf(from, traceId),
    queryFn: ({ signal }) => load(client, traceId, origin, adjustSkew, signal),
    // A handle is kept as it is (its identity names its worker session), never merged with the last.
    structuralSharing: false,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
  });

  // The skew toggle re-lays out the open trace in its worker instead of loading it again.
  const handle = query.data;
  useEffect(() => {
    if (!handle || handle.loading || handle.clockSkewAdjusted === adjustSkew) return;
    let cancelled = false;
    handle
      .setClockSkew(adjustSkew)
      .then((next) => {
        if (!cancelled) client.setQueryData(keyOf(from, traceId), next);
      })
      .catch((e: Error) => showToast(`Could not change the clock-skew adjustment: ${e.message}`, 'error'));
    return () => {
      cancelled = true;
    };
  }, [handle, adjustSkew, client, from, traceId]);

  return query;
}
