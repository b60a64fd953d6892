import { describe, expect, it } from 'vitest';
import { startInProcess } from '../../testing/in-process-server.ts';

const EXPORT = JSON.stringify({
  resourceSpans: [
    {
      scopeSpans: [
        {
          spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'slow' }],
        },
      ],
    },
  ],
});

describe('server runtime shutdown', () => {
  it('answers the acknowledgements in flight, refuses new work, then closes the store', async () => {
    const server = await startInProcess();
    server.store.ingestDelayMs = 400;
    const inflight = fetch(`${server.otlpBase}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: EXPORT,
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(server.runtime.state.inflightCount).toBe(1);
    const closing = server.close();
    expect((await fetch(`${server.base}/ready`).catch(() => null))?.status ?? 'refused').not.toBe(200);
    const answer = await inflight;
    expect(answer.status).toBe(200);
    expect(server.store.spans.map((s) => s.name)).toEqual(['slow']);
    await closing;
    expect(server.store.closed).toBe(true);
    await expect(fetch(`${server.base}/api/echo`)).rejects.toThrow();
  });

  it('refuses to start on a port in use with one clear message', async () => {
    const first = await startInProcess();
    const port = Number(new URL(first.base).port);
    try {
      await expect(startInProcess({ port })).rejects.toThrow(
        `cannot listen on 127.0.0.1:${port} (web app and API): the address is already in use`,
      );
    } finally {
      await first.close();
    }
  });
});
