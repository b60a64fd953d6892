/**
 * Deep-linkable view state (DESIGN §5): parsing and writing the app's URLs. Pure functions; the
 * location store (location.ts) applies them to the History API.
 *
 * Parsing never fails: a parameter that is unknown, repeated or malformed is dropped and named in a
 * notice, so a mangled link still opens the page it can.
 *
 * Every page's address is here, in one file on purpose: the routes and their parameters are one
 * contract (DESIGN §5) that parseRoute and shareableUrl cover whole; each page's part is a parse,
 * a format and an href of a few lines, over the one ParamReader (url-params.ts); the states themselves are in view-states.ts.
 */
import { canonicalTraceId } from '../core/model/ids.ts';
import { absoluteTimeSpec, parseTimeSpec } from '../core/share/time-spec.ts';
import { ParamReader, type Parsed } from './url-params.ts';
import {
  DEFAULT_DIFF_VIEW,
  DEFAULT_SEARCH_VIEW,
  DEFAULT_TRACE_VIEW,
  DEFAULT_TYPICAL_N,
  DEFAULT_TYPICAL_VIEW,
  DIFF_AXES,
  DIFF_MODES,
  type DiffViewState,
  type EmbedView,
  FLAME_COLOURS,
  FLAME_MODES,
  FLAME_WEIGHTS,
  MAX_FIND_CHARS,
  MAX_QUERY_CHARS,
  MAX_SEARCH_LIMIT,
  MAX_TYPICAL_N,
  NO_EMBED,
  type SearchViewState,
  TRACE_VIEWS,
  type TraceViewState,
  type TypicalViewState,
  type ZoomWindow,
} from './view-states.ts';

export { absoluteTimeSpec, parseTimeSpec };

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'search' }
  /** `/pins`: the pinned traces of the local store. */
  | { readonly name: 'pins' }
  | { readonly name: 'trace'; readonly traceId: string; readonly rawId: string }
  | { readonly name: 'diff'; readonly traceIdA: string; readonly traceIdB: string }
  /** `/diff/typical/<b>`: B against the typical trace of its root operation. */
  | { readonly name: 'typical'; readonly traceIdB: string }
  /** `/file/<key>`: files opened in this page (not shareable): their progress, or the list of their traces. */
  | { readonly name: 'file'; readonly key: string }
  /** `/file/<key>/<traceId>`: a trace of files opened in this page, until the store has it (then `/trace/<id>`). */
  | { readonly name: 'file-trace'; readonly key: string; readonly traceId: string }
  | { readonly name: 'bad-id'; readonly rawId: string }
  | { readonly name: 'not-found'; readonly path: string };

/** The key of files opened in this page (newFileKey). */
const FILE_KEY = /^[a-z0-9]{4,32}$/;
function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parseRoute(pathname: string): Route {
  const parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length === 0) return { name: 'home' };
  if (parts.length === 1 && parts[0] === 'search') return { name: 'search' };
  if (parts.length === 1 && parts[0] === 'pins') return { name: 'pins' };
  if (parts[0] === 'trace' && parts.length === 2) {
    const rawId = decodeSegment(parts[1]) ?? parts[1];
    const traceId = canonicalTraceId(rawId);
    return traceId ? { name: 'trace', traceId, rawId } : { name: 'bad-id', rawId };
  }
  if (parts[0] === 'file' && (parts.length === 2 || parts.length === 3) && FILE_KEY.test(parts[1])) {
    if (parts.length === 2) return { name: 'file', key: parts[1] };
    const rawId = decodeSegment(parts[2]) ?? parts[2];
    const traceId = canonicalTraceId(rawId);
    return traceId ? { name: 'file-trace', key: parts[1], traceId } : { name: 'bad-id', rawId };
  }
  if (parts[0] === 'diff' && parts.length === 3 && parts[1] === 'typical') {
    const rawB = decodeSegment(parts[2]) ?? parts[2];
    const b = canonicalTraceId(rawB);
    return b ? { name: 'typical', traceIdB: b } : { name: 'bad-id', rawId: rawB };
  }
  if (parts[0] === 'diff' && parts.length === 3) {
    const rawA = decodeSegment(parts[1]) ?? parts[1];
    const rawB = decodeSegment(parts[2]) ?? parts[2];
    const a = canonicalTraceId(rawA);
    const b = canonicalTraceId(rawB);
    if (!a) return { name: 'bad-id', rawId: rawA };
    if (!b) return { name: 'bad-id', rawId: rawB };
    return { name: 'diff', traceIdA: a, traceIdB: b };
  }
  return { name: 'not-found', path: pathname };
}

