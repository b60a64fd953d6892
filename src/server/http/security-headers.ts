/**
 * The security headers of every answer of the HTTP ports (app, API, OTLP/HTTP): a strict
 * Content-Security-Policy, no MIME sniffing, no referrer. Span data is rendered as text by the app;
 * the policy is the second wall should that ever fail: no inline script, no eval, nothing fetched
 * from another origin, no plugin, no framing except by the `--frame-ancestors` the user names.
 */
import type { ServerResponse } from 'node:http';

/** `--frame-ancestors` default: the app may frame itself only (the embeds of another site need the flag). */
export const DEFAULT_FRAME_ANCESTORS: readonly string[] = ["'self'"];

/**
 * The policy of the app and of every other answer (a worker's script gets `workerPolicy`). Why each
 * source is allowed:
 * - `style-src 'unsafe-inline'`: CodeMirror (the query editor) mounts its theme as `<style>`
 *   elements (style-mod) and React sets `style` attributes; styles cannot run code.
 * - `img-src data: blob:`: the favicon (`data:,`) and the PNG export's object URL.
 * - `worker-src 'self'`: the trace worker is a module file under /assets/.
 */
export function contentSecurityPolicy(
  frameAncestors: readonly string[] = DEFAULT_FRAME_ANCESTORS,
  scriptSrc = "script-src 'self'",
): string {
  return [
    "default-src 'self'",
    scriptSrc,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${frameAncestors.join(' ')}`,
  ].join('; ');
}

/**
 * The policy of a dedicated worker's script (a worker runs under the policy its script came with).
 * The trace worker decodes OTLP protobuf files with protobufjs, which compiles each message's decoder
 * with `new Function` from the schema (never from the data): eval is allowed there, in a worker that
 * has no DOM and reaches only this origin, and nowhere else.
 */
export function workerPolicy(frameAncestors: readonly string[] = DEFAULT_FRAME_ANCESTORS): string {
  return contentSecurityPolicy(frameAncestors, "script-src 'self' 'unsafe-eval'");
}

/** Set before the handler answers: `writeHead` keeps them and adds its own. */
export function setSecurityHeaders(res: ServerResponse, csp: string): void {
  res.setHeader('Content-Security-Policy', csp);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Trace addresses name trace ids: a link followed out of a span's attributes must not carry them.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/** A `--frame-ancestors` value: `'none'`, `'self'` or origins such as https://grafana.example.com. */
export function parseFrameAncestor(text: string): string {
  const t = text.trim();
  if (t === "'none'" || t === "'self'" || t === 'none' || t === 'self') return `'${t.replace(/'/g, '')}'`;
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    throw new Error(`'${text}' is not an origin (https://host[:port]), 'self' or 'none'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`'${text}' is not an http(s) origin`);
  return url.origin;
}
