/**
 * "Copy for incident" on drawn traces: what each variant says, span data kept text, and every
 * message within INCIDENT_MAX_CHARS however many or long the names and errors.
 */
import { describe, expect, test } from 'vitest';
import { formatDuration } from '../../render/time-format.ts';
import { asciiDiffFacts, asciiTraceFacts } from '../../testing/share-facts.ts';
import { diffIncident, INCIDENT_MAX_CHARS, searchIncident, traceIncident } from './incident-text.ts';
import type { SearchFacts } from './search-facts.ts';
import type { TraceFacts } from './trace-facts.ts';

const LINK = 'http://127.0.0.1:7070/trace/a5c11a5c11a5c11a5c11a5c11a5c11a5?span=0000000000006462';

const FAILED = `
  root [svc=web err msg=upstream]   |==========================|
    cart [svc=cart]                  |========|
      db [svc=pg err msg=deadlock]    |===|
    pay [svc=pay err msg=card_declined]         |====|
`;

const OK = `
  root [svc=web]   |==========================|
    cart [svc=cart] |===|
      db [svc=pg]    |=|
    pay [svc=pay]         |====|
    mail [svc=mail]             |==|
`;

describe('copy for incident: a trace', () => {
  test('says the root, size, start, link and the errors with their messages', () => {
    const t = traceIncident(asciiTraceFacts(FAILED), LINK, formatDuration);
    expect(t.markdown).toBe(
      [
        '**Trace** `web root` · 27 µs · 4 spans · 4 services · 3 errors',
        'Started 2023-11-14 22:13:20 UTC · trace a5c11a5c11a5c11a5c11a5c11a5c11a5',
        LINK,
        '**Errors:**',
        '- `pg db`: deadlock',
        '- `pay pay`: card\\_declined',
        '- `web root`: upstream',
      ].join('\n'),
    );
    expect(t.text).toBe(
      [
        'Trace: web root · 27 µs · 4 spans · 4 services · 3 errors',
        'Started 2023-11-14 22:13:20 UTC · trace a5c11a5c11a5c11a5c11a5c11a5c11a5',
        LINK,
        'Errors:',
        '- pg db: deadlock',
        '- pay pay: card_declined',
        '- web root: upstream',
      ].join('\n'),
    );
  });

  test('markup and control characters in span data stay text', () => {
    const base = asciiTraceFacts(FAILED);
    const hostile: TraceFacts = {
      ...base,
      root: { service: '<img src=x onerror=alert(1)>', name: 'GET `/x`\n**boom**\u0007' },
      errors: [{ service: 'pay', name: '[click](http://evil)', message: '*BOLD* <script>\r\nnext line' }],
      errorCount: 1,
    };
    const t = traceIncident(hostile, LINK, formatDuration);
    expect(t.markdown.split('\n')[0]).toBe(
      '**Trace** ``<img src=x onerror=alert(1)> GET `/x` **boom**`` · 27 µs · 4 spans · 4 services · 1 error',
    );
    expect(t.markdown).toContain('- `pay [click](http://evil)`: \\*BOLD\\* \\<script\\> next line');
    expect(t.text).toContain('- pay [click](http://evil): *BOLD* <script> next line');
    expect(t.markdown).not.toMatch(/\p{Cc}(?<!\n)/u);
  });

  test('many long errors stop at the bound with "and N more"', () => {
    const base = asciiTraceFacts(FAILED);
    const long = 'x'.repeat(5000);
    const errors = Array.from({ length: 5 }, (_, i) => ({
      service: long,
      name: `${i}${long}`,
      message: long,
    }));
    const t = traceIncident({ ...base, errors, errorCount: 250_000 }, LINK, formatDuration);
    for (const v of [t.markdown, t.text]) {
      expect(v.length).toBeLessThanOrEqual(INCIDENT_MAX_CHARS);
      expect(v).toMatch(/- … and 249,99\d more$/);
    }
  });
});

describe('copy for incident: a diff', () => {
  test('says both roots, durations, counts, the first divergence, regressions and errors only in B', () => {
    const f = asciiDiffFacts(OK, FAILED);
    const t = diffIncident(f, 'http://h/diff/a/b', formatDuration);
    expect(t.text).toBe(
      [
        'Diff: web root',
        'A 27 µs, B 27 µs (B − A +0 ns) · 4 matched, 3 changed, 0 added, 1 removed',
        `A trace ${'a'.repeat(32)} · B trace ${'b'.repeat(32)}`,
        'http://h/diff/a/b',
        'First divergence: pg db ends with another status (at +6 µs)',
        'Self-time regressions:',
        '- cart cart +3 µs self (2 µs → 5 µs)',
        '- pg db +2 µs self (2 µs → 4 µs)',
        'Errors only in B:',
        '- web root',
        '- pg db',
        '- pay pay',
      ].join('\n'),
    );
    expect(t.markdown.split('\n').slice(0, 1)).toEqual(['**Diff** `web root`']);
    expect(t.markdown).toContain('**First divergence:** pg db ends with another status (at +6 µs)');
  });
});

describe('copy for incident: a search', () => {
  const facts = (count: number): SearchFacts => ({
    query: '{ status = error && name = "*x*" }',
    startMs: Date.UTC(2026, 11, 7, 10),
    endMs: Date.UTC(2026, 11, 7, 11),
    count,
    limit: 20,
    hits: Array.from({ length: Math.min(count, 5) }, (_, i) => ({
      traceId: `${i}`.padStart(32, '0'),
      root: { service: 'frontend', name: `GET /api/${i}` },
      durationMs: 1200,
      errorCount: i,
    })),
  });

  test('says the query, how many traces, the range and the first results with their links', () => {
    const t = searchIncident(
      facts(20),
      'http://h/search?q=x',
      (id) => `http://h/trace/${id}`,
      formatDuration,
    );
    expect(t.markdown.split('\n').slice(0, 6)).toEqual([
      '**Search** `{ status = error && name = "*x*" }`',
      '20 traces (the limit, 20) · 2026-12-07 10:00:00 UTC → 2026-12-07 11:00:00 UTC',
      'http://h/search?q=x',
      '**Results:**',
      `- \`frontend GET /api/0\` 1.2 s http://h/trace/${'0'.repeat(32)}`,
      `- \`frontend GET /api/1\` 1.2 s, 1 error http://h/trace/${'1'.padStart(32, '0')}`,
    ]);
    expect(t.markdown.split('\n').at(-1)).toBe('- … and 15 more');
    expect(searchIncident(facts(0), 'l', (id) => id, formatDuration).text).toBe(
      'Search: { status = error && name = "*x*" }\n0 traces · 2026-12-07 10:00:00 UTC → 2026-12-07 11:00:00 UTC\nl',
    );
  });
});
