/**
 * Pinned snapshots in a real browser against the real built server (own server, `--retention 10s`):
 * pin a trace from its page with a note → it is listed on /pins → the other trace is deleted by
 * retention while the pinned link still opens and says "pinned snapshot"; unpinned from the list, it
 * goes at the next pass. A
 * dropped file's trace can be pinned once it has its `/trace/<id>` address. The footer shows the
 * store's figures. Screenshots go to test-results/screenshots/pins-*.png to be looked at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { numberedTraces, traceIdOf } from '../src/testing/numbered-traces.ts';
import { dropFile, TRACE_URL, waitForTrace } from './app-helpers.ts';
import { expect, withOwnServer } from './server.ts';

const test = withOwnServer({ demo: false, extraArgs: ['--retention', '10s'] });
const SHOTS = join('test-results', 'screenshots');
const NOTE = 'checkout timeout <b>#incident-42</b>';

test('pin with a note → listed on /pins → the pinned link outlives retention; unpin', async ({
  page,
  own,
}) => {
  const [pinned, dropped] = [traceIdOf(0), traceIdOf(1)];
  const ack = await fetch(`${own.url}/v1/traces`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: Buffer.from(numberedTraces(0, 2, 8)),
  });
  expect(ack.status).toBe(200);

  await page.goto(`/trace/${pinned}`);
  await waitForTrace(page);
  await page.getByRole('button', { name: 'Pin', exact: true }).click();
  await page.getByRole('textbox', { name: /Note/ }).fill(NOTE);
  await page.getByRole('form', { name: 'Pin this trace' }).getByRole('button', { name: 'Pin' }).click();
  const line = page.getByTestId('pinned-line');
  await expect(line).toContainText('Pinned snapshot of shop root 0');
  await expect(line).toContainText(NOTE);
  await expect(page.getByRole('button', { name: 'Unpin' })).toBeVisible();
  // The footer's count follows the pin at once, not at its next refresh.
  await expect(page.getByTestId('status-footer')).toContainText('1 pinned', { timeout: 3_000 });
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'pins-trace.png') });

  await page.getByRole('link', { name: 'Pins' }).click();
  await expect(page).toHaveURL(/\/pins$/);
  const rows = page.getByRole('table', { name: 'Pinned traces' }).locator('tbody tr');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('root 0');
  await expect(rows.first()).toContainText(NOTE);
  await expect(rows.first()).toContainText('by app');

  // Retention (10 s) deletes the unpinned trace; the pinned one stays.
  await expect
    .poll(async () => (await fetch(`${own.url}/api/traces/${dropped}`)).status, { timeout: 30_000 })
    .toBe(404);
  await expect(page.getByTestId('status-footer')).toContainText('retention 10 s', { timeout: 15_000 });
  await expect(page.getByTestId('status-footer')).toContainText('1 trace8 spans');
  await page.screenshot({ path: join(SHOTS, 'pins-list.png') });

  await rows.first().getByRole('link', { name: 'root 0' }).click();
  await expect(page).toHaveURL(new RegExp(`/trace/${pinned}`));
  await waitForTrace(page);
  await expect(page.getByTestId('pinned-line')).toContainText('Pinned snapshot');
  await page.reload();
  await waitForTrace(page);
  await expect(page.getByTestId('pinned-line')).toContainText('Pinned snapshot');

  await page.goto('/pins');
  await page.getByRole('button', { name: 'Unpin root 0' }).click();
  await expect(page.getByText('No pinned traces.')).toBeVisible();
  // Unpinned and older than the retention: the next pass deletes it.
  await expect
    .poll(async () => (await fetch(`${own.url}/api/traces/${pinned}`)).status, { timeout: 30_000 })
    .toBe(404);
  await page.goto(`/trace/${pinned}`);
  await expect(page.getByRole('heading', { name: 'Trace not found' })).toBeVisible();
});

test('a dropped file’s trace gets its Pin once the store has it', async ({ page }) => {
  await page.goto('/');
  await dropFile(page, 'one-trace.json', numberedTraces(50, 1, 5));
  await expect(page).toHaveURL(TRACE_URL, { timeout: 30_000 });
  await waitForTrace(page);
  await page.getByRole('button', { name: 'Pin', exact: true }).click();
  await page.getByRole('form', { name: 'Pin this trace' }).getByRole('button', { name: 'Pin' }).click();
  await expect(page.getByTestId('pinned-line')).toContainText('Pinned snapshot of shop root 50');
});
