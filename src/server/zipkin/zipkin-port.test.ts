import { describe, expect, it } from 'vitest';
import { parseServeArgs } from '../commands/serve-args.ts';

describe('--zipkin-port', () => {
  it('is 9411 by default, a port, 0 for any free one, or off', () => {
    expect(parseServeArgs([])?.zipkinPort).toBe(9411);
    expect(parseServeArgs(['--zipkin-port', '19411'])?.zipkinPort).toBe(19411);
    expect(parseServeArgs(['--zipkin-port=0'])?.zipkinPort).toBe(0);
    expect(parseServeArgs(['--zipkin-port', 'off'])?.zipkinPort).toBeNull();
    expect(parseServeArgs(['--zipkin-port', 'OFF'])?.zipkinPort).toBeNull();
  });

  it('refuses anything else with one clear line', () => {
    expect(() => parseServeArgs(['--zipkin-port', 'zipkin'])).toThrow(
      /^--zipkin-port must be a port number from 0 to 65535, or off \(got 'zipkin'\)$/,
    );
    expect(() => parseServeArgs(['--zipkin-port', '70000'])).toThrow(/--zipkin-port must be a port number/);
  });
});
