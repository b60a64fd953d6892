/**
 * What the browser benchmark measures of the span details, which the store sends after the hot
 * columns: a click on a row until its attributes show, and find over attributes until the count.
 */
import type { Page } from '@playwright/test';

/** Clicks the second row of the waterfall's mirror; ms until the span attributes table shows. */
export async function openDetailsMs(page: Page): Promise<number> {
  const row = page.locator('[role=treeitem]').nth(1);
  await row.waitFor();
  const t0 = performance.now();
  await row.click();
  await page.getByTestId('detail-panel').getByRole('table', { name: 'Span attributes' }).waitFor();
  return performance.now() - t0;
}

/**
 * Types `text` into find; ms until the match count shows (the view waits 120 ms for typing to
 * pause), and the count as shown.
 */
export async function findAttribute(page: Page, text: string): Promise<{ ms: number; count: string }> {
  const t0 = performance.now();
  await page.getByRole('textbox', { name: 'Find in trace' }).fill(text);
  await page.waitForFunction(
    () => /matches|of|No matches/.test(document.querySelector('[data-testid=find-count]')?.textContent ?? ''),
    null,
    { timeout: 120_000, polling: 20 },
  );
  const ms = performance.now() - t0;
  return { ms, count: (await page.getByTestId('find-count').textContent()) ?? '' };
}

/**
 * Groups the statistics by the attribute `key` (Statistics tab, By attribute, the key typed in):
 * ms from typing the key until the table shows its rows, and how many rows.
 */
export async function groupByAttribute(page: Page, key: string): Promise<{ ms: number; rows: number }> {
  await page.getByRole('tab', { name: 'Statistics' }).click();
  await page.getByRole('button', { name: 'By attribute' }).click();
  const picker = page.getByRole('combobox', { name: 'Attribute key' });
  const t0 = performance.now();
  await picker.fill(key);
  await picker.press('Enter');
  const table = page.getByTestId('stats-table');
  await table.locator('thead', { hasText: key }).waitFor({ timeout: 120_000 });
  const ms = performance.now() - t0;
  return { ms, rows: await table.locator('tbody tr').count() };
}

/** Median ms (of 3) and bytes of a store answer, asked from Node. */
export async function storeAnswerMs(url: string): Promise<{ ms: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    bytes = (await res.arrayBuffer()).byteLength;
    times.push(performance.now() - t0);
  }
  return { ms: times.sort((a, b) => a - b)[1], bytes };
}
