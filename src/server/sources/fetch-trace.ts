/**
 * A trace-by-id GET whose 2xx body is converted as it arrives (trace-converter.ts), never held whole:
 * the trace, or, for any other status, the answer itself for the adapter to judge (404: not there,
 * or an older API to try; the rest: expectOk's errors). A body cut short, too large or timed out
 * drops the conversion and fails as the GET does; a conversion that fails stops the GET. Details a
 * deferred answer left out went to whoever wrapped `convert` (source-set.ts keeps them).
 */
import type { TraceConversion } from './convert-trace.ts';
import { type ConvertTrace, convertWhole, type TraceSink } from './trace-converter.ts';
import type { Upstream, UpstreamAnswer } from './trace-source.ts';

export type FetchedTrace = { readonly trace: Uint8Array | null } | { readonly answer: UpstreamAnswer };

const ok = (status: number) => status >= 200 && status < 300;

export async function fetchTrace(
  upstream: Upstream,
  path: string,
  convert: ConvertTrace,
  c: TraceConversion,
): Promise<FetchedTrace> {
  let sink: TraceSink | null = null;
  let answer: UpstreamAnswer;
  try {
    answer = await upstream.get(path, undefined, (status) => {
      if (!ok(status)) return null;
      const opened = convert(c);
      sink = opened;
      return (chunk) => opened.push(chunk);
    });
  } catch (err) {
    (sink as TraceSink | null)?.abort();
    throw err;
  }
  if (sink) return { trace: (await (sink as TraceSink).end())?.body ?? null };
  // An upstream that does not stream (a test's stand-in) gives its body whole.
  if (!ok(answer.status)) return { answer };
  return { trace: (await convertWhole(convert, c, answer.body))?.body ?? null };
}
