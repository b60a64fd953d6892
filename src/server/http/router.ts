/**
 * A tiny method + path router: routes are regular expressions whose groups become `params`.
 * A path that matches with another method answers 405 with an Allow header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from './respond.ts';

export interface RouteContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  /** The path's capture groups, still percent-encoded. */
  readonly params: readonly string[];
}

export interface Route {
  readonly methods: readonly string[];
  readonly path: RegExp;
  handle(ctx: RouteContext): Promise<void> | void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * Answers the request with the first route whose path matches `url.pathname` (405 with Allow when
 * only other methods match); false when no route's path matches. Also used for the read routes
 * under `/api/sources/{name}`, with `url` rewritten to the path below it.
 */
export async function dispatch(routes: readonly Route[], ctx: RouteContext): Promise<boolean> {
  const { req, res, url } = ctx;
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.path.exec(url.pathname);
    if (!m) continue;
    const method = req.method === 'HEAD' && route.methods.includes('GET') ? 'GET' : req.method;
    if (route.methods.includes(method ?? '')) {
      await route.handle({ ...ctx, params: m.slice(1) });
      return true;
    }
    allowed.push(...route.methods);
  }
  if (allowed.length === 0) return false;
  sendError(res, 405, `method ${req.method} is not allowed here`, { Allow: allowed.join(', ') });
  return true;
}

/** The handler tries each route in order; `fallback` gets whatever no route matched. */
export function createRouter(
  routes: readonly Route[],
  fallback: (ctx: RouteContext) => Promise<void> | void,
  log: (line: string) => void,
): RequestHandler {
  return async (req, res) => {
    let url: URL;
    try {
      // Concatenated, not resolved: a path like //host/x must stay a path, not become a host.
      url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : '/'}`);
    } catch {
      return sendError(res, 400, 'malformed request URL');
    }
    try {
      if (!(await dispatch(routes, { req, res, url, params: [] })))
        await fallback({ req, res, url, params: [] });
    } catch (err) {
      log(`spanscope: ${req.method} ${url.pathname} failed: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) sendError(res, 500, `internal error: ${(err as Error).message}`);
      else res.destroy();
    }
  };
}
