/**
 * The local store sends a trace's hot columns first and its span details afterwards, on demand:
 * find over attributes and the detail panel work right after the first frame, through the real
 * server's deferred-details endpoint.
 */
import { treeItems, waitForTrace } from './app-helpers.ts';
import { expect, test } from './server.ts';

const TRACE = 'dedede0000000000000000000000d0d0';
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

function span(spanId: string, parentSpanId: string, name: string, attributes: unknown[]) {
  return {
    traceId: TRACE,
    spanId,
    parentSpanId,
    name,
    startTimeUnixNano: String(NOW_NS),
    endTimeUnixNano: String(NOW_NS + 5_000_000n),
    attributes,
  };
}

test('find over attributes and the detail panel fetch the deferred details', async ({ page, server }) => {
  const marker = { key: 'e2e.marker', value: { stringValue: 'only-in-an-attribute-42' } };
  const body = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'e2e' } }] },
        scopeSpans: [
          {
            spans: [
              span('00000000000000a1', '', 'root', []),
              span('00000000000000a2', '00000000000000a1', 'child one', [marker]),
              span('00000000000000a3', '00000000000000a1', 'child two', []),
            ],
          },
        ],
      },
    ],
  };
  const posted = await fetch(`${server.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(posted.status).toBe(200);

  const requests: { url: string; accept: string }[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v2/traces/'))
      requests.push({ url: r.url(), accept: r.headers().accept ?? '' });
  });
  await page.goto(`/trace/${TRACE}`);
  await waitForTrace(page);
  expect(requests[0].accept).toContain('application/vnd.spanscope.columnar; details=deferred');

  await page.getByRole('textbox', { name: 'Find in trace' }).fill('only-in-an-attribute-42');
  await expect(page.getByTestId('find-count')).toHaveText('1 matches');
  expect(requests.some((r) => /\/details\?from=\d+&to=\d+$/.test(r.url))).toBe(true);

  await treeItems(page).nth(1).click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel.getByRole('table', { name: 'Span attributes' })).toContainText('e2e.marker');
  await expect(panel.getByRole('table', { name: 'Resource attributes' })).toContainText('service.name');
});

test('find in a trace too big to fetch every detail asks the store which spans match', async ({
  page,
  server,
}) => {
  test.setTimeout(120_000);
  const big = 'b16b16b16b16b16b16b16b16b16b16b1';
  const spanCount = 100_050;
  const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
  const marked = new Set([7, 50_000, 100_049]);
  const HOUR_AGO_NS = NOW_NS - 3_600_000_000_000n;
  // Posted in slices: each request stays far below the body limit.
  for (let first = 0; first < spanCount; first += 25_000) {
    const spans = [];
    for (let i = first; i < Math.min(spanCount, first + 25_000); i++)
      spans.push({
        traceId: big,
        spanId: id(i),
        parentSpanId: i === 0 ? '' : id(Math.floor((i - 1) / 8)),
        name: `op ${i % 50}`,
        // An hour ago (not the newest trace, which other specs open), each span inside its parent.
        startTimeUnixNano: String(HOUR_AGO_NS + BigInt(i) * 1000n),
        endTimeUnixNano: String(HOUR_AGO_NS + BigInt(spanCount) * 1000n),
        attributes: [
          { key: 'n', value: { intValue: String(i) } },
          ...(marked.has(i) ? [{ key: 'customer.id', value: { stringValue: 'Cust-4711' } }] : []),
        ],
      });
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'e2e-big' } }] };
    const body = { resourceSpans: [{ resource, scopeSpans: [{ spans }] }] };
    const posted = await fetch(`${server.url}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(posted.status).toBe(200);
  }

  const requests: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/details')) requests.push(r.url());
  });
  await page.goto(`/trace/${big}`);
  await waitForTrace(page);
  const find = page.getByRole('textbox', { name: 'Find in trace' });
  await expect(find).toHaveAttribute(
    'placeholder',
    'Find spans (name, service, id, attribute) or { TraceQL }',
  );
  await find.fill('cust-4711');
  await expect(page.getByTestId('find-count')).toHaveText('3 matches', { timeout: 30_000 });
  expect(requests.some((u) => u.includes('/details/matching?text=cust-4711'))).toBe(true);
  // No detail batch: the store answered which spans match.
  expect(requests.filter((u) => /\/details\?from=/.test(u))).toEqual([]);

  await page.keyboard.press('Enter');
  const panel = page.getByTestId('detail-panel');
  await expect(panel.getByRole('table', { name: 'Span attributes' })).toContainText('Cust-4711');
});
