/**
 * The evaluator tests' data set: three small traces drawn in ASCII (one column = 1 µs), and a
 * helper that runs a query on all of them and names the matches by trace and span label.
 *
 * checkout: a failing checkout, errors cascading down the payment branch, attributes of every type.
 * healthy:  a request that went well, in another region.
 * orphans:  two spans whose parent never arrived.
 */
import { compileQuery } from '../core/query/compile.ts';
import { evaluate } from '../core/query/evaluate.ts';
import type { TableQueryTrace } from '../core/query/trace-adapter.ts';
import { drawnTrace, spansetLabels } from './query-support.ts';

export const TRACES: Readonly<Record<string, TableQueryTrace>> = {
  checkout: drawnTrace(
    `
    root [svc=gateway kind=server name=checkout err msg=upstream span.method=GET span.code=i:500 resource.region=us-east-1 resource.env=prod-eu]  |=============================|
      auth [svc=auth kind=client ok span.method=GET span.code=i:200 scope=http@1.2.0 scope.lib=otel]                                               |====|
        authdb [svc=auth-db kind=client span.db=postgresql span.rows=i:12 span.tier=span resource.tier=res]                                         |=|
      pay [svc=payment kind=server err span.method=POST span.code=i:502 event=retry@1 event.attempt=i:1 event=exception@3 event.message=timeout]         |===========|
        card [svc=payment kind=client err span.db=mysql span.tags=a:blue,green,i:7 link=auth link.reason=cache]                                           |=======|
          cardq [svc=card-db kind=client err span.ratio=f:0.25 span.code=i:503]                                                                            |==|
      ship [svc=shipping span.flag=b:true span.weight=f:2.5 span.url=/api/ship resource.region=us-west-1]                                                             |===|
    `,
    { traceId: 'c0ffee00c0ffee00c0ffee00c0ffee00' },
  ),
  healthy: drawnTrace(
    `
    web [svc=frontend kind=server name=home span.method=GET span.code=i:200 resource.region=us-west-1]  |=========|
      api [svc=api kind=client span.method=GET]                                                          |====|
        db [svc=api-db kind=client span.db=postgresql span.rows=i:3]                                      |=|
      cache [svc=api kind=client span.db=redis]                                                                |=|
    `,
    { traceId: 'b0000000000000000000000000000001' },
  ),
  orphans: drawnTrace(
    `
    lone<ghost [svc=batch kind=consumer]  |===|
    lone2<ghost [svc=batch kind=producer]    |=|
    `,
    { traceId: 'a0000000000000000000000000000002' },
  ),
};

/** trace name → labels of each matched spanset, for the traces the query matches. */
export function matchesOf(query: string): Record<string, string[][]> {
  const compiled = compileQuery(query);
  const out: Record<string, string[][]> = {};
  for (const [name, trace] of Object.entries(TRACES)) {
    const result = evaluate(compiled, trace);
    if (result.matched) out[name] = spansetLabels(trace, result);
  }
  return out;
}

/** trace name → the matched labels, all spansets together, for the traces the query matches. */
export function spansOf(query: string): Record<string, string[]> {
  return Object.fromEntries(Object.entries(matchesOf(query)).map(([name, sets]) => [name, sets.flat()]));
}
