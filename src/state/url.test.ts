import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  absoluteTimeSpec,
  diffHref,
  embedOf,
  fileHref,
  fileTraceHref,
  formatDiffQuery,
  formatSearchQuery,
  formatTraceQuery,
  newFileKey,
  parseDiffQuery,
  parseRoute,
  parseSearchQuery,
  parseTimeSpec,
  parseTraceQuery,
  parseTypicalQuery,
  shareableUrl,
  traceHref,
  typicalHref,
} from './url.ts';
import {
  DEFAULT_DIFF_VIEW,
  DEFAULT_TRACE_VIEW,
  type DiffViewState,
  type EmbedView,
  MAX_FIND_CHARS,
  MAX_TYPICAL_N,
  NO_EMBED,
  type TraceViewState,
} from './view-states.ts';

/** Every valid embed: none, or embed=1 with or without a theme. */
const EMBEDS = fc.constantFrom<EmbedView>(
  NO_EMBED,
  { embed: true, theme: null },
  { embed: true, theme: 'light' },
  { embed: true, theme: 'dark' },
);

const TRACE = '5b8efff798038103d269b633813fc60c';
const SPAN = 'eee19b7ec3c1b174';

describe('parseRoute', () => {
  it('knows the app routes', () => {
    expect(parseRoute('/')).toEqual({ name: 'home' });
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('/search')).toEqual({ name: 'search' });
    expect(parseRoute('/search/')).toEqual({ name: 'search' });
    expect(parseRoute('/pins')).toEqual({ name: 'pins' });
    expect(parseRoute('/pins/x')).toEqual({ name: 'not-found', path: '/pins/x' });
    expect(parseRoute(`/trace/${TRACE}`)).toEqual({ name: 'trace', traceId: TRACE, rawId: TRACE });
    expect(parseRoute(`/diff/${TRACE}/${'1'.repeat(32)}`)).toEqual({
      name: 'diff',
      traceIdA: TRACE,
      traceIdB: '1'.repeat(32),
    });
  });

  it('canonicalises trace ids (upper case, 64-bit, trimmed, base64) and keeps what was typed', () => {
    expect(parseRoute(`/trace/${TRACE.toUpperCase()}`)).toMatchObject({ traceId: TRACE });
    expect(parseRoute('/trace/abc')).toMatchObject({ traceId: `${'0'.repeat(29)}abc`, rawId: 'abc' });
    expect(parseRoute('/trace/AAAAAAAAAAABI0VniavN7w%3D%3D')).toMatchObject({
      name: 'trace',
      traceId: '00000000000000000123456789abcdef',
      rawId: 'AAAAAAAAAAABI0VniavN7w==',
    });
  });

  it('names a bad id instead of failing', () => {
    expect(parseRoute('/trace/not-an-id!')).toEqual({ name: 'bad-id', rawId: 'not-an-id!' });
    expect(parseRoute(`/trace/${'f'.repeat(33)}`)).toEqual({ name: 'bad-id', rawId: 'f'.repeat(33) });
    expect(parseRoute('/trace/%E0%A4%A')).toEqual({ name: 'bad-id', rawId: '%E0%A4%A' });
    expect(parseRoute(`/diff/${TRACE}/zz`)).toEqual({ name: 'bad-id', rawId: 'zz' });
  });

  it('anything else is not found', () => {
    expect(parseRoute('/trace')).toEqual({ name: 'not-found', path: '/trace' });
    expect(parseRoute(`/trace/${TRACE}/extra`).name).toBe('not-found');
    expect(parseRoute('/diff/a').name).toBe('not-found');
    expect(parseRoute('/../../etc/passwd').name).toBe('not-found');
  });
});

