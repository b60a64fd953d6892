/**
 * A real Zipkin client (zipkin-js with zipkin-transport-http, as a Node service would use them) sends
 * to the real store behind the real HTTP server: two services, an RPC whose client and server halves
 * share an id, a local span, tags and an annotation. What they sent reads back exactly.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Annotation, BatchRecorder, ExplicitContext, jsonEncoder, TraceId, Tracer } from 'zipkin';
import { HttpLogger } from 'zipkin-transport-http';
import { COLUMNAR_MEDIA_TYPE } from '../../core/api/media-types.ts';
import { decodeInput } from '../../core/formats/index.ts';
import { TraceSetBuilder } from '../../core/model/span-table.ts';
import { decodeColumnarTrace } from '../../core/transfer/decode-columnar.ts';
import { buildTree } from '../../core/tree/build-tree.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { comparableSpans } from '../../testing/span-compare.ts';
import { DuckStore } from '../store/duck-store.ts';

/** One instrumented service: its tracer, and a flush that resolves with the answers to what it sent. */
function instrumented(serviceName: string, endpoint: string, bodies: string[]) {
  const answers: Promise<Response>[] = [];
  const recordingFetch = (url: string, init: RequestInit) => {
    bodies.push(String(init.body));
    const answer = fetch(url, init);
    answers.push(answer);
    return answer;
  };
  // An hour between flushes: the test flushes (fetchImplementation and processQueue are untyped).
  const logger = new HttpLogger({ endpoint, jsonEncoder: jsonEncoder.JSON_V2, httpInterval: 3_600_000 });
  const tracer = new Tracer({
    ctxImpl: new ExplicitContext(),
    recorder: new BatchRecorder({ logger }),
    localServiceName: serviceName,
    traceId128Bit: true,
  });
  const flush = async () => {
    (logger as unknown as { processQueue(f: typeof recordingFetch): void }).processQueue(recordingFetch);
    return Promise.all(answers.splice(0));
  };
  return { tracer, flush };
}

describe('a real Zipkin client', () => {
  let server: InProcessServer<DuckStore>;
  beforeAll(async () => {
    server = await startInProcess({ store: await DuckStore.open({ memory: true }) });
  });
  afterAll(() => server.close());

  it('sends spans that read back exactly, shared halves and all', async () => {
    const bodies: string[] = [];
    const endpoint = `${server.zipkinBase}/api/v2/spans`;
    const frontend = instrumented('frontend', endpoint, bodies);
    const billing = instrumented('billing', `${server.base}/api/v2/spans`, bodies);
    const f = frontend.tracer;
    const b = billing.tracer;

    const root = f.createRootId();
    f.letId(root, () => {
      f.recordServiceName('frontend');
      f.recordRpc('get /checkout');
      f.recordAnnotation(new Annotation.ServerRecv());
      f.recordBinary('http.path', '/checkout');
    });
    const call = f.letId(root, () => f.createChildId());
    f.letId(call, () => {
      f.recordServiceName('frontend');
      f.recordRpc('post /pay');
      f.recordAnnotation(new Annotation.ClientSend());
      f.recordMessage('retry after 503');
    });
    // billing receives the call's B3 headers and joins its span (Zipkin's shared id; join is untyped).
    const received = (b as Tracer & { join(id: TraceId): TraceId }).join(
      new TraceId({
        traceId: call.traceId,
        parentId: call.parentSpanId,
        spanId: call.spanId,
        sampled: call.sampled,
      }),
    );
    b.letId(received, () => {
      b.recordServiceName('billing');
      b.recordRpc('post /pay');
      b.recordAnnotation(new Annotation.ServerRecv());
      b.recordBinary('error', 'card declined');
    });
    b.letId(received, () => b.local('charge card', () => 'declined'));
    b.letId(received, () => b.recordAnnotation(new Annotation.ServerSend()));
    f.letId(call, () => f.recordAnnotation(new Annotation.ClientRecv()));
    f.letId(root, () => f.recordAnnotation(new Annotation.ServerSend()));

    const answers = [...(await billing.flush()), ...(await frontend.flush())];
    expect(answers.map((r) => r.status)).toEqual([202, 202]);

    const sent = new TraceSetBuilder();
    for (const body of bodies)
      expect(decodeInput(new TextEncoder().encode(body), sent).format).toBe('zipkin-json');
    const [expected] = sent.build();
    expect(expected.count).toBe(4);
    expect(JSON.parse(bodies[0]).some((s: { shared?: boolean }) => s.shared)).toBe(true);

    const res = await fetch(`${server.base}/api/v2/traces/${expected.traceId}`, {
      headers: { Accept: COLUMNAR_MEDIA_TYPE },
    });
    expect(res.status).toBe(200);
    const back = decodeColumnarTrace(new Uint8Array(await res.arrayBuffer())).table;
    expect(comparableSpans([back])).toEqual(comparableSpans([expected]));
    const summary = buildTree(back, { adjustClockSkew: false }).summary;
    expect({ ...summary, format: 'zipkin-json' }).toEqual(
      buildTree(expected, { adjustClockSkew: false }).summary,
    );
    expect(summary).toMatchObject({ spanCount: 4, rootCount: 1, orphanCount: 0, maxDepth: 3, errorCount: 1 });
    expect(summary.services).toEqual(['billing', 'frontend']);
  });
});
