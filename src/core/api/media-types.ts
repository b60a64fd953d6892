/**
 * The media types of the store API (DESIGN §4), one copy for server, worker and app.
 */

/** The columnar transfer (core/transfer) a `/api/v2/traces/{id}` answers when asked for it. */
export const COLUMNAR_MEDIA_TYPE = 'application/vnd.spanscope.columnar';
/** The media-type parameter asking for the columnar answer without the span details (fetched afterwards). */
export const DETAILS_DEFERRED_PARAM = 'details=deferred';
export const COLUMNAR_DEFERRED_ACCEPT = `${COLUMNAR_MEDIA_TYPE}; ${DETAILS_DEFERRED_PARAM}`;
/** The Accept header of a trace request (an answer in JSON is read too). */
export const TRACE_ACCEPT = `${COLUMNAR_DEFERRED_ACCEPT}, application/json;q=0.9`;
/** A batch of deferred span details (`/api/v2/traces/{id}/details`). */
export const DETAILS_MEDIA_TYPE = 'application/vnd.spanscope.details';

/** What an Accept header asks of a trace answer: the columnar transfer (with details or not), or JSON. */
export function acceptedTraceEncoding(accept: string): 'columnar' | 'columnar-deferred' | null {
  for (const range of accept.toLowerCase().split(',')) {
    const [type, ...params] = range.split(';').map((p) => p.trim());
    if (type !== COLUMNAR_MEDIA_TYPE) continue;
    return params.some((p) => p.replace(/\s+/g, '') === DETAILS_DEFERRED_PARAM)
      ? 'columnar-deferred'
      : 'columnar';
  }
  return null;
}
