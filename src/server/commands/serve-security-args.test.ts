import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY } from '../http/request-guard.ts';
import { UsageError } from './args.ts';
import { exposureWarning } from './exposure-warning.ts';
import { parseServeArgs } from './serve-args.ts';

const TOKEN = '0123456789abcdef0123456789abcdef';

function usageError(argv: string[], env: Record<string, string> = {}): string {
  try {
    parseServeArgs(argv, env);
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

describe('serve: the security options', () => {
  it('reads the token from the environment, the CORS allow-list and the frame ancestors', () => {
    const opts = parseServeArgs(
      [
        '--auth-token-env',
        'SPANSCOPE_TOKEN',
        '--cors-origin',
        'https://grafana.example.com/',
        '--cors-origin=http://localhost:3000',
        '--frame-ancestors',
        'self',
        '--frame-ancestors',
        'https://wiki.example.com:8443',
      ],
      { SPANSCOPE_TOKEN: TOKEN },
    );
    expect(opts?.security).toEqual({
      ...DEFAULT_SECURITY,
      authToken: TOKEN,
      corsOrigins: ['https://grafana.example.com', 'http://localhost:3000'],
      frameAncestors: ["'self'", 'https://wiki.example.com:8443'],
    });
    expect(parseServeArgs(['--frame-ancestors', "'none'"], {})?.security.frameAncestors).toEqual(["'none'"]);
    expect(parseServeArgs(['--max-attribute-bytes', '1KiB'], {})?.maxAttributeBytes).toBe(1024);
  });

  it('refuses a missing or weak token, and origins that are not origins', () => {
    expect(usageError(['--auth-token-env', 'T'])).toBe('--auth-token-env: $T is not set');
    expect(usageError(['--auth-token-env', 'T'], { T: 'short' })).toMatch(/at least 16 characters/);
    expect(usageError(['--auth-token-env', 'T'], { T: `${TOKEN} x` })).toMatch(/without spaces/);
    expect(usageError(['--cors-origin', 'https://a.example/path'])).toMatch(/^--cors-origin: .*no path/);
    expect(usageError(['--cors-origin', 'ftp://a.example'])).toMatch(/^--cors-origin: /);
    expect(usageError(['--cors-origin', '*'])).toMatch(/^--cors-origin: '\*' is not an origin/);
    expect(usageError(['--frame-ancestors', 'javascript:alert(1)'])).toMatch(
      /^--frame-ancestors: .*not an http/,
    );
  });

  it('warns when listening beyond loopback, louder without a token', () => {
    const security = DEFAULT_SECURITY;
    expect(exposureWarning({ host: '127.0.0.1', security })).toBeNull();
    expect(exposureWarning({ host: 'localhost', security })).toBeNull();
    expect(exposureWarning({ host: '::1', security })).toBeNull();
    expect(exposureWarning({ host: '0.0.0.0', security })).toMatch(
      /^spanscope: warning: listening on 0\.0\.0\.0, .* with no token: .*--auth-token-env VAR/,
    );
    const guarded = exposureWarning({ host: '0.0.0.0', security: { ...security, authToken: TOKEN } });
    expect(guarded).toMatch(/every request needs the token/);
    expect(guarded).not.toContain(TOKEN);
  });
});
