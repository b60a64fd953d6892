/**
 * A browser navigating to a trace page of the local store (`/trace/<id>`) asks for the trace a moment
 * later, once the page's entry script runs (0.1–0.3 s, while it compiles the app on the same cores):
 * the store starts that read as the page is served (store/read/read-ahead.ts). Only for a navigation
 * (Sec-Fetch-Mode), as a chat app's unfurler fetching the page would never ask for the trace.
 */
import type { IncomingMessage } from 'node:http';
import { LOCAL_SOURCE } from '../../core/api/paths.ts';
import type { ServerState } from './server-state.ts';

/** Called with every request for an app page, before it is answered. */
export type PageReadAhead = (req: IncomingMessage, url: URL) => void;

const TRACE_PAGE = /^\/trace\/([^/]+)\/?$/;

export function traceReadAhead(state: ServerState): PageReadAhead {
  return (req, url) => {
    if (req.method !== 'GET' || req.headers['sec-fetch-mode'] !== 'navigate') return;
    const source = url.searchParams.get('source');
    if (source && source !== LOCAL_SOURCE) return;
    const segment = TRACE_PAGE.exec(url.pathname)?.[1];
    if (segment === undefined) return;
    let traceId: string;
    try {
      traceId = decodeURIComponent(segment);
    } catch {
      return;
    }
    state.openStore?.readTraceAhead(traceId);
  };
}
