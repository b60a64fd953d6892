/**
 * `spanscope serve` arguments → ServeOptions (DESIGN §3). Every problem is a UsageError (exit 2).
 */

import { MIN_TOKEN_LENGTH } from '../http/auth.ts';
import { parseCorsOrigin } from '../http/origin-policy.ts';
import { DEFAULT_SECURITY, type SecurityConfig } from '../http/request-guard.ts';
import { parseFrameAncestor } from '../http/security-headers.ts';
import { parseSourceSpec, type SourceConfig } from '../sources/source-config.ts';
import type { RetentionPolicy } from '../store/types.ts';
import { parseZipkinPort, ZIPKIN_PORT_OPTION } from '../zipkin/zipkin-port.ts';
import { parseByteSize, parseCommandArgs, parsePort, parseTimeout, UsageError } from './args.ts';
import { readConfigFile } from './config-file.ts';

/** DuckDB threads at most (`--db-threads`). */
const MAX_DB_THREADS = 256;

export const DEFAULT_DATA_DIR = '.spanscope/data';

export interface ServeOptions {
  /** Files (or '-' for stdin) imported at start-up. */
  readonly files: readonly string[];
  readonly host: string;
  readonly port: number;
  readonly otlpHttpPort: number;
  readonly otlpGrpcPort: number;
  /** null: in memory (`--memory`). */
  readonly dataDir: string | null;
  /** Seed demo traces when the store is empty at start-up. */
  readonly demo: boolean;
  readonly sources: readonly SourceConfig[];
  readonly maxRequestBytes: number;
  readonly maxImportBytes: number;
  /** Written (JSON with the actual ports) once the store is ready; for scripts and tests. */
  readonly readyFile: string | null;
  /** DuckDB threads (`--db-threads`); null: the store's default. */
  readonly dbThreads: number | null;
  /** `--search-timeout`: a search running longer is cancelled (HTTP 504). */
  readonly searchTimeoutMs: number;
  /** `--retention` / `--max-size`; null: keep everything. */
  readonly retention: RetentionPolicy | null;
  /** `--zipkin-port`: Zipkin's `POST /api/v2/spans` on a port of its own; null: only on the main port. */
  readonly zipkinPort: number | null;
  /** `--max-attribute-bytes`: a longer attribute value is cut at ingest, with a "truncated (N bytes)" marker. */
  readonly maxAttributeBytes: number;
  /** `--auth-token-env`, `--cors-origin`, `--frame-ancestors` and the request limits. */
  readonly security: SecurityConfig;
}

export const SERVE_USAGE = `usage: spanscope serve [FILE…] [--port 7070] [--host 127.0.0.1]
       [--otlp-http-port 4318] [--otlp-grpc-port 4317] [--data DIR | --memory]
       [--demo | --no-demo] [--source NAME=KIND:URL…] [--config spanscope.yaml] [--max-request-size 64MiB]
       [--max-import-size 2GiB] [--ready-file PATH] [--db-threads 1] [--search-timeout 30s]
       [--retention 7d] [--max-size 10GB] [--zipkin-port 9411 | off]
       [--auth-token-env VAR] [--cors-origin ORIGIN…] [--frame-ancestors SOURCE…]
       [--max-attribute-bytes 64KiB]
  --demo (the default) seeds demo traces of the last hour when the store is empty; --no-demo never does.
  --db-threads: DuckDB's threads. 1 keeps the cores for ingest (best on 2 cores); more make big
    queries faster on a machine with cores to spare.
  --source NAME=KIND:URL: an external trace store (KIND tempo, jaeger or zipkin) read through
    /api/sources/NAME/…; --config FILE gives sources with credentials (names of environment
    variables), headers, timeout and TLS (see the README).
  --search-timeout: a TraceQL search running longer is cancelled and answered 504 (e.g. 500ms, 30s, 2m).
  --retention: traces stored longer ago than this (s, m, h or d: 90m, 7d) are deleted in the
    background, oldest first; --max-size: past this size (10GB, 500MiB; at least 16MiB; not with
    --memory) the oldest traces are deleted until the store is under it. Pinned traces are never deleted.
  --zipkin-port: Zipkin clients' POST /api/v2/spans (also on --port); off: on --port only.
  --auth-token-env VAR: every request needs the token held in the environment variable VAR
    (Authorization: Bearer TOKEN; a browser opens the app once with ?token=TOKEN). /ready and
    /api/echo stay open. Use it whenever --host is not a loopback address.
  --cors-origin: an origin (https://host:port) whose pages may call the API; repeatable.
  --frame-ancestors: who may show the app in a frame ('self' by default; 'none' or origins); repeatable.
  --max-attribute-bytes: a longer attribute value is stored cut, ending "…[truncated (N bytes)]".
  --ready-file writes {"url","pid","http","otlpHttp","otlpGrpc","zipkin"} once /ready answers 200.
`;

