/**
 * Who answers a read route: the local store for `/api/…`, the named external source for
 * `/api/sources/{name}/api/…` (source-routes.ts). The routes are the same code; they ask the
 * target for the trace, the search, the tags and the deferred details (an external source keeps
 * those of its deferred answers for a while: sources/detail-cache.ts), and only the local store for
 * the reads that search its stored details (find in details, attribute values and keys, find by query).
 */
import type { ApiErrorBody } from '../../core/api/errors.ts';
import { LOCAL_SOURCE } from '../../core/api/paths.ts';
import type { TraceSource } from '../sources/trace-source.ts';
import type { TraceStore } from '../store/types.ts';
import { sendError, sendJson } from './respond.ts';
import type { RouteContext } from './router.ts';
import type { ServerState } from './server-state.ts';

export interface ReadTarget {
  /** `local`, or the external source's name. */
  readonly name: string;
  readonly source: TraceSource;
  /** The local store; null for an external source. */
  readonly store: TraceStore | null;
  /** The detail batch of the trace's spans with keys in [from, to] (TraceStore.getSpanDetails). */
  spanDetails(traceId: string, from: bigint, to: bigint): Promise<Uint8Array | null>;
}

/** The target of a request, or null once an error answer was sent (the store is not ready). */
export type ResolveTarget = (ctx: RouteContext) => ReadTarget | null;

export function localTarget(state: ServerState): ResolveTarget {
  return ({ res }) => {
    const store = state.openStore;
    if (store)
      return {
        name: LOCAL_SOURCE,
        source: store,
        store,
        spanDetails: (traceId, from, to) => store.getSpanDetails(traceId, from, to),
      };
    sendError(res, 503, 'the store is not ready', { 'Retry-After': 1 });
    return null;
  };
}

/** 404 for a trace the target does not have (an external source's name and failure in the body). */
export function sendTraceNotFound(ctx: RouteContext, target: ReadTarget, traceId: string): void {
  const body: ApiErrorBody = target.store
    ? { error: `trace ${traceId} not found` }
    : {
        error: `source '${target.name}': trace ${traceId} not found`,
        source: target.name,
        failure: 'not-found',
      };
  sendJson(ctx.res, 404, body);
}

/**
 * The local store for a route only it answers; for an external source, a 400 saying why (the viewer
 * never asks a source for these: it fetches every detail of a source's trace and searches them itself).
 */
export function storeOnly(ctx: RouteContext, target: ReadTarget): TraceStore | null {
  if (target.store) return target.store;
  sendError(
    ctx.res,
    400,
    `source '${target.name}': ${ctx.url.pathname.replace(/^.*\/details/, 'details')} is answered by the local store only (the span details of a trace read from an external source are searched in the browser)`,
  );
  return null;
}
