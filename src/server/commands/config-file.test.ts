import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config-file.ts';
import { parseServeArgs } from './serve-args.ts';

const FULL = `
sources:
  prod:
    kind: tempo
    url: https://tempo.example:3200/
    timeout: 2.5s
    maxAnswerSize: 10MiB
    auth:
      bearerTokenEnv: TEMPO_TOKEN
    headers:
      X-Scope-OrgID: tenant-a
      X-Api-Key: { env: TEMPO_KEY }
    tls:
      caFile: /etc/ssl/ca.pem
      insecureSkipVerify: true
  legacy:
    kind: jaeger
    url: http://jaeger:16686
    auth: { usernameEnv: J_USER, passwordEnv: J_PASS }
`;

describe('--config', () => {
  it('reads every setting, in the order written, with defaults for the rest', () => {
    expect(parseConfig(FULL, 'sp.yaml')).toEqual([
      {
        name: 'prod',
        origin: 'sp.yaml: sources.prod',
        kind: 'tempo',
        url: 'https://tempo.example:3200',
        timeoutMs: 2500,
        maxAnswerBytes: 10 * 1024 ** 2,
        auth: { bearerTokenEnv: 'TEMPO_TOKEN' },
        headers: { 'X-Scope-OrgID': { value: 'tenant-a' }, 'X-Api-Key': { env: 'TEMPO_KEY' } },
        caFile: '/etc/ssl/ca.pem',
        insecureSkipVerify: true,
      },
      {
        name: 'legacy',
        origin: 'sp.yaml: sources.legacy',
        kind: 'jaeger',
        url: 'http://jaeger:16686',
        timeoutMs: 10_000,
        maxAnswerBytes: 256 * 1024 ** 2,
        auth: { usernameEnv: 'J_USER', passwordEnv: 'J_PASS' },
        headers: {},
        insecureSkipVerify: false,
      },
    ]);
  });

  it.each([
    ['sources: [1, 2]', /^c\.yaml: sources: expected a mapping of source names/],
    ['source: {}', /^c\.yaml: source: unknown key \(expected sources\)/],
    [
      'sources:\n  p: { kind: elastic, url: "http://x" }',
      /^c\.yaml: sources\.p\.kind: kind 'elastic' must be one of/,
    ],
    ['sources:\n  p: { kind: tempo }', /^c\.yaml: sources\.p\.url: expected a non-empty string/],
    [
      'sources:\n  p: { kind: tempo, url: "ftp://x" }',
      /^c\.yaml: sources\.p\.url: URL must be http or https/,
    ],
    ['sources:\n  local: { kind: tempo, url: "http://x" }', /^c\.yaml: sources\.local: name 'local' must be/],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", timout: 1s }',
      /^c\.yaml: sources\.p\.timout: unknown key/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", timeout: soon }',
      /^c\.yaml: sources\.p\.timeout: the value must be a duration/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", maxAnswerSize: big }',
      /^c\.yaml: sources\.p\.maxAnswerSize: /,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", auth: { bearerTokenEnv: "a b" } }',
      /auth\.bearerTokenEnv: 'a b' is not an environment variable name/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", auth: { bearerTokenEnv: T, usernameEnv: U } }',
      /auth: bearerTokenEnv and usernameEnv\/passwordEnv exclude/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", auth: { usernameEnv: U } }',
      /auth\.passwordEnv: expected a non-empty string/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", headers: { "Bad Header": x } }',
      /headers\.Bad Header: not a valid header name/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", headers: { Host: x } }',
      /headers\.Host: this header is set by the client/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", headers: { X-A: [1] } }',
      /headers\.X-A: expected a string/,
    ],
    [
      'sources:\n  p: { kind: tempo, url: "http://x", tls: { insecureSkipVerify: yes please } }',
      /tls\.insecureSkipVerify: expected true or false/,
    ],
    ['sources: {p: [', /^c\.yaml: not YAML: /],
  ])('refuses %j naming the key', (text, message) => {
    expect(() => parseConfig(text, 'c.yaml')).toThrow(message);
  });

  it('joins --config and --source, refusing a name given twice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spanscope-config-'));
    const file = join(dir, 'spanscope.yaml');
    writeFileSync(file, 'sources:\n  prod: { kind: tempo, url: "http://tempo:3200" }\n');
    const opts = parseServeArgs(['--config', file, '--source', 'b=zipkin:http://z:9411']);
    expect(opts?.sources.map((s) => `${s.name}=${s.kind}`)).toEqual(['prod=tempo', 'b=zipkin']);
    expect(() => parseServeArgs(['--config', file, '--source', 'prod=zipkin:http://z'])).toThrow(
      "source name 'prod' is given twice",
    );
    expect(() => parseServeArgs(['--config', join(dir, 'none.yaml')])).toThrow(
      /^--config: cannot read .*none\.yaml \(ENOENT\)$/,
    );
  });
});
