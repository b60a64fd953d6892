/**
 * A store trace opened in the worker, given its answer: the store's columnar stream read as it
 * arrives (with previews of the spans in so far when the listener draws them), any other answer read
 * whole and decoded by its format; then its session (the tree) and its laid-out columns, with the
 * time of each phase (ms). No session id: the open that asked, or that took an early open over
 * (early-open.ts), keeps it.
 */
import { type DecodedSource, decodeSource } from './decode-source.ts';
import { DetailLoader, storeDetailSource } from './detail-loader.ts';
import type { OpenListener } from './early-open.ts';
import type { OpenedTrace } from './protocol.ts';
import { readResponse } from './read-bytes.ts';
import { readIfColumnarStream } from './read-columnar-stream.ts';
import { StreamPreview } from './stream-preview.ts';
import { TraceSession } from './trace-session.ts';

export interface OpenedStoreTrace {
  readonly session: TraceSession;
  /** Its columns, with `timingsMs` of the phases (stream or fetch, decode, tree, layout, preview). */
  readonly opened: OpenedTrace;
}

export async function openStoreTrace(
  answer: Promise<Response>,
  url: string,
  traceId: string | undefined,
  adjustClockSkew: boolean,
  listener: OpenListener,
): Promise<OpenedStoreTrace> {
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (phase: string) => {
    const now = performance.now();
    timingsMs[phase] = now - t;
    t = now;
  };
  const progress = (p: Parameters<OpenListener['progress']>[0]) => listener.progress(p);
  const preview = new StreamPreview((table, s) => {
    const trace = new TraceSession(table, [table.traceId], adjustClockSkew).opened();
    progress({
      phase: 'fetch',
      loadedBytes: Math.min(s.receivedBytes, s.totalBytes ?? s.receivedBytes),
      totalBytes: s.totalBytes,
      spanCount: table.count,
      preview: { trace, receivedSpans: table.count, totalSpans: s.count ?? table.count },
    });
  });
  const res = await answer;
  const reading = readIfColumnarStream(res, {
    progress,
    piece: (s) => preview.offer(s, listener.previews),
  });
  let decoded: DecodedSource;
  let total: number;
  if (reading) {
    // The time to its last byte (previews included), then the final checks.
    const stream = await reading;
    lap('stream');
    if (preview.spentMs > 0) timingsMs.preview = preview.spentMs;
    total = stream.totalBytes ?? 0;
    progress({ phase: 'decode', loadedBytes: total, totalBytes: total });
    const { table, deferred } = stream.decode();
    decoded = { table, traceIds: [table.traceId], deferred };
  } else {
    const { bytes, contentType } = await readResponse(res, url, progress);
    total = bytes.length;
    lap('fetch');
    progress({ phase: 'decode', loadedBytes: total, totalBytes: total });
    decoded = await decodeSource(bytes, contentType, traceId);
  }
  lap('decode');
  progress({ phase: 'tree', loadedBytes: total, totalBytes: total, spanCount: decoded.table.count });
  const loader = decoded.deferred ? new DetailLoader(decoded.deferred, storeDetailSource(url)) : null;
  const session = new TraceSession(decoded.table, decoded.traceIds, adjustClockSkew, loader);
  lap('tree');
  progress({ phase: 'layout', loadedBytes: total, totalBytes: total, spanCount: decoded.table.count });
  const opened = session.opened(timingsMs);
  lap('layout');
  return { session, opened };
}
