/**
 * A big trace streamed by the store is drawn before all of it has arrived: with the network slowed
 * (Chromium's throttling over CDP), the waterfall shows the spans in so far while the header says
 * the trace is loading (received of total spans, figures provisional); then the complete trace
 * replaces it with its final counts, keeping the span selected meanwhile.
 */
import { headerNumber, renderedSpanCount } from './app-helpers.ts';
import { quadTraceExport } from './quad-trace.ts';
import { expect, withOwnServer } from './server.ts';

const test = withOwnServer({ demo: false });

const TRACE = '9e0ee9e0000000000000000000009e00';
const SPANS = 200_000;
const BODY_SPANS = 40_000;

test('a big streamed trace is drawn while it loads, then replaced by the whole trace', async ({
  page,
  own: server,
}) => {
  test.setTimeout(180_000);
  for (let first = 0; first < SPANS; first += BODY_SPANS) {
    const posted = await fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: quadTraceExport(TRACE, 'previewed', first, BODY_SPANS),
    });
    expect(posted.status).toBe(200);
  }

  // ~60 bytes a span travel: ~12 MB at 3 MB/s take a few seconds, the first tenth well before.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: 3 * 2 ** 20,
    uploadThroughput: -1,
  });
  await page.goto(`/trace/${TRACE}`);

  const loading = page.getByTestId('trace-loading');
  await expect(loading).toBeVisible({ timeout: 60_000 });
  await expect(loading).toContainText(/of 200,000 spans drawn so far/);
  await expect(page.getByTestId('trace-stats')).toHaveAttribute('data-provisional', 'true');
  const spansStat = await page
    .getByTestId('trace-stats')
    .locator('.stat', { hasText: 'Spans' })
    .locator('dd');
  expect(await spansStat.textContent()).toMatch(/^[\d,]+ of 200,000$/);
  // Drawn: the accessible mirror's rows and the preview's first-frame mark, before the whole trace's.
  await expect(page.getByRole('treeitem').first()).toContainText('op 0');
  const marks = () =>
    page.evaluate(() => ({
      preview: performance.getEntriesByName('spanscope:trace-preview-rendered').length,
      complete: performance.getEntriesByName('spanscope:trace-rendered').length,
    }));
  await expect.poll(marks).toMatchObject({ preview: 1, complete: 0 });
  // Selected while it loads: the span stays selected in the complete trace, its details shown then.
  await page.getByRole('treeitem').first().click();
  await expect(page).toHaveURL(/span=0000000000000001/);

  await expect(loading).toBeHidden({ timeout: 120_000 });
  await expect(page.getByTestId('trace-stats')).not.toHaveAttribute('data-provisional', 'true');
  expect(await headerNumber(page, 'Spans')).toBe(SPANS);
  expect(await headerNumber(page, 'Errors')).toBe(SPANS / 1000);
  expect(await renderedSpanCount(page)).toBe(SPANS);
  await expect(page.getByRole('treeitem', { selected: true })).toContainText('op 0');
  await expect(page.getByRole('region', { name: 'Span attributes' })).toBeVisible();
});
