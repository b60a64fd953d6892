/**
 * The chat message of each page (core/share/incident-text.ts) from what the page holds: an open
 * trace (its handle; the listed errors' messages asked of its worker, which fetches their details
 * from the store when it has not yet), a diff (its model and both handles), a search (its answer).
 * Links are the pages' shareable ones (absolute, relative times made absolute).
 */
import { diffFacts } from '../../core/share/diff-facts.ts';
import {
  diffIncident,
  type IncidentText,
  searchIncident,
  traceIncident,
} from '../../core/share/incident-text.ts';
import { LISTED_RESULTS, type SearchFacts } from '../../core/share/search-facts.ts';
import {
  errorMessageOf,
  listedErrorNodes,
  type TraceFacts,
  traceFacts,
} from '../../core/share/trace-facts.ts';
import type { FoundTrace } from '../../data/search-results.ts';
import { formatDuration } from '../../render/time-format.ts';
import { useLocation } from '../../state/location.ts';
import { shareableUrl } from '../../state/url.ts';
import type { TraceHandle } from '../../worker/trace-client.ts';
import type { DiffModel } from '../diff/diff-model.ts';

/** The shareable link of the page shown now (state/url.ts `shareableUrl`). */
export function currentLink(): string {
  const { pathname, search } = useLocation.getState();
  return shareableUrl(window.location.origin, pathname, search);
}

/** The facts of an open trace; an error whose details cannot be read is listed without its message. */
export async function handleFacts(handle: TraceHandle): Promise<TraceFacts> {
  const messages = new Map<number, string>();
  await Promise.all(
    listedErrorNodes(handle.columns).map(async (k) => {
      const d = await handle.details(k).catch(() => null);
      if (d?.details) messages.set(k, errorMessageOf(d.details));
    }),
  );
  return traceFacts(handle.columns, handle.summary, handle.baseNs, messages);
}

export async function traceIncidentText(handle: TraceHandle): Promise<IncidentText> {
  return traceIncident(await handleFacts(handle), currentLink(), formatDuration);
}

export async function diffIncidentText(
  model: DiffModel,
  a: TraceHandle,
  b: TraceHandle,
): Promise<IncidentText> {
  const [factsA, factsB] = await Promise.all([handleFacts(a), handleFacts(b)]);
  const facts = diffFacts(model, model.result.summary, factsA, factsB, formatDuration);
  return diffIncident(facts, currentLink(), formatDuration);
}

export function searchIncidentText(
  search: Omit<SearchFacts, 'count' | 'hits'>,
  found: readonly FoundTrace[],
  link: string,
  traceLink: (traceId: string) => string,
): IncidentText {
  const hits = found.slice(0, LISTED_RESULTS).map((t) => ({
    traceId: t.traceId,
    root:
      t.rootService !== null || t.rootName !== null
        ? { service: t.rootService ?? '', name: t.rootName ?? '' }
        : null,
    durationMs: t.durationMs,
    errorCount: t.errorCount,
  }));
  return searchIncident({ ...search, count: found.length, hits }, link, traceLink, formatDuration);
}
