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
