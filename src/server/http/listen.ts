/**
 * node:http servers that can be stopped gracefully: stop accepting, let the requests in progress
 * answer, close idle keep-alive connections, then everything that is left after a grace period.
 */
import { createServer, type Server } from 'node:http';
import { DEFAULT_REQUEST_LIMITS } from './request-limits.ts';
import type { RequestHandler } from './router.ts';

export interface HttpListener {
  readonly port: number;
  close(graceMs: number): Promise<void>;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

export async function listenHttp(
  handler: RequestHandler,
  host: string,
  port: number,
  what: string,
  maxHeaderBytes: number = DEFAULT_REQUEST_LIMITS.maxHeaderBytes,
): Promise<HttpListener> {
  const server: Server = createServer(
    { keepAliveTimeout: 65_000, requestTimeout: 0, maxHeaderSize: maxHeaderBytes },
    (req, res) => {
      void handler(req, res);
    },
  );
  // Large uploads (imports, 64 MiB exports over slow links) must not time out half-way.
  server.headersTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'the address is already in use' : err.message;
      reject(new ListenError(`cannot listen on ${host}:${port} (${what}): ${why}`));
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : port,
    close: (graceMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        // A keep-alive connection becomes idle once its last answer is sent: close it then.
        const sweep = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearTimeout(timer);
          clearInterval(sweep);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}
