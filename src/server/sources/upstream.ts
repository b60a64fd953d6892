/**
 * The HTTP client an adapter reaches its store through (the Upstream of trace-source.ts), on
 * node:http/https with a keep-alive agent per source: the source's headers (credentials) on every
 * request, a timeout over the whole exchange, the source's CA or no verification, gzip/deflate
 * answers inflated as they arrive and stopped at the size limit, a body whole or handed on chunk by
 * chunk as it arrives (a trace being converted meanwhile, trace-converter.ts). Every failure is an UpstreamError
 * whose message names the source and the URL without credentials, and never a secret.
 */
import http from 'node:http';
import https from 'node:https';
import { createGunzip, createInflate } from 'node:zlib';
import {
  type OpenBody,
  type Upstream,
  type UpstreamAnswer,
  UpstreamError,
  type UpstreamFailure,
} from './trace-source.ts';
import { redact, type UpstreamOptions } from './upstream-options.ts';

/** Connections kept open per source (a diff opens two traces at once; search and autocomplete meanwhile). */
const MAX_SOCKETS = 8;

const UNREACHABLE_CODES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
};

export interface HttpUpstream extends Upstream {
  readonly options: UpstreamOptions;
  /** Closes the kept-alive connections. */
  close(): void;
}

export function createUpstream(options: UpstreamOptions): HttpUpstream {
  const isHttps = options.baseUrl.startsWith('https:');
  const agent = isHttps
    ? new https.Agent({
        keepAlive: true,
        maxSockets: MAX_SOCKETS,
        ...(options.ca ? { ca: options.ca } : {}),
        rejectUnauthorized: !options.insecureSkipVerify,
      })
    : new http.Agent({ keepAlive: true, maxSockets: MAX_SOCKETS });
  const fail = (failure: UpstreamFailure, message: string) =>
    new UpstreamError(options.name, failure, redact(message, options.secrets));

  const get = (
    path: string,
    query: Readonly<Record<string, string | number | undefined>> = {},
    open?: OpenBody,
  ) => {
    const url = new URL(`${options.baseUrl}${path}`);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    const shown = `${url.origin}${url.pathname}`;
    return new Promise<UpstreamAnswer>((resolve, reject) => {
      let settled = false;
      const settle = (err: Error | null, answer?: UpstreamAnswer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(answer as UpstreamAnswer);
      };
      let req: http.ClientRequest;
      const timer = setTimeout(
        () => settle(fail('timeout', `GET ${shown}: no answer within ${options.timeoutMs / 1000} s`)),
        options.timeoutMs,
      );
      const onResponse = (res: http.IncomingMessage) => {
        const status = res.statusCode ?? 0;
        if (status === 401 || status === 403) {
          res.resume();
          return settle(
            fail('unauthorized', `GET ${shown}: the store answered ${status} (credentials refused)`),
          );
        }
        const length = Number(res.headers['content-length']);
        const tooLarge = () =>
          fail('too-large', `GET ${shown}: the answer is over ${options.maxAnswerBytes} bytes`);
        const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
        if (!encoding && length > options.maxAnswerBytes) return settle(tooLarge());
        const inflate =
          encoding === 'gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : null;
        const body = inflate ? res.pipe(inflate) : res;
        const chunks: Buffer[] = [];
        let size = 0;
        const onChunk = open?.(status) ?? null;
        body.on('data', (chunk: Buffer) => {
          if (settled) return;
          size += chunk.length;
          if (size > options.maxAnswerBytes) return settle(tooLarge());
          if (!onChunk) return chunks.push(chunk);
          try {
            onChunk(chunk);
          } catch (err) {
            settle(err as Error);
          }
        });
        body.on('error', (err) =>
          settle(
            inflate
              ? fail('malformed', `GET ${shown}: the ${encoding} answer does not inflate (${err.message})`)
              : fail('unreachable', `GET ${shown}: the answer was cut off (${err.message})`),
          ),
        );
        res.on('aborted', () => settle(fail('unreachable', `GET ${shown}: the answer was cut off`)));
        body.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
          const buf = Buffer.concat(chunks, onChunk ? 0 : size);
          settle(null, { status, headers, body: new Uint8Array(buf.buffer, buf.byteOffset, buf.length) });
        });
      };
      const send = (again: boolean) => {
        req = (isHttps ? https : http).request(url, {
          method: 'GET',
          agent,
          headers: { Accept: 'application/json', 'Accept-Encoding': 'gzip, deflate', ...options.headers },
        });
        let answered = false;
        req.on('error', (err: NodeJS.ErrnoException) => {
          // A kept-alive connection the store closed as it idled, just as this request went out on it
          // (Node's servers close idle ones after 5 s): nothing was done, so the GET goes once more on
          // a new connection instead of failing as "connection reset".
          if (!again && !answered && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE'))
            return send(true);
          settle(fail(...connectFailure(err, shown)));
        });
        req.on('response', (res) => {
          answered = true;
          onResponse(res);
        });
        req.end();
      };
      send(false);
    });
  };
  return { options, get, close: () => agent.destroy() };
}

/** A request error → its failure kind and a message saying what happened. */
function connectFailure(err: NodeJS.ErrnoException, shown: string): [UpstreamFailure, string] {
  const code = err.code ?? '';
  if (UNREACHABLE_CODES[code]) return ['unreachable', `GET ${shown}: ${UNREACHABLE_CODES[code]} (${code})`];
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(code) || /certificate/i.test(err.message))
    return [
      'unreachable',
      `GET ${shown}: TLS: ${err.message} (check the source's CA file, or skip verification for a test store)`,
    ];
  return ['unreachable', `GET ${shown}: ${err.message}${code ? ` (${code})` : ''}`];
}
