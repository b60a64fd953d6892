/**
 * The seeded, pure demo-data generator: OTLP/JSON ExportTraceServiceRequests for `spanscope serve
 * --demo`, benchmarks and tests. The same options always give the same output; nothing reads a clock.
 */
import { checkDemoOptions, type DemoOptions, type DemoTraceInfo, demoTraces } from './demo-set.ts';
import type { DemoRequest } from './otlp-json.ts';
import { pack } from './pack.ts';

export type { DemoOptions, DemoTraceInfo } from './demo-set.ts';
export { generateLargeTrace, type LargeTraceOptions } from './large-trace.ts';
export type { DemoRequest, OtlpSpan } from './otlp-json.ts';
export { requestSpanCount } from './otlp-json.ts';
export { MAX_SPANS_PER_REQUEST } from './pack.ts';

/** The demo set (~350 traces, ~30k spans) as requests of at most 512 spans, generated lazily. */
export function generateDemoData(opts: DemoOptions): Iterable<DemoRequest> {
  checkDemoOptions(opts);
  return {
    *[Symbol.iterator]() {
      yield* pack(
        (function* () {
          for (const trace of demoTraces(opts)) yield* trace.spans;
        })(),
      );
    },
  };
}

/** What each demo trace is (scenario, size, failed, healthy/failing pairs), in generation order. */
export function describeDemoData(opts: DemoOptions): DemoTraceInfo[] {
  checkDemoOptions(opts);
  return Array.from(demoTraces(opts), (trace) => trace.info);
}
