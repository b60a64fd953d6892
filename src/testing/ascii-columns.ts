/**
 * TraceColumns of an ASCII drawing (see ascii-trace.ts), through the real pipeline: tree builder,
 * self times, columnsFromTree. Raw times by default, so a test's bars stay where they are drawn.
 */
import { selfTimes } from '../core/analysis/self-time.ts';
import { columnsFromTree } from '../core/layout/columns-from-tree.ts';
import type { TraceColumns } from '../core/layout/trace-columns.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { type AsciiOptions, asciiTrace } from './ascii-trace.ts';

export function asciiColumns(
  drawing: string,
  options: AsciiOptions & { readonly adjustClockSkew?: boolean } = {},
): TraceColumns {
  const tree = buildTree(asciiTrace(drawing, options), { adjustClockSkew: options.adjustClockSkew ?? false });
  return columnsFromTree(tree, selfTimes(tree));
}