describe('the local file routes', () => {
  it('reads /file/<key> and /file/<key>/<traceId>, canonicalising the id', () => {
    expect(parseRoute('/file/k3y9x0ab12')).toEqual({ name: 'file', key: 'k3y9x0ab12' });
    expect(parseRoute('/file/k3y9x0ab12/')).toEqual({ name: 'file', key: 'k3y9x0ab12' });
    expect(parseRoute(`/file/k3y9x0ab12/${TRACE.toUpperCase()}`)).toEqual({
      name: 'file-trace',
      key: 'k3y9x0ab12',
      traceId: TRACE,
    });
    expect(parseRoute('/file/k3y9x0ab12/abc')).toMatchObject({ traceId: `${'0'.repeat(29)}abc` });
  });

  it('refuses bad keys and ids without failing', () => {
    expect(parseRoute('/file/k3y9x0ab12/zz!')).toEqual({ name: 'bad-id', rawId: 'zz!' });
    expect(parseRoute('/file').name).toBe('not-found');
    expect(parseRoute('/file/UPPER').name).toBe('not-found');
    expect(parseRoute('/file/a.b/x').name).toBe('not-found');
    expect(parseRoute(`/file/${'a'.repeat(33)}`).name).toBe('not-found');
    expect(parseRoute(`/file/k3y9x0ab12/${TRACE}/more`).name).toBe('not-found');
  });

  it('writes local links that parse back, with the trace view state but never a source', () => {
    const key = newFileKey();
    expect(key).toMatch(/^[a-z0-9]{10}$/);
    expect(parseRoute(fileHref(key))).toEqual({ name: 'file', key });
    const href = fileTraceHref(key, TRACE, {
      spanId: SPAN,
      view: 'flame',
      source: 'prod',
      zoom: { fromUs: 1, toUs: 2 },
    });
    expect(href).toBe(`/file/${key}/${TRACE}?span=${SPAN}&view=flame&from=1&to=2`);
    const [path, search] = href.split('?');
    expect(parseRoute(path)).toEqual({ name: 'file-trace', key, traceId: TRACE });
    expect(parseTraceQuery(`?${search}`).state).toMatchObject({ spanId: SPAN, view: 'flame', source: null });
  });

  it('makes different keys from different random draws', () => {
    const keys = new Set(Array.from({ length: 200 }, () => newFileKey()));
    expect(keys.size).toBe(200);
    expect(newFileKey(() => 0)).toBe('0000000000');
  });
});

