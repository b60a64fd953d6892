/**
 * Dropping trace files of every fixture format (real files, read in place) opens them; the trace
 * header agrees with `spanscope summary` on the same file; bad files show the server's message.
 * This spec runs its own server so that the imported traces do not change what other specs see.
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

test('a file with several traces lists them', async ({ page, own }) => {
  const rel = 'otlp-json/jaeger-memory-otel_traces_01.json';
  const expected = summary(join(FIXTURES, rel));
  expect(expected.length).toBeGreaterThan(1);
  await dropFixture(page, own, rel);
  const status = page.getByTestId('import-status');
  await expect(status).toContainText(`Imported ${expected.length} traces`);
  for (const t of expected) await expect(status.getByRole('link', { name: t.traceId })).toBeVisible();
  await status.getByRole('link', { name: expected[1].traceId }).click();
  await waitForTrace(page);
  expect(traceIdOf(page)).toBe(expected[1].traceId);
});

test('a broken file shows the server message naming what is wrong', async ({ page, own }) => {
  await dropFixture(page, own, 'tempo-api/tempo-api-search-traceql-status-error-docs.json');
  const status = page.getByTestId('import-status');
  await expect(status).toHaveAttribute('role', 'alert');
  await expect(status).toContainText('tempo-api-search-traceql-status-error-docs.json:');
  expect(
    (
      await status
        .locator('.import-error')
        .textContent()
        .then((t) => t ?? '')
    ).length,
  ).toBeGreaterThan(60);
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(status).toBeHidden();
});

test('the file picker imports too', async ({ page, own }) => {
  await page.goto(`${own.url}/`);
  await page
    .getByTestId('import-file-input')
    .setInputFiles(join(FIXTURES, 'zipkin-v2-json/zipkin-lens-messaging.json'));
  await expect(page).toHaveURL(TRACE_URL);
  await waitForTrace(page);
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

test('every fixture file opens, lists its traces, or is refused with a message, as summary says', async ({
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
    const status = page.getByTestId('import-status');
    const opened = page.getByTestId('trace-stats');
    await expect(opened.or(status.filter({ hasNotText: 'Importing' })), rel).toBeVisible();
    if (expected === null) {
      await expect(status, rel).toHaveAttribute('role', 'alert');
      await expect(status.locator('.import-error'), rel).toContainText(/: .{10,}/);
    } else if (expected.length === 1) {
      await expect(opened, rel).toBeVisible();
      expect(traceIdOf(page), rel).toBe(expected[0].traceId);
    } else {
      await expect(status, rel).toContainText(`Imported ${expected.length} traces`);
    }
  }
});
