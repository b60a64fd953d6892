/**
 * The diff of a `/diff/<a>/<b>` page in react-query (load-diff.ts): the worker ends when the query is
 * dropped (app.tsx), which is as soon as the page goes (gcTime 0: two million-span traces are not
 * kept around). The load the address started before the app rendered is taken over (early-diff.ts).
 */
import { useQuery } from '@tanstack/react-query';
import type { DiffSources } from '../../state/url.ts';
import { takeEarlyDiff } from './early-diff.ts';
import { type DiffSession, diffQueryKey, loadDiff } from './load-diff.ts';

function diffOf(a: string, b: string, sources: DiffSources, signal: AbortSignal): Promise<DiffSession> {
  const early = takeEarlyDiff(a, b, sources);
  if (!early) return loadDiff(a, b, sources, signal);
  signal.addEventListener(
    'abort',
    () =>
      early.then(
        (s) => s.dispose(),
        () => undefined,
      ),
    { once: true },
  );
  return early;
}

export function useDiffSession(a: string, b: string, sources: DiffSources) {
  return useQuery({
    queryKey: diffQueryKey(a, b, sources),
    queryFn: ({ signal }) => diffOf(a, b, sources, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
}
