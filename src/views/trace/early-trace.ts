/**
 * The trace of a `/trace/<id>` address starts loading before the app's code runs: the entry (boot.ts)
 * calls `openTraceEarly` first and only then runs the app's chunk, so the worker's start, the fetch and
 * the decoding overlap the app's start-up. The trace page's query takes the load over
 * (use-trace-handle.ts). This module stays light (no React) so the boot chunk does too.
 */
import { LOCAL_SOURCE } from '../../core/api/paths.ts';
import { parseRoute, parseTraceQuery } from '../../state/url.ts';
import type { LoadProgress } from '../../worker/protocol.ts';
import { openTrace, type TraceHandle } from '../../worker/trace-client.ts';
import { EarlySlot } from '../early-load.ts';

/** Where the early load's progress goes: kept until the page takes it over, then forwarded. */
interface ProgressRelay {
  progress: LoadProgress | null;
  /** The latest progress with a preview (later progress has none). */
  preview: LoadProgress | null;
  onProgress: ((p: LoadProgress) => void) | null;
}

const slot = new EarlySlot<TraceHandle>((h) => h.dispose());
let relay: ProgressRelay | null = null;

/** What a load is of: the same trace, source and skew setting share it. */
export function earlyTraceKey(traceId: string, source: string | null, adjustSkew: boolean): string {
  return JSON.stringify([traceId, source, adjustSkew]);
}

export function openTraceEarly(pathname: string, search: string, open: typeof openTrace = openTrace): void {
  const route = parseRoute(pathname);
  if (route.name !== 'trace') return;
  const { source, adjustSkew } = parseTraceQuery(search).state;
  const progressOf: ProgressRelay = { progress: null, preview: null, onProgress: null };
  const handle = open(
    { kind: 'store', traceId: route.traceId, sourceName: source ?? undefined },
    (p) => {
      progressOf.progress = p;
      if (p.preview) progressOf.preview = p;
      progressOf.onProgress?.(p);
    },
    {
      adjustClockSkew: adjustSkew,
      previews: true,
      // The app's chunk runs on this thread next (0.1–0.2 s): an answer received here would wait for
      // it before reaching the worker. The local store read the trace as the page was served
      // (server/http/trace-read-ahead.ts), so the worker, once started, gets it at once.
      requestFrom: !source || source === LOCAL_SOURCE ? 'worker' : 'page',
    },
  );
  relay = progressOf;
  slot.put(earlyTraceKey(route.traceId, source, adjustSkew), handle);
}

/**
 * The early load of this trace (once), reporting its progress to `onProgress` from now on; an
 * early load of another trace (the address changed before the page asked) is ended.
 */
export function takeEarlyTrace(
  key: string,
  onProgress: (p: LoadProgress) => void,
): Promise<TraceHandle> | null {
  const taken = slot.take(key);
  const progressOf = relay;
  relay = null;
  if (!taken || !progressOf) return taken;
  progressOf.onProgress = onProgress;
  if (progressOf.preview && progressOf.preview !== progressOf.progress) onProgress(progressOf.preview);
  if (progressOf.progress) onProgress(progressOf.progress);
  return taken;
}
