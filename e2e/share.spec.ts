/**
 * Sharing in an incident channel, in a real browser against the real built server (own server, two
 * traces pushed over OTLP/HTTP, one failing with markup in its names and messages): "Copy for
 * incident" on the trace, diff and search pages puts the expected Markdown (or plain text) on the
 * clipboard; `?embed=1&theme=` shows the view alone, light and dark; the server's preview image of
 * a trace and of the diff is a 1200×630 PNG from the bundled preview worker. Screenshots of the
 * embeds and the previews go to test-results/screenshots/ to be looked at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, withOwnServer } from './server.ts';

const test = withOwnServer({ demo: false });

const FAILED = 'fa11ed00000000000000000000000001';
const HEALTHY = '0c0c0c00000000000000000000000001';
const BASE_MS = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const SHOTS = join('test-results', 'screenshots');

type Span = {
  id: string;
  parent: string;
  service: string;
  name: string;
  from: number;
  to: number;
  error?: string;
};
const ROOT_NAME = 'checkout <script>alert(1)</script>';
const id = (n: number) => n.toString(16).padStart(16, '0');

//  ms      0        20        40        60        80      100
//  web     [=========== checkout <script>… ==================]  error "upstream failed"
//  auth     [=]
//  pg                [== INSERT orders ==]                      error "deadlock *detected* <b>"
//  pay                                  [====== charge =====]
const SPANS: Record<string, Span[]> = {
  [FAILED]: [
    { id: id(1), parent: '', service: 'web', name: ROOT_NAME, from: 0, to: 100, error: 'upstream failed' },
    { id: id(2), parent: id(1), service: 'auth', name: 'verify', from: 2, to: 10 },
    {
      id: id(3),
      parent: id(1),
      service: 'pg',
      name: 'INSERT orders',
      from: 20,
      to: 40,
      error: 'deadlock *detected* <b>',
    },
    { id: id(4), parent: id(1), service: 'pay', name: 'charge', from: 50, to: 90 },
  ],
  [HEALTHY]: [
    { id: id(11), parent: '', service: 'web', name: ROOT_NAME, from: 0, to: 60 },
    { id: id(12), parent: id(11), service: 'auth', name: 'verify', from: 2, to: 10 },
    { id: id(13), parent: id(11), service: 'pg', name: 'INSERT orders', from: 12, to: 20 },
    { id: id(14), parent: id(11), service: 'pay', name: 'charge', from: 22, to: 50 },
  ],
};

function otlp(traceId: string, startMs: number) {
  const ns = (ms: number) => `${(BigInt(startMs) + BigInt(ms)) * 1_000_000n}`;
  return {
    resourceSpans: SPANS[traceId].map((s) => ({
      resource: { attributes: [{ key: 'service.name', value: { stringValue: s.service } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId,
              spanId: s.id,
              ...(s.parent ? { parentSpanId: s.parent } : {}),
              name: s.name,
              kind: 2,
              startTimeUnixNano: ns(s.from),
              endTimeUnixNano: ns(s.to),
              status: s.error ? { code: 2, message: s.error } : {},
            },
          ],
        },
      ],
    })),
  };
}

const utc = (ms: number) => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

test.beforeAll(async ({ own }) => {
  for (const [traceId, startMs] of [
    [HEALTHY, BASE_MS - 10_000],
    [FAILED, BASE_MS],
  ] as const) {
    const res = await fetch(`${own.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(otlp(traceId, startMs)),
    });
    expect(res.status).toBe(200);
  }
  mkdirSync(SHOTS, { recursive: true });
});

test.beforeEach(async ({ page }) => {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
});

async function copyForIncident(page: import('@playwright/test').Page, variant: 'Markdown' | 'Plain text') {
  await page.getByRole('button', { name: 'Copy for incident' }).click();
  await page.getByRole('menuitem', { name: variant }).click();
  await expect(page.getByText('Copied for the incident channel')).toBeVisible();
  return page.evaluate(() => navigator.clipboard.readText());
}

test('copy for incident on a trace: the Markdown names the root, the figures, the link and the errors', async ({
  page,
  own,
}) => {
  await page.goto(`/trace/${FAILED}`);
  await expect(page.getByTestId('trace-stats')).toBeVisible();
  expect(await copyForIncident(page, 'Markdown')).toBe(
    [
      `**Trace** \`web ${ROOT_NAME}\` · 100 ms · 4 spans · 4 services · 2 errors`,
      `Started ${utc(BASE_MS)} · trace ${FAILED}`,
      `${own.url}/trace/${FAILED}`,
      '**Errors:**',
      '- `pg INSERT orders`: deadlock \\*detected\\* \\<b\\>',
      `- \`web ${ROOT_NAME}\`: upstream failed`,
    ].join('\n'),
  );
  // The plain variant, of the view with a span selected: its link keeps the span.
  await page.goto(`/trace/${FAILED}?span=${id(4)}`);
  await expect(page.getByTestId('trace-stats')).toBeVisible();
  const text = await copyForIncident(page, 'Plain text');
  expect(text.split('\n')[0]).toBe(`Trace: web ${ROOT_NAME} · 100 ms · 4 spans · 4 services · 2 errors`);
  expect(text).toContain(`${own.url}/trace/${FAILED}?span=${id(4)}\n`);
  expect(text).toContain('- pg INSERT orders: deadlock *detected* <b>');
});

test('copy for incident on a diff and on a search', async ({ page, own }) => {
  await page.goto(`/diff/${HEALTHY}/${FAILED}`);
  await expect(page.getByTestId('diff-workspace')).toBeVisible();
  const diff = (await copyForIncident(page, 'Plain text')).split('\n');
  expect(diff.slice(0, 4)).toEqual([
    `Diff: web ${ROOT_NAME}`,
    'A 60 ms, B 100 ms (B − A +40 ms) · 4 matched, 2 changed, 0 added, 0 removed',
    `A trace ${HEALTHY} · B trace ${FAILED}`,
    `${own.url}/diff/${HEALTHY}/${FAILED}`,
  ]);
  expect(diff[4]).toMatch(/^First divergence: pg INSERT orders ends with another status \(at \+/);
  expect(diff).toContain('Errors only in B:');

  await page.goto('/search?q=%7B%20status%20%3D%20error%20%7D&start=now-1h');
  await expect(page.getByRole('button', { name: 'Copy for incident' })).toBeEnabled();
  const search = (await copyForIncident(page, 'Markdown')).split('\n');
  expect(search[0]).toBe('**Search** `{ status = error }`');
  expect(search[1]).toMatch(/^1 trace · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC → now$/);
  expect(search[2]).toMatch(new RegExp(`^${own.url}/search\\?q=.*&start=\\d{4}-`));
  expect(search.slice(3)).toEqual([
    '**Results:**',
    `- \`web ${ROOT_NAME}\` 100 ms, 2 errors ${own.url}/trace/${FAILED}`,
  ]);
});

for (const theme of ['light', 'dark'] as const) {
  test(`embed=1&theme=${theme}: the waterfall alone, in that theme; a diff's panes alone`, async ({
    page,
  }) => {
    await page.setViewportSize({ width: 900, height: 420 });
    await page.goto(`/trace/${FAILED}?embed=1&theme=${theme}`);
    await expect(page.getByRole('treeitem').first()).toBeAttached();
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    for (const chrome of ['.app-header', '.trace-header', '.trace-toolbar'])
      await expect(page.locator(chrome)).toHaveCount(0);
    const canvas = page.getByTestId('waterfall-canvas');
    const box = (await canvas.boundingBox())!;
    expect(box.y).toBeLessThan(120);
    expect(box.height).toBeGreaterThan(250);
    await page.screenshot({ path: join(SHOTS, `embed-trace-${theme}.png`) });
    // Selecting a span keeps the embed (and its theme) in the address.
    await page.getByRole('treeitem').nth(2).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('embed')).toBe('1');
    expect(new URL(page.url()).searchParams.get('theme')).toBe(theme);

    await page.goto(`/diff/${HEALTHY}/${FAILED}?embed=1&theme=${theme}`);
    await expect(page.getByTestId('diff-workspace')).toBeVisible();
    await expect(page.locator('.diff-pane')).toHaveCount(2);
    for (const chrome of ['.app-header', '.diff-header', '.diff-toolbar'])
      await expect(page.locator(chrome)).toHaveCount(0);
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await page.screenshot({ path: join(SHOTS, `embed-diff-${theme}.png`) });
  });
}

test('the built server’s preview images: 1200×630 PNGs of a trace and of the diff', async ({ page, own }) => {
  for (const [name, path] of [
    ['preview-trace', `/api/preview/trace/${FAILED}.png?span=${id(3)}`],
    ['preview-diff', `/api/preview/diff/${HEALTHY}/${FAILED}.png?theme=dark`],
  ]) {
    const res = await fetch(`${own.url}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-spanscope-preview')).toBe('waterfall');
    const png = new Uint8Array(await res.arrayBuffer());
    writeFileSync(join(SHOTS, `${name}.png`), png);
    await page.goto(`${own.url}${path}`);
    const size = await page.evaluate(() => {
      const img = document.querySelector('img')!;
      return [img.naturalWidth, img.naturalHeight];
    });
    expect(size).toEqual([1200, 630]);
  }
});
