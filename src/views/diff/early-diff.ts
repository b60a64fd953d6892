/**
 * The two traces of a `/diff/<a>/<b>` address start loading, and are diffed, before the app's code
 * runs (boot.ts), as a trace address does (trace/early-trace.ts): the worker's start, both fetches and
 * the decoding overlap the app's start-up. The page's query takes the load over (use-diff-session.ts).
 */
import { type DiffSources, diffSourcesOf, parseDiffQuery, parseRoute } from '../../state/url.ts';
import { EarlySlot } from '../early-load.ts';
import { type DiffSession, loadDiff } from './load-diff.ts';

const slot = new EarlySlot<DiffSession>((s) => s.dispose());

const keyOf = (a: string, b: string, sources: DiffSources) => JSON.stringify([a, b, sources.A, sources.B]);

export function openDiffEarly(pathname: string, search: string, load: typeof loadDiff = loadDiff): void {
  const route = parseRoute(pathname);
  if (route.name !== 'diff') return;
  const sources = diffSourcesOf(parseDiffQuery(search).state);
  const { traceIdA: a, traceIdB: b } = route;
  slot.put(keyOf(a, b, sources), load(a, b, sources, new AbortController().signal));
}

/** The early diff of these traces (once), else null; an early diff of others is ended. */
export function takeEarlyDiff(a: string, b: string, sources: DiffSources): Promise<DiffSession> | null {
  return slot.take(keyOf(a, b, sources));
}
