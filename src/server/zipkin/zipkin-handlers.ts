/**
 * Where the Zipkin collector endpoint is served: on the main port (`zipkinRoute`, among the app's
 * routes), and alone on the Zipkin port, 9411 by default (`listenZipkin`), which is where Zipkin
 * clients send unless told otherwise. Both go through the request guard (token, limits) as every
 * other port does (http/app-server.ts).
 */
import { type HttpListener, ListenError, listenHttp } from '../http/listen.ts';
import { sendText } from '../http/respond.ts';
import { createRouter, type RequestHandler, type Route } from '../http/router.ts';
import { handleZipkinSpans, type ZipkinReceiverOptions } from './zipkin-receiver.ts';

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

/**
 * The Zipkin port's listener, serving `handler` (the guarded createZipkinHandler): none when it is
 * off (null), the main one when it is the main port (the main port answers Zipkin too), else a
 * listener of its own.
 */
export async function listenZipkin(
  main: HttpListener,
  ports: { readonly host: string; readonly port: number; readonly zipkinPort: number | null },
  handler: RequestHandler,
): Promise<HttpListener | null> {
  if (ports.zipkinPort === null) return null;
  if (ports.zipkinPort === ports.port && ports.port !== 0) return main;
  try {
    return await listenHttp(handler, ports.host, ports.zipkinPort, 'Zipkin');
  } catch (err) {
    if (!(err instanceof ListenError)) throw err;
    // A Zipkin server of its own often holds 9411 already.
    throw new ListenError(`${err.message}; --zipkin-port off leaves Zipkin spans to the main port`);
  }
}
