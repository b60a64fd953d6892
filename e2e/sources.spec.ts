/**
 * External sources in the app, against a server of its own configured with a replaying Tempo (the
 * real recorded Tempo answers, src/testing/replay-server.ts) and an unreachable one: the picker
 * switches to Tempo, its traces are listed and searched, one opens, and is diffed against a trace of
 * the local store; a source that fails says which one and what to check, never a blank page.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { fixturePath } from '../src/testing/fixtures.ts';
import { type ReplayServer, startReplayServer } from '../src/testing/replay-server.ts';
import { waitForTrace } from './app-helpers.ts';
import { test as base, expect, type SpanscopeServer, startServer } from './server.ts';

/** Tempo's recorded search answer and the trace it finds (the same trace id, in Tempo's base64). */
const SEARCH = 'tempo-api/tempo-api-search-pushing-spans-docs.json';
const TRACE = 'tempo-api/tempo-api-v2-traces-pushing-spans-docs.json';
const TEMPO_ID = '5b8efff798038103d269b633813fc700';
/** The local store's trace (imported at the start). */
const LOCAL_FILE = 'otlp-json/tempo-sg-trace-with-failed-requests.json';
const LOCAL_ID = 'e8b6dff9f8d44b28f1b22bc3bd2f6768';

const fixture = (rel: string) => readFileSync(fixturePath(rel));
const CUT = 'Trace exceeds maximum size of 5000000 bytes, a partial trace is returned';

const test = base.extend<object, { tempo: ReplayServer; own: SpanscopeServer }>({
  tempo: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
    async ({}, use) => {
      const tempo = await startReplayServer({
        '/api/echo': { body: 'echo', headers: { 'content-type': 'text/plain' } },
        '/api/search': { body: fixture(SEARCH) },
        [`/api/v2/traces/${TEMPO_ID}`]: { body: fixture(TRACE), gzip: true },
        // The same trace as Tempo answers it when it cut the trace (source `cut`, below /cut).
        [`/cut/api/v2/traces/${TEMPO_ID}`]: {
          body: `${fixture(TRACE).toString().trim().slice(0, -1)},"status":"PARTIAL","message":"${CUT}"}`,
        },
      });
      await use(tempo);
      await tempo.close();
    },
    { scope: 'worker' },
  ],
  own: [
    async ({ tempo }, use) => {
      const { server, stop } = await startServer({
        demo: false,
        // Port 9 (discard) on localhost: nothing answers there.
        extraArgs: [
          '--source',
          `tempo=tempo:${tempo.url}`,
          '--source',
          'prod=tempo:http://user:secret@127.0.0.1:9',
          '--source',
          `cut=tempo:${tempo.url}/cut`,
        ],
      });
      const imported = await fetch(`${server.url}/api/import`, { method: 'POST', body: fixture(LOCAL_FILE) });
      expect(imported.status).toBe(200);
      try {
        await use(server);
      } finally {
        await stop();
      }
    },
    { scope: 'worker', timeout: 240_000 },
  ],
  baseURL: async ({ own }, use) => use(own.url),
});

function picker(page: Page) {
  return page.getByRole('combobox', { name: 'Trace source' });
}

