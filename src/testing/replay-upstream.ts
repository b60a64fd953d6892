/**
 * A replaying HTTP server standing in for an external trace store (contract tests of the Jaeger and
 * Zipkin sources): each route answers a recorded body (the real fixture files) with a status, and
 * every request is kept (path and query) for the tests to check what the adapter asked. Plus
 * `httpUpstream`, a minimal test-only Upstream over fetch (no auth, TLS or timeouts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Upstream, type UpstreamAnswer, UpstreamError } from '../server/sources/trace-source.ts';

export interface ReplayRoute {
  /** The path, exactly, or a pattern over it (the query string is not part of it). */
  readonly path: string | RegExp;
  readonly status?: number;
  readonly body: Uint8Array | string;
  readonly contentType?: string;
}

export interface ReplayServer {
  readonly base: string;
  /** Every request received, as `path?query`. */
  readonly requests: URL[];
  /** Routes may be replaced between calls. */
  routes: ReplayRoute[];
  close(): Promise<void>;
}

export async function startReplay(routes: ReplayRoute[]): Promise<ReplayServer> {
  const requests: URL[] = [];
  const replay: ReplayServer = {
    base: '',
    requests,
    routes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    requests.push(url);
    const route = replay.routes.find((r) =>
      typeof r.path === 'string' ? r.path === url.pathname : r.path.test(url.pathname),
    );
    const body = route ? route.body : `404 page not found: ${url.pathname}`;
    res.writeHead(route?.status ?? (route ? 200 : 404), {
      'Content-Type': route?.contentType ?? (route ? 'application/json' : 'text/plain'),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (replay as { base: string }).base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.unref();
  return replay;
}

/** An Upstream over fetch against `base`, for tests (the server's own has auth, TLS and timeouts). */
export function httpUpstream(source: string, base: string): Upstream {
  return {
    async get(path, query = {}): Promise<UpstreamAnswer> {
      const url = new URL(path, base);
      for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
      let res: Response;
      try {
        res = await fetch(url);
      } catch (err) {
        throw new UpstreamError(source, 'unreachable', `cannot reach ${base}: ${(err as Error).message}`);
      }
      return {
        status: res.status,
        headers: Object.fromEntries(res.headers),
        body: new Uint8Array(await res.arrayBuffer()),
      };
    },
  };
}
