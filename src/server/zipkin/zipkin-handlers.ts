/**
 * Where the Zipkin collector endpoint is served: on the main port (`zipkinRoute`, among the app's
 * routes), and alone on the Zipkin port, 9411 by default (`createZipkinHandler`), which is where
 * Zipkin clients send unless told otherwise. Both go through the request guard (token, limits) as
 * every other port does (http/app-server.ts).
 */
import { sendText } from '../http/respond.ts';
import { createRouter, type RequestHandler, type Route } from '../http/router.ts';
import { handleZipkinSpans, type ZipkinReceiverOptions } from './zipkin-receiver.ts';

export const DEFAULT_ZIPKIN_PORT = 9411;

export function zipkinRoute(opts: ZipkinReceiverOptions): Route {
  return {
    methods: ['POST'],
    path: /^\/api\/v2\/spans\/?$/,
    handle: ({ req, res }) => handleZipkinSpans(req, res, opts),
  };
}

/** The Zipkin port: `POST /api/v2/spans` only. */
export function createZipkinHandler(opts: ZipkinReceiverOptions): RequestHandler {
  return createRouter(
    [zipkinRoute(opts)],
    ({ res, url }) =>
      sendText(res, 404, `no such endpoint: ${url.pathname}; Zipkin spans go to POST /api/v2/spans\n`),
    opts.log,
  );
}