const TRACE_PARAMS = [
  'span',
  'view',
  'source',
  'from',
  'to',
  'find',
  'errors',
  'cp',
  'skew',
  'flame',
  'focus',
  'color',
  'weight',
  'embed',
  'theme',
];
/** µs with at most 3 decimals (ns); offsets may be negative after clock-skew adjustment. */
const MICROS = /^-?\d{1,15}(\.\d{1,3})?$/;

export function parseTraceQuery(search: string): Parsed<TraceViewState> {
  const r = new ParamReader(search, TRACE_PARAMS);
  const state: TraceViewState = {
    spanId: r.spanId('span'),
    view: r.choice('view', TRACE_VIEWS, DEFAULT_TRACE_VIEW.view),
    source: r.source(),
    zoom: parseZoom(r),
    find: r.text('find', MAX_FIND_CHARS),
    errorsOnly: r.flag('errors', false),
    criticalPath: r.flag('cp', false),
    adjustSkew: r.flag('skew', true),
    flame: r.choice('flame', FLAME_MODES, DEFAULT_TRACE_VIEW.flame),
    focus: r.spanId('focus'),
    flameColour: r.choice('color', FLAME_COLOURS, DEFAULT_TRACE_VIEW.flameColour),
    flameWeight: r.choice('weight', FLAME_WEIGHTS, DEFAULT_TRACE_VIEW.flameWeight),
    ...r.embed(),
  };
  return { state, notices: r.notices };
}

function parseZoom(r: ParamReader): ZoomWindow | null {
  const from = r.get('from');
  const to = r.get('to');
  if (from === undefined && to === undefined) return null;
  if (from === undefined || to === undefined) {
    r.reject(from === undefined ? 'to' : 'from', from ?? to ?? '', 'a zoom window needs both from and to');
    return null;
  }
  if (!MICROS.test(from) || !MICROS.test(to)) {
    r.reject('from', `${from}..${to}`, 'expected µs from the trace start, e.g. from=1200&to=3500.5');
    return null;
  }
  const fromUs = Number(from);
  const toUs = Number(to);
  if (!(toUs > fromUs)) {
    r.reject('from', `${from}..${to}`, 'the zoom window must end after it starts');
    return null;
  }
  return { fromUs, toUs };
}

function setEmbed(p: URLSearchParams, s: EmbedView): void {
  if (s.embed) p.set('embed', '1');
  if (s.theme) p.set('theme', s.theme);
}

/** The embed parameters of an address: those of a trace or diff page, none elsewhere. */
export function embedOf(pathname: string, search: string): EmbedView {
  const route = parseRoute(pathname);
  const state =
    route.name === 'trace'
      ? parseTraceQuery(search).state
      : route.name === 'diff'
        ? parseDiffQuery(search).state
        : NO_EMBED;
  return { embed: state.embed, theme: state.theme };
}

/** Rounds to ns so that written links stay short and parse back exactly. */
function micros(us: number): string {
  return String(Math.round(us * 1000) / 1000);
}

