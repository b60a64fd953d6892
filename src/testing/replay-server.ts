/**
 * A small HTTP(S) server that replays recorded answers per path, for contract tests of the external
 * source adapters (and the e2e specs' stand-in for Tempo): each path answers a fixed status, body
 * (optionally gzip'd), headers, after a delay, or never, or cut off after some bytes; unknown paths answer Go's `404 page not
 * found` as Tempo does. Every request is recorded (path, query, headers) for credential checks.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface ReplayAnswer {
  readonly status?: number;
  readonly body?: Uint8Array | string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent with Content-Encoding: gzip. */
  readonly gzip?: boolean;
  readonly delayMs?: number;
  /** Never answers (a timeout). */
  readonly hang?: boolean;
  /** Sends this many bytes of the body (its full length announced), then closes the connection. */
  readonly cutAfter?: number;
}

export interface RecordedRequest {
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
}

export type ReplayRoute = ReplayAnswer | ((req: RecordedRequest) => ReplayAnswer);

export interface ReplayServer {
  /** Base URL, no trailing slash. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Sets (or replaces) the answer of a path (the pathname, without the query). */
  route(path: string, answer: ReplayRoute): void;
  close(): Promise<void>;
}

export interface ReplayOptions {
  /** Serve HTTPS with this key and certificate (PEM). */
  readonly tls?: { readonly key: Buffer; readonly cert: Buffer };
  readonly host?: string;
  readonly port?: number;
}

export async function startReplayServer(
  routes: Readonly<Record<string, ReplayRoute>> = {},
  options: ReplayOptions = {},
): Promise<ReplayServer> {
  const table = new Map(Object.entries(routes));
  const requests: RecordedRequest[] = [];
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://replay');
    const recorded = { path: url.pathname, query: url.searchParams, headers: req.headers };
    requests.push(recorded);
    const route = table.get(url.pathname);
    const answer: ReplayAnswer = route
      ? typeof route === 'function'
        ? route(recorded)
        : route
      : { status: 404, body: '404 page not found\n', headers: { 'content-type': 'text/plain' } };
    if (answer.hang) return;
    const send = () => {
      let body = typeof answer.body === 'string' ? Buffer.from(answer.body) : Buffer.from(answer.body ?? []);
      const headers: Record<string, string | number> = {
        'content-type': 'application/json',
        ...answer.headers,
      };
      if (answer.gzip) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      headers['content-length'] = body.length;
      res.writeHead(answer.status ?? 200, headers);
      if (answer.cutAfter === undefined) return res.end(body);
      res.write(body.subarray(0, answer.cutAfter), () => res.destroy());
    };
    if (answer.delayMs) setTimeout(send, answer.delayMs);
    else send();
  };
  const server = options.tls
    ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler)
    : http.createServer(handler);
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    route: (path, answer) => table.set(path, answer),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A self-signed certificate for 127.0.0.1 (openssl), and the file it is in (a source's CA file). */
export function selfSignedCert(): { key: Buffer; cert: Buffer; certFile: string } {
  const dir = mkdtempSync(join(tmpdir(), 'spanscope-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyFile), cert: readFileSync(certFile), certFile };
}
