import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { MAX_NOTE_CHARS } from './pin-request.ts';

const TRACE = '0000000000000000000000000000abcd';

describe('pins API (in process, fake store)', () => {
  let server: InProcessServer;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.base}/api/pins`, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
  beforeAll(async () => {
    server = await startInProcess();
    server.store.spans.push({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', name: 'checkout' });
  });
  afterAll(() => server.close());

  it('pins, lists, answers one pin, unpins', async () => {
    const res = await post(
      JSON.stringify({ traceId: 'ABCD', note: '  <b>db timeout</b>\nsee #incident-42 ', by: 'alice' }),
    );
    expect(res.status).toBe(200);
    const pin = await res.json();
    expect(pin).toMatchObject({
      traceId: TRACE,
      note: '<b>db timeout</b>\nsee #incident-42',
      pinnedBy: 'alice',
      rootTraceName: 'checkout',
      spanCount: 1,
    });
    expect(await (await fetch(`${server.base}/api/pins`)).json()).toEqual({ pins: [pin] });
    expect(await (await fetch(`${server.base}/api/pins/${TRACE}`)).json()).toEqual(pin);
    const removed = await fetch(`${server.base}/api/pins/abcd`, { method: 'DELETE' });
    expect([removed.status, await removed.json()]).toEqual([200, { unpinned: TRACE }]);
    for (const method of ['GET', 'DELETE']) {
      const gone = await fetch(`${server.base}/api/pins/${TRACE}`, { method });
      expect([gone.status, await gone.json()]).toEqual([404, { error: `trace ${TRACE} is not pinned` }]);
    }
    expect(await (await fetch(`${server.base}/api/pins`)).json()).toEqual({ pins: [] });
  });

  it('answers 404 for a trace the store does not have', async () => {
    const res = await post(JSON.stringify({ traceId: 'f'.repeat(32) }));
    expect([res.status, await res.json()]).toEqual([404, { error: `trace ${'f'.repeat(32)} not found` }]);
  });

  it('refuses bad bodies with 400 and a message that says what is wrong', async () => {
    const cases: [string, RegExp][] = [
      ['not json', /^invalid body: expected JSON \{"traceId", "note"\?\}/],
      ['[1]', /^invalid body: expected a JSON object/],
      ['null', /^invalid body: expected a JSON object/],
      ['{}', /^missing traceId: expected the trace id as a string$/],
      ['{"traceId": 12}', /^missing traceId/],
      ['{"traceId": "xyz"}', /^invalid trace id 'xyz': expected 1 to 32 hex digits$/],
      [`{"traceId": "${'a'.repeat(33)}"}`, /^invalid trace id/],
      ['{"traceId": "0"}', /^invalid trace id: all zeros$/],
      [
        `{"traceId": "${TRACE}", "notes": "x"}`,
        /^invalid body: unknown field 'notes' \(expected traceId, note, by\)$/,
      ],
      [`{"traceId": "${TRACE}", "note": 5}`, /^invalid note: expected a string$/],
      [
        JSON.stringify({ traceId: TRACE, note: 'x'.repeat(MAX_NOTE_CHARS + 1) }),
        /^invalid note: 1001 characters, at most 1000$/,
      ],
      [`{"traceId": "${TRACE}", "note": "a\\u0000b"}`, /^invalid note: control character U\+0000 at 1$/],
      [`{"traceId": "${TRACE}", "note": "bell \\u0007"}`, /^invalid note: control character U\+0007 at 5$/],
      [`{"traceId": "${TRACE}", "note": "\\u009b31m"}`, /^invalid note: control character U\+009B at 0$/],
      [
        `{"traceId": "${TRACE}", "note": "half \\ud800"}`,
        /^invalid note: it holds a lone surrogate \(not text\)$/,
      ],
      [`{"traceId": "${TRACE}", "by": "a\\nb"}`, /^invalid by: control character U\+000A at 1$/],
      [`{"traceId": "${TRACE}", "by": "${'b'.repeat(101)}"}`, /^invalid by: 101 characters, at most 100$/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, body.slice(0, 80)).toBe(400);
      const answer = await res.json();
      expect(answer.error, body.slice(0, 80)).toMatch(message);
      expect(answer.error.length).toBeLessThan(300);
    }
    const bytes = new Uint8Array([0x7b, 0xff, 0x7d]);
    const badUtf8 = await fetch(`${server.base}/api/pins`, { method: 'POST', body: bytes });
    expect([badUtf8.status, (await badUtf8.json()).error]).toEqual([
      400,
      expect.stringMatching(/^invalid body/),
    ]);
    expect(await (await fetch(`${server.base}/api/pins`)).json()).toEqual({ pins: [] });
  });

  it('refuses a body past 64 KiB with 413, a malformed id in the path with 400, other methods with 405', async () => {
    const huge = await post(JSON.stringify({ traceId: TRACE, note: 'x'.repeat(100_000) }));
    expect([huge.status, (await huge.json()).error]).toEqual([413, expect.stringMatching(/64 KiB/)]);
    const bad = await fetch(`${server.base}/api/pins/not-hex`, { method: 'DELETE' });
    expect([bad.status, (await bad.json()).error]).toEqual([
      400,
      "invalid trace id 'not-hex': expected 1 to 32 hex digits",
    ]);
    const put = await fetch(`${server.base}/api/pins`, { method: 'PUT', body: '{}' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'POST, GET']);
  });

  it('answers /api/status with the store figures', async () => {
    const res = await fetch(`${server.base}/api/status`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      traceCount: 1,
      spanCount: 1,
      pinCount: 0,
      retention: { intervalMs: null },
    });
  });
});
