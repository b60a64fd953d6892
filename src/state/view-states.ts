/**
 * The view states the app's URLs carry (DESIGN §5): each page's state, its defaults, the values its
 * parameters may take and their limits. url.ts parses and writes them.
 */
import type { FlameWeight } from '../core/layout/flame-aggregate-layout.ts';

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

export const MAX_FIND_CHARS = 500;
export const MAX_QUERY_CHARS = 10_000;
export const MAX_SEARCH_LIMIT = 1000;
