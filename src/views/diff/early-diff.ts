/**
 * The two traces of a `/diff/<a>/<b>` address start loading, and are diffed, before the app renders
 * (main.tsx), as a trace address does (trace/early-trace.ts): the worker's start, both fetches and
 * the decoding overlap the app's start-up. The page's query takes the load over (use-diff-session.ts).
 */
import { parseDiffQuery, parseRoute } from '../../state/url.ts';
import { EarlySlot } from '../early-load.ts';
import { type DiffSession, loadDiff } from './load-diff.ts';

const slot = new EarlySlot<DiffSession>((s) => s.dispose());

const keyOf = (a: string, b: string, source: string | null) => JSON.stringify([a, b, source]);

export function openDiffEarly(pathname: string, search: string, load: typeof loadDiff = loadDiff): void {
  const route = parseRoute(pathname);
  if (route.name !== 'diff') return;
  const { source } = parseDiffQuery(search).state;
  const { traceIdA: a, traceIdB: b } = route;
  slot.put(keyOf(a, b, source), load(a, b, source, new AbortController().signal));
}

/** The early diff of these traces (once), else null; an early diff of others is ended. */
export function takeEarlyDiff(a: string, b: string, source: string | null): Promise<DiffSession> | null {
  return slot.take(keyOf(a, b, source));
}