test('the picker switches to a replaying Tempo: its traces listed, searched, one opened and diffed against a local one', async ({
  page,
  tempo,
}) => {
  await page.goto('/');
  await expect(picker(page).locator('option')).toHaveText([
    'Local store',
    'tempo (tempo)',
    'prod (tempo)',
    'cut (tempo)',
  ]);
  await picker(page).selectOption('tempo');
  await expect(page).toHaveURL(/\/\?source=tempo$/);
  const row = page.getByRole('row', { name: /my\.service I am a span!/ });
  await expect(row.getByRole('link', { name: 'I am a span!' })).toHaveAttribute(
    'href',
    `/trace/${TEMPO_ID}?source=tempo`,
  );

  // A TraceQL search through the source: Tempo is asked with the query.
  await page.goto('/search?source=tempo');
  const editor = page.getByRole('textbox', { name: 'TraceQL query' });
  await editor.click();
  await page.keyboard.insertText('{ resource.service.name = "my.service" }');
  await page.getByRole('button', { name: 'Run query' }).click();
  const results = page
    .getByRole('table', { name: 'Search results' })
    .locator(`tbody tr[data-trace-id="${TEMPO_ID}"]`);
  await expect(results).toBeVisible();
  expect(
    tempo.requests.some((r) => r.path === '/api/search' && r.query.get('q')?.includes('my.service')),
  ).toBe(true);

  // Opened from the results: the trace page reads it through the source.
  const detailRequests: string[] = [];
  page.on('request', (r) => {
    if (/\/api\/sources\/tempo\/api\/v2\/traces\/\w+\/details\?from=\d+&to=\d+$/.test(r.url()))
      detailRequests.push(r.url());
  });
  await results.getByRole('link').first().click();
  await expect(page).toHaveURL(new RegExp(`/trace/${TEMPO_ID}\\?.*source=tempo`));
  await waitForTrace(page);
  await expect(page.getByTestId('trace-stats')).toBeVisible();
  await expect(page.getByRole('treeitem', { name: /I am a span!/ })).toBeAttached();
  // Its details came apart from the hot columns, from the server's cache of Tempo's answer.
  const traceReads = tempo.requests.filter((r) => r.path === `/api/v2/traces/${TEMPO_ID}`).length;
  await page.getByRole('textbox', { name: 'Find in trace' }).fill('some value');
  await expect(page.getByTestId('find-count')).toHaveText('1 matches');
  await page.getByRole('treeitem', { name: /I am a span!/ }).click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel.getByRole('table', { name: 'Span attributes' })).toContainText('my.span.attr');
  await expect(panel.getByRole('table', { name: 'Resource attributes' })).toContainText('service.name');
  expect(tempo.requests.filter((r) => r.path === `/api/v2/traces/${TEMPO_ID}`).length).toBe(traceReads);
  expect(detailRequests.length).toBeGreaterThan(0);

  // Diffed against a trace of the local store: "Compare with…", the store picked, its id pasted.
  await page.getByRole('button', { name: 'Compare with…' }).click();
  const menu = page.getByRole('dialog', { name: 'Compare with another trace' });
  await menu.getByRole('combobox', { name: 'Store of the trace to compare with' }).selectOption('local');
  await menu.getByRole('textbox', { name: 'Trace id to compare with' }).fill(LOCAL_ID);
  await menu.getByRole('button', { name: 'Compare' }).click();
  await expect(page).toHaveURL(new RegExp(`/diff/${LOCAL_ID}/${TEMPO_ID}\\?source=tempo&source-a=local`));
  const header = page.getByTestId('diff-header');
  await expect(header).toContainText(LOCAL_ID);
  await expect(header).toContainText(TEMPO_ID);
  await expect(page.getByTestId('diff-workspace')).toBeVisible();
  await expect(header.getByRole('link', { name: TEMPO_ID })).toHaveAttribute('href', /source=tempo/);
});

test('an unreachable source is named with what to check, never a blank page, its credentials nowhere', async ({
  page,
}) => {
  await page.goto('/');
  // The local store's list (the imported trace) is not held up by the sources.
  await expect(page.getByRole('row', { name: /mythical-requester requester/ })).toBeVisible();
  await picker(page).selectOption('prod');
  await expect(page).toHaveURL(/\/\?source=prod$/);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Could not list the traces.');
  await expect(alert).toContainText('Could not reach the source “prod”.');
  await expect(alert).toContainText("Check the source's URL");
  await expect(alert).not.toContainText('secret');
  // The choice is in the URL: a reload keeps it.
  await page.reload();
  await expect(picker(page)).toHaveValue('prod');

  // A trace of it: the page says which source failed and what to check.
  await page.goto(`/trace/${TEMPO_ID}?source=prod`);
  await expect(page.getByRole('alert')).toContainText('Could not open the trace');
  await expect(page.getByTestId('source-problem')).toContainText('Could not reach the source “prod”');
  expect(await page.content()).not.toContain('secret');
});

test('a trace Tempo cut (PARTIAL) opens with a warning saying so', async ({ page }) => {
  await page.goto(`/trace/${TEMPO_ID}?source=cut`);
  await waitForTrace(page);
  await expect(
    page.getByText(`partial trace: Tempo returned only part of this trace (${CUT})`),
  ).toBeVisible();
});

test('a trace the source does not have is said to be missing there', async ({ page }) => {
  await page.goto(`/trace/${'ab'.repeat(16)}?source=tempo`);
  await expect(page.getByRole('heading', { name: 'Trace not found' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('is not in the source “tempo”');
});

test('a source name the server does not know is shown as unknown', async ({ page }) => {
  await page.goto('/?source=elsewhere');
  await expect(picker(page)).toHaveValue('elsewhere');
  await expect(picker(page).locator('option:checked')).toHaveText('elsewhere (unknown)');
  await expect(page.getByRole('alert')).toContainText('Could not list the traces.');
});
