/**
 * Link previews as a chat app's unfurler sees them: a plain HTTP GET of a trace, diff or search
 * address (no Sec-Fetch headers) answers the app's HTML with Open Graph / Twitter card meta tags
 * and a title naming what the link shows, span data escaped; a browser's navigation is answered at
 * once without starting a preview; unknown ids get generic words.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TempoSearchResponse } from '../../core/api/tempo-search.ts';
import { idOf } from '../../testing/ascii-trace.ts';
import { ColumnarTraceStore } from '../../testing/columnar-store.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { plainGet } from '../../testing/png-pixels.ts';
import { FAILED_ID, failedTrace, HEALTHY_ID, healthyTrace } from '../../testing/preview-traces.ts';

const INDEX =
  '<!doctype html><html><head><meta charset="UTF-8" /><title>Spanscope</title></head><body><div id="root"></div></body></html>';

/** The meta tags of a page, by name or property, entities decoded; and its title. */
function head(html: string) {
  const decode = (s: string) =>
    s.replace(
      /&(lt|gt|quot|#39|amp);/g,
      (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!,
    );
  const tags: Record<string, string> = {};
  for (const m of html.matchAll(/<meta (?:name|property)="([^"]+)" content="([^"]*)" \/>/g))
    tags[m[1]] = decode(m[2]);
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  return { tags, title: title === undefined ? undefined : decode(title) };
}

describe('link previews in the pages’ HTML (in process)', () => {
  let server: InProcessServer;
  let dir: string;
  const store = new ColumnarTraceStore();
  const page = async (path: string, headers: Record<string, string> = {}) => {
    const res = await plainGet(`${server.base}${path}`, headers);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.body.toString('utf8');
    expect(html).toContain('<div id="root"></div>');
    return { html, ...head(html) };
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spanscope-previews-'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    store.put(failedTrace());
    store.put(healthyTrace());
    server = await startInProcess({ store, appDir: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a trace: title, description with the first error, the image of the link’s view', async () => {
    const p = await page(`/trace/${FAILED_ID}?span=${idOf('db')}&from=2&to=20.5&view=flame`);
    const title = 'web <script>alert("x")</script> & \'q\' next';
    expect(p.title).toBe(`${title} · Spanscope`);
    expect(p.tags['og:title']).toBe(title);
    expect(p.tags['twitter:title']).toBe(title);
    expect(p.tags.description).toBe(
      '31 µs · 4 spans · 4 services (auth, pay, pg, web) · 2 errors — pg db: card "declined" <b>now</b> evil',
    );
    expect(p.tags['og:description']).toBe(p.tags.description);
    expect(p.tags['og:url']).toBe(
      `${server.base}/trace/${FAILED_ID}?span=${idOf('db')}&from=2&to=20.5&view=flame`,
    );
    expect(p.tags['og:image']).toBe(
      `${server.base}/api/preview/trace/${FAILED_ID}.png?span=${idOf('db')}&from=2&to=20.5`,
    );
    expect(p.tags['twitter:card']).toBe('summary_large_image');
    expect([p.tags['og:image:width'], p.tags['og:image:height']]).toEqual(['1200', '630']);
    // Span data stays text: the hostile name never opens a tag, and only one title exists.
    expect(p.html).not.toContain('<script>alert');
    expect(p.html.match(/<title>/g)).toHaveLength(1);
    expect(p.html.includes('\u0007') || p.html.includes('\u202e')).toBe(false);
    // The image the page names is ready: its render was started for the page.
    const image = await plainGet(p.tags['og:image']);
    expect(image.headers['x-spanscope-preview']).toBe('waterfall');
  });

  test('a diff: "A vs B" with the first divergence; its image', async () => {
    const p = await page(`/diff/${HEALTHY_ID}/${FAILED_ID}`);
    expect(p.tags['og:title']).toBe(`Diff: web root vs web <script>alert("x")</script> & 'q' next`);
    expect(p.tags['og:description']).toMatch(
      /^A 27 µs vs B 31 µs · \d+ changed, \d+ added, \d+ removed · first divergence: /,
    );
    expect(p.tags['og:image']).toBe(`${server.base}/api/preview/diff/${HEALTHY_ID}/${FAILED_ID}.png`);
  });

  test('a search: the query and what it finds, a text card', async () => {
    server.store.searchHook = async (): Promise<TempoSearchResponse> => ({
      traces: [
        {
          traceID: FAILED_ID,
          rootServiceName: 'web',
          rootTraceName: '<i>checkout</i>',
          startTimeUnixNano: '1700000000000000000',
          durationMs: 31,
          serviceStats: { web: { spanCount: 4, errorCount: 2 } },
          spanSets: [],
        },
      ],
      metrics: {
        inspectedTraces: 1,
        inspectedSpans: '4',
        inspectedBytes: '0',
        completedJobs: 1,
        totalJobs: 1,
      },
    });
    const p = await page('/search?q=%7B%20status%20%3D%20error%20%7D&start=now-1h&limit=20');
    expect(p.title).toBe('Search: { status = error } · Spanscope');
    expect(p.tags['og:description']).toBe('1 trace found · newest: web <i>checkout</i> (31 ms)');
    expect(p.tags['twitter:card']).toBe('summary');
    expect(p.tags['og:image']).toBeUndefined();
    const asked = server.store.searches.at(-1)!;
    expect(asked.q).toBe('{ status = error }');
    expect(asked.limit).toBe(20);
    expect(Date.now() / 1000 - asked.startS!).toBeGreaterThan(3590);
    server.store.searchHook = null;
  });

  test('unknown and malformed ids: generic words, never an error', async () => {
    const unknown = await page(`/trace/${'0123456789abcdef'.repeat(2)}`);
    expect(unknown.tags['og:title']).toBe(`Trace ${'0123456789abcdef'.repeat(2)}`);
    expect(unknown.tags['og:image']).toContain('/api/preview/trace/');
    const bad = await page('/trace/%3Cb%3E');
    expect(bad.title).toBe('Spanscope');
    // Previews read the local store only: a page of an external source has none.
    const external = await page(`/trace/${FAILED_ID}?source=prod`);
    expect([external.title, external.tags['og:image']]).toEqual(['Spanscope', undefined]);
  });

  test('a browser navigating is answered at once and starts no preview; later it gets the known title', async () => {
    const fresh = new ColumnarTraceStore();
    const other = failedTrace();
    fresh.put({ ...other, traceId: 'd'.repeat(32) });
    const s = await startInProcess({ store: fresh, appDir: dir });
    try {
      const nav = { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };
      const first = head((await plainGet(`${s.base}/trace/${'d'.repeat(32)}`, nav)).body.toString());
      expect(first.title).toBe(`Trace ${'d'.repeat(32)} · Spanscope`);
      expect(fresh.reads).toEqual([]);
      await plainGet(`${s.base}/trace/${'d'.repeat(32)}`);
      const later = head((await plainGet(`${s.base}/trace/${'d'.repeat(32)}`, nav)).body.toString());
      expect(later.title).toMatch(/^web <script>/);
    } finally {
      await s.close();
    }
  });
});
