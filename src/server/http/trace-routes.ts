/**
 * Trace by id, Tempo-compatible: `/api/traces/{id}` (v1 `{batches}`) and `/api/v2/traces/{id}`
 * (v2 `{trace}`, or the store's columnar encoding when asked with `Accept: COLUMNAR_MEDIA_TYPE`, without
 * the span details when the media type has the parameter `details=deferred`; from the local store,
 * streamed with chunked transfer as it is read when the Accept header names
 * COLUMNAR_STREAM_MEDIA_TYPE: streamTrace; the local store's Tempo JSON is streamed too), and
 * `/api/v2/traces/{id}/details?from=&to=`: the deferred details of the spans with keys in [from, to],
 * and `/api/v2/traces/{id}/details/matching?text=`: the keys of the spans whose details contain the
 * text (find in a trace too big to fetch every detail of), as `{keyBase, offsets}` in JSON;
 * `/api/v2/traces/{id}/details/values?key=`: the value of one attribute per span (span, else
 * resource) as `{keyBase, values, offsets, codes}`, and `/api/v2/traces/{id}/details/keys`: the
 * trace's attribute keys (statistics grouped by an attribute of such a trace), and
 * `/api/v2/traces/{id}/details/query?q=`: the keys of the spans a TraceQL query's span sets hold
 * (find by query in such a trace), as `{keyBase, offsets}` like `details/matching`.
 * The same routes answer `/api/sources/{name}/…` (source-routes.ts): the trace and its deferred
 * details from the target the resolver gives; the other `details/…` routes only from the local store
 * (read-target.ts `storeOnly`).
 */

import { MAX_ATTRIBUTE_KEY_CHARS } from '../../core/analysis/attribute-values.ts';
import {
  acceptedTraceEncoding,
  COLUMNAR_MEDIA_TYPE,
  COLUMNAR_STREAM_MEDIA_TYPE,
  DETAILS_MEDIA_TYPE,
} from '../../core/api/media-types.ts';
import type { TraceEncoding, TraceStore } from '../store/types.ts';
import { bigintParam, keyParam, ParamError, textParam, traceIdParam } from './params.ts';
import { type ReadTarget, type ResolveTarget, sendTraceNotFound, storeOnly } from './read-target.ts';
import { drained, sendBytes, sendError, sendJson } from './respond.ts';
import type { Route, RouteContext } from './router.ts';
import { answerRefusal, checkQuery, queryText } from './search-routes.ts';

/** Longest text find in details takes (the app's find box holds 500). */
const MAX_MATCH_TEXT_CHARS = 1000;

/**
 * How long a client may take nothing of a streamed trace before it is cut off: the read waits for a
 * slow client (stream-window.ts) and holds one of the store's read connections meanwhile.
 */
const STREAM_STALL_MS = 60_000;

