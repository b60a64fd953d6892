/**
 * Files opened in the browser (own server): a picked 100k-span Jaeger file is drawn from the file
 * while its import into the store is held back, then its address becomes `/trace/<id>` without the
 * trace being loaded or drawn again, and a reload shows it from the store; a malformed file shows its
 * error and is never sent; a server without the store's import (404, 413) leaves the view local
 * with its reason; several files dropped at once form one set; reloading a local address says the
 * file is gone. Screenshots (light and dark) of the loading progress, the local banner and the list
 * go to SPANSCOPE_SCREENSHOTS (default test-results/screenshots).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from '@playwright/test';
import { generateTraceFile, type LargeTraceFile } from '../src/testing/generate-trace-file.ts';
import { dropFile, dropFiles, FILE_TRACE_URL, headerNumber, waitForTrace } from './app-helpers.ts';
import { expect, REPO_ROOT, withOwnServer } from './server.ts';

const FIXTURES = process.env.SPANSCOPE_FIXTURES ?? join(REPO_ROOT, '../shared/fixtures/real');
const SHOTS = process.env.SPANSCOPE_SCREENSHOTS ?? join(REPO_ROOT, 'test-results', 'screenshots');
const test = withOwnServer({ demo: false });

let dir = '';
let jaeger: LargeTraceFile;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  dir = mkdtempSync(join(tmpdir(), 'spanscope-file-open-'));
  jaeger = await generateTraceFile(join(dir, 'checkout-100k.json'), 'jaeger-json', 100_000, 21);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Requests of the page to `/api/import` and to the store's trace answers. */
function watchRequests(page: Page) {
  const seen = { imports: 0, traceReads: 0, workers: 0 };
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/api/import') seen.imports++;
    if (path.startsWith('/api/v2/traces/')) seen.traceReads++;
  });
  page.on('worker', () => seen.workers++);
  return seen;
}

const marks = (page: Page, name: string) =>
  page.evaluate((n) => performance.getEntriesByName(n).length, name);

test('a picked 100k-span Jaeger file is drawn before its import completes, then becomes /trace/<id> without a redraw', async ({
  page,
  own,
}) => {
  test.setTimeout(240_000);
  const seen = watchRequests(page);
  let held: Route | null = null;
  await page.route('**/api/import', (route) => {
    held = route;
  });
  await page.goto(`${own.url}/`);
  await page.getByTestId('import-file-input').setInputFiles(jaeger.path);
  await expect(page).toHaveURL(FILE_TRACE_URL, { timeout: 60_000 });
  await waitForTrace(page);
  await expect.poll(() => marks(page, 'spanscope:trace-rendered')).toBe(1);
  expect(await headerNumber(page, 'Spans')).toBe(100_000);
  expect(page.url()).toContain(`/${jaeger.traceId}`);
  const banner = page.getByTestId('local-file-banner');
  await expect(banner).toContainText('checkout-100k.json');
  await expect(banner).toContainText('not shareable yet');
  // The waterfall is on screen while the store has not answered the import (it is held here).
  await expect.poll(() => held !== null, { timeout: 60_000 }).toBe(true);
  expect(await marks(page, 'spanscope:file-stored')).toBe(0);
  // Copy link refuses to hand out a local address.
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('its link is not shareable until the store has it')).toBeVisible();

  // A span selected and a view parameter: they survive the move.
  await page.getByRole('treeitem').nth(2).click();
  await expect(page).toHaveURL(/span=[0-9a-f]{16}/);
  await page.getByTestId('waterfall-canvas').evaluate((c) => {
    c.setAttribute('data-before-move', '1');
  });
  const readsBefore = seen.traceReads;
  (held as Route | null)?.continue();
  await expect(page).toHaveURL(new RegExp(`/trace/${jaeger.traceId}\\?span=[0-9a-f]{16}$`), {
    timeout: 120_000,
  });
  await expect(banner).toBeHidden();
  // Same page, same canvas, same worker: nothing loaded from the store, nothing drawn anew.
  await expect(page.getByTestId('waterfall-canvas')).toHaveAttribute('data-before-move', '1');
  expect(await marks(page, 'spanscope:trace-rendered')).toBe(1);
  expect(seen.traceReads).toBe(readsBefore);
  expect(seen.workers).toBe(1);
  expect(seen.imports).toBe(1);
  await expect(page.getByRole('button', { name: 'Compare with…' })).toBeVisible();

  // The address is the store's now: a reload shows the same trace from there.
  const selected = new URL(page.url()).searchParams.get('span');
  await page.reload();
  await waitForTrace(page);
  expect(await headerNumber(page, 'Spans')).toBe(100_000);
  expect(new URL(page.url()).searchParams.get('span')).toBe(selected);
  expect(seen.traceReads).toBeGreaterThan(readsBefore);
  await expect(page.getByTestId('detail-panel')).toBeVisible();
});

