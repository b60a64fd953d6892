/**
 * The local store streams a trace to the app as it reads it (the columnar stream, chunked): the
 * trace is drawn, and the header shows its final counts, once the last piece has arrived. The
 * request leaves before the app's code runs, the query editor's code after the trace is drawn.
 */
import { headerNumber, renderedSpanCount, waitForTrace } from './app-helpers.ts';
import { quadTraceExport } from './quad-trace.ts';
import { expect, withOwnServer } from './server.ts';

// A server of its own: the 30k-span trace would otherwise be the biggest trace the other specs open.
const test = withOwnServer();

const TRACE = '57ea57ea0000000000000000000057ea';
const SPANS = 30_000;

test('a trace streamed by the store is drawn with its final counts', async ({ page, own: server }) => {
  test.setTimeout(90_000);
  const posted = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: quadTraceExport(TRACE, 'streamed', 0, SPANS),
  });
  expect(posted.status).toBe(200);

  const answer = page.waitForResponse((r) => r.url().endsWith(`/api/v2/traces/${TRACE}`));
  await page.goto(`/trace/${TRACE}`);
  const res = await answer;
  expect(res.headers()['content-type']).toBe('application/vnd.spanscope.columnar-stream');
  expect(res.headers()['content-length']).toBeUndefined();
  await waitForTrace(page);
  // The entry asked for the trace before the app's chunk ran (boot.ts): its start-up overlaps the load.
  const [openStart, appStart] = await page.evaluate(() =>
    ['spanscope:trace-open-start', 'spanscope:app-start'].map(
      (m) => performance.getEntriesByName(m)[0]?.startTime,
    ),
  );
  expect(openStart).toBeLessThan(appStart!);
  // …whose chunk the page names as a modulepreload, fetched with the entry (vite.config.ts).
  const html = await (await fetch(`${server.url}/trace/${TRACE}`)).text();
  expect(html).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/main-[\w-]+\.js">/);
  // The header's query editor (CodeMirror) loads once the trace is drawn, then takes input.
  await expect(page.getByRole('searchbox', { name: /Search traces/ })).toBeVisible();
  const [rendered, editorAsked] = await page.evaluate(() => [
    performance.getEntriesByName('spanscope:trace-rendered')[0].startTime,
    performance.getEntriesByType('resource').find((r) => r.name.includes('codemirror-editor'))?.startTime,
  ]);
  expect(editorAsked).toBeGreaterThanOrEqual(rendered);
  expect(await headerNumber(page, 'Spans')).toBe(SPANS);
  expect(await headerNumber(page, 'Errors')).toBe(SPANS / 1000);
  expect(await renderedSpanCount(page)).toBe(SPANS);
  await expect(page.getByRole('treeitem').first()).toContainText('op 0');
});
