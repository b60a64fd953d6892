/**
 * `/api/sources`: the local store and each external source with its health; and
 * `/api/sources/{name}/…`: any read path of DESIGN §4 answered by that source, through the same
 * route handlers as the local store's (`readRoutes`), the source resolved per request. A source's
 * failure is answered with its kind (`failure`) for the app to say what to check: 502 unreachable,
 * unauthorized (401/403 of the store), malformed or too large; 504 timeout; 404 a trace it does
 * not have; 501 a kind this build cannot read. Messages and log lines never hold a credential.
 */
import type { ApiErrorBody, SourceFailure } from '../../core/api/errors.ts';
import { LOCAL_SOURCE, SOURCES_PATH, splitSourcePath } from '../../core/api/paths.ts';
import type { SourcesResponse } from '../../core/api/sources.ts';
import type { SourceSet } from '../sources/source-set.ts';
import { UpstreamError } from '../sources/trace-source.ts';
import { printable } from './params.ts';
import type { ReadTarget, ResolveTarget } from './read-target.ts';
import { sendError, sendJson } from './respond.ts';
import { dispatch, type Route } from './router.ts';

const STATUS_OF: Readonly<Record<SourceFailure, number>> = {
  unreachable: 502,
  timeout: 504,
  unauthorized: 502,
  'not-found': 404,
  malformed: 502,
  'too-large': 502,
  unsupported: 501,
  'upstream-error': 502,
};

export function sourceRoutes(
  sources: SourceSet,
  readRoutes: (resolve: ResolveTarget) => Route[],
  log: (line: string) => void,
): Route[] {
  return [
    {
      methods: ['GET'],
      path: /^\/api\/sources\/?$/,
      handle: async ({ res }) => {
        const answer: SourcesResponse = {
          sources: [{ name: LOCAL_SOURCE, kind: LOCAL_SOURCE }, ...(await sources.list())],
        };
        sendJson(res, 200, answer);
      },
    },
    {
      methods: ['GET'],
      path: /^\/api\/sources\/[^/]+(\/.*)?$/,
      handle: async (ctx) => {
        const split = splitSourcePath(ctx.url.pathname);
        const external = split && sources.get(split.name);
        if (!split || !external) {
          const known = [LOCAL_SOURCE, ...sources.names].join(', ');
          return sendError(
            ctx.res,
            404,
            `no source named '${printable(split?.name ?? '')}' (configured: ${known})`,
          );
        }
        const target: ReadTarget = {
          name: external.name,
          source: external.source,
          store: null,
          spanDetails: external.spanDetails,
        };
        const url = new URL(ctx.url);
        url.pathname = split.rest;
        try {
          if (
            !(await dispatch(
              readRoutes(() => target),
              { ...ctx, url },
            ))
          )
            sendError(
              ctx.res,
              404,
              `no such endpoint of a source: GET ${SOURCES_PATH}/${external.name}${printable(split.rest)}`,
            );
        } catch (err) {
          const message = external.redact((err as Error).message ?? String(err));
          if (!(err instanceof UpstreamError)) {
            log(
              `spanscope: GET ${ctx.url.pathname} failed: ${external.redact((err as Error).stack ?? message)}`,
            );
            return sendError(ctx.res, 500, `internal error: ${message}`);
          }
          log(`spanscope: ${message}`);
          const body: ApiErrorBody = { error: message, source: err.source, failure: err.failure };
          sendJson(ctx.res, STATUS_OF[err.failure], body);
        }
      },
    },
  ];
}
