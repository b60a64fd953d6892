/**
 * The link preview of each app route that has one (DESIGN §4): `/trace/<id>` and `/diff/<a>/<b>`
 * (title, description and the preview image of the link's view, from the preview service's facts),
 * `/search?…` (the query and what it finds, text only). A browser opening the page never waits for
 * them (it says `Sec-Fetch-Mode: navigate`; the title then says what is already known, and the
 * render is not even started); a chat app's unfurler (a plain HTTP client) waits up to `waitMs`,
 * and gets the generic words past it.
 */
import type { IncomingMessage } from 'node:http';
import { canonicalTraceId } from '../../core/model/ids.ts';
import { diffPreview, searchPreview, tracePreview } from '../../core/share/preview-words.ts';
import {
  hitOfTempoTrace,
  LISTED_RESULTS,
  SEARCH_PAGE_LIMIT,
  type SearchFacts,
} from '../../core/share/search-facts.ts';
import { parseTimeSpec } from '../../core/share/time-spec.ts';
import { formatDuration } from '../../render/time-format.ts';
import {
  diffPreviewRequest,
  type PreviewRequest,
  previewImagePath,
  tracePreviewRequest,
} from '../preview/preview-request.ts';
import type { PreviewService } from '../preview/preview-service.ts';
import type { PageHead } from './html-meta.ts';
import type { ServerState } from './server-state.ts';
import type { PageHeadOf } from './static-app.ts';

export interface LinkPreviewOptions {
  /** How long an unfurler's request waits for the facts (default 2.5 s). */
  readonly waitMs?: number;
}

const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
const MAX_QUERY_CHARS = 10_000;

/** The origin the client reached: its Host header when it is a plain host, else the socket's address. */
export function originOf(req: IncomingMessage): string {
  const host = req.headers.host ?? '';
  const proto = req.headers['x-forwarded-proto'] === 'https' ? 'https' : 'http';
  if (HOST.test(host)) return `${proto}://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

/** A browser navigating, or HEAD: answered at once, without waiting. */
function waitsFor(req: IncomingMessage, waitMs: number): number {
  return req.method === 'GET' && req.headers['sec-fetch-mode'] !== 'navigate' ? waitMs : 0;
}

function traceIdOf(segment: string): string | null {
  try {
    return canonicalTraceId(decodeURIComponent(segment));
  } catch {
    return null;
  }
}

/**
 * The preview request of a trace or diff page of the local store, or null for another route (or a
 * page reading an external source, `source=`: previews read the local store only).
 */
function viewOf(url: URL): PreviewRequest | null {
  const source = url.searchParams.get('source');
  if (source && source !== 'local') return null;
  const trace = /^\/trace\/([^/]+)\/?$/.exec(url.pathname);
  if (trace) {
    const id = traceIdOf(trace[1]);
    return id ? tracePreviewRequest(id, url.searchParams) : null;
  }
  const diff = /^\/diff\/([^/]+)\/([^/]+)\/?$/.exec(url.pathname);
  if (diff && diff[1] !== 'typical') {
    const [a, b] = [traceIdOf(diff[1]), traceIdOf(diff[2])];
    return a && b ? diffPreviewRequest(a, b, url.searchParams) : null;
  }
  return null;
}

async function viewHead(
  previews: PreviewService,
  r: PreviewRequest,
  url: string,
  origin: string,
  waitMs: number,
) {
  const facts = await previews.factsOf(r, waitMs);
  const image = `${origin}${previewImagePath(r)}`;
  if (facts?.kind === 'trace') {
    const w = tracePreview(facts.trace, formatDuration);
    return { title: w.title, description: w.description, url, image, imageAlt: `Waterfall of ${w.title}` };
  }
  if (facts?.kind === 'diff') {
    const w = diffPreview(facts.diff, formatDuration);
    return { title: w.title, description: w.description, url, image, imageAlt: `A and B of ${w.title}` };
  }
  const what = r.kind === 'trace' ? `Trace ${r.traceId}` : `Diff of ${r.traceIdA} and ${r.traceIdB}`;
  return { title: what, description: `${what} in Spanscope`, url, image, imageAlt: what };
}

async function searchHead(state: ServerState, url: URL, pageUrl: string, waitMs: number): Promise<PageHead> {
  const q = (url.searchParams.get('q') ?? '').slice(0, MAX_QUERY_CHARS);
  const nowMs = Date.now();
  const time = (key: string) => {
    const spec = url.searchParams.get(key);
    return spec ? parseTimeSpec(spec, nowMs) : null;
  };
  const limitParam = Number(url.searchParams.get('limit'));
  const limit =
    Number.isInteger(limitParam) && limitParam >= 1 && limitParam <= 1000 ? limitParam : SEARCH_PAGE_LIMIT;
  const facts: SearchFacts = {
    query: q,
    startMs: time('start'),
    endMs: time('end'),
    count: 0,
    limit,
    hits: [],
  };
  const generic = {
    title: q.trim() ? `Search: ${q}` : 'Recent traces',
    description: 'A trace search in Spanscope',
  };
  const store = state.openStore;
  if (waitMs <= 0 || !store) return { ...generic, url: pageUrl, image: null, imageAlt: '' };
  try {
    const answer = await store.search({
      ...(q.trim() ? { q } : {}),
      ...(facts.startMs !== null ? { startS: Math.floor(facts.startMs / 1000) } : {}),
      ...(facts.endMs !== null ? { endS: Math.floor(facts.endMs / 1000) } : {}),
      limit,
      spss: 1,
      timeoutMs: waitMs,
    });
    const hits = answer.traces.flatMap((t) => hitOfTempoTrace(t) ?? []);
    const w = searchPreview(
      { ...facts, count: hits.length, hits: hits.slice(0, LISTED_RESULTS) },
      formatDuration,
    );
    return { title: w.title, description: w.description, url: pageUrl, image: null, imageAlt: '' };
  } catch {
    // A query that does not run, a search past the wait: the page says why when opened.
    return { ...generic, url: pageUrl, image: null, imageAlt: '' };
  }
}

export function linkPreviews(
  state: ServerState,
  previews: PreviewService,
  options: LinkPreviewOptions = {},
): PageHeadOf {
  return async (req, url) => {
    const origin = originOf(req);
    const pageUrl = `${origin}${url.pathname}${url.search}`;
    const waitMs = waitsFor(req, options.waitMs ?? 2_500);
    const view = viewOf(url);
    if (view) return viewHead(previews, view, pageUrl, origin, waitMs);
    if (/^\/search\/?$/.test(url.pathname)) return searchHead(state, url, pageUrl, waitMs);
    return null;
  };
}