test('a malformed file shows its error at once and is never sent to the store', async ({ page, own }) => {
  const seen = watchRequests(page);
  await page.goto(`${own.url}/`);
  const text =
    '{"data":[{"traceID":"4bf92f3577b34da6a3ce929d0e0e4736","spans":[{"spanID":"00f067aa0ba902b7",,}]}]}';
  await dropFile(page, 'broken.json', new TextEncoder().encode(text));
  const error = page.getByTestId('file-error');
  await expect(error).toBeVisible();
  await expect(error.getByRole('heading')).toContainText('broken.json');
  await expect(error.locator('.file-error-message')).toHaveText(
    /^broken\.json: JSON: invalid JSON: .* at byte \d+/,
  );
  await page.waitForTimeout(500);
  expect(seen.imports).toBe(0);
});

for (const [status, reason] of [
  [404, 'this server has no trace store to import into'],
  [413, 'larger than the store accepts'],
] as const) {
  test(`a store that answers ${status} leaves the view local and says why`, async ({ page, own }) => {
    await page.route('**/api/import', (route) =>
      route.fulfill({
        status,
        contentType: 'application/json',
        body: JSON.stringify({ error: status === 413 ? 'the file is larger than 1 KiB' : 'not found' }),
      }),
    );
    await page.goto(`${own.url}/`);
    await dropFile(
      page,
      'sibling.json',
      new Uint8Array(readFileSync(join(FIXTURES, 'otlp-json/jaeger-skills-sibling_errors.json'))),
    );
    await waitForTrace(page);
    const banner = page.getByTestId('local-file-banner');
    await expect(banner).toContainText('this link is not shareable.');
    await expect(banner).toContainText(reason);
    await page.waitForTimeout(300);
    await expect(page).toHaveURL(FILE_TRACE_URL);

    // A reload of the local address: the file is gone with the page, and the page says so.
    await page.reload();
    await expect(page.getByTestId('files-gone')).toContainText('Drop the file anywhere on this page');
  });
}

test('several files dropped at once form one set: a trace split over two files is one trace', async ({
  page,
  own,
}) => {
  const doc = JSON.parse(
    readFileSync(join(FIXTURES, 'otlp-json/tempo-vulture-trace-2022-ils.json'), 'utf8'),
  ) as {
    batches: unknown[];
  };
  const half = Math.ceil(doc.batches.length / 2);
  const part = (batches: unknown[]) => new TextEncoder().encode(JSON.stringify({ batches }));
  await page.goto(`${own.url}/`);
  await dropFiles(page, [
    { name: 'part-1.json', bytes: part(doc.batches.slice(0, half)) },
    { name: 'part-2.json', bytes: part(doc.batches.slice(half)) },
  ]);
  await waitForTrace(page);
  expect(await headerNumber(page, 'Spans')).toBe(25);
  await expect(
    page.getByTestId('local-file-banner').or(page.getByText('The store has this trace')),
  ).toBeVisible();
  await expect(page).toHaveURL(/\/trace\/[0-9a-f]{32}/);
});

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots of opening files in ${scheme}`, async ({ page, own }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    let held: Route | null = null;
    await page.route('**/api/import', (route) => {
      held = route;
    });
    await page.goto(`${own.url}/`);
    // Slowed down, so that the progress is on screen long enough to be pictured.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    await page.getByTestId('import-file-input').setInputFiles(jaeger.path);
    const progress = page.locator('.trace-loading [role=progressbar]');
    await expect(progress).toBeVisible();
    await expect(page.locator('.trace-loading')).toContainText(/MiB of/);
    await page.screenshot({ path: join(SHOTS, `file-loading-${scheme}.png`) });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await waitForTrace(page);
    await expect.poll(() => held !== null, { timeout: 60_000 }).toBe(true);
    await page.mouse.move(1, 1);
    await page.screenshot({ path: join(SHOTS, `file-local-banner-${scheme}.png`) });
    await (held as Route | null)?.abort();

    await page.unroute('**/api/import');
    await dropFile(
      page,
      'otel_traces_01.json',
      new Uint8Array(readFileSync(join(FIXTURES, 'otlp-json/jaeger-memory-otel_traces_01.json'))),
    );
    await expect(page.getByRole('table', { name: 'Traces in the file' })).toBeVisible();
    await page.screenshot({ path: join(SHOTS, `file-list-${scheme}.png`) });
  });
}
