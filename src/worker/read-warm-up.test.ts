import { describe, expect, test } from 'vitest';
import { buildTree } from '../core/tree/build-tree.ts';
import { WARM_UP_SPANS, warmUpReaders, warmUpTable } from './read-warm-up.ts';

describe('the file readers warm-up', () => {
  test('reads its trace in each JSON format as a picked file is read, every span laid out', async () => {
    let asked = 0;
    const spans = await warmUpReaders(() => {
      asked++;
      return false;
    });
    expect(spans).toBe(3 * WARM_UP_SPANS);
    expect(asked).toBe(4);
  });

  test('stops as soon as files come, between formats', async () => {
    expect(await warmUpReaders(() => true)).toBe(0);
    let asked = 0;
    expect(await warmUpReaders(() => ++asked > 2)).toBe(WARM_UP_SPANS);
  });

  test('its trace is one tree shaped as exporters write them (services, errors, depth)', () => {
    const { summary } = buildTree(warmUpTable(100), { adjustClockSkew: true });
    expect(summary).toMatchObject({
      spanCount: 100,
      rootCount: 1,
      orphanCount: 0,
      maxDepth: 4,
      errorCount: 6,
    });
    expect(summary.services).toEqual(['svc-0', 'svc-1', 'svc-2', 'svc-3']);
    expect(summary.warnings).toEqual([]);
  });
});
