/**
 * What every request of the HTTP ports goes through before its route: security headers, the URL
 * and concurrency limits, the Host and Origin checks (and CORS preflights), and the bearer token.
 * `--auth-token-env`, `--cors-origin` and `--frame-ancestors` configure it (README, "Security").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TokenAuth } from './auth.ts';
import { isPreflight, OriginPolicy } from './origin-policy.ts';
import { ConcurrencyGate, DEFAULT_REQUEST_LIMITS, type RequestLimits } from './request-limits.ts';
import { sendBytes, sendError } from './respond.ts';
import type { RequestHandler } from './router.ts';
import {
  contentSecurityPolicy,
  DEFAULT_FRAME_ANCESTORS,
  setSecurityHeaders,
  workerPolicy,
} from './security-headers.ts';

export interface SecurityConfig {
  /** The bearer token every request must show; null: none (a loopback-only server). */
  readonly authToken: string | null;
  /** `--cors-origin`: origins (scheme://host:port) whose pages may call the API. */
  readonly corsOrigins: readonly string[];
  /** `--frame-ancestors`: who may frame the app (CSP sources). */
  readonly frameAncestors: readonly string[];
  readonly limits: RequestLimits;
}

export const DEFAULT_SECURITY: SecurityConfig = {
  authToken: null,
  corsOrigins: [],
  frameAncestors: DEFAULT_FRAME_ANCESTORS,
  limits: DEFAULT_REQUEST_LIMITS,
};

/** Liveness and readiness answer without the token: probes and load balancers have none, and they tell nothing. */
const OPEN_PATHS = /^\/(?:ready|api\/echo)\/?$/;

export function guardRequests(
  handler: RequestHandler,
  config: SecurityConfig,
  listenHost: string,
): RequestHandler {
  const csp = contentSecurityPolicy(config.frameAncestors);
  const workerCsp = workerPolicy(config.frameAncestors);
  const gate = new ConcurrencyGate(config.limits.maxConcurrentRequests);
  const origins = new OriginPolicy(config.corsOrigins, listenHost);
  const auth = config.authToken === null ? null : new TokenAuth(config.authToken);

  return async (req, res) => {
    setSecurityHeaders(res, req.headers['sec-fetch-dest'] === 'worker' ? workerCsp : csp);
    // A request refused here is answered before its body is read: close rather than drain it.
    if (!req.complete) res.setHeader('Connection', 'close');
    if ((req.url ?? '').length > config.limits.maxUrlBytes) {
      return sendError(res, 414, `request target over ${config.limits.maxUrlBytes} bytes`);
    }
    if (!origins.hostAllowed(req)) {
      return sendError(res, 403, `Host '${req.headers.host}' refused: this server listens on loopback only`);
    }
    const verdict = origins.verdict(req);
    if (verdict === 'refused') {
      return sendError(
        res,
        403,
        `cross-origin request from ${req.headers.origin} refused; allow it with --cors-origin ${req.headers.origin}`,
      );
    }
    if (verdict === 'allowed') {
      if (isPreflight(req)) return origins.answerPreflight(req, res);
      origins.allow(req, res);
    }
    if (!gate.tryEnter()) {
      return sendError(res, 503, 'too many requests in progress; retry later', { 'Retry-After': 1 });
    }
    res.once('close', () => gate.leave());
    if (auth && !admitted(auth, req, res)) return;
    res.removeHeader('Connection');
    await handler(req, res);
  };
}

/** True when the request may go on; otherwise it has been answered (401, or the token exchanged for a cookie). */
function admitted(auth: TokenAuth, req: IncomingMessage, res: ServerResponse): boolean {
  const url = new URL(`http://localhost${req.url?.startsWith('/') ? req.url : '/'}`);
  const token = url.searchParams.get('token');
  if (token !== null && (req.method === 'GET' || req.method === 'HEAD')) {
    if (!auth.isToken(token)) {
      sendError(res, 401, 'wrong token');
      return false;
    }
    url.searchParams.delete('token');
    res.writeHead(303, {
      Location: `${url.pathname}${url.search}`,
      'Set-Cookie': auth.sessionCookie(),
      'Cache-Control': 'no-store',
    });
    res.end();
    return false;
  }
  if (OPEN_PATHS.test(url.pathname) || auth.authorizes(req.headers)) return true;
  if (req.headers['sec-fetch-mode'] === 'navigate') {
    // A link followed from another site (a chat) comes without the SameSite=Strict cookie; a
    // reload started by this page itself carries it. Without a cookie, the reload lands below.
    const fromElsewhere = req.headers['sec-fetch-site'] === 'cross-site';
    sendBytes(res, 401, 'text/html; charset=utf-8', fromElsewhere ? RELOAD_PAGE : SIGN_IN_PAGE);
    return false;
  }
  sendError(res, 401, 'this server needs its token: Authorization: Bearer TOKEN', {
    'WWW-Authenticate': 'Bearer realm="spanscope"',
  });
  return false;
}

const RELOAD_PAGE =
  '<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0"><title>Spanscope</title>';

const SIGN_IN_PAGE = `<!doctype html><meta charset="utf-8"><title>Spanscope: token needed</title>
<p>This Spanscope server needs its access token. Open this address once with <code>?token=…</code>
added (the token given to <code>spanscope serve --auth-token-env</code>); the browser keeps a session
cookie, and the token is removed from the address at once.</p>`;
