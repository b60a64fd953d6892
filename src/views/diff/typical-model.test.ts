/**
 * The typical-trace view's data on a drawn case: B against three baselines, its rows with the ghost
 * of the missing call, tints (new, slow, missing), the baseline p50 as outlines, the flagged rows and
 * the earliest flag's row, and the rows in words.
 */
import { describe, expect, test } from 'vitest';
import { selfTimes } from '../../core/analysis/self-time.ts';
import { compareWithTypical, typicalRows } from '../../core/diff/index.ts';
import { columnsFromTree } from '../../core/layout/columns-from-tree.ts';
import { RowTint } from '../../core/layout/row-tint.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { asciiTrace, idOf } from '../../testing/ascii-trace.ts';
import type { TypicalResult } from '../../worker/protocol.ts';
import {
  rowOfTypicalSpan,
  typicalLabel,
  typicalModel,
  typicalNote,
  typicalRowMap,
  typicalSpanId,
} from './typical-model.ts';

const tree = (drawing: string) => buildTree(asciiTrace(drawing), { adjustClockSkew: true });
const baseline = `
  root   |==========|
    auth  |=|
    db       |==|
    cache        |=|
`;
const B = tree(`
  root   |===============|
    auth  |=|
    db       |========|
    extra                |=|
`);

function model() {
  const c = compareWithTypical(B, [tree(baseline), tree(baseline), tree(baseline)]);
  const result: TypicalResult = {
    baselineCount: c.baselineCount,
    presence: c.presence,
    p50Ns: c.p50Ns,
    p95Ns: c.p95Ns,
    flags: c.flags,
    ghosts: c.ghosts,
    earliest: c.earliest,
    rows: typicalRows(B, c.ghosts),
    timingsMs: {},
  };
  return typicalModel(result, columnsFromTree(B, selfTimes(B)));
}

describe('the typical model', () => {
  test('rows, tints, the p50 outlines and the ghost row of the missing cache call', () => {
    const m = model();
    const rows = m.result.rows;
    const labels = Array.from({ length: rows.nodeCount }, (_, r) => typicalLabel(m, r));
    expect(labels).toEqual(['svc root', 'svc auth', 'svc db', 'svc cache', 'svc extra']);
    expect(Array.from(m.tint)).toEqual([RowTint.Slower1, 0, RowTint.Slower3, RowTint.Removed, RowTint.Added]);
    // db is 9 µs, its baseline p50 3 µs: the outline spans 3 µs from db's start.
    const g = m.ghost.cols;
    expect(g.endNs[2] - g.startNs[2]).toBe(3000);
    expect(Number.isNaN(g.endNs[4])).toBe(true);
    expect(g.strings[g.name[3]]).toBe('cache');
    expect(Array.from(m.flagged)).toEqual([0, 2, 3, 4]);
    expect(m.earliestRow).toBe(2);
  });

  test('span ids ↔ rows (a ghost row has none), and each row in words', () => {
    const m = model();
    expect(rowOfTypicalSpan(m, idOf('extra'))).toBe(4);
    expect(typicalSpanId(m, 4)).toBe(idOf('extra'));
    expect(typicalSpanId(m, 3)).toBeNull();
    expect(rowOfTypicalSpan(m, idOf('cache'))).toBe(-1);
    expect(typicalNote(m, 2)).toBe('slow: typically 3 µs (p95 3 µs), in 100% of the baselines');
    expect(typicalNote(m, 3)).toBe('missing: in 100% of the baselines, typically 2 µs');
    expect(typicalNote(m, 4)).toBe('new: in none of the baselines');
    const map = typicalRowMap(m);
    expect(map.rowText?.(3)).toBe(
      'svc cache (not in this trace) · missing: in 100% of the baselines, typically 2 µs',
    );
    expect(map.tooltip?.(3)?.title).toBe('Missing from this trace');
  });
});