/** The query string (with `?`, or '' when everything is default), parameters in a fixed order. */
export function formatTraceQuery(s: TraceViewState): string {
  const p = new URLSearchParams();
  if (s.spanId) p.set('span', s.spanId);
  if (s.view !== DEFAULT_TRACE_VIEW.view) p.set('view', s.view);
  if (s.source) p.set('source', s.source);
  if (s.zoom) {
    p.set('from', micros(s.zoom.fromUs));
    p.set('to', micros(s.zoom.toUs));
  }
  if (s.find) p.set('find', s.find);
  if (s.errorsOnly) p.set('errors', '1');
  if (s.criticalPath) p.set('cp', '1');
  if (!s.adjustSkew) p.set('skew', '0');
  if (s.flame !== DEFAULT_TRACE_VIEW.flame) p.set('flame', s.flame);
  if (s.focus) p.set('focus', s.focus);
  if (s.flameColour !== DEFAULT_TRACE_VIEW.flameColour) p.set('color', s.flameColour);
  if (s.flameWeight !== DEFAULT_TRACE_VIEW.flameWeight) p.set('weight', s.flameWeight);
  setEmbed(p, s);
  const q = p.toString();
  return q ? `?${q}` : '';
}

export function traceHref(traceId: string, state: Partial<TraceViewState> = {}): string {
  return `/trace/${traceId}${formatTraceQuery({ ...DEFAULT_TRACE_VIEW, ...state })}`;
}

/** A fresh key for files opened in this page: random, so an old local link never names new files. */
export function newFileKey(random: () => number = Math.random): string {
  let key = '';
  while (key.length < 10) key += Math.floor(random() * 36).toString(36);
  return key;
}

export function fileHref(key: string): string {
  return `/file/${key}`;
}

/** A trace of local files, with the trace page's view state (its source left out: the files are the source). */
export function fileTraceHref(key: string, traceId: string, state: Partial<TraceViewState> = {}): string {
  return `/file/${key}/${traceId}${formatTraceQuery({ ...DEFAULT_TRACE_VIEW, ...state, source: null })}`;
}

const SEARCH_PARAMS = ['q', 'start', 'end', 'limit', 'source'];

export function parseSearchQuery(search: string, nowMs = Date.now()): Parsed<SearchViewState> {
  const r = new ParamReader(search, SEARCH_PARAMS);
  const time = (key: 'start' | 'end'): string | null => {
    const raw = r.get(key);
    if (raw === undefined || raw === '') return null;
    if (parseTimeSpec(raw, nowMs) !== null) return raw;
    r.reject(key, raw, 'expected an ISO-8601 time, unix seconds, now or now-<n>(s|m|h|d|w)');
    return null;
  };
  const state: SearchViewState = {
    q: r.text('q', MAX_QUERY_CHARS),
    start: time('start'),
    end: time('end'),
    limit: parseLimit(r),
    source: r.source(),
  };
  return { state, notices: r.notices };
}

function parseLimit(r: ParamReader): number | null {
  const raw = r.get('limit');
  if (raw === undefined || raw === '') return null;
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : 0;
  if (n >= 1 && n <= MAX_SEARCH_LIMIT) return n;
  r.reject('limit', raw, `expected a whole number from 1 to ${MAX_SEARCH_LIMIT}`);
  return null;
}

export function formatSearchQuery(s: SearchViewState): string {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.start) p.set('start', s.start);
  if (s.end) p.set('end', s.end);
  if (s.limit !== null) p.set('limit', String(s.limit));
  if (s.source) p.set('source', s.source);
  const q = p.toString();
  return q ? `?${q}` : '';
}

export function searchHref(state: Partial<SearchViewState> = {}): string {
  return `/search${formatSearchQuery({ ...DEFAULT_SEARCH_VIEW, ...state })}`;
}

const DIFF_PARAMS = ['span', 'source', 'source-a', 'source-b', 'mode', 'only', 'axis', 'embed', 'theme'];

export function parseDiffQuery(search: string): Parsed<DiffViewState> {
  const r = new ParamReader(search, DIFF_PARAMS);
  const state: DiffViewState = {
    spanId: r.spanId('span'),
    source: r.source(),
    sourceA: r.source('source-a'),
    sourceB: r.source('source-b'),
    mode: r.choice('mode', DIFF_MODES, DEFAULT_DIFF_VIEW.mode),
    only: r.flag('only', false),
    axis: r.choice('axis', DIFF_AXES, DEFAULT_DIFF_VIEW.axis),
    ...r.embed(),
  };
  return { state, notices: r.notices };
}