const OPTIONS = {
  port: { type: 'string', default: '7070' },
  host: { type: 'string', default: '127.0.0.1' },
  'otlp-http-port': { type: 'string', default: '4318' },
  'otlp-grpc-port': { type: 'string', default: '4317' },
  data: { type: 'string' },
  memory: { type: 'boolean', default: false },
  demo: { type: 'boolean' },
  'no-demo': { type: 'boolean' },
  source: { type: 'string', multiple: true, default: [] as string[] },
  config: { type: 'string' },
  'max-request-size': { type: 'string', default: '64MiB' },
  'max-import-size': { type: 'string', default: '2GiB' },
  'ready-file': { type: 'string' },
  'db-threads': { type: 'string' },
  'search-timeout': { type: 'string', default: '30s' },
  retention: { type: 'string' },
  'max-size': { type: 'string' },
  'auth-token-env': { type: 'string' },
  'max-attribute-bytes': { type: 'string', default: '64KiB' },
  'cors-origin': { type: 'string', multiple: true, default: [] as string[] },
  'frame-ancestors': { type: 'string', multiple: true, default: [] as string[] },
  help: { type: 'boolean', short: 'h', default: false },
  ...ZIPKIN_PORT_OPTION,
} as const;

/** null when `--help` was asked for. */
export function parseServeArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
): ServeOptions | null {
  const { values: v, positionals } = parseCommandArgs(argv, OPTIONS);
  if (v.help) return null;
  if (v.data !== undefined && v.memory) throw new UsageError('--data and --memory exclude each other');
  if (v.demo && v['no-demo']) throw new UsageError('--demo and --no-demo exclude each other');
  if (v.data === '') throw new UsageError('--data needs a directory');
  if (!v.host) throw new UsageError('--host needs an address');
  const sources = parseSourceOptions(v.source, v.config);
  return {
    files: positionals,
    host: v.host,
    port: parsePort(v.port, '--port'),
    otlpHttpPort: parsePort(v['otlp-http-port'], '--otlp-http-port'),
    otlpGrpcPort: parsePort(v['otlp-grpc-port'], '--otlp-grpc-port'),
    dataDir: v.memory ? null : (v.data ?? DEFAULT_DATA_DIR),
    demo: !v['no-demo'],
    sources,
    maxRequestBytes: parseByteSize(v['max-request-size'], '--max-request-size'),
    maxImportBytes: parseByteSize(v['max-import-size'], '--max-import-size'),
    readyFile: v['ready-file'] ?? null,
    dbThreads: v['db-threads'] === undefined ? null : parseDbThreads(v['db-threads']),
    searchTimeoutMs: parseTimeout(v['search-timeout'], '--search-timeout'),
    retention: parseRetention(v.retention, v['max-size'], v.memory),
    zipkinPort: parseZipkinPort(v['zipkin-port']),
    maxAttributeBytes: parseByteSize(v['max-attribute-bytes'], '--max-attribute-bytes'),
    security: {
      ...DEFAULT_SECURITY,
      authToken: v['auth-token-env'] === undefined ? null : tokenFromEnv(v['auth-token-env'], env),
      corsOrigins: v['cors-origin'].map((o) => parsed(o, '--cors-origin', parseCorsOrigin)),
      frameAncestors:
        v['frame-ancestors'].length > 0
          ? v['frame-ancestors'].map((a) => parsed(a, '--frame-ancestors', parseFrameAncestor))
          : DEFAULT_SECURITY.frameAncestors,
    },
  };
}

