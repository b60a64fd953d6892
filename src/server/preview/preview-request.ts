/**
 * What a preview shows, read from a link's query (the page's or the image's, DESIGN §5): the
 * trace or the two traces of a diff, the selected span (`span`), the zoom window (`from`/`to`, µs
 * from the trace start as the app writes them) and the theme (`theme`, light by default). A value
 * the app would ignore is ignored here too: a preview never fails on a bad parameter. The image
 * path and the cache key are written back from it in one canonical form.
 */
import { canonicalSpanId } from '../../core/model/ids.ts';

export type PreviewTheme = 'light' | 'dark';

export interface TimeWindowNs {
  readonly startNs: number;
  readonly endNs: number;
}

export type PreviewRequest =
  | {
      readonly kind: 'trace';
      readonly traceId: string;
      readonly spanId: string | null;
      readonly window: TimeWindowNs | null;
      readonly theme: PreviewTheme;
    }
  | {
      readonly kind: 'diff';
      readonly traceIdA: string;
      readonly traceIdB: string;
      readonly spanId: string | null;
      readonly theme: PreviewTheme;
    };

/** µs with at most 3 decimals (ns), as the app writes them; negative after clock-skew adjustment. */
const MICROS = /^-?\d{1,15}(\.\d{1,3})?$/;

function spanOf(query: URLSearchParams): string | null {
  const raw = query.get('span');
  return raw ? canonicalSpanId(raw) : null;
}

function themeOf(query: URLSearchParams): PreviewTheme {
  return query.get('theme') === 'dark' ? 'dark' : 'light';
}

function windowOf(query: URLSearchParams): TimeWindowNs | null {
  const from = query.get('from') ?? '';
  const to = query.get('to') ?? '';
  if (!MICROS.test(from) || !MICROS.test(to) || !(Number(to) > Number(from))) return null;
  return { startNs: Number(from) * 1000, endNs: Number(to) * 1000 };
}

/** Ids are canonical already (the route checked them). */
export function tracePreviewRequest(traceId: string, query: URLSearchParams): PreviewRequest {
  return { kind: 'trace', traceId, spanId: spanOf(query), window: windowOf(query), theme: themeOf(query) };
}

export function diffPreviewRequest(
  traceIdA: string,
  traceIdB: string,
  query: URLSearchParams,
): PreviewRequest {
  return { kind: 'diff', traceIdA, traceIdB, spanId: spanOf(query), theme: themeOf(query) };
}

/** ns → µs as the app writes them (rounded to ns). */
function micros(ns: number): string {
  return String(Math.round(ns) / 1000);
}

/** `/api/preview/trace/<id>.png?…` or `/api/preview/diff/<a>/<b>.png?…`, parameters in a fixed order. */
export function previewImagePath(r: PreviewRequest): string {
  const p = new URLSearchParams();
  if (r.spanId) p.set('span', r.spanId);
  if (r.kind === 'trace' && r.window) {
    p.set('from', micros(r.window.startNs));
    p.set('to', micros(r.window.endNs));
  }
  if (r.theme !== 'light') p.set('theme', r.theme);
  const q = p.toString();
  const path = r.kind === 'trace' ? `trace/${r.traceId}` : `diff/${r.traceIdA}/${r.traceIdB}`;
  return `/api/preview/${path}.png${q ? `?${q}` : ''}`;
}

/** The traces a request reads, in the order the renderer takes them (A then B for a diff). */
export function traceIdsOf(r: PreviewRequest): readonly string[] {
  return r.kind === 'trace' ? [r.traceId] : [r.traceIdA, r.traceIdB];
}
