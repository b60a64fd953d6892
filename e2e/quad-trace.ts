/**
 * A big generated trace for the streaming specs: span i's parent is span (i - 1) / 4 (four children a
 * span), names `op 0` … `op 6`, one span in 1,000 an error, starts 1 µs apart from now.
 */
const NOW_NS = BigInt(Date.now()) * 1_000_000n;

/** Spans [first, first + count) of the trace as an OTLP/JSON export body, parents first (as a file import stores them). */
export function quadTraceExport(traceId: string, service: string, first: number, count: number): string {
  const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
  const spans = Array.from({ length: count }, (_, k) => {
    const i = first + k;
    return {
      traceId,
      spanId: id(i),
      parentSpanId: i === 0 ? '' : id(Math.floor((i - 1) / 4)),
      name: `op ${i % 7}`,
      startTimeUnixNano: String(NOW_NS + BigInt(i) * 1000n),
      endTimeUnixNano: String(NOW_NS + BigInt(i) * 1000n + 500n),
      ...(i % 1000 === 999 ? { status: { code: 2 } } : {}),
    };
  });
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
        scopeSpans: [{ spans }],
      },
    ],
  });
}
