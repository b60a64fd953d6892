/**
 * Where the Zipkin collector endpoint is served: on the main port, in front of the app's own
 * handler (`withZipkinIngest`), and alone on the Zipkin port, 9411 by default (`createZipkinHandler`),
 * which is where Zipkin clients send unless told otherwise.
 */
import { sendText } from '../http/respond.ts';
import { createRouter, type RequestHandler, type Route } from '../http/router.ts';
import { handleZipkinSpans, type ZipkinReceiverOptions } from './zipkin-receiver.ts';

export const DEFAULT_ZIPKIN_PORT = 9411;

function zipkinRoute(opts: ZipkinReceiverOptions): Route {
  return {
    methods: ['POST'],
    path: /^\/api\/v2\/spans\/?$/,
    handle: ({ req, res }) => handleZipkinSpans(req, res, opts),
  };
}

/** `handler` answering `POST /api/v2/spans` too. */
export function withZipkinIngest(handler: RequestHandler, opts: ZipkinReceiverOptions): RequestHandler {
  return createRouter([zipkinRoute(opts)], ({ req, res }) => handler(req, res), opts.log);
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
