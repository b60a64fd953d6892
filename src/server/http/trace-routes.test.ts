import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';

const TRACE = '00000000000000000123456789abcdef';

describe('deferred details over HTTP (in process, fake store)', () => {
  let server: InProcessServer;
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${server.base}${path}`, { headers });
  beforeAll(async () => {
    server = await startInProcess();
    server.store.spans.push({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', name: 'root' });
  });
  afterAll(() => server.close());

  it('answers the hot-only columnar body when the details are deferred', async () => {
    const res = await get(`/api/v2/traces/${TRACE}`, {
      Accept: 'application/vnd.spanscope.columnar; details=deferred, application/json;q=0.9',
    });
    expect(res.headers.get('content-type')).toBe('application/vnd.spanscope.columnar');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([2, 2, 3, 1]);
    // v1 has no columnar shape: JSON whatever the Accept header says.
    const v1 = await get(`/api/traces/${TRACE}`, { Accept: 'application/vnd.spanscope.columnar' });
    expect(v1.headers.get('content-type')).toBe('application/json');
  });

  it('passes a key range to the store, keys beyond 2^53 exactly', async () => {
    const res = await get(`/api/v2/traces/123456789abcdef/details?from=9007199254740993&to=9007199254740995`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.spanscope.details');
    expect(await res.text()).toBe('details 9007199254740993-9007199254740995');
  });

  it('refuses bad ranges and ids with 400, unknown traces with 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['details?from=1', 400, /^invalid to '': expected an integer/],
      ['details?from=-1&to=2', 400, /^invalid from '-1'/],
      ['details?from=1e3&to=2000', 400, /^invalid from '1e3'/],
      ['details?from=5&to=4', 400, /^invalid range: from 5 is after to 4/],
      [`details?from=0&to=${2n ** 63n}`, 400, /^invalid to/],
      [`details?from=0&to=${'9'.repeat(5000)}`, 400, /^invalid to '9{64}…'/],
    ];
    for (const [query, status, message] of cases) {
      const res = await get(`/api/v2/traces/${TRACE}/${query}`);
      expect(res.status, query).toBe(status);
      expect((await res.json()).error, query).toMatch(message);
    }
    const unknown = await get(`/api/v2/traces/${'f'.repeat(32)}/details?from=0&to=1`);
    expect(unknown.status).toBe(404);
    const badId = await get('/api/v2/traces/xyz/details?from=0&to=1');
    expect([badId.status, (await badId.json()).error]).toEqual([
      400,
      "invalid trace id 'xyz': expected 1 to 32 hex digits",
    ]);
  });

  it('finds in details: the trimmed text reaches the store, keys come back exact', async () => {
    const res = await get(
      `/api/v2/traces/${TRACE}/details/matching?text=${encodeURIComponent('  Zürich "x" ')}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    // The fake store answers the text's length as the one offset, from a key base beyond 2^53.
    expect(await res.json()).toEqual({ keyBase: String(2n ** 60n), offsets: ['Zürich "x"'.length] });
  });

  it('refuses find texts that are missing, blank or too long with 400, unknown traces with 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['', 400, /^missing text/],
      ['?text=', 400, /^missing text/],
      ['?text=%20%09%20', 400, /^missing text/],
      [`?text=${'a'.repeat(1001)}`, 400, /^invalid text: 1001 characters, at most 1000/],
      [`?text=${'%E2%82%AC'.repeat(1001)}`, 400, /^invalid text: 1001 characters/],
    ];
    for (const [query, status, message] of cases) {
      const res = await get(`/api/v2/traces/${TRACE}/details/matching${query}`);
      expect(res.status, query).toBe(status);
      expect((await res.json()).error, query).toMatch(message);
    }
    expect((await get(`/api/v2/traces/${'f'.repeat(32)}/details/matching?text=a`)).status).toBe(404);
    expect((await get('/api/v2/traces/-1/details/matching?text=a')).status).toBe(400);
  });

  it('answers the values of an attribute: the key reaches the store exactly, keys exact beyond 2^53', async () => {
    for (const key of ['db.system', '  Zürich "x" ', 'a/b~c', 'nul\u0000', 'x'.repeat(1000)]) {
      const res = await get(`/api/v2/traces/${TRACE}/details/values?key=${encodeURIComponent(key)}`);
      expect(res.status, key).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      // The fake store answers the key as the first value.
      expect(await res.json()).toEqual({
        keyBase: String(2n ** 60n),
        values: [key, 'x'],
        offsets: [0, 7],
        codes: [1, 0],
      });
    }
  });

  it('refuses attribute keys that are missing, blank or too long with 400, unknown traces with 404', async () => {
    const cases: [string, number, RegExp][] = [
      ['', 400, /^missing key: expected an attribute key/],
      ['?key=', 400, /^missing key/],
      ['?text=db.system', 400, /^missing key/],
      ['?key=%20%09%20', 400, /^missing key/],
      [`?key=${'a'.repeat(1001)}`, 400, /^invalid key: 1001 characters, at most 1000/],
      [`?key=${'%E2%82%AC'.repeat(1001)}`, 400, /^invalid key: 1001 characters/],
    ];
    for (const [query, status, message] of cases) {
      const res = await get(`/api/v2/traces/${TRACE}/details/values${query}`);
      expect(res.status, query).toBe(status);
      expect((await res.json()).error, query).toMatch(message);
    }
    const unknown = await get(`/api/v2/traces/${'f'.repeat(32)}/details/values?key=a`);
    expect([unknown.status, (await unknown.json()).error]).toEqual([
      404,
      `trace ${'f'.repeat(32)} not found`,
    ]);
    for (const id of ['-1', 'xyz', '0'.repeat(32), 'a'.repeat(33), '%zz'])
      expect((await get(`/api/v2/traces/${id}/details/values?key=a`)).status, id).toBe(400);
    const post = await fetch(`${server.base}/api/v2/traces/${TRACE}/details/values?key=a`, {
      method: 'POST',
    });
    expect([post.status, post.headers.get('allow')]).toEqual([405, 'GET']);
  });

  it('answers the attribute keys of a trace; 404 for an unknown trace, 400 for a bad id', async () => {
    const res = await get(`/api/v2/traces/${TRACE}/details/keys`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      span: [{ key: 'http.route', count: 1 }],
      resource: [{ key: 'service.name', count: 1 }],
      truncated: false,
    });
    const unknown = await get(`/api/v2/traces/${'f'.repeat(32)}/details/keys`);
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error).toMatch(/not found/);
    const bad = await get('/api/v2/traces/not-an-id/details/keys');
    expect([bad.status, (await bad.json()).error]).toEqual([
      400,
      "invalid trace id 'not-an-id': expected 1 to 32 hex digits",
    ]);
  });
});