export function formatDiffQuery(s: DiffViewState): string {
  const p = new URLSearchParams();
  if (s.spanId) p.set('span', s.spanId);
  if (s.source) p.set('source', s.source);
  if (s.sourceA) p.set('source-a', s.sourceA);
  if (s.sourceB) p.set('source-b', s.sourceB);
  if (s.mode !== DEFAULT_DIFF_VIEW.mode) p.set('mode', s.mode);
  if (s.only) p.set('only', '1');
  if (s.axis !== DEFAULT_DIFF_VIEW.axis) p.set('axis', s.axis);
  setEmbed(p, s);
  const q = p.toString();
  return q ? `?${q}` : '';
}

/** The store each side of a diff is read from (null: the local store). */
export interface DiffSources {
  readonly A: string | null;
  readonly B: string | null;
}

export function diffSourcesOf(s: Pick<DiffViewState, 'source' | 'sourceA' | 'sourceB'>): DiffSources {
  return { A: s.sourceA ?? s.source, B: s.sourceB ?? s.source };
}

export function diffHref(traceIdA: string, traceIdB: string, state: Partial<DiffViewState> = {}): string {
  return `/diff/${traceIdA}/${traceIdB}${formatDiffQuery({ ...DEFAULT_DIFF_VIEW, ...state })}`;
}

const TYPICAL_PARAMS = ['n', 'span', 'source'];

export function parseTypicalQuery(search: string): Parsed<TypicalViewState> {
  const r = new ParamReader(search, TYPICAL_PARAMS);
  const raw = r.get('n');
  let n = DEFAULT_TYPICAL_N;
  if (raw !== undefined && raw !== '') {
    const value = /^\d{1,3}$/.test(raw) ? Number(raw) : 0;
    if (value >= 1 && value <= MAX_TYPICAL_N) n = value;
    else r.reject('n', raw, `expected a whole number from 1 to ${MAX_TYPICAL_N}`);
  }
  return { state: { n, spanId: r.spanId('span'), source: r.source() }, notices: r.notices };
}

export function formatTypicalQuery(s: TypicalViewState): string {
  const p = new URLSearchParams();
  if (s.n !== DEFAULT_TYPICAL_N) p.set('n', String(s.n));
  if (s.spanId) p.set('span', s.spanId);
  if (s.source) p.set('source', s.source);
  const q = p.toString();
  return q ? `?${q}` : '';
}

export function typicalHref(traceIdB: string, state: Partial<TypicalViewState> = {}): string {
  return `/diff/typical/${traceIdB}${formatTypicalQuery({ ...DEFAULT_TYPICAL_VIEW, ...state })}`;
}

/**
 * The complete, absolute link to share for the current location: relative times made absolute and
 * the query rewritten in canonical form (so ignored parameters are not passed on).
 */
export function shareableUrl(origin: string, pathname: string, search: string, nowMs = Date.now()): string {
  const route = parseRoute(pathname);
  switch (route.name) {
    case 'trace':
      return `${origin}/trace/${route.traceId}${formatTraceQuery(parseTraceQuery(search).state)}`;
    case 'search': {
      const s = parseSearchQuery(search, nowMs).state;
      const abs = {
        ...s,
        start: s.start && absoluteTimeSpec(s.start, nowMs),
        end: s.end && absoluteTimeSpec(s.end, nowMs),
      };
      return `${origin}/search${formatSearchQuery(abs)}`;
    }
    case 'diff':
      return `${origin}${diffHref(route.traceIdA, route.traceIdB, parseDiffQuery(search).state)}`;
    case 'typical':
      return `${origin}${typicalHref(route.traceIdB, parseTypicalQuery(search).state)}`;
    default:
      return `${origin}${pathname}${search}`;
  }
}
