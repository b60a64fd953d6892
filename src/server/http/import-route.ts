/**
 * `POST /api/import`: a trace file of any supported format in the body (gzip'd or not: by its magic
 * bytes, or a Content-Encoding), streamed into the store as it arrives (TraceStore.beginImport): the
 * request is read only as fast as the store decodes and commits it, in constant memory, up to
 * `--max-import-size` received and inflated. Answers `{"traceIds":[…],"spanCount":N}`. A file
 * refused midway answers 400 (413 past the limit) with the decoder's message, naming the byte or
 * the JSON path, and what was kept: `{"error":"…","kept":{"traceIds":[…],"spanCount":N}}` (the spans
 * before the piece that failed stay stored); a store that cannot commit (a full disk) answers 503 with
 * Retry-After and what was kept. A client that goes away stops the import.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ImportFailure, type ImportSession, type TraceStore } from '../store/types.ts';
import { type BodyEncoding, BodyError, formatBytes, parseContentEncoding, streamBody } from './read-body.ts';
import { sendError, sendJson } from './respond.ts';
import type { Route } from './router.ts';
import type { ServerState } from './server-state.ts';

interface ImportRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly store: TraceStore;
  readonly encoding: BodyEncoding;
  readonly maxImportBytes: number;
  readonly log: (line: string) => void;
}

/** What the client hears when the import stops early: the status, the message, what was kept. */
async function stopped(session: ImportSession, err: unknown, r: ImportRequest): Promise<void> {
  const close = { Connection: 'close' };
  if (err instanceof ImportFailure) {
    const tooLarge = err.reason.name === 'InputTooLargeError';
    const error = tooLarge
      ? `decompressed file is larger than the limit of ${formatBytes(r.maxImportBytes)}`
      : err.message;
    r.log(`spanscope: import refused: ${error} (${err.kept.spanCount} spans kept)`);
    return sendJson(r.res, tooLarge ? 413 : 400, { error, kept: err.kept }, r.req.complete ? {} : close);
  }
  const kept = await session.abort();
  if (!(err instanceof BodyError)) {
    // The store could not commit (a full disk): the file may be fine; what came before stays.
    r.log(`spanscope: import failed: ${(err as Error).message} (${kept.spanCount} spans kept)`);
    const error = 'the store could not commit the file; retry later';
    return sendJson(r.res, 503, { error, kept }, { 'Retry-After': '1', ...(r.req.complete ? {} : close) });
  }
  if (err.status === 499) {
    r.log(`spanscope: import stopped: the client went away (${kept.spanCount} spans kept)`);
    r.res.destroy();
    return;
  }
  sendJson(r.res, err.status, { error: err.message.replace('request body', 'file'), kept }, close);
}

async function importBody(r: ImportRequest): Promise<void> {
  const session = r.store.beginImport({ maxInflatedBytes: r.maxImportBytes });
  try {
    for await (const chunk of streamBody(r.req, r.encoding, r.maxImportBytes)) await session.write(chunk);
    sendJson(r.res, 200, await session.end());
  } catch (err) {
    await stopped(session, err, r);
  }
}

export function importRoute(state: ServerState, maxImportBytes: number, log: (line: string) => void): Route {
  return {
    methods: ['POST'],
    path: /^\/api\/import\/?$/,
    handle: async ({ req, res }) => {
      const close = (): Record<string, string> => (req.complete ? {} : { Connection: 'close' });
      const store = state.openStore;
      if (!store) return sendError(res, 503, 'the store is not ready', { 'Retry-After': 1, ...close() });
      const encoding = parseContentEncoding(req.headers['content-encoding']);
      if (!encoding) {
        const message = `unsupported content encoding '${req.headers['content-encoding']}'`;
        return sendError(res, 415, message, close());
      }
      if (Number(req.headers['content-length']) > maxImportBytes)
        return sendError(
          res,
          413,
          `file is larger than the limit of ${formatBytes(maxImportBytes)}`,
          close(),
        );
      await state.track(importBody({ req, res, store, encoding, maxImportBytes, log }));
    },
  };
}
