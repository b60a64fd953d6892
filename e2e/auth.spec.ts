/**
 * `--auth-token-env` in a real browser (own server with a token): without it the app is a page
 * saying how to get in; `?token=` once gives a session cookie and an address without the token,
 * after which the whole app (module scripts, the trace worker, the API) works; a link followed from
 * another site (the SameSite=Strict cookie not sent) lands on the trace all the same.
 */
import { treeItems, waitForTrace } from './app-helpers.ts';
import { expect, withOwnServer } from './server.ts';

const TOKEN = 'e2e-token-0123456789abcdef-0123';
// The server is started by the fixture below as a child process, which inherits the environment.
process.env.SPANSCOPE_E2E_TOKEN = TOKEN;

const test = withOwnServer({ demo: true, extraArgs: ['--auth-token-env', 'SPANSCOPE_E2E_TOKEN'] });

test('the token, shown once, becomes a session: the app works and the address never keeps it', async ({
  page,
  own,
}) => {
  const refused = await page.goto('/');
  expect(refused?.status()).toBe(401);
  await expect(page.locator('body')).toContainText('?token=');
  expect((await fetch(`${own.url}/api/search`)).status).toBe(401);

  await page.goto(`/?token=${TOKEN}`);
  expect(page.url()).toBe(`${own.url}/`);
  const rows = page.getByRole('table', { name: 'Recent traces' }).locator('tbody tr');
  await rows.first().getByRole('link').click();
  await waitForTrace(page);
  await treeItems(page).nth(1).click();
  await expect(page.getByTestId('detail-panel')).toBeVisible();
  const cookies = await page.context().cookies();
  expect(cookies).toEqual([
    expect.objectContaining({ name: 'spanscope_session', httpOnly: true, sameSite: 'Strict' }),
  ]);
  expect(cookies[0].value).not.toContain(TOKEN);
  expect(await page.evaluate(() => document.cookie)).toBe('');

  // A link in a chat: a navigation from another site (localhost is another site than 127.0.0.1).
  const traceUrl = page.url();
  const chat = `${own.url.replace('127.0.0.1', 'localhost')}/theme.js`;
  await page.goto(chat).catch(() => {});
  await page.setContent(`<a href="${traceUrl}">the failing trace</a>`);
  const answers: number[] = [];
  page.on('response', (r) => {
    if (r.url() === traceUrl) answers.push(r.status());
  });
  await page.getByRole('link', { name: 'the failing trace' }).click();
  await waitForTrace(page);
  expect(page.url()).toBe(traceUrl);
  // The first answer, without the cookie, was the page that reloads itself; the reload carried it.
  expect(answers).toEqual([401, 200]);
});
