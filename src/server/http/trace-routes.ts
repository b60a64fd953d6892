/**
 * Trace by id, Tempo-compatible: `/api/traces/{id}` (v1 `{batches}`) and `/api/v2/traces/{id}`
 * (v2 `{trace}`, or the store's columnar encoding when asked with `Accept: COLUMNAR_TYPE`).
 */
import type { TraceEncoding } from '../store/types.ts';
import { ParamError, traceIdParam } from './params.ts';
import { sendBytes, sendError } from './respond.ts';
import type { Route, RouteContext } from './router.ts';
import type { ServerState } from './server-state.ts';

export const COLUMNAR_TYPE = 'application/vnd.spanscope.columnar';

export function traceRoutes(state: ServerState): Route[] {
  const serve = async ({ req, res, params }: RouteContext, version: 1 | 2) => {
    const store = state.openStore;
    if (!store) return sendError(res, 503, 'the store is not ready', { 'Retry-After': 1 });
    let traceId: string;
    try {
      traceId = traceIdParam(params[0]);
    } catch (err) {
      if (err instanceof ParamError) return sendError(res, 400, err.message);
      throw err;
    }
    const columnar = version === 2 && (req.headers.accept ?? '').toLowerCase().includes(COLUMNAR_TYPE);
    const encoding: TraceEncoding = columnar ? 'columnar' : version === 1 ? 'tempo-v1' : 'tempo-v2';
    const body = await store.getTrace(traceId, encoding);
    if (!body) return sendError(res, 404, `trace ${traceId} not found`);
    sendBytes(res, 200, columnar ? COLUMNAR_TYPE : 'application/json', body, { Vary: 'Accept' });
  };
  return [
    { methods: ['GET'], path: /^\/api\/traces\/([^/]*)\/?$/, handle: (ctx) => serve(ctx, 1) },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/?$/, handle: (ctx) => serve(ctx, 2) },
  ];
}
