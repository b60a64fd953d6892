import { describe, expect, it, vi } from 'vitest';
import type { LoadProgress, TraceLocation } from '../../worker/protocol.ts';
import type { OpenOptions, TraceHandle } from '../../worker/trace-client.ts';
import { earlyTraceKey, openTraceEarly, takeEarlyTrace } from './early-trace.ts';

const ID = '0af7651916cd43dd8448eb211c80319c';

/** An openTrace stand-in: records its calls and lets the test resolve them. */
function fakeOpen() {
  const calls: { source: TraceLocation; options?: OpenOptions; progress?: (p: LoadProgress) => void }[] = [];
  const handle = { traceId: ID, dispose: vi.fn() } as unknown as TraceHandle;
  let resolve: (h: TraceHandle) => void = () => undefined;
  const open = (source: TraceLocation, progress?: (p: LoadProgress) => void, options?: OpenOptions) => {
    calls.push({ source, options, progress });
    return new Promise<TraceHandle>((r) => {
      resolve = r;
    });
  };
  return { open, calls, handle, resolve: () => resolve(handle) };
}

const fetching: LoadProgress = { phase: 'fetch', loadedBytes: 10, totalBytes: 100 };

describe('early trace load', () => {
  it('starts only on a trace address, with the source and skew setting of the query', () => {
    const f = fakeOpen();
    openTraceEarly('/search', '', f.open);
    openTraceEarly('/trace/not-hex', '', f.open);
    expect(f.calls).toHaveLength(0);
    openTraceEarly(`/trace/${ID.toUpperCase()}`, '?source=prod&skew=0', f.open);
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0].source).toEqual({ kind: 'store', traceId: ID, sourceName: 'prod' });
    expect(f.calls[0].options?.adjustClockSkew).toBe(false);
    expect(f.calls[0].options?.previews).toBe(true);
    // An external source is asked from the page at once; the local store (read ahead) by the worker.
    expect(f.calls[0].options?.requestFrom).toBe('page');
    expect(takeEarlyTrace(earlyTraceKey(ID, 'prod', false), () => undefined)).not.toBeNull();
    for (const query of ['', '?source=local']) openTraceEarly(`/trace/${ID}`, query, f.open);
    expect(f.calls.slice(1).map((c) => c.options?.requestFrom)).toEqual(['worker', 'worker']);
  });

  it('hands the load to the page once, with the progress so far and from then on', async () => {
    const f = fakeOpen();
    openTraceEarly(`/trace/${ID}`, '', f.open);
    f.calls[0].progress?.(fetching);
    const seen: LoadProgress[] = [];
    const taken = takeEarlyTrace(earlyTraceKey(ID, null, true), (p) => seen.push(p));
    expect(seen).toEqual([fetching]);
    f.calls[0].progress?.({ ...fetching, phase: 'decode' });
    expect(seen.map((p) => p.phase)).toEqual(['fetch', 'decode']);
    f.resolve();
    expect(await taken).toBe(f.handle);
    expect(takeEarlyTrace(earlyTraceKey(ID, null, true), () => undefined)).toBeNull();
  });

  it('hands over the latest preview too, though progress came after it', () => {
    const f = fakeOpen();
    openTraceEarly(`/trace/${ID}`, '', f.open);
    const preview = { ...fetching, preview: {} as NonNullable<LoadProgress['preview']> };
    f.calls[0].progress?.(preview);
    f.calls[0].progress?.(fetching);
    const seen: LoadProgress[] = [];
    takeEarlyTrace(earlyTraceKey(ID, null, true), (p) => seen.push(p));
    expect(seen).toEqual([preview, fetching]);
  });

  it('ends the early load when the page asks for another trace', async () => {
    const f = fakeOpen();
    openTraceEarly(`/trace/${ID}`, '', f.open);
    expect(takeEarlyTrace(earlyTraceKey(ID, null, false), () => undefined)).toBeNull();
    f.resolve();
    await vi.waitFor(() => expect(f.handle.dispose).toHaveBeenCalled());
  });
});
