/**
 * `spanscope serve` arguments → ServeOptions (DESIGN §3). Every problem is a UsageError (exit 2).
 */
import { MIN_TOKEN_LENGTH } from '../http/auth.ts';
import { parseCorsOrigin } from '../http/origin-policy.ts';
import { DEFAULT_SECURITY, type SecurityConfig } from '../http/request-guard.ts';
import { parseFrameAncestor } from '../http/security-headers.ts';
import { parseSourceSpec, type SourceConfig } from '../http/sources.ts';
import { parseByteSize, parseCommandArgs, parsePort, UsageError } from './args.ts';

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
  /** `--max-attribute-bytes`: a longer attribute value is cut at ingest, with a "truncated (N bytes)" marker. */
  readonly maxAttributeBytes: number;
  /** `--auth-token-env`, `--cors-origin`, `--frame-ancestors` and the request limits. */
  readonly security: SecurityConfig;
}

export const SERVE_USAGE = `usage: spanscope serve [FILE…] [--port 7070] [--host 127.0.0.1]
       [--otlp-http-port 4318] [--otlp-grpc-port 4317] [--data DIR | --memory]
       [--demo | --no-demo] [--source NAME=KIND:URL…] [--max-request-size 64MiB]
       [--max-import-size 2GiB] [--ready-file PATH] [--db-threads 1] [--search-timeout 30s]
       [--auth-token-env VAR] [--cors-origin ORIGIN…] [--frame-ancestors SOURCE…]
       [--max-attribute-bytes 64KiB]
  --demo (the default) seeds demo traces of the last hour when the store is empty; --no-demo never does.
  --db-threads: DuckDB's threads. 1 keeps the cores for ingest (best on 2 cores); more make big
    queries faster on a machine with cores to spare.
  --search-timeout: a TraceQL search running longer is cancelled and answered 504 (e.g. 500ms, 30s, 2m).
  --auth-token-env VAR: every request needs the token held in the environment variable VAR
    (Authorization: Bearer TOKEN; a browser opens the app once with ?token=TOKEN). /ready and
    /api/echo stay open. Use it whenever --host is not a loopback address.
  --cors-origin: an origin (https://host:port) whose pages may call the API; repeatable.
  --frame-ancestors: who may show the app in a frame ('self' by default; 'none' or origins); repeatable.
  --max-attribute-bytes: a longer attribute value is stored cut, ending "…[truncated (N bytes)]".
  --ready-file writes {"url","pid","http","otlpHttp","otlpGrpc"} once /ready answers 200.
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
  'max-request-size': { type: 'string', default: '64MiB' },
  'max-import-size': { type: 'string', default: '2GiB' },
  'ready-file': { type: 'string' },
  'db-threads': { type: 'string' },
  'search-timeout': { type: 'string', default: '30s' },
  'auth-token-env': { type: 'string' },
  'max-attribute-bytes': { type: 'string', default: '64KiB' },
  'cors-origin': { type: 'string', multiple: true, default: [] as string[] },
  'frame-ancestors': { type: 'string', multiple: true, default: [] as string[] },
  help: { type: 'boolean', short: 'h', default: false },
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
  const sources = v.source.map((spec) => {
    try {
      return parseSourceSpec(spec);
    } catch (err) {
      throw new UsageError(`--source: ${(err as Error).message}`);
    }
  });
  const names = sources.map((s) => s.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new UsageError(`--source name '${dup}' is given twice`);
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

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `2m`, `1h` or a number of seconds, from 1 ms to 24 h. */
export function parseTimeout(text: string, option: string): number {
  const m = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * TIME_UNITS[m[2] ?? 's'] : Number.NaN;
  if (!(ms >= 1 && ms <= 86_400_000))
    throw new UsageError(`${option} must be a duration from 1ms to 24h, such as 30s or 2m (got '${text}')`);
  return Math.round(ms);
}

function parseDbThreads(text: string): number {
  const n = /^\d{1,3}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_DB_THREADS))
    throw new UsageError(`--db-threads must be a number from 1 to ${MAX_DB_THREADS} (got '${text}')`);
  return n;
}
