/**
 * The media types of the store API (DESIGN §4), one copy for server, worker and app.
 */

/** The columnar transfer (core/transfer) a `/api/v2/traces/{id}` answers when asked for it. */
export const COLUMNAR_MEDIA_TYPE = 'application/vnd.spanscope.columnar';
/** The media-type parameter asking for the columnar answer without the span details (fetched afterwards). */
export const DETAILS_DEFERRED_PARAM = 'details=deferred';
export const COLUMNAR_DEFERRED_ACCEPT = `${COLUMNAR_MEDIA_TYPE}; ${DETAILS_DEFERRED_PARAM}`;
/**
 * The columnar transfer as a stream of frames (core/transfer/columnar-stream.ts): the local store
 * sends it as it reads, when asked for it by name. A client that names only COLUMNAR_MEDIA_TYPE gets
 * the whole body as before.
 */
export const COLUMNAR_STREAM_MEDIA_TYPE = 'application/vnd.spanscope.columnar-stream';
/**
 * The Accept header of a trace request: the stream from the local store, the whole body from an
 * external source (which reads its trace whole anyway), an answer in JSON too.
 */
export const TRACE_ACCEPT = `${COLUMNAR_STREAM_MEDIA_TYPE}; ${DETAILS_DEFERRED_PARAM}, ${COLUMNAR_DEFERRED_ACCEPT};q=0.9, application/json;q=0.8`;
/** A batch of deferred span details (`/api/v2/traces/{id}/details`). */
export const DETAILS_MEDIA_TYPE = 'application/vnd.spanscope.details';

/** What an Accept header asks of a trace answer in the columnar transfer. */
export interface AcceptedColumnar {
  /** With the span details, or without (fetched afterwards). */
  readonly encoding: 'columnar' | 'columnar-deferred';
  /** The stream is welcome (COLUMNAR_STREAM_MEDIA_TYPE); the whole body is, in any case. */
  readonly streamed: boolean;
}

/** What an Accept header asks of a trace answer: the columnar transfer (streamed or not, with details or not), or JSON (null). */
export function acceptedTraceEncoding(accept: string): AcceptedColumnar | null {
  let found: AcceptedColumnar | null = null;
  for (const range of accept.toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim());
    const streamed = type === COLUMNAR_STREAM_MEDIA_TYPE;
    if (!streamed && (type !== COLUMNAR_MEDIA_TYPE || found)) continue;
    const deferred = params.some((p) => p.replace(/\s+/g, '') === DETAILS_DEFERRED_PARAM);
    found = { encoding: deferred ? 'columnar-deferred' : 'columnar', streamed };
    if (streamed) break;
  }
  return found;
}
