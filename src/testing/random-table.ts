/**
 * Large synthetic span tables for performance checks, built straight into typed arrays (a million
 * SpanInput objects would take longer to make than the tree takes to build). Ids and parent ids
 * come out of JSON.parse, as separate flat strings, the way a decoder hands them over.
 */
import { seededRandom } from '../core/demo/random.ts';
import type { SpanTable } from '../core/model/span-table.ts';
import { EMPTY_DETAILS } from '../core/model/types.ts';

export interface RandomTableOptions {
  readonly spanCount: number;
  readonly seed?: number;
  /** Row order: 'end' (default) as exporters send spans, when they end; 'random'; 'breadth-first' (parents first). */
  readonly order?: 'end' | 'random' | 'breadth-first';
  /** Largest number of children of a span (default 8). */
  readonly maxFanOut?: number;
}

export function randomTable(options: RandomTableOptions): SpanTable {
  const n = options.spanCount;
  const rand = seededRandom(options.seed ?? 1);
  const maxFanOut = options.maxFanOut ?? 8;
  // A tree grown breadth-first: span i's parent is an earlier span with room for children.
  const parentOf = new Int32Array(n).fill(-1);
  const startNs = new Float64Array(n);
  const durNs = new Float64Array(n);
  durNs[0] = 1e9 * 60;
  let open = 0;
  let used = 0;
  let budget = 1 + Math.floor(rand() * maxFanOut);
  for (let i = 1; i < n; i++) {
    if (used >= budget) {
      open++;
      used = 0;
      budget = 1 + Math.floor(rand() * maxFanOut);
    }
    used++;
    parentOf[i] = open;
    const room = durNs[open];
    startNs[i] = startNs[open] + Math.floor(rand() * room * 0.5);
    durNs[i] = Math.max(1000, Math.floor(rand() * room * 0.5));
  }
  const rows = Int32Array.from({ length: n }, (_, i) => i);
  if (options.order === 'random') {
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = rows[i];
      rows[i] = rows[j];
      rows[j] = t;
    }
  } else if (options.order !== 'breadth-first') {
    const endNs = Float64Array.from({ length: n }, (_, i) => startNs[i] + durNs[i]);
    rows.sort((a, b) => endNs[a] - endNs[b]);
  }
  const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
  const idText = Array.from({ length: n }, () => hex(rand() * 2 ** 32) + hex(rand() * 2 ** 32));
  const spanIds: string[] = JSON.parse(JSON.stringify(Array.from(rows, (i) => idText[i])));
  const parentIds: string[] = JSON.parse(
    JSON.stringify(Array.from(rows, (i) => (parentOf[i] < 0 ? '' : idText[parentOf[i]]))),
  );
  const strings = ['unknown_service', 'frontend', 'cart', 'db', 'GET /', 'query', 'call'];
  return {
    traceId: '0123456789abcdef0123456789abcdef',
    format: 'random',
    count: n,
    baseNs: 1_700_000_000_000_000_000n,
    startNs: Float64Array.from(rows, (i) => startNs[i]),
    durNs: Float64Array.from(rows, (i) => durNs[i]),
    spanIds,
    parentIds,
    names: Uint32Array.from(rows, (i) => 4 + (i % 3)),
    services: Uint32Array.from(rows, (i) => 1 + (i % 3)),
    strings,
    kinds: new Uint8Array(n),
    statuses: Uint8Array.from(rows, (i) => (i % 97 === 0 ? 2 : 0)),
    flags: new Uint8Array(n),
    eventStart: new Uint32Array(n + 1),
    eventNs: new Float64Array(0),
    warnings: [],
    details: () => EMPTY_DETAILS,
  };
}
