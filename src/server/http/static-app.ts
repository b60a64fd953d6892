/**
 * The built web app (dist/app). Every app route (`/`, `/search`, `/trace/…`, `/diff/…`, and any
 * other extension-less path) answers index.html to any GET whatever its Accept header, so a pasted
 * link always opens the app (with the route's link preview in its head, when `pageHead` gives one:
 * link-previews.ts); files are served with their type, hashed assets cached for a year.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { type PageHead, withHead } from './html-meta.ts';
import { sendError, sendText } from './respond.ts';
import { withStyleNonce } from './security-headers.ts';
import type { PageReadAhead } from './trace-read-ahead.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const APP_ROUTE = /^\/(?:search|trace|diff)(?:\/|$)/;

/** Vite puts content-hashed files under /assets/: they never change under the same name. */
const IMMUTABLE = /^\/assets\//;

/** The link preview of an app route (its path and query), or null for none. */
export type PageHeadOf = (req: IncomingMessage, url: URL) => Promise<PageHead | null>;

/** `readAhead` is told of every app page asked for, before it is answered (trace-read-ahead.ts). */
export function createStaticApp(
  appDir: string | null,
  pageHead: PageHeadOf = async () => null,
  readAhead: PageReadAhead = () => undefined,
) {
  const root = appDir ? resolve(appDir) : null;

  async function sendIndex(req: IncomingMessage, res: ServerResponse, url: URL) {
    let index: string;
    try {
      index = await readFile(join(root!, 'index.html'), 'utf8');
    } catch {
      return sendText(res, 503, 'spanscope: the web app is not built; run `npm run build`\n');
    }
    readAhead(req, url);
    const head = await pageHead(req, url);
    const nonce = `<meta name="csp-nonce" content="${withStyleNonce(res)}" />`;
    // After the title, with the page's other meta tags.
    const html = Buffer.from(
      (head ? withHead(index, head) : index).replace('</title>', () => `</title>\n    ${nonce}`),
    );
    res.writeHead(200, {
      'Content-Type': TYPES['.html'],
      'Content-Length': html.byteLength,
      'Cache-Control': 'no-cache',
    });
    res.end(html);
  }

  return async function serveApp(req: IncomingMessage, res: ServerResponse, url: URL) {
    const pathname = url.pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, 405, `method ${req.method} is not allowed here`, { Allow: 'GET, HEAD' });
    }
    if (!root) return sendText(res, 503, 'spanscope: the web app is not built; run `npm run build`\n');
    let path: string;
    try {
      path = decodeURIComponent(pathname);
    } catch {
      return sendText(res, 400, 'malformed path\n');
    }
    const file = resolve(root, `.${path}`);
    if (path.includes('\0') || (file !== root && !file.startsWith(root + sep))) {
      return sendText(res, 404, 'not found\n');
    }
    if (APP_ROUTE.test(path)) return sendIndex(req, res, url);
    const info = file === root ? null : await stat(file).catch(() => null);
    if (info?.isFile() && !file.endsWith(`${sep}index.html`)) {
      const etag = `"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}"`;
      const headers = {
        'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'Cache-Control': IMMUTABLE.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ETag: etag,
      };
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, headers);
        return void res.end();
      }
      res.writeHead(200, { ...headers, 'Content-Length': info.size });
      if (req.method === 'HEAD') return void res.end();
      createReadStream(file)
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    if (extname(path) === '' || path.endsWith('/')) return sendIndex(req, res, url);
    sendText(res, 404, 'not found\n');
  };
}
