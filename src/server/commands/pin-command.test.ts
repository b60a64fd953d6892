import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/captured-output.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { DEFAULT_SECURITY } from '../http/request-guard.ts';
import { runPin, runUnpin } from './pin.ts';

const TOKEN = 'pin-token-0123456789abcdef-012345';
const TRACE = '000000000000000000000000000000aa';

function run(command: typeof runPin, args: string[]) {
  return captureOutput(() => command(args));
}

describe('spanscope pin / unpin against a store that needs a token', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({ security: { ...DEFAULT_SECURITY, authToken: TOKEN } });
    server.store.spans.push({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', name: 'checkout' });
    process.env.SPANSCOPE_PIN_TOKEN = TOKEN;
  });
  afterAll(async () => {
    delete process.env.SPANSCOPE_PIN_TOKEN;
    await server.close();
  });

  it('sends the token from --auth-token-env; without it the store’s refusal is exit 2', async () => {
    const refused = await run(runPin, ['aa', '--to', server.base]);
    expect(refused).toMatchObject({ code: 2, out: '' });
    expect(refused.err).toMatch(/^spanscope pin: this server needs its token/);
    const token = ['--to', server.base, '--auth-token-env', 'SPANSCOPE_PIN_TOKEN'];
    const pinned = await run(runPin, ['aa', '--note', 'kept for the review', ...token]);
    expect(pinned).toEqual({
      code: 0,
      out: `pinned ${TRACE} (checkout, 1 spans): ${server.base}/trace/${TRACE}\n`,
      err: '',
    });
    expect(server.store.pinned.get(TRACE)).toMatchObject({
      note: 'kept for the review',
      pinnedBy: expect.stringMatching(/^cli/),
    });
    const list = await run(runPin, ['--list', ...token]);
    expect(JSON.parse(list.out).pins.map((p: { traceId: string }) => p.traceId)).toEqual([TRACE]);
    expect(await run(runUnpin, ['aa', ...token])).toEqual({ code: 0, out: `unpinned ${TRACE}\n`, err: '' });
    expect(server.store.pinned.size).toBe(0);
  });

  it('refuses an unset token variable and bad arguments as usage errors', async () => {
    await expect(run(runPin, ['aa', '--auth-token-env', 'NOT_SET_ANYWHERE'])).rejects.toThrow(
      '--auth-token-env: $NOT_SET_ANYWHERE is not set',
    );
    await expect(run(runPin, ['--list', 'aa'])).rejects.toThrow('--list takes no trace id or note');
    await expect(run(runPin, [])).rejects.toThrow(/^expected one trace id/);
    await expect(run(runUnpin, ['a', 'b'])).rejects.toThrow(/^expected one trace id/);
  });
});
