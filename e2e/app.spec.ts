/**
 * The app shell against the real server with demo data: recent traces, opening one, reloading,
 * the header's search box, a trace diffed with itself, hostile URLs and the theme preference.
 */
import { headerNumber, openHome, TRACE_URL, traceIdOf, treeItems, waitForTrace } from './app-helpers.ts';
import { expect, test } from './server.ts';

test('home lists the demo traces newest first and marks search-rendered', async ({ page }) => {
  const rows = await openHome(page);
  expect(await rows.count()).toBeGreaterThanOrEqual(5);
  const marks = await page.evaluate(() => performance.getEntriesByName('spanscope:search-rendered').length);
  expect(marks).toBeGreaterThan(0);
  // Every row is a real link to its trace.
  const href = await rows.first().getByRole('link').getAttribute('href');
  expect(href).toMatch(/^\/trace\/[0-9a-f]{32}$/);
  // Newest first: the absolute start times (title) never increase down the list.
  const starts = await rows
    .locator('td:nth-child(3)')
    .evaluateAll((cells) => cells.map((c) => Date.parse((c.getAttribute('title') ?? '').replace(' ', 'T'))));
  for (let i = 1; i < starts.length; i++) expect(starts[i]).toBeLessThanOrEqual(starts[i - 1]);
});

test('open a trace from the list, reload the URL, see the same trace', async ({ page }) => {
  const rows = await openHome(page);
  const name = (
    await rows
      .first()
      .getByRole('link')
      .textContent()
      .then((t) => t ?? '')
  ).trim();
  await rows.first().getByRole('link').click();
  await expect(page).toHaveURL(TRACE_URL);
  await waitForTrace(page);
  const id = traceIdOf(page);
  await expect(page.locator('.trace-title h1')).toContainText(name);
  const spans = await headerNumber(page, 'Spans');
  expect(spans).toBeGreaterThanOrEqual(5);
  const rendered = await page.evaluate(
    () =>
      (performance.getEntriesByName('spanscope:trace-rendered')[0] as PerformanceMark | undefined)?.detail,
  );
  expect(rendered).toEqual({ spanCount: spans });

  await page.reload();
  await waitForTrace(page);
  expect(traceIdOf(page)).toBe(id);
  await expect(page.locator('.trace-title h1')).toContainText(name);
  expect(await headerNumber(page, 'Spans')).toBe(spans);
  await expect(treeItems(page).first()).toBeAttached();
});

test('the list is keyboard accessible', async ({ page }) => {
  const rows = await openHome(page);
  await rows.first().getByRole('link').focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(TRACE_URL);
  await waitForTrace(page);
  await page.goBack();
  await expect(page.getByRole('table', { name: 'Recent traces' })).toBeVisible();
});

test('the header box runs a TraceQL query on the search page', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('searchbox', { name: /Search traces/ });
  await box.fill('{ }');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=%7B\+%7D$/);
  await expect(page.getByRole('textbox', { name: 'TraceQL query' })).toHaveText('{ }');
  await expect(page.getByRole('table', { name: 'Search results' }).locator('tbody tr').first()).toBeVisible();
});

test('a trace id typed in the search box opens the trace; a trace diffed with itself is all the same', async ({
  page,
}) => {
  const rows = await openHome(page);
  const href = (await rows.first().getByRole('link').getAttribute('href'))!;
  const id = href.split('/').pop()!;
  await page.getByRole('searchbox', { name: /Search traces/ }).fill(id.toUpperCase());
  await page.getByRole('searchbox', { name: /Search traces/ }).press('Enter');
  await expect(page).toHaveURL(new RegExp(`/trace/${id}$`));
  await waitForTrace(page);

  await page.goto(`/diff/${id}/${id}`);
  await expect(page.getByTestId('diff-workspace')).toBeVisible();
  await expect(page.locator('[data-kind=same]')).toContainText('compared with itself');
});

test('hostile or broken URLs show a page and a notice, never a blank screen', async ({ page }) => {
  const rows = await openHome(page);
  const href = (await rows.first().getByRole('link').getAttribute('href'))!;
  await page.goto(`${href}?span=zz&view=nope&from=5&bogus=%3Cscript%3E&find=${'x'.repeat(2000)}`);
  await waitForTrace(page);
  const notices = page.getByTestId('url-notices');
  await expect(notices).toContainText('Ignored span="zz"');
  await expect(notices).toContainText('Ignored view="nope"');
  await expect(notices).toContainText('Ignored unknown parameter "bogus"');
  await expect(notices).toContainText('Cut find');

  await page.goto('/trace/not-a-trace-id');
  await expect(page.getByRole('heading', { name: 'Not a trace id' })).toBeVisible();
  await page.goto(`/trace/${'e'.repeat(32)}`);
  await expect(page.getByRole('heading', { name: 'Trace not found' })).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('a 64-bit or upper-case id is replaced by the canonical one', async ({ page }) => {
  const rows = await openHome(page);
  const id = (await rows.first().getByRole('link').getAttribute('href'))!.split('/').pop()!;
  await page.goto(`/trace/${id.toUpperCase()}?view=stats`);
  await expect(page).toHaveURL(new RegExp(`/trace/${id}\\?view=stats$`));
});

test('the theme toggle is remembered across reloads', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await openHome(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.getByRole('button', { name: 'Switch to the dark theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.getByRole('button', { name: 'Switch to the light theme' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('the system colour scheme is followed until the user chooses', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openHome(page);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
});

test('? opens the help overlay listing the shortcuts; Esc closes it', async ({ page }) => {
  await openHome(page);
  await page.keyboard.press('?');
  const help = page.getByTestId('help-overlay');
  await expect(help).toBeVisible();
  for (const label of [
    'Next find match',
    'Critical path on/off',
    'Copy a link to this exact view',
    'Zoom time',
  ])
    await expect(help).toContainText(label);
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();
});
