/**
 * HTTP spans following the OpenTelemetry HTTP semantic conventions: a SERVER span named
 * `{method} {route}`, a CLIENT span named `{method}`, 5xx = error (4xx only on the client side).
 */

import { SpanKind } from '../model/types.ts';
import { int, kv, type OtlpKeyValue, str, strings } from './otlp-json.ts';
import { SERVICES, type ServiceName } from './services.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

/** What a handler answers: an HTTP status or a gRPC code, and the error text if it failed. */
export interface Reply {
  status: number;
  message: string;
}

/** Runs inside a server span from `t`; returns when its work ended. */
export type Handler = (span: SpanRecord, t: number, reply: Reply) => number;

export interface CallResult {
  readonly client: SpanRecord;
  readonly server: SpanRecord | null;
  readonly end: number;
  readonly ok: boolean;
}

export interface HttpRequest {
  readonly method: string;
  readonly route: string;
  readonly path: string;
  readonly query?: string;
  readonly attributes?: readonly OtlpKeyValue[];
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function reason(status: number): string {
  return REASONS[status] ?? `HTTP ${status}`;
}

/** The http.response.status_code a finished HTTP span recorded (NaN if none). */
export function httpStatusOf(span: SpanRecord): number {
  return Number(span.attributes.find((a) => a.key === 'http.response.status_code')?.value.intValue);
}

/** A SERVER span of `service` (a root when `parent` is null) running `handler`. */
export function httpServer(
  b: TraceBuilder,
  parent: SpanRecord | null,
  service: ServiceName,
  t: number,
  req: HttpRequest,
  handler: Handler,
): SpanRecord {
  const port = SERVICES[service].port;
  const span = b.start(parent, {
    service,
    library: 'http-server',
    kind: SpanKind.Server,
    name: `${req.method} ${req.route}`,
    startNs: t,
    attributes: [
      kv('http.request.method', str(req.method)),
      kv('http.route', str(req.route)),
      kv('url.path', str(req.path)),
      ...(req.query ? [kv('url.query', str(req.query))] : []),
      kv('url.scheme', str(parent ? 'http' : 'https')),
      kv('server.address', str(parent ? service : 'shop.example.com')),
      kv('server.port', int(parent ? port : 443)),
      kv('network.protocol.version', str(parent ? '1.1' : '2')),
      kv('client.address', str(parent ? `10.42.${b.rng.int(0, 7)}.${b.rng.int(2, 250)}` : clientIp(b))),
      ...(req.attributes ?? []),
    ],
  });
  const reply: Reply = { status: 200, message: '' };
  const end = handler(span, t + b.think(), reply);
  b.attr(span, 'http.response.status_code', int(reply.status));
  if (reply.status >= 500) {
    b.attr(span, 'error.type', str(String(reply.status)));
    b.fail(span, reply.message || reason(reply.status));
  }
  b.end(span, end + b.think());
  return span;
}

function clientIp(b: TraceBuilder): string {
  return `${b.rng.pick([81, 92, 145, 176, 203])}.${b.rng.int(1, 254)}.${b.rng.int(1, 254)}.${b.rng.int(1, 254)}`;
}

/** A CLIENT span in `parent`'s service calling `to`, whose SERVER span runs `handler`. */
export function httpCall(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  to: ServiceName,
  req: HttpRequest,
  handler: Handler,
  resendCount = 0,
): CallResult {
  const port = SERVICES[to].port;
  const url = `http://${to}:${port}${req.path}${req.query ? `?${req.query}` : ''}`;
  const client = b.start(parent, {
    library: 'http-client',
    kind: SpanKind.Client,
    name: req.method,
    startNs: t,
    attributes: [
      kv('http.request.method', str(req.method)),
      kv('url.full', str(url)),
      kv('server.address', str(to)),
      kv('server.port', int(port)),
      kv('network.protocol.version', str('1.1')),
      kv('http.request.header.accept', strings(['application/json'])),
      ...(resendCount ? [kv('http.request.resend_count', int(resendCount))] : []),
    ],
  });
  const server = httpServer(b, client, to, t + b.gap(), req, handler);
  return finishHttpClient(b, client, server, server.endNs + b.gap(), httpStatusOf(server));
}

/**
 * A CLIENT span to a host outside the shop (payment provider, carrier API, mail relay) that answers
 * `status` after `durNs`.
 */
export function httpExternal(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  method: string,
  url: string,
  durNs: number,
  status: number,
  resendCount = 0,
): CallResult {
  const host = url.replace(/^https?:\/\//, '').replace(/[/:].*$/, '');
  const client = b.start(parent, {
    library: 'http-client',
    kind: SpanKind.Client,
    name: method,
    startNs: t,
    attributes: [
      kv('http.request.method', str(method)),
      kv('url.full', str(url)),
      kv('server.address', str(host)),
      kv('server.port', int(443)),
      kv('network.protocol.version', str('1.1')),
      ...(resendCount ? [kv('http.request.resend_count', int(resendCount))] : []),
    ],
  });
  return finishHttpClient(b, client, null, t + durNs, status);
}

function finishHttpClient(
  b: TraceBuilder,
  client: SpanRecord,
  server: SpanRecord | null,
  end: number,
  status: number,
): CallResult {
  b.attr(client, 'http.response.status_code', int(status));
  const ok = status < 400;
  if (!ok) {
    b.attr(client, 'error.type', str(String(status)));
    b.fail(client, reason(status));
  }
  return { client, server, end: b.end(client, end), ok };
}
