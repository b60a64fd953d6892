/**
 * The source picker against a server configured with an external source: the source is offered,
 * choosing it goes into the URL, and when that store cannot answer the page says why.
 */
import { expect, withOwnServer } from './server.ts';

// Port 9 (discard) on localhost: nothing answers there.
const test = withOwnServer({
  demo: false,
  extraArgs: ['--source', 'prod=tempo:http://user:secret@127.0.0.1:9'],
});

test('the picker offers the configured source and an unreachable one is reported, not blank', async ({
  page,
  own,
}) => {
  await page.goto(`${own.url}/`);
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

test('a source name the server does not know is shown as unknown', async ({ page, own }) => {
  await page.goto(`${own.url}/?source=elsewhere`);
  const picker = page.getByRole('combobox', { name: 'Trace source' });
  await expect(picker).toHaveValue('elsewhere');
  await expect(picker.locator('option:checked')).toHaveText('elsewhere (unknown)');
  await expect(page.getByRole('alert')).toContainText('Could not list the traces.');
});
