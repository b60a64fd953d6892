/**
 * Cross-origin requests: refused unless their origin is on the `--cors-origin` allow-list. A
 * browser sends any page's form or `fetch` POST to 127.0.0.1 whatever CORS says (it only hides the
 * answer), so a request whose `Origin` is another site is answered 403 before it does anything:
 * no page on the web can import into or read from the local store. Allowed origins get CORS
 * headers, and preflights are answered here.
 *
 * Bound to a loopback address, the server also checks the Host header: a page whose own name has
 * been made to resolve to 127.0.0.1 (DNS rebinding) is same-origin with itself, but its Host names it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOWED_HEADERS = 'Authorization, Content-Type, Content-Encoding, Accept';
const PREFLIGHT_MAX_AGE_S = 600;

export type OriginVerdict = 'same-origin' | 'allowed' | 'refused';

export class OriginPolicy {
  readonly #allowed: ReadonlySet<string>;
  readonly #loopbackHostsOnly: boolean;

  constructor(allowedOrigins: readonly string[], listenHost: string) {
    this.#allowed = new Set(allowedOrigins);
    this.#loopbackHostsOnly = isLoopbackName(listenHost);
  }

  /** False for a Host header that is not a loopback name while the server listens on loopback only. */
  hostAllowed(req: IncomingMessage): boolean {
    if (!this.#loopbackHostsOnly || req.headers.host === undefined) return true;
    return isLoopbackName(hostnameOf(req.headers.host));
  }

  verdict(req: IncomingMessage): OriginVerdict {
    const origin = req.headers.origin;
    // No Origin: not a browser's cross-origin request (curl, an SDK exporter, a navigation).
    if (origin === undefined) return 'same-origin';
    if (req.headers.host !== undefined && originHost(origin) === req.headers.host.toLowerCase())
      return 'same-origin';
    return this.#allowed.has(origin) ? 'allowed' : 'refused';
  }

  /** CORS headers on the answer to an allowed origin (set before the handler answers). */
  allow(req: IncomingMessage, res: ServerResponse): void {
    res.setHeader('Access-Control-Allow-Origin', req.headers.origin!);
    res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Server-Timing, X-Spanscope-Preview');
    res.setHeader('Vary', 'Origin');
  }

  /** The answer to a preflight (OPTIONS with Access-Control-Request-Method) of an allowed origin. */
  answerPreflight(req: IncomingMessage, res: ServerResponse): void {
    this.allow(req, res);
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, HEAD, POST',
      'Access-Control-Allow-Headers': ALLOWED_HEADERS,
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_S,
    });
    res.end();
  }
}

export function isPreflight(req: IncomingMessage): boolean {
  return req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
}

/** localhost, *.localhost, 127.x.x.x, ::1. */
export function isLoopbackName(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/** The name of a Host header: `[::1]:7070` → `::1`, `localhost:7070` → `localhost`. */
function hostnameOf(hostHeader: string): string {
  const m = /^\[([^\]]*)\]|^([^:]*)/.exec(hostHeader.trim());
  return m?.[1] ?? m?.[2] ?? '';
}

/** host[:port] of an origin, lower-case; '' for `null` or garbage. */
function originHost(origin: string): string {
  try {
    return new URL(origin).host.toLowerCase();
  } catch {
    return '';
  }
}

/** A `--cors-origin` value: an http(s) origin, exactly (scheme, host, port; no path). */
export function parseCorsOrigin(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new Error(`'${text}' is not an origin such as https://grafana.example.com`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.length > 1 || url.search)
    throw new Error(`'${text}' is not an origin such as https://grafana.example.com (no path)`);
  return url.origin;
}
