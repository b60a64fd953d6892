import { describe, expect, it, vi } from 'vitest';
import { openDiffEarly, takeEarlyDiff } from './early-diff.ts';
import type { DiffSession, loadDiff } from './load-diff.ts';

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A loadDiff stand-in: records its calls and lets the test resolve them. */
function fakeLoad() {
  const calls: { a: string; b: string; source: string | null }[] = [];
  const session = { dispose: vi.fn() } as unknown as DiffSession;
  let resolve: (s: DiffSession) => void = () => undefined;
  const load: typeof loadDiff = (a, b, source) => {
    calls.push({ a, b, source });
    return new Promise<DiffSession>((r) => {
      resolve = r;
    });
  };
  return { load, calls, session, resolve: () => resolve(session) };
}

describe('early diff load', () => {
  it('starts only on a diff address (not the typical one), with canonical ids and the source', async () => {
    const f = fakeLoad();
    openDiffEarly(`/trace/${A}`, '', f.load);
    openDiffEarly(`/diff/typical/${B}`, '', f.load);
    openDiffEarly(`/diff/${A}/not-hex`, '', f.load);
    expect(f.calls).toHaveLength(0);
    openDiffEarly(`/diff/${A.toUpperCase()}/${B}`, '?source=prod&mode=merged', f.load);
    expect(f.calls).toEqual([{ a: A, b: B, source: 'prod' }]);
    const taken = takeEarlyDiff(A, B, 'prod');
    expect(taken).not.toBeNull();
    f.resolve();
    expect(await taken).toBe(f.session);
    expect(takeEarlyDiff(A, B, 'prod')).toBeNull();
  });

  it('ends the early diff when the page asks for other traces', async () => {
    const f = fakeLoad();
    openDiffEarly(`/diff/${A}/${B}`, '', f.load);
    expect(takeEarlyDiff(B, A, null)).toBeNull();
    f.resolve();
    await vi.waitFor(() => expect(f.session.dispose).toHaveBeenCalled());
  });
});
