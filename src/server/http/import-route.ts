/**
 * `POST /api/import`: a trace file of any supported format in the body (gzip'd or not, detected by
 * its magic bytes), read as it streams in up to `--max-import-size`. Answers
 * `{"traceIds":[…],"spanCount":N}`, or 400 with the decoder's message for a bad file.
 */
import { BodyError, parseContentEncoding, readBody } from './read-body.ts';
import { sendError, sendJson } from './respond.ts';
import type { Route } from './router.ts';
import type { ServerState } from './server-state.ts';

/** A decoder's complaint about the input (FormatError), also after crossing the store's worker. */
export function isFormatError(err: unknown): err is Error {
  return err instanceof Error && (err.name === 'FormatError' || 'resembled' in err);
}

export function importRoute(state: ServerState, maxImportBytes: number, log: (line: string) => void): Route {
  return {
    methods: ['POST'],
    path: /^\/api\/import\/?$/,
    handle: async ({ req, res }) => {
      const close = (): Record<string, string> => (req.complete ? {} : { Connection: 'close' });
      const store = state.openStore;
      if (!store) return sendError(res, 503, 'the store is not ready', { 'Retry-After': 1, ...close() });
      const declared = parseContentEncoding(req.headers['content-encoding']);
      if (!declared) {
        return sendError(
          res,
          415,
          `unsupported content encoding '${req.headers['content-encoding']}'`,
          close(),
        );
      }
      let body: Buffer;
      try {
        body = await readBody(req, {
          limitBytes: maxImportBytes,
          encoding: declared === 'identity' ? 'sniff' : declared,
        });
      } catch (err) {
        if (!(err instanceof BodyError)) throw err;
        if (err.status === 499) return void res.destroy();
        return sendError(res, err.status, err.message.replace('request body', 'file'), close());
      }
      if (body.byteLength === 0) return sendError(res, 400, 'the file is empty');
      try {
        const result = await state.track(store.importFile(body));
        sendJson(res, 200, { traceIds: result.traceIds, spanCount: result.spanCount });
      } catch (err) {
        if (!isFormatError(err)) throw err;
        log(`spanscope: import refused: ${err.message}`);
        sendError(res, 400, err.message);
      }
    },
  };
}
