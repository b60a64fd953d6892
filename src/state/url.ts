/**
 * Deep-linkable view state (DESIGN §5): parsing and writing the app's URLs. Pure functions; the
 * location store (location.ts) applies them to the History API.
 *
 * Parsing never fails: a parameter that is unknown, repeated or malformed is dropped and named in a
 * notice, so a mangled link still opens the page it can.
 *
 * Every page's address is here, in one file on purpose: the routes and their parameters are one
 * contract (DESIGN §5) that parseRoute and shareableUrl cover whole; each page's part is a parse,
 * a format and an href of a few lines, over the one ParamReader.
 */
import type { FlameWeight } from '../core/layout/flame-aggregate-layout.ts';
import { canonicalSpanId, canonicalTraceId } from '../core/model/ids.ts';
import { absoluteTimeSpec, parseTimeSpec } from '../core/share/time-spec.ts';

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

export interface UrlNotice {
  readonly param: string;
  readonly message: string;
}

export const TRACE_VIEWS = ['waterfall', 'flame', 'stats', 'json'] as const;
export type TraceView = (typeof TRACE_VIEWS)[number];

/** The flame graph's modes (DESIGN §9): the time-ordered flame chart, or the aggregated flame graph. */
export const FLAME_MODES = ['time', 'agg'] as const;
export type FlameMode = (typeof FLAME_MODES)[number];
/** What colours the flame graph's bars: the span's service, its self time (heat), or errors. */
export const FLAME_COLOURS = ['service', 'self', 'errors'] as const;
export type FlameColour = (typeof FLAME_COLOURS)[number];
/** What the aggregated flame graph's widths sum: the spans' durations or their self times. */
export const FLAME_WEIGHTS: readonly FlameWeight[] = ['total', 'self'];

/** Zoom window in µs from the trace start (fractions keep ns precision). */
export interface ZoomWindow {
  readonly fromUs: number;
  readonly toUs: number;
}

/** `?embed=1&theme=light|dark` on a trace or diff page (DESIGN §5): the view alone, for iframes. */
export const EMBED_THEMES = ['light', 'dark'] as const;
export type EmbedTheme = (typeof EMBED_THEMES)[number];

export interface EmbedView {
  /** Only the view (waterfall, flame graph, the diff's panes): no header chrome. */
  readonly embed: boolean;
  /** The theme the embed asks for, over the viewer's preference; null: the preference. */
  readonly theme: EmbedTheme | null;
}

export const NO_EMBED: EmbedView = { embed: false, theme: null };

export interface TraceViewState extends EmbedView {
  readonly spanId: string | null;
  readonly view: TraceView;
  readonly source: string | null;
  readonly zoom: ZoomWindow | null;
  readonly find: string;
  readonly errorsOnly: boolean;
  readonly criticalPath: boolean;
  /** Jaeger-style clock-skew adjustment (on by default). */
  readonly adjustSkew: boolean;
  readonly flame: FlameMode;
  /** The span whose subtree (time mode) or call path (aggregated mode) the flame graph is focused on. */
  readonly focus: string | null;
  readonly flameColour: FlameColour;
  readonly flameWeight: FlameWeight;
}

export const DEFAULT_TRACE_VIEW: TraceViewState = {
  ...NO_EMBED,
  spanId: null,
  view: 'waterfall',
  source: null,
  zoom: null,
  find: '',
  errorsOnly: false,
  criticalPath: false,
  adjustSkew: true,
  flame: 'time',
  focus: null,
  flameColour: 'service',
  flameWeight: 'total',
};

export interface SearchViewState {
  readonly q: string;
  /** ISO-8601, `now`, `now-1h`, … as typed; see parseTimeSpec. */
  readonly start: string | null;
  readonly end: string | null;
  readonly limit: number | null;
  readonly source: string | null;
}

export const DEFAULT_SEARCH_VIEW: SearchViewState = {
  q: '',
  start: null,
  end: null,
  limit: null,
  source: null,
};

/** The diff view's layouts: two waterfalls side by side, or one merged tree (B solid, A as a ghost). */
export const DIFF_MODES = ['side', 'merged'] as const;
export type DiffMode = (typeof DIFF_MODES)[number];
/** The diff panes' time axes: each trace's own, or one relative axis shared by both. */
export const DIFF_AXES = ['shared', 'own'] as const;
export type DiffAxis = (typeof DIFF_AXES)[number];

