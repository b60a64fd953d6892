/**
 * Puts one generated large trace (src/core/demo generateLargeTrace) into a running store over
 * OTLP/HTTP JSON, merging the generator's 512-span requests into bodies of ~BODY_SPANS spans
 * (under the 64 MiB request limit) and retrying 429/503 after Retry-After.
 */
import { generateLargeTrace } from '../src/core/demo/index.ts';

const BODY_SPANS = 20_000;

interface Request {
  resourceSpans: { scopeSpans: { spans: { traceId: string }[] }[] }[];
}

/** POSTs one OTLP/HTTP JSON body, retrying 429/503 after Retry-After. */
export async function post(baseUrl: string, body: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await fetch(`${baseUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    if (res.ok) {
      await res.arrayBuffer();
      return;
    }
    if (res.status !== 429 && res.status !== 503)
      throw new Error(`POST /v1/traces: ${res.status} ${await res.text()}`);
    const wait = Number(res.headers.get('retry-after') ?? 1);
    await new Promise((r) => setTimeout(r, Math.max(0.2, wait) * 1000));
  }
  throw new Error('POST /v1/traces: still overloaded after 50 attempts');
}

/** Pushes an N-span trace; resolves with its trace id once every span is acknowledged. */
export async function pushLargeTrace(baseUrl: string, spanCount: number, seed: number): Promise<string> {
  let traceId = '';
  let batch: Request['resourceSpans'] = [];
  let spans = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await post(baseUrl, JSON.stringify({ resourceSpans: batch }));
    batch = [];
    spans = 0;
  };
  for (const req of generateLargeTrace({ seed, nowMs: Date.now(), spanCount }) as Iterable<Request>) {
    for (const rs of req.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        spans += ss.spans.length;
        traceId ||= ss.spans[0]?.traceId ?? '';
      }
      batch.push(rs);
    }
    if (spans >= BODY_SPANS) await flush();
  }
  await flush();
  return traceId;
}
