import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { plainGet } from '../../testing/png-pixels.ts';

const INDEX = '<!doctype html><title>Spanscope</title><div id="root"></div>';

describe('web app and history fallback (in process)', () => {
  let server: InProcessServer;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'spanscope-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(dir, 'robots.txt'), 'User-agent: *');
    writeFileSync(join(tmpdir(), 'spanscope-secret.txt'), 'secret');
    server = await startInProcess({ appDir: dir });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'spanscope-secret.txt'), { force: true });
  });

  it('answers every app route with index.html whatever the Accept header (with a link preview where one exists)', async () => {
    const routes = [
      '/',
      '/search',
      '/search?q=%7B%7D&start=now-1h',
      '/trace/abc',
      '/trace/0af7651916cd43dd8448eb211c80319c?span=b7ad6b7169203331&view=flame',
      '/diff/a/b',
      '/trace/x.json',
      '/some/unknown/page',
    ];
    for (const path of routes) {
      for (const accept of ['*/*', 'text/html', 'application/json', '']) {
        const res = await fetch(`${server.base}${path}`, { headers: accept ? { Accept: accept } : {} });
        expect(res.status, `${path} ${accept}`).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(res.headers.get('cache-control')).toBe('no-cache');
        // Trace, diff and search pages carry their link preview: the title replaced, meta tags after it.
        const text = await res.text();
        const head = /<title>[^<]*<\/title>(?:\s*<meta [^>]*\/>)*/;
        expect(text.replace(head, '<title>Spanscope</title>'), path).toBe(INDEX);
        expect(head.exec(text)?.[0].includes('og:title'), path).toBe(
          /^\/(trace\/[0-9a-f]|diff|search)/.test(path),
        );
      }
    }
  });

  it('serves assets with their types; hashed assets are immutable; ETags answer 304', async () => {
    const js = await fetch(`${server.base}/assets/index-abc123.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log(1)');
    const css = await fetch(`${server.base}/assets/index-abc123.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    const robots = await fetch(`${server.base}/robots.txt`);
    expect(robots.headers.get('cache-control')).toBe('no-cache');
    const etag = robots.headers.get('etag')!;
    const again = await fetch(`${server.base}/robots.txt`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('answers 404 for missing files and never leaves the app folder', async () => {
    expect((await fetch(`${server.base}/assets/missing.js`)).status).toBe(404);
    for (const path of [
      '/..%2Fspanscope-secret.txt',
      '/%2e%2e/spanscope-secret.txt',
      '/assets/..%2F..%2Fspanscope-secret.txt',
      '/a%00.js',
    ]) {
      const res = await fetch(`${server.base}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text()).not.toContain('secret');
    }
  });

  it("starts the read of a trace page's trace when a browser navigates to it, and of no other page", async () => {
    const id = '0af7651916cd43dd8448eb211c80319c';
    const nav = { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' };
    server.store.readsAhead.length = 0;
    for (const path of [`/trace/${id}`, `/trace/${id}/?source=local&span=b7ad6b7169203331`])
      expect((await plainGet(`${server.base}${path}`, nav)).status).toBe(200);
    // Not a navigation (an unfurler), another source, another page, an id that is not one.
    await plainGet(`${server.base}/trace/${id}`);
    for (const path of [`/trace/${id}?source=prod`, '/search', `/diff/${id}/${id}`, '/trace/%E0%A4%A'])
      await plainGet(`${server.base}${path}`, nav);
    expect(server.store.readsAhead).toEqual([id, id]);
  });

  it('refuses other methods on app routes', async () => {
    const res = await fetch(`${server.base}/trace/abc`, { method: 'PUT' });
    expect(res.status).toBe(405);
  });
});

describe('without a built app', () => {
  it('says how to build it', async () => {
    const server = await startInProcess({ appDir: null });
    try {
      const res = await fetch(`${server.base}/trace/abc`);
      expect(res.status).toBe(503);
      expect(await res.text()).toContain('npm run build');
    } finally {
      await server.close();
    }
  });
});