describe('parseTraceQuery', () => {
  it('reads every parameter', () => {
    const { state, notices } = parseTraceQuery(
      `?span=${SPAN.toUpperCase()}&view=stats&source=prod-tempo&from=1200&to=3500.125&find=GET%20%2Fapi&errors=1&cp=true&skew=0&flame=agg&focus=${SPAN}&color=self&weight=self&embed=1&theme=dark`,
    );
    expect(notices).toEqual([]);
    expect(state).toEqual({
      embed: true,
      theme: 'dark',
      spanId: SPAN,
      view: 'stats',
      source: 'prod-tempo',
      zoom: { fromUs: 1200, toUs: 3500.125 },
      find: 'GET /api',
      errorsOnly: true,
      criticalPath: true,
      adjustSkew: false,
      flame: 'agg',
      focus: SPAN,
      flameColour: 'self',
      flameWeight: 'self',
    });
  });

  it('gives the defaults for an empty query', () => {
    expect(parseTraceQuery('')).toEqual({ state: DEFAULT_TRACE_VIEW, notices: [] });
    expect(parseTraceQuery('?')).toEqual({ state: DEFAULT_TRACE_VIEW, notices: [] });
    expect(parseTraceQuery('?span=&view=&find=').state).toEqual(DEFAULT_TRACE_VIEW);
  });

  it('drops malformed values with a notice naming them, keeping the rest', () => {
    const { state, notices } = parseTraceQuery(
      `?span=xyz&view=graph&source=../etc&from=abc&to=5&errors=maybe&find=ok`,
    );
    expect(state).toEqual({ ...DEFAULT_TRACE_VIEW, find: 'ok' });
    expect(notices.map((n) => n.param)).toEqual(['span', 'view', 'source', 'from', 'errors']);
    expect(notices[0].message).toBe('Ignored span="xyz": not a span id (16 hex digits).');
    expect(notices[1].message).toContain('waterfall, flame, stats, json');
    const flame = parseTraceQuery('?flame=icicle&focus=root&color=pink&weight=heavy');
    expect(flame.state).toEqual(DEFAULT_TRACE_VIEW);
    expect(flame.notices.map((n) => n.param)).toEqual(['flame', 'focus', 'color', 'weight']);
    expect(flame.notices[0].message).toBe('Ignored flame="icicle": expected one of time, agg.');
  });

  it('refuses half or inverted zoom windows and absurd numbers', () => {
    expect(parseTraceQuery('?from=10').notices[0].message).toContain('needs both from and to');
    expect(parseTraceQuery('?to=10').state.zoom).toBeNull();
    expect(parseTraceQuery('?from=10&to=10').notices[0].message).toContain('end after it starts');
    expect(parseTraceQuery('?from=1e308&to=Infinity').state.zoom).toBeNull();
    expect(parseTraceQuery('?from=0x10&to=20').state.zoom).toBeNull();
    expect(parseTraceQuery('?from=-5.5&to=20').state.zoom).toEqual({ fromUs: -5.5, toUs: 20 });
  });

  it('names unknown and repeated parameters, using the first of a repeat', () => {
    const { state, notices } = parseTraceQuery(`?span=${SPAN}&span=${'a'.repeat(16)}&foo=1&__proto__=x`);
    expect(state.spanId).toBe(SPAN);
    expect(notices.map((n) => n.message)).toEqual([
      'Ignored a repeated "span" (the first one is used).',
      'Ignored unknown parameter "foo".',
      'Ignored unknown parameter "__proto__".',
    ]);
  });

  it('bounds hostile input: huge text is cut, control characters never reach a notice', () => {
    const huge = 'x'.repeat(100_000);
    const { state, notices } = parseTraceQuery(`?find=${huge}&${'k'.repeat(5000)}\u0007=1`);
    expect(state.find.length).toBe(MAX_FIND_CHARS);
    expect(notices.map((n) => n.message)).toContain(`Cut find to its first ${MAX_FIND_CHARS} characters.`);
    const unknown = notices.find((n) => n.message.startsWith('Ignored unknown'))!;
    expect(unknown.message.length).toBeLessThan(80);
    expect(unknown.message).not.toContain('\u0007');
    // Broken percent-encoding is read, not thrown.
    expect(parseTraceQuery('?find=%E0%A4%A&span=%ZZ').state.find).toBe('\uFFFD%A');
  });

  it('round-trips through formatTraceQuery for any valid state', () => {
    const stateArb = fc.record({
      spanId: fc.option(fc.stringMatching(/^[0-9a-f]{16}$/), { nil: null }),
      view: fc.constantFrom('waterfall', 'flame', 'stats', 'json'),
      source: fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), { nil: null }),
      zoom: fc.option(
        fc
          .tuple(fc.integer({ min: -1e6, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }))
          .map(([a, d]) => ({ fromUs: a / 1000, toUs: (a + d) / 1000 })),
        { nil: null },
      ),
      find: fc.string({ maxLength: 30 }),
      errorsOnly: fc.boolean(),
      criticalPath: fc.boolean(),
      adjustSkew: fc.boolean(),
      flame: fc.constantFrom('time', 'agg'),
      focus: fc.option(fc.stringMatching(/^[0-9a-f]{16}$/), { nil: null }),
      flameColour: fc.constantFrom('service', 'self', 'errors'),
      flameWeight: fc.constantFrom('total', 'self'),
    }) as fc.Arbitrary<TraceViewState>;
    fc.assert(
      fc.property(
        fc.tuple(stateArb, EMBEDS).map(([v, e]) => ({ ...v, ...e })),
        (s) => {
          const back = parseTraceQuery(formatTraceQuery(s));
          expect(back.notices).toEqual([]);
          expect(back.state).toEqual(s);
        },
      ),
    );
  });

  it('writes only what differs from the defaults, in a fixed order', () => {
    expect(formatTraceQuery(DEFAULT_TRACE_VIEW)).toBe('');
    expect(traceHref(TRACE, { spanId: SPAN, find: 'a b&c', zoom: { fromUs: 1 / 3, toUs: 2 } })).toBe(
      `/trace/${TRACE}?span=${SPAN}&from=0.333&to=2&find=a+b%26c`,
    );
  });
});

