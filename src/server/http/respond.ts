/**
 * Small answer helpers: every JSON error body is `{"error": message}` (Tempo's shape).
 */
import type { ServerResponse } from 'node:http';

export type Headers = Record<string, string | number>;

export function sendBytes(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: Uint8Array | string,
  headers: Headers = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': bytes.byteLength,
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(bytes);
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Headers = {}): void {
  sendBytes(res, status, 'application/json', JSON.stringify(value), headers);
}

export function sendError(res: ServerResponse, status: number, message: string, headers: Headers = {}): void {
  sendJson(res, status, { error: message }, headers);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Headers = {}): void {
  sendBytes(res, status, 'text/plain; charset=utf-8', text, headers);
}

/**
 * Settles once `res` has taken what was written to it ('drain') or is closed. A client that takes
 * nothing for `stallMs` is cut off (the answer destroyed, which closes it).
 */
export function drained(res: ServerResponse, stallMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => res.destroy(), stallMs);
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
