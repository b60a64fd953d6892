/**
 * `GET /api/preview/trace/{id}.png` and `/api/preview/diff/{a}/{b}.png`: the 1200×630 PNG a chat
 * app shows for a trace or diff link (DESIGN §4), of the view the query names (`span`, `from`/`to`,
 * `theme`; preview-request.ts). Never an error for a trace the store does not have, or a preview
 * not ready yet: a card that says so (kept by clients only briefly). A malformed id is a 400. What
 * was drawn is in `X-Spanscope-Preview` (waterfall, summary, message, fallback), the time of a
 * fresh render's store read and of each of the worker's phases in `Server-Timing`.
 */

import { diffPreviewRequest, type PreviewRequest, tracePreviewRequest } from '../preview/preview-request.ts';
import type { PreviewService } from '../preview/preview-service.ts';
import { ParamError, traceIdParam } from './params.ts';
import { sendBytes, sendError } from './respond.ts';
import type { Route, RouteContext } from './router.ts';

async function answer(ctx: RouteContext, previews: PreviewService, request: () => PreviewRequest) {
  let r: PreviewRequest;
  try {
    r = request();
  } catch (err) {
    if (err instanceof ParamError) return sendError(ctx.res, 400, err.message);
    throw err;
  }
  const image = await previews.image(r);
  const timing = Object.entries(image.timingsMs).map(([phase, ms]) => `${phase};dur=${ms.toFixed(1)}`);
  sendBytes(ctx.res, 200, 'image/png', image.png, {
    'Cache-Control': image.lasting ? 'public, max-age=300' : 'no-cache',
    'X-Spanscope-Preview': image.drawn,
    ...(timing.length > 0 ? { 'Server-Timing': timing.join(', ') } : {}),
  });
}

export function previewRoutes(previews: PreviewService): Route[] {
  return [
    {
      methods: ['GET'],
      path: /^\/api\/preview\/trace\/([^/]+)\.png$/,
      handle: (ctx) =>
        answer(ctx, previews, () => tracePreviewRequest(traceIdParam(ctx.params[0]), ctx.url.searchParams)),
    },
    {
      methods: ['GET'],
      path: /^\/api\/preview\/diff\/([^/]+)\/([^/]+)\.png$/,
      handle: (ctx) =>
        answer(ctx, previews, () =>
          diffPreviewRequest(traceIdParam(ctx.params[0]), traceIdParam(ctx.params[1]), ctx.url.searchParams),
        ),
    },
  ];
}
