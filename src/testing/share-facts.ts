/**
 * Tests only: the facts a shared trace or diff states (core/share), from ASCII drawings through the
 * real pipeline (tree builder with skew adjustment, columns, diff), messages from `msg=`.
 */
import { selfTimes } from '../core/analysis/self-time.ts';
import { diffTraces, summarizeDiff } from '../core/diff/index.ts';
import { columnsFromTree } from '../core/layout/columns-from-tree.ts';
import { type DiffFacts, diffFacts } from '../core/share/diff-facts.ts';
import { errorMessages, listedErrorNodes, type TraceFacts, traceFacts } from '../core/share/trace-facts.ts';
import { buildTree } from '../core/tree/build-tree.ts';
import { formatDuration } from '../render/time-format.ts';
import { type AsciiOptions, asciiTrace } from './ascii-trace.ts';

function opened(drawing: string, options: AsciiOptions) {
  const table = asciiTrace(drawing, options);
  const tree = buildTree(table, { adjustClockSkew: true });
  const cols = columnsFromTree(tree, selfTimes(tree));
  const facts = traceFacts(cols, tree.summary, table.baseNs, errorMessages(tree, listedErrorNodes(cols)));
  return { tree, cols, facts };
}

export function asciiTraceFacts(drawing: string, options: AsciiOptions = {}): TraceFacts {
  return opened(drawing, options).facts;
}

export function asciiDiffFacts(drawingA: string, drawingB: string): DiffFacts {
  const a = opened(drawingA, { traceId: 'a'.repeat(32) });
  const b = opened(drawingB, { traceId: 'b'.repeat(32) });
  const diff = diffTraces(a.tree, b.tree);
  const sides = { tree: diff, a: a.cols, b: b.cols };
  return diffFacts(sides, summarizeDiff(diff), a.facts, b.facts, formatDuration);
}