describe('search and diff queries', () => {
  const NOW = Date.parse('2026-11-23T10:00:00Z');

  it('reads q, times, limit and source', () => {
    const { state, notices } = parseSearchQuery(
      '?q=%7B.http.status_code%3D500%7D&start=now-1h&end=2026-11-23T09:30:00Z&limit=50&source=local',
      NOW,
    );
    expect(notices).toEqual([]);
    expect(state).toEqual({
      q: '{.http.status_code=500}',
      start: 'now-1h',
      end: '2026-11-23T09:30:00Z',
      limit: 50,
      source: 'local',
    });
  });

  it('drops bad times and limits with notices', () => {
    const { state, notices } = parseSearchQuery('?start=yesterday&end=2026-13-45&limit=0&q=x', NOW);
    expect(state).toEqual({ q: 'x', start: null, end: null, limit: null, source: null });
    expect(notices.map((n) => n.param)).toEqual(['start', 'end', 'limit']);
    expect(parseSearchQuery('?limit=1001', NOW).state.limit).toBeNull();
    expect(parseSearchQuery('?limit=99999999999999999999', NOW).notices).toHaveLength(1);
  });

  it('parses time specs', () => {
    expect(parseTimeSpec('now', NOW)).toBe(NOW);
    expect(parseTimeSpec('now-15m', NOW)).toBe(NOW - 15 * 60_000);
    expect(parseTimeSpec('now-2d', NOW)).toBe(NOW - 2 * 86_400_000);
    expect(parseTimeSpec('1763888400', NOW)).toBe(1763888400_000);
    expect(parseTimeSpec('2026-11-23', NOW)).toBe(Date.parse('2026-11-23'));
    expect(parseTimeSpec('now+1h', NOW)).toBeNull();
    expect(parseTimeSpec('2026-11-23T10:00:00.123456789+01:00', NOW)).toBe(
      Date.parse('2026-11-23T09:00:00.123Z'),
    );
    expect(parseTimeSpec('Mon Nov 23', NOW)).toBeNull();
  });

  it('copy link turns relative times absolute and drops ignored parameters', () => {
    expect(absoluteTimeSpec('now-1h', NOW)).toBe('2026-11-23T09:00:00.000Z');
    expect(absoluteTimeSpec('2026-11-01T00:00:00Z', NOW)).toBe('2026-11-01T00:00:00Z');
    expect(shareableUrl('http://h:1', '/search', '?q=x&start=now-1h&end=now&junk=1', NOW)).toBe(
      'http://h:1/search?q=x&start=2026-11-23T09%3A00%3A00.000Z&end=2026-11-23T10%3A00%3A00.000Z',
    );
    expect(shareableUrl('http://h:1', `/trace/${TRACE.toUpperCase()}`, `?span=${SPAN}&x=1&from=5&to=9`)).toBe(
      `http://h:1/trace/${TRACE}?span=${SPAN}&from=5&to=9`,
    );
    expect(shareableUrl('http://h:1', `/diff/${TRACE}/abc`, '?span=xyz&source=s')).toBe(
      `http://h:1/diff/${TRACE}/${'0'.repeat(29)}abc?source=s`,
    );
    expect(formatSearchQuery({ q: '', start: null, end: null, limit: null, source: null })).toBe('');
  });

  it('diff query: span, source (source-a, source-b), mode, only, axis; anything else is named and ignored', () => {
    expect(parseDiffQuery(`?span=${SPAN}&view=json`)).toEqual({
      state: { ...DEFAULT_DIFF_VIEW, spanId: SPAN },
      notices: [{ param: 'view', message: 'Ignored unknown parameter "view".' }],
    });
    expect(parseDiffQuery('?mode=merged&only=1&axis=own&source=prod&source-b=local').state).toEqual({
      embed: false,
      theme: null,
      spanId: null,
      source: 'prod',
      sourceA: null,
      sourceB: 'local',
      mode: 'merged',
      only: true,
      axis: 'own',
    });
  });
});

