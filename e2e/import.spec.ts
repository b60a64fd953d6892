/**
 * Dropping trace files of every fixture format (real files, read in place) opens them (drawn from
 * the file, then at `/trace/<id>` once the store has them); the trace header agrees with `spanscope
 * summary` on the same file; a file of several traces lists them; bad files show the decoder's
 * message and are not sent. This spec runs its own server so that the imported traces do not change
 * what other specs see.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { dropFile, headerNumber, TRACE_URL, traceIdOf, waitForTrace } from './app-helpers.ts';
import { expect, REPO_ROOT, type SpanscopeServer, withOwnServer } from './server.ts';

const FIXTURES = process.env.SPANSCOPE_FIXTURES ?? join(REPO_ROOT, '../shared/fixtures/real');

interface Summary {
  traceId: string;
  spanCount: number;
  errorCount: number;
  services: string[];
}

function summary(file: string): Summary[] {
  const out = execFileSync(process.execPath, ['bin/spanscope', 'summary', file], { cwd: REPO_ROOT });
  return (JSON.parse(out.toString()) as { traces: Summary[] }).traces;
}

const test = withOwnServer({ demo: false });

async function dropFixture(page: Page, own: SpanscopeServer, rel: string): Promise<void> {
  await page.goto(`${own.url}/`);
  await expect(page.getByRole('heading', { name: 'Recent traces' })).toBeVisible();
  await dropFile(page, rel.split('/').pop()!, new Uint8Array(readFileSync(join(FIXTURES, rel))));
}

/** One file per format, each a single trace whose header must match `spanscope summary`. */
const SINGLE_TRACE_FILES = [
  'otlp-json/jaeger-skills-sibling_errors.json',
  'otlp-protobuf/otlp2parquet-trace.pb',
  'jaeger-json/jaeger-anonymizer-trace_success.json',
  'zipkin-v2-json/zipkin-lens-skew.json',
  'tempo-api/tempo-api-v2-traces-pushing-spans-docs.json',
];

for (const rel of SINGLE_TRACE_FILES) {
  test(`drop ${rel}: opens the trace, header agrees with spanscope summary`, async ({ page, own }) => {
    const [expected] = summary(join(FIXTURES, rel));
    await dropFixture(page, own, rel);
    await expect(page).toHaveURL(TRACE_URL);
    await waitForTrace(page);
    expect(traceIdOf(page)).toBe(expected.traceId);
    expect(await headerNumber(page, 'Spans')).toBe(expected.spanCount);
    expect(await headerNumber(page, 'Errors')).toBe(expected.errorCount);
    expect(await headerNumber(page, 'Services')).toBe(expected.services.length);
  });
}

test('a file with several traces lists them with their summaries and opens the one chosen', async ({
  page,
  own,
}) => {
  const rel = 'otlp-json/jaeger-memory-otel_traces_01.json';
  const expected = summary(join(FIXTURES, rel));
  expect(expected.length).toBeGreaterThan(1);
  await dropFixture(page, own, rel);
  await expect(page.getByRole('heading', { name: `${expected.length} traces in` })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Traces in the file' }).locator('tbody tr');
  await expect(rows).toHaveCount(expected.length);
  const rowOf = (traceId: string) => rows.filter({ has: page.locator(`a[href*="${traceId}"]`) });
  for (const t of expected) {
    await expect(rowOf(t.traceId)).toHaveCount(1);
    await expect(rowOf(t.traceId).locator('td.num').first()).toHaveText(t.spanCount.toLocaleString('en-US'));
  }
  await rowOf(expected[1].traceId).locator('a').click();
  await waitForTrace(page);
  expect(traceIdOf(page)).toBe(expected[1].traceId);
  expect(await headerNumber(page, 'Spans')).toBe(expected[1].spanCount);
  // Once the store has the file, the chosen trace's address is its shareable one.
  await expect(page).toHaveURL(new RegExp(`/trace/${expected[1].traceId}`));
});

test('a broken file shows the decoder message naming what is wrong, and is not sent', async ({
  page,
  own,
}) => {
  const imports: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/import')) imports.push(r.url());
  });
  await dropFixture(page, own, 'tempo-api/tempo-api-search-traceql-status-error-docs.json');
  const error = page.getByTestId('file-error');
  await expect(error).toBeVisible();
  await expect(error.getByRole('heading')).toContainText('tempo-api-search-traceql-status-error-docs.json');
  const message = (await error.locator('.file-error-message').textContent()) ?? '';
  expect(message.length).toBeGreaterThan(60);
  expect(message).toMatch(/^tempo-api-search-traceql-status-error-docs\.json: /);
  expect(imports).toEqual([]);
});

test('the file picker opens files too', async ({ page, own }) => {
  await page.goto(`${own.url}/`);
  await page
    .getByTestId('import-file-input')
    .setInputFiles(join(FIXTURES, 'zipkin-v2-json/zipkin-lens-messaging.json'));
  await waitForTrace(page);
  await expect(page).toHaveURL(TRACE_URL);
});

/** `spanscope summary` of a file, or null when the CLI refuses it (exit 2). */
function summaryOrRefusal(file: string): Summary[] | null {
  try {
    return summary(file);
  } catch (e) {
    if ((e as { status?: number }).status === 2) return null;
    throw e;
  }
}

test('every fixture file opens, lists its traces, or is refused with the decoder message, as summary says', async ({
  page,
  own,
}) => {
  test.setTimeout(300_000);
  const files = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join(FIXTURES, d.name)).map((f) => `${d.name}/${f}`));
  expect(files.length).toBeGreaterThan(40);
  for (const rel of files) {
    const expected = summaryOrRefusal(join(FIXTURES, rel));
    await dropFixture(page, own, rel);
    const error = page.getByTestId('file-error');
    const opened = page.getByTestId('trace-stats');
    const list = page.getByRole('table', { name: 'Traces in the file' });
    await expect(opened.or(error).or(list), rel).toBeVisible();
    if (expected === null) {
      await expect(error.locator('.file-error-message'), rel).toContainText(/: .{10,}/);
    } else if (expected.length === 1) {
      await expect(opened, rel).toBeVisible();
      expect(traceIdOf(page), rel).toBe(expected[0].traceId);
      expect(await headerNumber(page, 'Spans'), rel).toBe(expected[0].spanCount);
    } else {
      await expect(list.locator('tbody tr'), rel).toHaveCount(expected.length);
    }
  }
});
