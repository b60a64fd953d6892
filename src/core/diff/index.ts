/**
 * Trace diff (DESIGN §6): `diffTraces(a, b)` aligns B (the trace under study) against A (the
 * baseline) and builds the merged tree; `summarizeDiff` says where they diverge; `compareWithTypical`
 * sets one trace against several of its kind.
 */

import type { TraceTree } from '../tree/types.ts';
import { type AlignOptions, alignTrees } from './align.ts';
import { mergeTrees } from './merge-tree.ts';
import type { DiffOptions, TraceDiff } from './types.ts';

export { type Alignment, alignTrees, MatchedBy, type RepeatGroup } from './align.ts';
export { type AttrChange, attributeChanges, attrValueEquals } from './attributes.ts';
export { KeySpace } from './keys.ts';
export { ATTRIBUTE_SPAN_LIMIT, mergeTrees } from './merge-tree.ts';
export { type DiffReport, diffReport, type SpanRef } from './report.ts';
export * from './summary.ts';
export * from './types.ts';
export * from './typical.ts';
export { type TypicalRowTree, typicalRows } from './typical-rows.ts';

export function diffTraces(a: TraceTree, b: TraceTree, options: DiffOptions & AlignOptions = {}): TraceDiff {
  return mergeTrees(alignTrees(a, b, options), options);
}