export function traceRoutes(resolve: ResolveTarget, streamStallMs = STREAM_STALL_MS): Route[] {
  /** The target and the trace id of the path, or null once an error answer is sent. */
  const target = (ctx: RouteContext): { target: ReadTarget; traceId: string } | null => {
    let traceId: string;
    try {
      traceId = traceIdParam(ctx.params[0]);
    } catch (err) {
      if (err instanceof ParamError) {
        sendError(ctx.res, 400, err.message);
        return null;
      }
      throw err;
    }
    const t = resolve(ctx);
    return t ? { target: t, traceId } : null;
  };
  /** The local store and the trace id, for the routes only it answers. */
  const stored = (ctx: RouteContext) => {
    const found = target(ctx);
    const store = found && storeOnly(ctx, found.target);
    return found && store ? { store, traceId: found.traceId, target: found.target } : null;
  };

  const serve = async (ctx: RouteContext, version: 1 | 2) => {
    const found = target(ctx);
    if (!found) return;
    const columnar = version === 2 ? acceptedTraceEncoding(ctx.req.headers.accept ?? '') : null;
    if (columnar?.streamed && found.target.store)
      return stream(ctx, found.target, found.target.store, found.traceId, columnar.encoding);
    const encoding: TraceEncoding = columnar?.encoding ?? (version === 1 ? 'tempo-v1' : 'tempo-v2');
    // The local store's Tempo JSON is written as it is read (a 1M-span trace's is ~600 MB).
    if (!columnar && found.target.store)
      return stream(ctx, found.target, found.target.store, found.traceId, encoding);
    const body = await found.target.source.getTrace(found.traceId, encoding);
    if (!body) return sendTraceNotFound(ctx, found.target, found.traceId);
    sendBytes(ctx.res, 200, columnar ? COLUMNAR_MEDIA_TYPE : 'application/json', body, { Vary: 'Accept' });
  };

  /**
   * The streamed answer: headers with the first piece, each piece written as it comes (chunked);
   * a client that goes away cancels the read. A piece the socket could not take at once holds the
   * read back until it drains (a client that takes nothing for `streamStallMs` is cut off). A failure
   * after the first piece ends the answer: the columnar stream's error frame says why; a JSON answer
   * is cut off without its last chunk, so that no client takes it for whole.
   */
  const stream = async (
    ctx: RouteContext,
    target: ReadTarget,
    store: TraceStore,
    traceId: string,
    encoding: TraceEncoding,
  ) => {
    const json = encoding === 'tempo-v1' || encoding === 'tempo-v2';
    const { res } = ctx;
    const cancel = new AbortController();
    const gone = () => {
      if (!res.writableFinished) cancel.abort();
    };
    res.once('close', gone);
    /** Pieces written while the socket is full wait for the same drain (one set of listeners). */
    let draining: Promise<void> | null = null;
    const send = (piece: Uint8Array) => {
      // Pieces read before the store heard of the cancel.
      if (res.destroyed) return;
      if (!res.headersSent)
        res.writeHead(200, {
          'Content-Type': json ? 'application/json' : COLUMNAR_STREAM_MEDIA_TYPE,
          'Cache-Control': 'no-store',
          Vary: 'Accept',
        });
      if (res.write(piece)) return;
      draining ??= drained(res, streamStallMs).finally(() => {
        draining = null;
      });
      return draining;
    };
    try {
      const found = await store.streamTrace(traceId, encoding, send, cancel.signal);
      if (!found) return sendTraceNotFound(ctx, target, traceId);
      res.end();
    } catch (err) {
      if (cancel.signal.aborted) return;
      if (!res.headersSent) throw err;
      if (json) res.destroy(err instanceof Error ? err : new Error(String(err)));
      else res.end();
    } finally {
      res.off('close', gone);
    }
  };

  const details = async (ctx: RouteContext) => {
    const found = target(ctx);
    if (!found) return;
    let from: bigint;
    let to: bigint;
    try {
      from = bigintParam(ctx.url.searchParams, 'from');
      to = bigintParam(ctx.url.searchParams, 'to');
      if (from > to) throw new ParamError(`invalid range: from ${from} is after to ${to}`);
    } catch (err) {
      if (err instanceof ParamError) return sendError(ctx.res, 400, err.message);
      throw err;
    }
    const body = await found.target.spanDetails(found.traceId, from, to);
    if (!body) return sendTraceNotFound(ctx, found.target, found.traceId);
    sendBytes(ctx.res, 200, DETAILS_MEDIA_TYPE, body);
  };

  const matching = async (ctx: RouteContext) => {
    const found = stored(ctx);
    if (!found) return;
    let text: string;
    try {
      text = textParam(ctx.url.searchParams, 'text', MAX_MATCH_TEXT_CHARS);
    } catch (err) {
      if (err instanceof ParamError) return sendError(ctx.res, 400, err.message);
      throw err;
    }
    const matches = await found.store.findInDetails(found.traceId, text);
    if (!matches) return sendTraceNotFound(ctx, found.target, found.traceId);
    sendJson(ctx.res, 200, { keyBase: String(matches.keyBase), offsets: Array.from(matches.offsets) });
  };

  const byQuery = async (ctx: RouteContext) => {
    const found = stored(ctx);
    if (!found) return;
    let q: string;
    try {
      q = queryText(ctx.url.searchParams, true);
      checkQuery(q);
    } catch (err) {
      if (answerRefusal(ctx, err)) return;
      throw err;
    }
    const matches = await found.store.findByQuery(found.traceId, q);
    if (!matches) return sendTraceNotFound(ctx, found.target, found.traceId);
    // join, not JSON.stringify of an array: a million keys without a million-element array.
    sendBytes(
      ctx.res,
      200,
      'application/json',
      `{"keyBase":"${matches.keyBase}","offsets":[${matches.offsets.join(',')}]}`,
    );
  };

  const values = async (ctx: RouteContext) => {
    const found = stored(ctx);
    if (!found) return;
    let key: string;
    try {
      key = keyParam(ctx.url.searchParams, 'key', MAX_ATTRIBUTE_KEY_CHARS);
    } catch (err) {
      if (err instanceof ParamError) return sendError(ctx.res, 400, err.message);
      throw err;
    }
    const v = await found.store.attributeValues(found.traceId, key);
    if (!v) return sendTraceNotFound(ctx, found.target, found.traceId);
    // join, not JSON.stringify of arrays: a million keys and codes without a million-element array.
    const body = `{"keyBase":"${v.keyBase}","values":${JSON.stringify(v.values)},"offsets":[${v.offsets.join(',')}],"codes":[${v.codes.join(',')}]}`;
    sendBytes(ctx.res, 200, 'application/json', body);
  };

  const keys = async (ctx: RouteContext) => {
    const found = stored(ctx);
    if (!found) return;
    const answer = await found.store.attributeKeys(found.traceId);
    if (!answer) return sendTraceNotFound(ctx, found.target, found.traceId);
    sendJson(ctx.res, 200, answer);
  };

  return [
    { methods: ['GET'], path: /^\/api\/traces\/([^/]*)\/?$/, handle: (ctx) => serve(ctx, 1) },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/?$/, handle: (ctx) => serve(ctx, 2) },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/details\/?$/, handle: details },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/details\/matching\/?$/, handle: matching },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/details\/query\/?$/, handle: byQuery },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/details\/values\/?$/, handle: values },
    { methods: ['GET'], path: /^\/api\/v2\/traces\/([^/]*)\/details\/keys\/?$/, handle: keys },
  ];
}
