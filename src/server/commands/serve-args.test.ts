import { describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY } from '../http/request-guard.ts';
import { parseByteSize, UsageError } from './args.ts';
import { parseServeArgs } from './serve-args.ts';

describe('parseServeArgs', () => {
  it('has the documented defaults', () => {
    expect(parseServeArgs([])).toEqual({
      files: [],
      host: '127.0.0.1',
      port: 7070,
      otlpHttpPort: 4318,
      otlpGrpcPort: 4317,
      dataDir: '.spanscope/data',
      demo: true,
      sources: [],
      maxRequestBytes: 64 * 1024 ** 2,
      maxImportBytes: 2 * 1024 ** 3,
      readyFile: null,
      dbThreads: null,
      searchTimeoutMs: 30_000,
      retention: null,
      zipkinPort: 9411,
      maxAttributeBytes: 64 * 1024,
      security: DEFAULT_SECURITY,
    });
  });

  it('reads --retention (s, m, h, d) and --max-size, and refuses bad values with a clear message', () => {
    expect(parseServeArgs(['--retention', '7d'])?.retention).toEqual({ maxAgeMs: 7 * 86_400_000 });
    expect(parseServeArgs(['--retention=90m', '--max-size', '10GB'])?.retention).toEqual({
      maxAgeMs: 90 * 60_000,
      maxBytes: 10e9,
    });
    expect(parseServeArgs(['--max-size', '512MiB'])?.retention).toEqual({ maxBytes: 512 * 1024 ** 2 });
    for (const bad of ['7', '7w', '-1d', '0s', '1.5h', 'd', '', '1000000d', '7 days']) {
      expect(() => parseServeArgs([`--retention=${bad}`]), bad).toThrow(
        new UsageError(
          `--retention must be a whole number of s, m, h or d, such as 36h or 7d (got '${bad}')`,
        ),
      );
    }
    expect(() => parseServeArgs(['--max-size', '10XB'])).toThrow(/--max-size must be a size such as/);
    expect(() => parseServeArgs(['--memory', '--max-size', '1GB'])).toThrow(
      new UsageError('--max-size bounds a data directory; with --memory, use --retention'),
    );
    expect(parseServeArgs(['--memory', '--retention', '1h'])?.retention).toEqual({ maxAgeMs: 3_600_000 });
    expect(() => parseServeArgs(['--max-size', '1MB'])).toThrow(
      new UsageError(`--max-size must be at least 16MiB, the room an empty store takes (got '1MB')`),
    );
  });

  it('reads every option', () => {
    const opts = parseServeArgs([
      'a.json',
      '--port',
      '0',
      '--host=0.0.0.0',
      '--otlp-http-port',
      '14318',
      '--otlp-grpc-port',
      '0',
      '--memory',
      '--no-demo',
      '--source',
      'prod=tempo:http://tempo:3200/',
      '--source',
      'legacy=jaeger:https://jaeger.example/base',
      '--max-request-size',
      '1MiB',
      '--max-import-size',
      '10MB',
      'b.pb.gz',
      '--ready-file',
      '/tmp/ready.json',
      '--db-threads',
      '4',
      '--search-timeout',
      '1.5m',
      '--retention',
      '36h',
    ]);
    expect(opts).toEqual({
      files: ['a.json', 'b.pb.gz'],
      host: '0.0.0.0',
      port: 0,
      otlpHttpPort: 14318,
      otlpGrpcPort: 0,
      dataDir: null,
      demo: false,
      sources: [
        expect.objectContaining({ name: 'prod', kind: 'tempo', url: 'http://tempo:3200', timeoutMs: 10_000 }),
        expect.objectContaining({ name: 'legacy', kind: 'jaeger', url: 'https://jaeger.example/base' }),
      ],
      maxRequestBytes: 1024 ** 2,
      maxImportBytes: 10_000_000,
      readyFile: '/tmp/ready.json',
      dbThreads: 4,
      searchTimeoutMs: 90_000,
      retention: { maxAgeMs: 36 * 3_600_000 },
      zipkinPort: 9411,
      maxAttributeBytes: 64 * 1024,
      security: DEFAULT_SECURITY,
    });
    expect(parseServeArgs(['--data', '/var/spans'])?.dataDir).toBe('/var/spans');
    expect(parseServeArgs(['--help'])).toBeNull();
  });

  it('refuses bad arguments with one clear line', () => {
    const cases: [string[], RegExp][] = [
      [['--port', 'http'], /^--port must be a port number from 0 to 65535 \(got 'http'\)$/],
      [
        ['--search-timeout', '0s'],
        /^--search-timeout must be a duration from 1ms to 24h, such as 30s or 2m \(got '0s'\)$/,
      ],
      [['--search-timeout', 'soon'], /^--search-timeout must be a duration/],
      [['--search-timeout', '25h'], /^--search-timeout must be a duration/],
      [['--port', '70000'], /^--port must be a port number/],
      [['--otlp-grpc-port', '-1'], /otlp-grpc-port/],
      [['--data', 'd', '--memory'], /^--data and --memory exclude each other$/],
      [['--demo', '--no-demo'], /^--demo and --no-demo exclude each other$/],
      [['--max-request-size', 'lots'], /^--max-request-size must be a size such as 64MiB/],
      [['--max-import-size', '0'], /^--max-import-size must be a size/],
      [['--db-threads', '0'], /^--db-threads must be a number from 1 to 256 \(got '0'\)$/],
      [['--db-threads', '1.5'], /^--db-threads must be a number/],
      [['--db-threads', '999'], /^--db-threads must be a number/],
      [['--db-threads', ''], /^--db-threads must be a number/],
      [['--source', 'prod'], /^--source: 'prod' is not NAME=KIND:URL/],
      [
        ['--source', 'prod=elastic:http://x'],
        /^--source: kind 'elastic' must be one of tempo, jaeger, zipkin$/,
      ],
      [['--source', 'local=tempo:http://x'], /not 'local'/],
      [['--source', 'p=tempo:ftp://x'], /must be http or https/],
      [['--source', 'p=tempo:not a url'], /is not a URL/],
      [['--source', 'p=tempo:http://a', '--source', 'p=zipkin:http://b'], /name 'p' is given twice/],
      [['--bogus'], /^Unknown option '--bogus'/],
      [['--port'], /^Option '--port <value>' argument missing/],
    ];
    for (const [argv, message] of cases) {
      let err: unknown;
      try {
        parseServeArgs(argv);
      } catch (e) {
        err = e;
      }
      expect(err, argv.join(' ')).toBeInstanceOf(UsageError);
      expect((err as Error).message, argv.join(' ')).toMatch(message);
      expect((err as Error).message).not.toContain('\n');
    }
  });
});

describe('parseByteSize', () => {
  it('reads binary and decimal units', () => {
    expect(parseByteSize('64MiB', 'x')).toBe(67108864);
    expect(parseByteSize('64 mib', 'x')).toBe(67108864);
    expect(parseByteSize('1.5k', 'x')).toBe(1536);
    expect(parseByteSize('2GB', 'x')).toBe(2e9);
    expect(parseByteSize('1048576', 'x')).toBe(1048576);
  });
});