export interface DiffViewState extends EmbedView {
  /** The selected span: of B, or of A when it was removed. */
  readonly spanId: string | null;
  readonly source: string | null;
  /** `source-a`, `source-b`: the store of one side when it is not `source`'s (a diff across sources). */
  readonly sourceA: string | null;
  readonly sourceB: string | null;
  readonly mode: DiffMode;
  /** Only the differences: identical subtrees collapsed. */
  readonly only: boolean;
  readonly axis: DiffAxis;
}

export const DEFAULT_DIFF_VIEW: DiffViewState = {
  ...NO_EMBED,
  spanId: null,
  source: null,
  sourceA: null,
  sourceB: null,
  mode: 'side',
  only: false,
  axis: 'shared',
};

/** `/diff/typical/<b>?n=`: B against the last n traces of its root operation. */
export interface TypicalViewState {
  readonly n: number;
  readonly spanId: string | null;
  readonly source: string | null;
}

export const DEFAULT_TYPICAL_N = 20;
export const MAX_TYPICAL_N = 100;
export const DEFAULT_TYPICAL_VIEW: TypicalViewState = { n: DEFAULT_TYPICAL_N, spanId: null, source: null };

export interface Parsed<T> {
  readonly state: T;
  readonly notices: readonly UrlNotice[];
}

export const MAX_FIND_CHARS = 500;
export const MAX_QUERY_CHARS = 10_000;
export const MAX_SEARCH_LIMIT = 1000;
const SOURCE_NAME = /^[A-Za-z0-9][\w.-]{0,63}$/;
/** The key of files opened in this page (newFileKey). */
const FILE_KEY = /^[a-z0-9]{4,32}$/;
/** Text shown back to the user in a notice is cut, so a hostile link cannot flood the page. */
const QUOTE_CHARS = 40;

function quote(value: string): string {
  const clean = value.replace(/\p{Cc}/gu, '?');
  return clean.length > QUOTE_CHARS ? `${clean.slice(0, QUOTE_CHARS)}…` : clean;
}

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

/** Reads each known parameter once; unknown and repeated ones become notices. */
class ParamReader {
  readonly notices: UrlNotice[] = [];
  private readonly values = new Map<string, string>();

  constructor(search: string, known: readonly string[]) {
    const params = new URLSearchParams(search);
    for (const [key, value] of params) {
      if (!known.includes(key)) {
        this.notices.push({ param: key, message: `Ignored unknown parameter "${quote(key)}".` });
      } else if (this.values.has(key)) {
        this.notices.push({ param: key, message: `Ignored a repeated "${key}" (the first one is used).` });
      } else {
        this.values.set(key, value);
      }
    }
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  reject(key: string, value: string, why: string): void {
    this.notices.push({ param: key, message: `Ignored ${key}="${quote(value)}": ${why}.` });
  }

  spanId(key: string): string | null {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return null;
    const id = canonicalSpanId(raw);
    if (!id) this.reject(key, raw, 'not a span id (16 hex digits)');
    return id;
  }

  source(key = 'source'): string | null {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return null;
    if (SOURCE_NAME.test(raw)) return raw;
    this.reject(key, raw, 'not a source name');
    return null;
  }

  flag(key: string, fallback: boolean): boolean {
    const raw = this.get(key);
    if (raw === undefined) return fallback;
    if (raw === '1' || raw === 'true') return true;
    if (raw === '0' || raw === 'false') return false;
    this.reject(key, raw, 'expected 1 or 0');
    return fallback;
  }

  /** One of `options`, else the fallback (a notice names the expected values). */
  choice<T extends string>(key: string, options: readonly T[], fallback: T): T {
    const raw = this.get(key);
    if (raw === undefined || raw === '') return fallback;
    if ((options as readonly string[]).includes(raw)) return raw as T;
    this.reject(key, raw, `expected one of ${options.join(', ')}`);
    return fallback;
  }

  /** `embed` and `theme` (a theme only with embed=1: elsewhere the viewer's preference rules). */
  embed(): EmbedView {
    const embed = this.flag('embed', false);
    const raw = this.get('theme');
    if (raw === undefined || raw === '') return { embed, theme: null };
    if (!(EMBED_THEMES as readonly string[]).includes(raw))
      this.reject('theme', raw, `expected one of ${EMBED_THEMES.join(', ')}`);
    else if (!embed) this.reject('theme', raw, 'a theme is for embeds (embed=1)');
    else return { embed, theme: raw as EmbedTheme };
    return { embed, theme: null };
  }

  text(key: string, maxChars: number): string {
    const raw = this.get(key) ?? '';
    if (raw.length <= maxChars) return raw;
    this.notices.push({ param: key, message: `Cut ${key} to its first ${maxChars} characters.` });
    return raw.slice(0, maxChars);
  }
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
