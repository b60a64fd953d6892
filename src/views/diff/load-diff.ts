/**
 * Opens the two traces of a diff in one worker (both sessions of one TraceWorker, so that the diff
 * runs where they are) and diffs them there. A trace compared with itself is opened once. No React:
 * a diff address starts this before the app renders (early-diff.ts).
 *
 * The first answer leaves span attributes out, so that the view is drawn without waiting for every
 * span's details; up to core/diff's ATTRIBUTE_SPAN_LIMIT the view, once it has drawn that answer,
 * has the worker diff again comparing them (as `spanscope diff` does: `withAttributes`) and takes
 * that answer in when it comes.
 */
import { ATTRIBUTE_SPAN_LIMIT } from '../../core/diff/merge-tree.ts';
import { setLoadProgress } from '../../state/ui.ts';
import type { DiffSources } from '../../state/url.ts';
import type { DiffProgress, DiffResult, LoadProgress } from '../../worker/protocol.ts';
import { openTrace, type TraceHandle, TraceLoadError, TraceWorker } from '../../worker/trace-client.ts';
import { defaultWorker } from '../../worker/trace-worker-client.ts';

export interface DiffSession {
  readonly a: TraceHandle;
  readonly b: TraceHandle;
  /** The diff without span attributes (the first answer). */
  readonly result: DiffResult;
  /**
   * The diff comparing span attributes too (null: traces too big to compare them), asked of the
   * worker on the first call: the view calls it once the first answer is drawn, so that fetching
   * every span's details and diffing again never slows that drawing down.
   */
  readonly withAttributes: (() => Promise<DiffResult | null>) | null;
  /** A and B are one trace (compared with itself). */
  readonly same: boolean;
  /** Ends the worker and both traces. */
  dispose(): void;
}

export type Side = 'A' | 'B';

/** Opening one side failed: which one, and why (the worker's error). */
export class DiffOpenError extends Error {
  constructor(
    readonly side: Side,
    readonly reason: TraceLoadError | Error,
  ) {
    super(reason.message);
    this.name = 'DiffOpenError';
  }

  get notFound(): boolean {
    return this.reason instanceof TraceLoadError && this.reason.code === 'not-found';
  }

  get empty(): boolean {
    return this.reason instanceof TraceLoadError && this.reason.code === 'no-trace';
  }
}

export function diffQueryKey(a: string, b: string, sources: DiffSources) {
  return ['diff', sources.A ?? 'local', sources.B ?? 'local', a, b] as const;
}

/** Progress keys (ui.ts loadProgress) of each side's load and of the diff itself. */
export const progressKeyOf = (key: readonly unknown[], part: Side | 'diff') => `${key.join(':')}:${part}`;

/** Opens store traces in one new worker, each side's progress under its key; one failing ends it. */
export async function openInOneWorker(
  sides: readonly {
    readonly side: Side;
    readonly traceId: string;
    /** The store it is read from (null: the local store). */
    readonly source: string | null;
    readonly progressKey: string;
  }[],
  signal: AbortSignal,
): Promise<{ worker: TraceWorker; handles: TraceHandle[] }> {
  const worker = new TraceWorker(defaultWorker(), 'caller');
  const close = () => worker.close(new TraceLoadError({ code: 'aborted', message: 'loading was cancelled' }));
  signal.addEventListener('abort', close, { once: true });
  try {
    const handles = await Promise.all(
      sides.map(({ side, traceId, source, progressKey }) =>
        openTrace(
          { kind: 'store', traceId, sourceName: source ?? undefined },
          (p: LoadProgress) => setLoadProgress(progressKey, p),
          { worker },
        )
          .catch((e: Error) => {
            throw new DiffOpenError(side, e);
          })
          .finally(() => setLoadProgress(progressKey, null)),
      ),
    );
    return { worker, handles };
  } catch (e) {
    close();
    throw e;
  } finally {
    signal.removeEventListener('abort', close);
  }
}

export async function loadDiff(
  a: string,
  b: string,
  sources: DiffSources,
  signal: AbortSignal,
): Promise<DiffSession> {
  const key = diffQueryKey(a, b, sources);
  const same = a === b && sources.A === sources.B;
  const sides: Parameters<typeof openInOneWorker>[0][number][] = [
    { side: 'A', traceId: a, source: sources.A, progressKey: progressKeyOf(key, 'A') },
  ];
  if (!same) sides.push({ side: 'B', traceId: b, source: sources.B, progressKey: progressKeyOf(key, 'B') });
  const { worker, handles } = await openInOneWorker(sides, signal);
  const dispose = () => worker.close(new TraceLoadError({ code: 'aborted', message: 'the diff was closed' }));
  signal.addEventListener('abort', dispose, { once: true });
  const [ha, hb = ha] = handles;
  const diffKey = progressKeyOf(key, 'diff');
  try {
    const result = await hb.diffWith(
      ha,
      (p: DiffProgress) =>
        setLoadProgress(diffKey, {
          phase: p.phase,
          loadedBytes: 0,
          totalBytes: null,
          spanCount: p.spanCount,
        }),
      { attributes: false },
    );
    const small =
      ha.summary.spanCount <= ATTRIBUTE_SPAN_LIMIT && hb.summary.spanCount <= ATTRIBUTE_SPAN_LIMIT;
    let again: Promise<DiffResult | null> | null = null;
    const withAttributes =
      small && !same
        ? () => (again ??= hb.diffWith(ha, undefined, { attributes: true }).catch(() => null))
        : null;
    return { a: ha, b: hb, result, withAttributes, same, dispose };
  } catch (e) {
    dispose();
    throw e;
  } finally {
    signal.removeEventListener('abort', dispose);
    setLoadProgress(diffKey, null);
  }
}
