/**
 * `spanscope serve` arguments → ServeOptions (DESIGN §3). Every problem is a UsageError (exit 2).
 */
import { parseSourceSpec, type SourceConfig } from '../http/sources.ts';
import { parseZipkinPort, ZIPKIN_PORT_OPTION } from '../zipkin/zipkin-port.ts';
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
  /** `--zipkin-port`: Zipkin's `POST /api/v2/spans` on a port of its own; null: only on the main port. */
  readonly zipkinPort: number | null;
}

export const SERVE_USAGE = `usage: spanscope serve [FILE…] [--port 7070] [--host 127.0.0.1]
       [--otlp-http-port 4318] [--otlp-grpc-port 4317] [--data DIR | --memory]
       [--demo | --no-demo] [--source NAME=KIND:URL…] [--max-request-size 64MiB]
       [--max-import-size 2GiB] [--ready-file PATH] [--db-threads 1] [--search-timeout 30s]
       [--zipkin-port 9411 | off]
  --demo (the default) seeds demo traces of the last hour when the store is empty; --no-demo never does.
  --db-threads: DuckDB's threads. 1 keeps the cores for ingest (best on 2 cores); more make big
    queries faster on a machine with cores to spare.
  --search-timeout: a TraceQL search running longer is cancelled and answered 504 (e.g. 500ms, 30s, 2m).
  --zipkin-port: Zipkin clients' POST /api/v2/spans (also on --port); off: on --port only.
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
  'max-request-size': { type: 'string', default: '64MiB' },
  'max-import-size': { type: 'string', default: '2GiB' },
  'ready-file': { type: 'string' },
  'db-threads': { type: 'string' },
  'search-timeout': { type: 'string', default: '30s' },
  help: { type: 'boolean', short: 'h', default: false },
  ...ZIPKIN_PORT_OPTION,
} as const;

/** null when `--help` was asked for. */
export function parseServeArgs(argv: readonly string[]): ServeOptions | null {
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
    zipkinPort: parseZipkinPort(v['zipkin-port']),
  };
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
