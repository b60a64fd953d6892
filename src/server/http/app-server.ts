/**
 * The request handlers of the two HTTP ports: the main port (API, OTLP/HTTP and the web app) and
 * the OTLP/HTTP port (only `POST /v1/traces`).
 */
import { handleOtlpHttp } from '../otlp/http-receiver.ts';
import type { PreviewService } from '../preview/preview-service.ts';
import type { SourceSet } from '../sources/source-set.ts';
import { createZipkinHandler, zipkinRoute } from '../zipkin/zipkin-handlers.ts';
import { importRoute } from './import-route.ts';
import { linkPreviews } from './link-previews.ts';
import { pinRoutes } from './pin-routes.ts';
import { previewRoutes } from './preview-routes.ts';
import { localTarget, type ResolveTarget } from './read-target.ts';
import { DEFAULT_SECURITY, guardRequests, type SecurityConfig } from './request-guard.ts';
import { sendError, sendText } from './respond.ts';
import { createRouter, type RequestHandler, type Route } from './router.ts';
import { searchRoutes } from './search-routes.ts';
import type { ServerState } from './server-state.ts';
import { sourceRoutes } from './source-routes.ts';
import { createStaticApp } from './static-app.ts';
import { statusRoute } from './status-route.ts';
import { traceReadAhead } from './trace-read-ahead.ts';
import { traceRoutes } from './trace-routes.ts';

export interface AppServerOptions {
  readonly state: ServerState;
  readonly maxRequestBytes: number;
  readonly maxImportBytes: number;
  /** The built app (dist/app); null when there is none. */
  readonly appDir: string | null;
  /** The external sources (`--source`, `--config`). */
  readonly sources: SourceSet;
  /** Link preview images and the meta tags of trace, diff and search pages. */
  readonly previews: PreviewService;
  /** `--search-timeout`: a search running longer is cancelled (504). */
  readonly searchTimeoutMs?: number;
  /** A client that takes nothing of a streamed trace for this long is cut off (default 60 s). */
  readonly streamStallMs?: number;
  readonly log: (line: string) => void;
  /** Token, CORS, framing and request limits (request-guard.ts); default: none of them relaxed, no token. */
  readonly security?: SecurityConfig;
  /** The address listened on (a loopback one makes the server refuse other Host names). */
  readonly host?: string;
}

function guarded(handler: RequestHandler, opts: AppServerOptions): RequestHandler {
  return guardRequests(handler, opts.security ?? DEFAULT_SECURITY, opts.host ?? '127.0.0.1');
}

function otlpRoute(opts: AppServerOptions): Route {
  return {
    methods: ['POST'],
    path: /^\/v1\/traces\/?$/,
    handle: ({ req, res }) => handleOtlpHttp(req, res, opts),
  };
}

export function createMainHandler(opts: AppServerOptions): RequestHandler {
  const { state } = opts;
  /** The read paths of DESIGN §4, answered by the target `resolve` gives: the local store or a source. */
  const readRoutes = (resolve: ResolveTarget): Route[] => [
    ...traceRoutes(resolve, opts.streamStallMs),
    ...searchRoutes(resolve, opts.searchTimeoutMs),
  ];
  const serveApp = createStaticApp(opts.appDir, linkPreviews(state, opts.previews), traceReadAhead(state));
  const routes: Route[] = [
    otlpRoute(opts),
    zipkinRoute(opts),
    { methods: ['GET'], path: /^\/api\/echo\/?$/, handle: ({ res }) => sendText(res, 200, 'echo') },
    {
      methods: ['GET'],
      path: /^\/ready\/?$/,
      handle: ({ res }) =>
        state.ready && !state.closing
          ? sendText(res, 200, 'ready')
          : sendText(res, 503, state.closing ? 'shutting down' : 'starting', { 'Retry-After': 1 }),
    },
    ...readRoutes(localTarget(state)),
    importRoute(state, opts.maxImportBytes, opts.log),
    ...previewRoutes(opts.previews),
    ...sourceRoutes(opts.sources, readRoutes, opts.log),
    ...pinRoutes(state),
    statusRoute(state),
  ];
  const router = createRouter(
    routes,
    ({ req, res, url }) => {
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        return sendError(res, 404, `no such endpoint: ${req.method} ${url.pathname}`);
      }
      return serveApp(req, res, url);
    },
    opts.log,
  );
  return guarded(router, opts);
}

/** The Zipkin port (`--zipkin-port`): `POST /api/v2/spans` alone, behind the same guard. */
export function createZipkinPortHandler(opts: AppServerOptions): RequestHandler {
  return guarded(createZipkinHandler(opts), opts);
}

export function createOtlpHandler(opts: AppServerOptions): RequestHandler {
  const router = createRouter(
    [otlpRoute(opts)],
    ({ res, url }) =>
      sendError(res, 404, `no such endpoint: ${url.pathname}; OTLP/HTTP traces go to POST /v1/traces`),
    opts.log,
  );
  return guarded(router, opts);
}
