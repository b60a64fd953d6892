import { describe, expect, test } from 'vitest';
import { formatDuration } from '../../render/time-format.ts';
import { asciiDiffFacts, asciiTraceFacts } from '../../testing/share-facts.ts';
import { diffPreview, searchPreview, tracePreview } from './preview-words.ts';

const FAILED = `
  root [svc=web err msg=upstream]   |==========================|
    cart [svc=cart]                  |========|
      db [svc=pg err msg=deadlock]    |===|
    pay [svc=pay]                               |====|
    ship [svc=ship]                               |==|
`;
const OK = `
  root [svc=web]   |==========================|
    cart [svc=cart] |===|
      db [svc=pg]    |=|
    pay [svc=pay]         |====|
`;

describe('link preview words', () => {
  test('a trace: its root; duration, spans, services, errors and the first error', () => {
    expect(tracePreview(asciiTraceFacts(FAILED), formatDuration)).toEqual({
      title: 'web root',
      figures: '27 µs · 5 spans · 5 services (cart, pay, pg, ship, +1) · 2 errors',
      alert: 'pg db: deadlock',
      description: '27 µs · 5 spans · 5 services (cart, pay, pg, ship, +1) · 2 errors — pg db: deadlock',
    });
  });

  test('a diff: both roots (ids when they are the same operation), the first divergence', () => {
    expect(diffPreview(asciiDiffFacts(OK, FAILED), formatDuration)).toEqual({
      title: 'Diff: web root (aaaaaaaa vs bbbbbbbb)',
      figures: 'A 27 µs vs B 27 µs · 2 changed, 1 added, 0 removed',
      alert: 'first divergence: pg db ends with another status (at +6 µs)',
      description:
        'A 27 µs vs B 27 µs · 2 changed, 1 added, 0 removed · first divergence: pg db ends with another status (at +6 µs)',
    });
  });

  test('a search: the query, the count and the newest result', () => {
    const f = {
      query: '{ status = error }',
      startMs: null,
      endMs: null,
      count: 20,
      limit: 20,
      hits: [
        { traceId: 'a'.repeat(32), root: { service: 'api', name: 'GET /' }, durationMs: 12, errorCount: 1 },
      ],
    };
    expect(searchPreview(f, formatDuration)).toMatchObject({
      title: 'Search: { status = error }',
      description: '20 traces found (the limit) · newest: api GET / (12 ms)',
    });
    expect(searchPreview({ ...f, query: ' ', count: 0, hits: [] }, formatDuration)).toMatchObject({
      title: 'Recent traces',
      description: '0 traces found',
    });
  });

  test('hostile names stay one line of bounded length', () => {
    const f = asciiTraceFacts(FAILED);
    const w = tracePreview(
      { ...f, root: { service: 'x\u0000\n'.repeat(100), name: '<b>'.repeat(1000) } },
      formatDuration,
    );
    expect(w.title.length).toBeLessThanOrEqual(120);
    expect(w.title).not.toMatch(/\p{Cc}/u);
  });
});
