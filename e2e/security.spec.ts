/**
 * Span data that attacks the viewer, in a real browser against the real built server and its
 * Content-Security-Policy (own server, two traces of payloads pushed over OTLP/HTTP: see
 * src/testing/payload-trace.ts). Every view is used (recent traces, search results, waterfall,
 * details, tooltip, flame graph, statistics, JSON, export menu, diff, embed): no dialog, no script
 * run (`window.__pwned`), no request to another origin, no CSP violation, and the payloads shown as
 * text.
 */
import type { Page } from '@playwright/test';
import { readFixture } from '../src/testing/fixtures.ts';
import { PAYLOADS, payloadTraceOtlp } from '../src/testing/payload-trace.ts';
import { dropFile, treeItems, waitForTrace } from './app-helpers.ts';
import { expect, withOwnServer } from './server.ts';

const test = withOwnServer({ demo: false });

const A = 'ea0000000000000000000000000000a1';
const B = 'eb0000000000000000000000000000b2';

test.beforeAll(async ({ own }) => {
  const now = Date.now() - 60_000;
  for (const [traceId, variant, startMs] of [
    [A, 'a', now - 5_000],
    [B, 'b', now],
  ] as const) {
    const res = await fetch(`${own.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payloadTraceOtlp(traceId, startMs, variant)),
    });
    expect(res.status).toBe(200);
  }
});

interface Watch {
  readonly violations: () => Promise<string[]>;
  readonly problems: string[];
}

/** Records CSP violations (in the page and its workers' reports), dialogs and requests leaving the origin. */
async function watch(page: Page, origin: string): Promise<Watch> {
  const problems: string[] = [];
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __csp: string[] }).__csp = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`),
    );
  });
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'))
      problems.push(`request to ${url}`);
  });
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(`console: ${m.text()}`);
  });
  return {
    problems,
    violations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp ?? []),
  };
}

async function expectClean(page: Page, w: Watch, where: string) {
  expect(await w.violations(), `${where}: CSP violations`).toEqual([]);
  expect(w.problems, where).toEqual([]);
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    where,
  ).toBeUndefined();
}

test('the app runs under its Content-Security-Policy in every view, and payloads stay text', async ({
  page,
  own,
}) => {
  const w = await watch(page, own.url);
  const answer = await page.goto('/');
  expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
  const recent = page.getByRole('table', { name: 'Recent traces' });
  await expect(recent).toContainText(PAYLOADS.img);
  await expectClean(page, w, 'recent traces');

  await page.goto('/search?q=%7B%7D&start=now-1h&end=now');
  await expect(page.locator('main')).toContainText(`checkout ${PAYLOADS.img}`);
  await expectClean(page, w, 'search');

  await page.goto(`/trace/${B}`);
  await waitForTrace(page);
  await expect(page.getByRole('region', { name: 'Trace summary' })).toContainText(PAYLOADS.img);
  await treeItems(page).first().click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toContainText(PAYLOADS.jsUrl);
  await expect(panel).toContainText(PAYLOADS.svg);
  await expect(panel).toContainText(PAYLOADS.iframe);
  await expect(panel.locator('a[href^="javascript:"], a[href^="data:"], iframe, img, svg use')).toHaveCount(
    0,
  );
  // An http(s) value is a link that tells the other site nothing; a script URL stays text.
  const web = panel.getByRole('row', { name: /^url\.full/ }).getByRole('link', { name: PAYLOADS.httpUrl });
  await expect(web).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(web).toHaveAttribute('target', '_blank');
  // A value past --max-attribute-bytes (64 KiB) is stored cut, with its length.
  await expect(panel.getByText('truncated (100,007 bytes)')).toBeVisible();
  await treeItems(page).nth(1).click();
  await expect(panel).toContainText('exception');
  // A name that hides its order behind a bidi override shows the override.
  await expect(panel.locator('.detail-title h2')).toHaveText('invoice⟨U+202E⟩fdp.exe');
  await expect(treeItems(page).nth(1)).toContainText('invoice⟨U+202E⟩fdp.exe');
  const canvas = page.getByTestId('waterfall-canvas');
  const box = (await canvas.boundingBox())!;
  for (let x = 0.3; x < 0.95; x += 0.1) await page.mouse.move(box.x + box.width * x, box.y + 12);
  await expectClean(page, w, 'waterfall and details');

  for (const tab of ['Flame graph', 'Statistics', 'JSON']) {
    await page.getByRole('tab', { name: tab }).click();
    await page.waitForTimeout(300);
    await expectClean(page, w, tab);
  }
  await expect(page.getByTestId('json-text')).toContainText('window.__pwned');
  await page.getByRole('button', { name: 'Export' }).click();
  await expect(page.getByRole('menuitem', { name: 'OTLP JSON' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expectClean(page, w, 'export menu');

  await page.goto(`/diff/${A}/${B}`);
  await expect(page.getByRole('treeitem').first()).toBeAttached();
  await page.getByRole('treeitem').first().click();
  await page.waitForTimeout(300);
  await expectClean(page, w, 'diff');

  await page.goto(`/trace/${B}?embed=1&theme=dark`);
  await expect(page.getByRole('treeitem').first()).toBeAttached();
  await expectClean(page, w, 'embed');
  expect(await page.title()).not.toMatch(/<img|<script/);
});

test('a protobuf file opened in the page decodes in the worker under the policy', async ({ page, own }) => {
  const w = await watch(page, own.url);
  await page.goto('/');
  await dropFile(page, 'trace.pb', readFixture('otlp-protobuf/otlp2parquet-trace.pb'));
  await waitForTrace(page);
  await expectClean(page, w, 'protobuf file');
});

test('the security headers are on the app, its assets and the API', async ({ own }) => {
  const index = await fetch(`${own.url}/trace/${B}`);
  const html = await index.text();
  expect(html).not.toMatch(/<script>(?!<\/script>)/);
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)![1];
  for (const path of [`/trace/${B}`, asset, '/theme.js', `/api/traces/${B}`, '/api/nope']) {
    const res = await fetch(`${own.url}${path}`);
    expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
    expect(res.headers.get('content-security-policy'), path).toMatch(/frame-ancestors 'self'/);
    expect(res.headers.get('referrer-policy'), path).toBe('no-referrer');
  }
});
