/**
 * TraceColumns for tests, drawn from an outline: one line per span, indented two spaces per depth,
 * `service name start..end` in ns, with `!` for an error and `@t1,t2` for event times:
 *
 *   api GET /a 0..100
 *     db select 10..40 !
 *     cache get 50..60 @55
 */
import { buildSpanIndex } from '../core/layout/span-index.ts';
import { NodeFlag, type TraceColumns } from '../core/layout/trace-columns.ts';

export function columnsFromOutline(outline: string): TraceColumns {
  const lines = outline.split('\n').filter((l) => l.trim());
  const indent = Math.min(...lines.map((l) => l.length - l.trimStart().length));
  const n = lines.length;
  const parent = new Int32Array(n);
  const depth = new Uint32Array(n);
  const subtreeEnd = new Uint32Array(n);
  const childCount = new Uint32Array(n);
  const startNs = new Float64Array(n);
  const endNs = new Float64Array(n);
  const service = new Uint32Array(n);
  const name = new Uint32Array(n);
  const flags = new Uint8Array(n);
  const spanIdBytes = new Uint8Array(8 * n);
  const eventStart = new Uint32Array(n + 1);
  const events: number[] = [];
  const strings: string[] = [];
  const intern = (s: string) => {
    const i = strings.indexOf(s);
    return i >= 0 ? i : strings.push(s) - 1;
  };
  const stack: number[] = [];
  lines.forEach((line, k) => {
    const d = (line.length - line.trimStart().length - indent) / 2;
    const m = /^(\S+) (.+?) (-?[\d.]+)\.\.(-?[\d.]+)( !)?(?: @([\d.,]+))?$/.exec(line.trim());
    if (!m) throw new Error(`bad outline line ${k}: ${line}`);
    while (stack.length > d) subtreeEnd[stack.pop()!] = k;
    parent[k] = d > 0 ? stack[d - 1] : -1;
    if (parent[k] >= 0) childCount[parent[k]]++;
    stack.push(k);
    depth[k] = d;
    service[k] = intern(m[1]);
    name[k] = intern(m[2]);
    startNs[k] = Number(m[3]);
    endNs[k] = Number(m[4]);
    if (m[5]) flags[k] |= NodeFlag.Error;
    spanIdBytes[8 * k + 7] = k & 0xff;
    spanIdBytes[8 * k + 6] = (k >> 8) & 0xff;
    if (m[6]) events.push(...m[6].split(',').map(Number));
    eventStart[k + 1] = events.length;
  });
  while (stack.length) subtreeEnd[stack.pop()!] = n;
  return {
    nodeCount: n,
    parent,
    depth,
    subtreeEnd,
    childCount,
    startNs,
    endNs,
    selfNs: Float64Array.from(endNs, (e, k) => e - startNs[k]),
    service,
    name,
    flags,
    kind: new Uint8Array(n),
    spanIdBytes,
    spanIndex: buildSpanIndex({ nodeCount: n, spanIdBytes, flags }),
    eventStart,
    eventNs: Float64Array.from(events),
    strings,
    durationNs: Math.max(0, ...endNs),
  };
}

/** A synthetic balanced tree of n nodes (fan-out `fanOut`) over 1 s, for size and LOD tests. */
export function syntheticColumns(n: number, fanOut = 4): TraceColumns {
  const maxDepth = Math.max(1, Math.ceil(Math.log(n) / Math.log(fanOut)));
  const lines: string[] = [];
  const build = (d: number, from: number, to: number) => {
    if (lines.length >= n) return;
    lines.push(
      `${'  '.repeat(d)}svc${d % 7} op${lines.length % 13} ${from}..${to}${lines.length % 10 === 9 ? ' !' : ''}`,
    );
    if (d >= maxDepth) return;
    const step = (to - from) / fanOut;
    for (let c = 0; c < fanOut; c++)
      build(d + 1, Math.round(from + c * step), Math.round(from + (c + 1) * step));
  };
  while (lines.length < n) build(0, 0, 1e9);
  return columnsFromOutline(lines.join('\n'));
}
