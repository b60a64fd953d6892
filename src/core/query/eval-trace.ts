/**
 * One trace as the evaluator holds it while a query runs: the QueryTrace, scratch marks for the
 * structural operators, and what some intrinsics need computed over the whole trace (the nested
 * set numbers behind `nestedSetLeft`/`Right`/`Parent`), built on first use.
 */
import type { QueryTrace } from './query-trace.ts';
import { MarksPool } from './span-marks.ts';

export class EvalTrace {
  readonly marks: MarksPool;
  private nested: { readonly left: Int32Array; readonly right: Int32Array } | undefined;

  constructor(readonly trace: QueryTrace) {
    this.marks = new MarksPool(trace.spanCount);
  }

  /**
   * Nested set numbering (as Tempo stores it): a depth-first walk from the roots, children in span
   * order, gives each span `left` when entered and `right` when left, counting from 1.
   */
  nestedSet(span: number): { left: number; right: number; parent: number } {
    const n = this.nestedNumbers();
    const p = this.trace.parent(span);
    return { left: n.left[span], right: n.right[span], parent: p < 0 ? -1 : n.left[p] };
  }

  private nestedNumbers(): { readonly left: Int32Array; readonly right: Int32Array } {
    if (this.nested) return this.nested;
    const t = this.trace;
    const count = t.spanCount;
    // Children as one array sliced per parent (counting sort by parent), in ascending span order.
    const firstChild = new Int32Array(count + 1);
    for (let s = 0; s < count; s++) {
      const p = t.parent(s);
      if (p >= 0) firstChild[p + 1]++;
    }
    for (let s = 0; s < count; s++) firstChild[s + 1] += firstChild[s];
    const children = new Int32Array(firstChild[count]);
    const fill = firstChild.slice(0, count);
    for (let s = 0; s < count; s++) {
      const p = t.parent(s);
      if (p >= 0) children[fill[p]++] = s;
    }
    const left = new Int32Array(count);
    const right = new Int32Array(count);
    const visited = new Uint8Array(count);
    let counter = 1;
    const stack: number[] = [];
    const walk = (root: number) => {
      // Each entry is a span; a span seen twice on the stack is being left.
      stack.push(root);
      while (stack.length > 0) {
        const s = stack[stack.length - 1];
        if (visited[s] === 0) {
          visited[s] = 1;
          left[s] = counter++;
          for (let c = firstChild[s + 1] - 1; c >= firstChild[s]; c--)
            if (visited[children[c]] === 0) stack.push(children[c]);
        } else {
          stack.pop();
          if (visited[s] === 1) {
            visited[s] = 2;
            right[s] = counter++;
          }
        }
      }
    };
    for (let s = 0; s < count; s++) if (t.parent(s) < 0) walk(s);
    // Spans on a parent cycle (a QueryTrace that is not a tree) are walked from themselves.
    for (let s = 0; s < count; s++) if (visited[s] === 0) walk(s);
    this.nested = { left, right };
    return this.nested;
  }
}
