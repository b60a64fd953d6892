/**
 * Small OTLP JSON exports of traces with predictable ids, for the pin and retention tests: trace k
 * has id `traceIdOf(k)` and `spans` spans (a root and a chain of children, `root k` the root's name).
 */
import { jsonBody } from './otlp-requests.ts';

export function traceIdOf(k: number): string {
  return `a${(k + 1).toString(16).padStart(31, '0')}`;
}

function spanIdOf(k: number, i: number): string {
  return `${(k + 1).toString(16).padStart(8, '0')}${(i + 1).toString(16).padStart(8, '0')}`;
}

export interface NumberedOptions {
  readonly service?: string;
  /** Only spans from this index on (the rest of a trace whose first spans were sent before). */
  readonly fromSpan?: number;
}

/** One export holding traces `first` … `first + count − 1`, `spans` spans each. */
export function numberedTraces(
  first: number,
  count: number,
  spans: number,
  o: NumberedOptions = {},
): Uint8Array {
  const list: unknown[] = [];
  for (let k = first; k < first + count; k++) {
    const start = 1_700_000_000_000_000_000n + BigInt(k) * 1_000_000_000n;
    for (let i = o.fromSpan ?? 0; i < spans; i++) {
      list.push({
        traceId: traceIdOf(k),
        spanId: spanIdOf(k, i),
        ...(i > 0 ? { parentSpanId: spanIdOf(k, i - 1) } : {}),
        name: i === 0 ? `root ${k}` : `step ${i}`,
        startTimeUnixNano: (start + BigInt(i) * 1000n).toString(),
        endTimeUnixNano: (start + 5_000_000n).toString(),
        attributes: [{ key: 'payload', value: { stringValue: `k${k} i${i} ${'x'.repeat(200)}` } }],
      });
    }
  }
  return jsonBody({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: o.service ?? 'shop' } }] },
        scopeSpans: [{ spans: list }],
      },
    ],
  });
}
