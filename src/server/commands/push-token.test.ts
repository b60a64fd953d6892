import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureOutput } from '../../testing/captured-output.ts';
import { fixturePath } from '../../testing/fixtures.ts';
import { type InProcessServer, startInProcess } from '../../testing/in-process-server.ts';
import { DEFAULT_SECURITY } from '../http/request-guard.ts';
import { runPush } from './push.ts';

const TOKEN = 'push-token-0123456789abcdef-0123';

function push(args: string[]) {
  return captureOutput(() => runPush(args));
}

describe('spanscope push --auth-token-env', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await startInProcess({ security: { ...DEFAULT_SECURITY, authToken: TOKEN } });
    process.env.SPANSCOPE_PUSH_TOKEN = TOKEN;
  });
  afterAll(async () => {
    delete process.env.SPANSCOPE_PUSH_TOKEN;
    await server.close();
  });

  it('sends the token and is acknowledged; without it the store refuses', async () => {
    const file = fixturePath('otlp-json/jaeger-integ-example_trace.json');
    const refused = await push([file, '--to', server.base, '--timeout', '5']);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('401');
    const sent = await push([file, '--to', server.base, '--auth-token-env', 'SPANSCOPE_PUSH_TOKEN']);
    expect(sent).toMatchObject({ code: 0 });
    expect(await server.store.spanCount()).toBe(5);
    await expect(push([file, '--auth-token-env', 'NOT_SET_ANYWHERE'])).rejects.toThrow(
      '$NOT_SET_ANYWHERE is not set',
    );
  });
});
