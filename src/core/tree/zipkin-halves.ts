/**
 * Which Zipkin server half each child of a shared id attaches to: the first half (in input order)
 * whose [start, end] holds the child's start, else the first half. A sweep over starts with a
 * min-heap of the open halves (by input order), so a hostile file with thousands of halves and
 * children stays O((halves + children) log halves) instead of their product.
 */
import type { SpanTable } from '../model/span-table.ts';

/** Min-heap of small integers. */
class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): number {
    return this.items[0];
  }

  push(v: number): void {
    const a = this.items;
    a.push(v);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p] <= v) break;
      a[i] = a[p];
      i = p;
    }
    a[i] = v;
  }

  pop(): void {
    const a = this.items;
    const last = a.pop() as number;
    if (a.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const c = l + 1 < a.length && a[l + 1] < a[l] ? l + 1 : l;
      if (a[c] >= last) break;
      a[i] = a[c];
      i = c;
    }
    a[i] = last;
  }
}

/** `servers` and `children` are rows in input order; returns the chosen half per child. */
export function assignToHalves(
  table: SpanTable,
  servers: readonly number[],
  children: readonly number[],
): number[] {
  const start = table.startNs;
  const endOf = (s: number): number => {
    const dur = table.durNs[s];
    // A missing (NaN) or negative duration is a zero-width window.
    return start[s] + (Number.isNaN(dur) || dur < 0 ? 0 : dur);
  };
  const out = children.map(() => servers[0]);
  const halves = servers.map((_, i) => i).filter((i) => !Number.isNaN(start[servers[i]]));
  halves.sort((a, b) => start[servers[a]] - start[servers[b]]);
  const order = children.map((_, i) => i).filter((i) => !Number.isNaN(start[children[i]]));
  order.sort((a, b) => start[children[a]] - start[children[b]]);
  const open = new MinHeap();
  let next = 0;
  for (const c of order) {
    const t = start[children[c]];
    while (next < halves.length && start[servers[halves[next]]] <= t) open.push(halves[next++]);
    // Halves that ended before t stay closed for every later child too.
    while (open.size > 0 && endOf(servers[open.peek()]) < t) open.pop();
    if (open.size > 0) out[c] = servers[open.peek()];
  }
  return out;
}