describe('embeds', () => {
  it('embed=1 and theme=light|dark on trace and diff pages; bad values are named and ignored', () => {
    expect(embedOf(`/trace/${TRACE}`, `?embed=1&theme=dark&span=${SPAN}`)).toEqual({
      embed: true,
      theme: 'dark',
    });
    expect(embedOf(`/diff/${TRACE}/${TRACE}`, '?embed=true&theme=light')).toEqual({
      embed: true,
      theme: 'light',
    });
    expect(parseTraceQuery('?theme=dark').notices.map((n) => n.message)).toEqual([
      'Ignored theme="dark": a theme is for embeds (embed=1).',
    ]);
    expect(embedOf('/search', '?embed=1&theme=dark')).toEqual(NO_EMBED);
    expect(embedOf(`/diff/typical/${TRACE}`, '?embed=1')).toEqual(NO_EMBED);
    const bad = parseTraceQuery('?embed=yes&theme=%3Cneon%3E');
    expect(bad.state).toEqual(DEFAULT_TRACE_VIEW);
    expect(bad.notices.map((n) => n.message)).toEqual([
      'Ignored embed="yes": expected 1 or 0.',
      'Ignored theme="<neon>": expected one of light, dark.',
    ]);
    expect(parseDiffQuery('?theme=sepia').notices.map((n) => n.param)).toEqual(['theme']);
  });

  it('links keep the embed and its theme, after the view’s own parameters', () => {
    expect(traceHref(TRACE, { spanId: SPAN, embed: true, theme: 'dark' })).toBe(
      `/trace/${TRACE}?span=${SPAN}&embed=1&theme=dark`,
    );
    expect(diffHref(TRACE, TRACE, { embed: true })).toBe(`/diff/${TRACE}/${TRACE}?embed=1`);
    expect(shareableUrl('http://h', `/trace/${TRACE}`, '?theme=light&embed=1&bogus=1')).toBe(
      `http://h/trace/${TRACE}?embed=1&theme=light`,
    );
  });
});

