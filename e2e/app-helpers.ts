/**
 * Steps the app's specs share: open the recent traces, open a trace, pick rows of the waterfall's
 * accessible mirror, drop files onto the page.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './server.ts';

export const TRACE_URL = /\/trace\/([0-9a-f]{32})(\?|$)/;
/** A trace of files opened in the page, before the store has it. */
export const FILE_TRACE_URL = /\/file\/[a-z0-9]+\/([0-9a-f]{32})(\?|$)/;

/** Opens `/` and waits until the recent traces are listed; returns their rows. */
export async function openHome(page: Page): Promise<Locator> {
  await page.goto('/');
  const rows = page.getByRole('table', { name: 'Recent traces' }).locator('tbody tr');
  await expect(rows.first()).toBeVisible();
  return rows;
}

/** The trace id in the page's address (a stored trace's, or a local file's). */
export function traceIdOf(page: Page): string {
  const m = TRACE_URL.exec(page.url()) ?? FILE_TRACE_URL.exec(page.url());
  if (!m) throw new Error(`not a trace URL: ${page.url()}`);
  return m[1];
}

/** Waits for an opened trace: the header's figures and the waterfall's first rows. */
export async function waitForTrace(page: Page): Promise<void> {
  await expect(page.getByTestId('trace-stats')).toBeVisible();
  await expect(page.getByRole('treeitem').first()).toBeAttached();
}

/** The header figure named `label` (Spans, Errors, …) as a number. */
export async function headerNumber(page: Page, label: string): Promise<number> {
  const text = await page
    .getByTestId('trace-stats')
    .locator('.stat', { hasText: label })
    .locator('dd')
    .textContent()
    .then((t) => t ?? '');
  return Number(text.replace(/,/g, ''));
}

/** The span count the complete trace was drawn with (`spanscope:trace-rendered`), once it was. */
export async function renderedSpanCount(page: Page): Promise<number | undefined> {
  const detail = await page.evaluate(
    () =>
      (performance.getEntriesByName('spanscope:trace-rendered')[0] as PerformanceMark | undefined)?.detail as
        | { spanCount: number }
        | undefined,
  );
  return detail?.spanCount;
}

export function treeItems(page: Page): Locator {
  return page.getByRole('treeitem');
}

export function spanParam(page: Page): string | null {
  return new URL(page.url()).searchParams.get('span');
}

/** Drops a file on the page the way a browser does (dragenter, dragover, drop with a DataTransfer). */
export async function dropFile(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await dropFiles(page, [{ name, bytes }]);
}

/** Drops several files at once. */
export async function dropFiles(
  page: Page,
  files: readonly { name: string; bytes: Uint8Array }[],
): Promise<void> {
  const encoded = files.map((f) => ({ name: f.name, base64: Buffer.from(f.bytes).toString('base64') }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, base64 } of list) {
      const raw = atob(base64);
      const data = new Uint8Array(raw.length);
      for (let i = 0; i < raw.length; i++) data[i] = raw.charCodeAt(i);
      dt.items.add(new File([data], name));
    }
    return dt;
  }, encoded);
  const target = page.locator('main');
  await target.dispatchEvent('dragenter', { dataTransfer: transfer });
  await target.dispatchEvent('dragover', { dataTransfer: transfer });
  await target.dispatchEvent('drop', { dataTransfer: transfer });
}
