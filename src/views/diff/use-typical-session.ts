/**
 * The typical-trace comparison's data (DESIGN §6): B opened in a worker of its own, the last n traces
 * of its root service and operation found in the store (B left out) and opened in the same worker,
 * B compared with them there; the baselines are released once compared (B stays for the view). In
 * react-query like the diff: the worker ends when the page goes.
 */
import { useQuery } from '@tanstack/react-query';
import { rootNode } from '../../core/layout/trace-columns.ts';
import type { TraceRow } from '../../data/api-types.ts';
import { sameRootTraces } from '../../data/same-root-traces.ts';
import { setLoadProgress } from '../../state/ui.ts';
import type { DiffProgress, TypicalResult } from '../../worker/protocol.ts';
import { openTrace, type TraceHandle, TraceLoadError } from '../../worker/trace-client.ts';
import { DiffOpenError, openInOneWorker, progressKeyOf } from './load-diff.ts';

/** Baselines opened at once (their downloads overlap; the worker decodes one at a time). */
const OPEN_CONCURRENCY = 4;

export interface TypicalSession {
  readonly b: TraceHandle;
  readonly result: TypicalResult;
  /** The baseline traces compared (newest first). */
  readonly baselines: readonly TraceRow[];
  /** Baselines found but not opened (gone from the store since, or unreadable). */
  readonly skipped: number;
  /** How the baselines were found (a TraceQL search, or the recent traces filtered by root). */
  readonly foundBy: 'traceql' | 'recent';
  readonly rootService: string;
  readonly rootName: string;
  dispose(): void;
}

export function typicalQueryKey(b: string, n: number, source: string | null) {
  return ['typical', source ?? 'local', b, n] as const;
}

async function loadTypical(bId: string, n: number, source: string | null, signal: AbortSignal) {
  const key = typicalQueryKey(bId, n, source);
  const { worker, handles } = await openInOneWorker(
    [{ side: 'B', traceId: bId, source, progressKey: progressKeyOf(key, 'B') }],
    signal,
  );
  const dispose = () =>
    worker.close(new TraceLoadError({ code: 'aborted', message: 'the comparison was closed' }));
  signal.addEventListener('abort', dispose, { once: true });
  const progress = progressKeyOf(key, 'diff');
  const say = (phase: string, spanCount?: number) =>
    setLoadProgress(progress, { phase, loadedBytes: 0, totalBytes: null, spanCount });
  try {
    const b = handles[0];
    const root = rootNode(b.columns);
    if (root < 0)
      throw new DiffOpenError(
        'B',
        new TraceLoadError({ code: 'no-trace', message: 'the trace has no spans' }),
      );
    const rootService = b.columns.strings[b.columns.service[root]];
    const rootName = b.columns.strings[b.columns.name[root]];
    say('Finding the last traces of this operation');
    const found = await sameRootTraces({ source, rootService, rootName, limit: n, exclude: bId, signal });
    const opened: { row: TraceRow; handle: TraceHandle }[] = [];
    let next = 0;
    let done = 0;
    const openNext = async (): Promise<void> => {
      while (next < found.rows.length) {
        const row = found.rows[next++];
        try {
          const handle = await openTrace(
            { kind: 'store', traceId: row.traceId, sourceName: source ?? undefined },
            undefined,
            { worker },
          );
          opened.push({ row, handle });
        } catch (e) {
          if (signal.aborted) throw e;
        }
        say(`Opened ${++done} of ${found.rows.length} baseline traces`);
      }
    };
    await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, openNext));
    // Newest first, as found.
    opened.sort((x, y) => found.rows.indexOf(x.row) - found.rows.indexOf(y.row));
    const result = await b.compareWithTypical(
      opened.map((o) => o.handle),
      (p: DiffProgress) => say(p.phase, p.spanCount),
    );
    for (const o of opened) o.handle.dispose();
    return {
      b,
      result,
      baselines: opened.map((o) => o.row),
      skipped: found.rows.length - opened.length,
      foundBy: found.by,
      rootService,
      rootName,
      dispose,
    } satisfies TypicalSession;
  } catch (e) {
    dispose();
    throw e;
  } finally {
    signal.removeEventListener('abort', dispose);
    setLoadProgress(progress, null);
  }
}

export function useTypicalSession(b: string, n: number, source: string | null) {
  return useQuery({
    queryKey: typicalQueryKey(b, n, source),
    queryFn: ({ signal }): Promise<TypicalSession> => loadTypical(b, n, source, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
}
