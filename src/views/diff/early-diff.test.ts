import { describe, expect, it, vi } from 'vitest';
import type { DiffSources } from '../../state/url.ts';
import { openDiffEarly, takeEarlyDiff } from './early-diff.ts';
import type { DiffSession, loadDiff } from './load-diff.ts';

const A = '0af7651916cd43dd8448eb211c80319c';
const B = '4bf92f3577b34da6a3ce929d0e0e4736';

/** A loadDiff stand-in: records its calls and lets the test resolve them. */
function fakeLoad() {
  const calls: { a: string; b: string; sources: DiffSources }[] = [];
  const session = { dispose: vi.fn() } as unknown as DiffSession;
  let resolve: (s: DiffSession) => void = () => undefined;
  const load: typeof loadDiff = (a, b, sources) => {
    calls.push({ a, b, sources });
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
    expect(f.calls).toEqual([{ a: A, b: B, sources: { A: 'prod', B: 'prod' } }]);
    const taken = takeEarlyDiff(A, B, { A: 'prod', B: 'prod' });
    expect(taken).not.toBeNull();
    f.resolve();
    expect(await taken).toBe(f.session);
    expect(takeEarlyDiff(A, B, { A: 'prod', B: 'prod' })).toBeNull();
  });

  it('reads each side from its own source in a diff across sources', () => {
    const f = fakeLoad();
    openDiffEarly(`/diff/${A}/${B}`, '?source=prod&source-a=local', f.load);
    expect(f.calls).toEqual([{ a: A, b: B, sources: { A: 'local', B: 'prod' } }]);
    expect(takeEarlyDiff(A, B, { A: 'local', B: 'prod' })).not.toBeNull();
  });

  it('ends the early diff when the page asks for other traces', async () => {
    const f = fakeLoad();
    openDiffEarly(`/diff/${A}/${B}`, '', f.load);
    expect(takeEarlyDiff(B, A, { A: null, B: null })).toBeNull();
    f.resolve();
    await vi.waitFor(() => expect(f.session.dispose).toHaveBeenCalled());
  });
});