describe('the streamed columnar answer over HTTP (in process, fake store)', () => {
  let server: InProcessServer;
  const STREAM = 'application/vnd.spanscope.columnar-stream';
  beforeAll(async () => {
    server = await startInProcess();
    server.store.spans.push({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', name: 'root' });
  });
  afterAll(() => server.close());

  it('streams to a client that names the stream, chunked; others get the whole body as before', async () => {
    const streamed = await fetch(`${server.base}/api/v2/traces/${TRACE}`, {
      headers: { Accept: `${STREAM}; details=deferred, application/vnd.spanscope.columnar;q=0.9` },
    });
    expect(streamed.headers.get('content-type')).toBe(STREAM);
    expect(streamed.headers.get('content-length')).toBeNull();
    expect(streamed.headers.get('transfer-encoding')).toBe('chunked');
    // The fake store's two pieces of its (fake) deferred body.
    expect([...new Uint8Array(await streamed.arrayBuffer())]).toEqual([2, 2, 3, 1]);
    const whole = await fetch(`${server.base}/api/v2/traces/${TRACE}`, {
      headers: { Accept: 'application/vnd.spanscope.columnar' },
    });
    expect(whole.headers.get('content-type')).toBe('application/vnd.spanscope.columnar');
    expect(whole.headers.get('content-length')).toBe('4');
    expect([...new Uint8Array(await whole.arrayBuffer())]).toEqual([1, 2, 3, 1]);
  });

  it('answers 404 for an unknown trace and 400 for a bad id, as the whole answer does', async () => {
    const unknown = await fetch(`${server.base}/api/v2/traces/${'f'.repeat(32)}`, {
      headers: { Accept: STREAM },
    });
    expect([unknown.status, (await unknown.json()).error]).toEqual([
      404,
      `trace ${'f'.repeat(32)} not found`,
    ]);
    const bad = await fetch(`${server.base}/api/v2/traces/xyz`, { headers: { Accept: STREAM } });
    expect(bad.status).toBe(400);
  });

  it('cancels the read when the client goes away midway', async () => {
    let open: () => void = () => undefined;
    server.store.streamGate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const before = server.store.streamSignals.length;
    const aborter = new AbortController();
    const res = await fetch(`${server.base}/api/v2/traces/${TRACE}`, {
      headers: { Accept: STREAM },
      signal: aborter.signal,
    });
    const reader = res.body!.getReader();
    expect((await reader.read()).value).toEqual(Uint8Array.of(1, 2));
    aborter.abort();
    const signal = server.store.streamSignals[before];
    await expect.poll(() => signal.aborted, { timeout: 5000 }).toBe(true);
    open();
    server.store.streamGate = null;
    // The server goes on answering.
    const again = await fetch(`${server.base}/api/v2/traces/${TRACE}`, { headers: { Accept: STREAM } });
    expect(again.status).toBe(200);
    await again.arrayBuffer();
  });
});
