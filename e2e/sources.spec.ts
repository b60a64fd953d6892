/**
 * The source picker against a server configured with an external source: the source is offered,
 * choosing it goes into the URL, and when that store cannot answer the page says why.
 */
import { test as base, expect, type SpanscopeServer, startServer } from './server.ts';

const test = base.extend<object, { withSource: SpanscopeServer }>({
  withSource: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      // Port 9 (discard) on localhost: nothing answers there.
      const { server, stop } = await startServer({
        demo: false,
        extraArgs: ['--source', 'prod=tempo:http://user:secret@127.0.0.1:9'],
      });
      try {
        await use(server);
      } finally {
        await stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

test('the picker offers the configured source and an unreachable one is reported, not blank', async ({
  page,
  withSource,
}) => {
  await page.goto(`${withSource.url}/`);
  const picker = page.getByRole('combobox', { name: 'Trace source' });
  await expect(picker.locator('option')).toHaveText(['Local store', 'prod (tempo)']);
  await expect(page.getByText('No traces yet.')).toBeVisible();
  await picker.selectOption('prod');
  await expect(page).toHaveURL(/\/\?source=prod$/);
  await expect(page.getByRole('alert')).toContainText('Could not list the traces.');
  await expect(page.getByRole('alert')).not.toContainText('secret');
  // The choice is in the URL: a reload keeps it.
  await page.reload();
  await expect(picker).toHaveValue('prod');
});

test('a source name the server does not know is shown as unknown', async ({ page, withSource }) => {
  await page.goto(`${withSource.url}/?source=elsewhere`);
  const picker = page.getByRole('combobox', { name: 'Trace source' });
  await expect(picker).toHaveValue('elsewhere');
  await expect(picker.locator('option:checked')).toHaveText('elsewhere (unknown)');
  await expect(page.getByRole('alert')).toContainText('Could not list the traces.');
});
