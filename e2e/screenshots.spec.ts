/**
 * Screenshots of the app in light and dark (home, a trace with a span selected) for people to look
 * at: written to test-results/screenshots/. With SPANSCOPE_DOCS_SCREENSHOT=1 the dark trace view
 * also becomes docs/screenshot.png (the README's picture).
 */
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { openHome, treeItems, waitForTrace } from './app-helpers.ts';
import { expect, REPO_ROOT, test } from './server.ts';

const OUT = join(REPO_ROOT, 'test-results', 'screenshots');

async function openRichTrace(page: Page): Promise<void> {
  const rows = await openHome(page);
  // A failing trace with many spans shows the most: errors, depth, several services.
  const texts = await rows.allInnerTexts();
  let best = 0;
  let bestScore = -1;
  texts.forEach((t, i) => {
    const cells = t.split('\t').map((c) => c.trim());
    const spans = Number(cells[4]?.replace(/,/g, '')) || 0;
    const errors = Number(cells[5]) || 0;
    const score = (errors > 0 ? 1e6 : 0) + Math.min(spans, 400);
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  await rows.nth(best).getByRole('link').click();
  await waitForTrace(page);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screenshots in ${scheme}`, async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ colorScheme: scheme });
    await openHome(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await page.screenshot({ path: join(OUT, `home-${scheme}.png`) });

    await openRichTrace(page);
    // The deepest failing span on screen: its panel shows the semantic summary and the exception.
    const errorRow = page.locator('[role=treeitem]', { hasText: / error$/ }).last();
    await ((await errorRow.count()) ? errorRow : treeItems(page).nth(3)).click();
    await expect(
      page.getByTestId('detail-panel').getByRole('table', { name: 'Span attributes' }),
    ).toBeVisible();
    // No hover tooltip in the picture.
    await page.mouse.move(1, 1);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `trace-${scheme}.png`) });
    if (scheme === 'dark' && process.env.SPANSCOPE_DOCS_SCREENSHOT === '1')
      await page.screenshot({ path: join(REPO_ROOT, 'docs', 'screenshot.png') });

    await page.getByRole('tab', { name: 'Statistics' }).click();
    await expect(page.getByTestId('stats-table')).toBeVisible();
    await page.screenshot({ path: join(OUT, `stats-${scheme}.png`) });
    await page.getByRole('button', { name: 'By service' }).click();
    await expect(page.getByTestId('stats-table').locator('thead')).toContainText('Critical path');
    await page.screenshot({ path: join(OUT, `stats-by-service-${scheme}.png`) });
    // Back to the default grouping: the statistics view keeps its grouping between visits.
    await page.getByRole('button', { name: 'By operation' }).click();

    await page.getByRole('tab', { name: 'Flame graph' }).click();
    await expect(page.getByTestId('flame').getByRole('treeitem').first()).toBeAttached();
    await page.screenshot({ path: join(OUT, `flame-${scheme}.png`) });
    await page.getByRole('button', { name: 'Aggregated' }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('flame')).toBe('agg');
    await expect(page.getByTestId('flame').getByRole('treeitem').first()).toBeAttached();
    await page.screenshot({ path: join(OUT, `flame-aggregated-${scheme}.png`) });
  });
}