describe('the diff and typical routes on hostile input', () => {
  it('routes /diff/typical/<b> and refuses a bad id there too', () => {
    expect(parseRoute(`/diff/typical/${TRACE.toUpperCase()}`)).toEqual({ name: 'typical', traceIdB: TRACE });
    expect(parseRoute('/diff/typical/nope')).toEqual({ name: 'bad-id', rawId: 'nope' });
    expect(parseRoute('/diff/typical').name).toBe('not-found');
    expect(parseRoute(`/diff/typical/${TRACE}/x`).name).toBe('not-found');
    expect(parseRoute(`/diff/${'0'.repeat(32)}/typical`)).toEqual({ name: 'bad-id', rawId: 'typical' });
    expect(parseRoute('/diff/%E0%A4%A/x')).toEqual({ name: 'bad-id', rawId: '%E0%A4%A' });
  });

  it('drops bad diff values with a notice naming each, keeping the defaults', () => {
    const { state, notices } = parseDiffQuery(
      `?mode=3d&only=yes&axis=%3Cscript%3E&span=${'z'.repeat(16)}&source=../etc&mode=merged`,
    );
    expect(state).toEqual(DEFAULT_DIFF_VIEW);
    expect(notices.map((n) => n.message)).toEqual([
      'Ignored a repeated "mode" (the first one is used).',
      `Ignored span="${'z'.repeat(16)}": not a span id (16 hex digits).`,
      'Ignored source="../etc": not a source name.',
      'Ignored mode="3d": expected one of side, merged.',
      'Ignored only="yes": expected 1 or 0.',
      'Ignored axis="<script>": expected one of shared, own.',
    ]);
    const huge = parseDiffQuery(`?axis=${'x'.repeat(100_000)}\u0007`);
    expect(huge.notices[0].message.length).toBeLessThan(120);
    expect(huge.notices[0].message).not.toContain('\u0007');
  });

  it('round-trips every diff state and writes only what differs from the defaults', () => {
    const stateArb = fc.record({
      spanId: fc.option(fc.stringMatching(/^[0-9a-f]{16}$/), { nil: null }),
      source: fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), { nil: null }),
      sourceA: fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), { nil: null }),
      sourceB: fc.option(fc.stringMatching(/^[a-z][a-z0-9_-]{0,10}$/), { nil: null }),
      mode: fc.constantFrom('side', 'merged'),
      only: fc.boolean(),
      axis: fc.constantFrom('shared', 'own'),
    }) as fc.Arbitrary<DiffViewState>;
    fc.assert(
      fc.property(
        fc.tuple(stateArb, EMBEDS).map(([v, e]) => ({ ...v, ...e })),
        (s) => {
          const back = parseDiffQuery(formatDiffQuery(s));
          expect(back.notices).toEqual([]);
          expect(back.state).toEqual(s);
        },
      ),
    );
    expect(formatDiffQuery(DEFAULT_DIFF_VIEW)).toBe('');
    expect(diffHref(TRACE, TRACE, { spanId: SPAN, mode: 'merged', only: true, axis: 'own' })).toBe(
      `/diff/${TRACE}/${TRACE}?span=${SPAN}&mode=merged&only=1&axis=own`,
    );
  });

  it('typical: n from 1 to 100 (20 by default), span and source; the rest named and ignored', () => {
    expect(parseTypicalQuery('').state).toEqual({ n: 20, spanId: null, source: null });
    expect(parseTypicalQuery(`?n=5&span=${SPAN}`).state).toEqual({ n: 5, spanId: SPAN, source: null });
    expect(parseTypicalQuery(`?n=${MAX_TYPICAL_N}`).state.n).toBe(MAX_TYPICAL_N);
    for (const bad of ['0', '101', '-3', '2.5', '1e2', 'twenty', '99999999999999999999', ' 7'])
      expect(parseTypicalQuery(`?n=${encodeURIComponent(bad)}`), bad).toEqual({
        state: { n: 20, spanId: null, source: null },
        notices: [{ param: 'n', message: expect.stringContaining('expected a whole number from 1 to 100') }],
      });
    expect(parseTypicalQuery('?n=5&mode=merged').notices.map((x) => x.param)).toEqual(['mode']);
    expect(typicalHref(TRACE, { n: 20 })).toBe(`/diff/typical/${TRACE}`);
    expect(typicalHref(TRACE, { n: 7, source: 'prod' })).toBe(`/diff/typical/${TRACE}?n=7&source=prod`);
  });

  it('copy link gives the canonical diff and typical addresses', () => {
    expect(shareableUrl('http://h:1', `/diff/${TRACE}/ABC`, '?only=1&junk=2&mode=side')).toBe(
      `http://h:1/diff/${TRACE}/${'0'.repeat(29)}abc?only=1`,
    );
    expect(shareableUrl('http://h:1', `/diff/typical/${TRACE.toUpperCase()}`, '?n=050&x=1')).toBe(
      `http://h:1/diff/typical/${TRACE}?n=50`,
    );
  });
});