/** The sources of `--config FILE` then of each `--source NAME=KIND:URL`; a name given twice is an error. */
export function parseSourceOptions(specs: readonly string[], configFile: string | undefined): SourceConfig[] {
  const sources = [
    ...(configFile !== undefined ? readConfigFile(configFile) : []),
    ...specs.map((spec) => {
      try {
        return parseSourceSpec(spec);
      } catch (err) {
        throw new UsageError(`--source: ${(err as Error).message}`);
      }
    }),
  ];
  const names = sources.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new UsageError(`source name '${dup}' is given twice`);
  return sources;
}

function parsed(text: string, option: string, parse: (text: string) => string): string {
  try {
    return parse(text);
  } catch (err) {
    throw new UsageError(`${option}: ${(err as Error).message}`);
  }
}

/** The token is read from the environment, never from the command line (which `ps` shows to every user). */
function tokenFromEnv(name: string, env: Readonly<Record<string, string | undefined>>): string {
  const token = env[name];
  if (token === undefined || token === '') throw new UsageError(`--auth-token-env: $${name} is not set`);
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))
    throw new UsageError(
      `--auth-token-env: $${name} must be at least ${MIN_TOKEN_LENGTH} characters without spaces (e.g. openssl rand -hex 24)`,
    );
  return token;
}

const RETENTION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
/** Below this, a store would spend its time deleting (an empty store takes a few MiB). */
const MIN_MAX_SIZE = 16 * 1024 ** 2;

/** `--retention 7d` (s/m/h/d, from 1s to 100 years) and `--max-size 10GB` (at least 16 MiB). */
export function parseRetention(
  age: string | undefined,
  size: string | undefined,
  memory: boolean,
): RetentionPolicy | null {
  if (age === undefined && size === undefined) return null;
  // In memory there are no blocks to count, and what DuckDB holds need not shrink when rows go:
  // the limit could delete every trace without ever being met.
  if (size !== undefined && memory)
    throw new UsageError('--max-size bounds a data directory; with --memory, use --retention');
  let maxAgeMs: number | undefined;
  if (age !== undefined) {
    const m = /^(\d{1,6})(s|m|h|d)$/.exec(age.trim());
    maxAgeMs = m ? Number(m[1]) * RETENTION_UNITS[m[2]] : Number.NaN;
    if (!(maxAgeMs >= 1000 && maxAgeMs <= 36_500 * RETENTION_UNITS.d))
      throw new UsageError(
        `--retention must be a whole number of s, m, h or d, such as 36h or 7d (got '${age}')`,
      );
  }
  let maxBytes: number | undefined;
  if (size !== undefined) {
    maxBytes = parseByteSize(size, '--max-size');
    if (maxBytes < MIN_MAX_SIZE)
      throw new UsageError(
        `--max-size must be at least 16MiB, the room an empty store takes (got '${size}')`,
      );
  }
  return { ...(maxAgeMs !== undefined ? { maxAgeMs } : {}), ...(maxBytes !== undefined ? { maxBytes } : {}) };
}

function parseDbThreads(text: string): number {
  const n = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_DB_THREADS))
    throw new UsageError(`--db-threads must be a number from 1 to ${MAX_DB_THREADS} (got '${text}')`);
  return n;
}
