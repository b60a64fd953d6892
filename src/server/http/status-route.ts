/** `GET /api/status`: the store's size, trace, span and pin counts, oldest trace, ingest rate and retention. */
import { sendError, sendJson } from './respond.ts';
import type { Route } from './router.ts';
import type { ServerState } from './server-state.ts';

export function statusRoute(state: ServerState): Route {
  return {
    methods: ['GET'],
    path: /^\/api\/status\/?$/,
    handle: async ({ res }) => {
      const store = state.openStore;
      if (!store) return sendError(res, 503, 'the store is not ready', { 'Retry-After': 1 });
      sendJson(res, 200, await store.status());
    },
  };
}
