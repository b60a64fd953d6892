/**
 * Pins: `POST /api/pins` (`{traceId, note?, by?}` → the pin; 404 for a trace the store does not
 * have), `GET /api/pins` (`{"pins":[…]}`, most recent first), `GET /api/pins/{id}` (the trace's pin,
 * 404 when not pinned: the trace page's "pinned snapshot" line) and `DELETE /api/pins/{id}`.
 */
import type { TraceStore } from '../store/types.ts';
import { ParamError, traceIdParam } from './params.ts';
import { MAX_PIN_BODY_BYTES, parsePinRequest } from './pin-request.ts';
import { BodyError, parseContentEncoding, readBody } from './read-body.ts';
import { sendError, sendJson } from './respond.ts';
import type { Route, RouteContext } from './router.ts';
import type { ServerState } from './server-state.ts';

/** The open store, or null once a 503 is sent. */
function openStore(state: ServerState, ctx: RouteContext): TraceStore | null {
  const store = state.openStore;
  if (!store) sendError(ctx.res, 503, 'the store is not ready', { 'Retry-After': 1 });
  return store;
}

/** Runs `fn`, answering a ParamError as 400 and a BodyError as its status. */
async function answering(ctx: RouteContext, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ParamError) return sendError(ctx.res, 400, err.message);
    if (err instanceof BodyError) {
      if (err.status === 499) return void ctx.res.destroy();
      return sendError(ctx.res, err.status, err.message, { Connection: 'close' });
    }
    throw err;
  }
}

export function pinRoutes(state: ServerState): Route[] {
  const pin = (ctx: RouteContext) =>
    answering(ctx, async () => {
      const store = openStore(state, ctx);
      if (!store) return;
      const encoding = parseContentEncoding(ctx.req.headers['content-encoding']);
      if (!encoding) throw new ParamError('unsupported Content-Encoding');
      const request = parsePinRequest(await readBody(ctx.req, { limitBytes: MAX_PIN_BODY_BYTES, encoding }));
      const pinned = await store.pin(request);
      if (!pinned) return sendError(ctx.res, 404, `trace ${request.traceId} not found`);
      sendJson(ctx.res, 200, pinned);
    });

  const one = (ctx: RouteContext, method: 'GET' | 'DELETE') =>
    answering(ctx, async () => {
      const store = openStore(state, ctx);
      if (!store) return;
      const traceId = traceIdParam(ctx.params[0]);
      if (method === 'GET') {
        const pinned = await store.pinOf(traceId);
        return pinned
          ? sendJson(ctx.res, 200, pinned)
          : sendError(ctx.res, 404, `trace ${traceId} is not pinned`);
      }
      return (await store.unpin(traceId))
        ? sendJson(ctx.res, 200, { unpinned: traceId })
        : sendError(ctx.res, 404, `trace ${traceId} is not pinned`);
    });

  return [
    { methods: ['POST'], path: /^\/api\/pins\/?$/, handle: pin },
    {
      methods: ['GET'],
      path: /^\/api\/pins\/?$/,
      handle: async (ctx) => {
        const store = openStore(state, ctx);
        if (store) sendJson(ctx.res, 200, { pins: await store.pins() });
      },
    },
    { methods: ['GET'], path: /^\/api\/pins\/([^/]+)\/?$/, handle: (ctx) => one(ctx, 'GET') },
    { methods: ['DELETE'], path: /^\/api\/pins\/([^/]+)\/?$/, handle: (ctx) => one(ctx, 'DELETE') },
  ];
}
