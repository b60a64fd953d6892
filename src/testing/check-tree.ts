/**
 * Every structural promise of a TraceTree, checked the slow, obvious way (O(n²): small trees only),
 * for property and fixture tests of the tree builder.
 */
import { expect } from 'vitest';
import type { SpanTable } from '../core/model/span-table.ts';
import { NodeFlag, type TraceTree } from '../core/tree/types.ts';

function sameSpan(t: SpanTable, a: number, b: number): boolean {
  const eq = (x: number, y: number): boolean => x === y || (Number.isNaN(x) && Number.isNaN(y));
  return (
    t.spanIds[a] === t.spanIds[b] &&
    t.names[a] === t.names[b] &&
    t.parentIds[a] === t.parentIds[b] &&
    eq(t.startNs[a], t.startNs[b]) &&
    eq(t.durNs[a], t.durNs[b]) &&
    t.flags[a] === t.flags[b]
  );
}

/**
 * Pre-order numbering, depth, subtreeEnd (exactly the descendants), childCount, children sorted by
 * start, span id bytes that spell the span ids, parent links that follow the parent ids (or the Zipkin/cycle exceptions), synthetic nodes,
 * every row in the tree once unless it is an exact copy, and the summary's counts. Collects the
 * broken promises and asserts once (an expect per node would make a 1,000-span check slow).
 */
export function checkTree(table: SpanTable, tree: TraceTree): void {
  const { nodeCount, row, parent, depth, subtreeEnd, childCount, nodeFlags, nodeOfRow } = tree;
  const problems: string[] = [];
  const check = (ok: boolean, what: string): void => {
    if (!ok && problems.length < 10) problems.push(what);
  };
  const ids = new Set(table.spanIds);
  const seenRows = new Set<number>();
  const kids: number[][] = Array.from({ length: nodeCount }, () => []);
  const descendants = new Int32Array(nodeCount);
  for (let k = 0; k < nodeCount; k++) {
    const p = parent[k];
    check(p < k, `node ${k}: parent ${p} is not before it`);
    if (p >= 0) kids[p].push(k);
    // Every ancestor's range must hold k.
    for (let a = p; a >= 0; a = parent[a]) {
      descendants[a]++;
      check(k < subtreeEnd[a], `node ${k} lies outside the subtree range of its ancestor ${a}`);
    }
  }
  for (let k = 0; k < nodeCount; k++) {
    const r = row[k];
    const p = parent[k];
    if (r >= 0) {
      check(!seenRows.has(r), `row ${r} appears twice`);
      seenRows.add(r);
      check(nodeOfRow[r] === k, `nodeOfRow[${r}] is ${nodeOfRow[r]}, not ${k}`);
    }
    check(depth[k] === (p < 0 ? 0 : depth[p] + 1), `node ${k}: depth ${depth[k]}`);
    check(
      subtreeEnd[k] - k - 1 === descendants[k],
      `node ${k}: subtreeEnd ${subtreeEnd[k]} but ${descendants[k]} descendants`,
    );
    check(tree.endNs[k] >= tree.startNs[k], `node ${k} ends before it starts`);
    check(childCount[k] === kids[k].length, `node ${k}: childCount ${childCount[k]}`);
    for (let i = 1; i < kids[k].length; i++) {
      check(tree.startNs[kids[k][i]] >= tree.startNs[kids[k][i - 1]], `children of ${k} not sorted by start`);
    }
    if (r < 0) {
      check(nodeFlags[k] === NodeFlag.MissingParent, `synthetic node ${k}: flags ${nodeFlags[k]}`);
      check(p === -1 && kids[k].length > 0, `synthetic node ${k} is not a top-level node with children`);
      check(!ids.has(tree.spanIdOf(k)), `synthetic node ${k} stands for an id that is in the trace`);
      for (const c of kids[k])
        check((nodeFlags[c] & NodeFlag.Orphan) !== 0, `child ${c} of ${k} is no orphan`);
    } else if (p >= 0 && row[p] >= 0) {
      const pid = table.spanIds[row[p]];
      const serverHalf = table.flags[r] !== 0 && pid === table.spanIds[r];
      check(pid === table.parentIds[r] || serverHalf, `node ${k}: parent ${p} does not have its parent id`);
    } else if (p < 0) {
      const ok = table.parentIds[r] === '' || (nodeFlags[k] & NodeFlag.CycleBroken) !== 0;
      check(ok, `top-level node ${k} has a parent id and no cut cycle`);
    }
  }
  for (let r = 0; r < table.count; r++) {
    if (nodeOfRow[r] >= 0) continue;
    let copyOf = -1;
    for (let e = 0; e < r && copyOf < 0; e++) if (nodeOfRow[e] >= 0 && sameSpan(table, e, r)) copyOf = e;
    check(copyOf >= 0, `row ${r} is missing from the tree and copies no earlier row`);
  }
  let roots = 0;
  let orphans = 0;
  for (let k = 0; k < nodeCount; k++) {
    if (parent[k] < 0 && row[k] >= 0 && !(nodeFlags[k] & NodeFlag.CycleBroken)) roots++;
    if (nodeFlags[k] & NodeFlag.Orphan) orphans++;
  }
  const s = tree.summary;
  check(s.spanCount === seenRows.size, `spanCount ${s.spanCount}, ${seenRows.size} rows in the tree`);
  check(s.rootCount === roots, `rootCount ${s.rootCount}, ${roots} top-level spans`);
  check(s.orphanCount === orphans, `orphanCount ${s.orphanCount}, ${orphans} orphans`);
  // The ids as bytes (read from the id index's halves) spell spanIdOf, synthetic nodes included.
  const idBytes = tree.spanIdBytes();
  check(idBytes.length === 8 * nodeCount, `spanIdBytes has ${idBytes.length} bytes`);
  for (let k = 0; k < nodeCount; k++) {
    const hex = Array.from(idBytes.subarray(8 * k, 8 * k + 8), (b) => b.toString(16).padStart(2, '0')).join(
      '',
    );
    check(hex === tree.spanIdOf(k), `node ${k}: id bytes ${hex}, spanIdOf ${tree.spanIdOf(k)}`);
  }
  expect(problems).toEqual([]);
}
