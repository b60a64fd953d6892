/**
 * `spanscope serve`: the embedded store, its OTLP receivers, the API and the web app.
 * Prints `spanscope: http://HOST:PORT (OTLP/HTTP :P, OTLP/gRPC :P)` once listening (the actual
 * ports, also with port 0) and `spanscope: ready` once `/ready` answers 200.
 */
import { existsSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SPAN_LIMITS } from '../../core/model/span-limits.ts';
import { SourceConfigError } from '../sources/upstream-options.ts';
import { createStore } from '../store/index.ts';
import { UsageError } from './args.ts';
import { exposureWarning } from './exposure-warning.ts';
import { parseServeArgs, SERVE_USAGE, type ServeOptions } from './serve-args.ts';
import { type Ports, startRuntime } from './server-runtime.ts';
import { importStartupFiles, StartupError, seedDemo } from './startup-data.ts';

/** dist/app beside the bundled CLI (dist/server/cli.mjs), or the repo's dist/app when run from source. */
function findAppDir(): string | null {
  const candidates = [
    process.env.SPANSCOPE_APP_DIR,
    fileURLToPath(new URL('../app/', import.meta.url)),
    fileURLToPath(new URL('../../../dist/app/', import.meta.url)),
  ];
  return candidates.find((dir) => dir && existsSync(`${dir}/index.html`)) ?? null;
}

export function urlOf(host: string, port: number): string {
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}

async function writeReadyFile(path: string, opts: ServeOptions, ports: Ports): Promise<void> {
  const info = { url: urlOf(opts.host, ports.http), pid: process.pid, ...ports };
  await writeFile(`${path}.tmp`, `${JSON.stringify(info)}\n`);
  await rename(`${path}.tmp`, path);
}

export async function runServe(argv: readonly string[]): Promise<number> {
  const opts = parseServeArgs(argv);
  if (!opts) {
    process.stdout.write(SERVE_USAGE);
    return 0;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const exposure = exposureWarning(opts);
  if (exposure) log(exposure);
  const startedMs = Date.now();
  const server = await startRuntime(opts, {
    openStore: () =>
      createStore({
        ...(opts.dataDir ? { dataDir: opts.dataDir } : { memory: true }),
        ...(opts.dbThreads ? { threads: opts.dbThreads } : {}),
        ...(opts.retention ? { retention: opts.retention } : {}),
        spanLimits: { ...DEFAULT_SPAN_LIMITS, maxAttributeBytes: opts.maxAttributeBytes },
      }),
    prepare: async (store, signal) => {
      await importStartupFiles(store, opts.files, opts.maxImportBytes, log);
      if (opts.demo && (await store.spanCount()) === 0) {
        const spans = await seedDemo(store, startedMs, signal);
        log(`spanscope: demo data: ${spans} spans`);
      }
    },
    appDir: findAppDir(),
    log,
    previews: { eager: true },
  }).catch((err) => {
    // A source's credential variable unset or its CA file unreadable: a usage error (exit 2).
    throw err instanceof SourceConfigError ? new UsageError(err.message) : err;
  });
  const { ports } = server;
  process.stdout.write(
    `spanscope: ${urlOf(opts.host, ports.http)} (OTLP/HTTP :${ports.otlpHttp}, OTLP/gRPC :${ports.otlpGrpc})\n`,
  );
  if (ports.zipkin !== null)
    process.stdout.write(`spanscope: Zipkin spans: POST ${urlOf(opts.host, ports.zipkin)}/api/v2/spans\n`);

  const stopped = new Promise<number>((resolve) => {
    let signals = 0;
    const onSignal = () => {
      if (++signals > 1) process.exit(1);
      server.close().then(
        () => resolve(0),
        (err) => {
          log(`spanscope: shutdown failed: ${(err as Error).message}`);
          resolve(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });

  try {
    await server.ready;
  } catch (err) {
    log(
      `spanscope: ${err instanceof StartupError ? err.message : `cannot start: ${(err as Error).message}`}`,
    );
    await server.close().catch(() => {});
    return err instanceof StartupError ? 2 : 1;
  }
  if (server.state.closing) return stopped;
  if (opts.readyFile) await writeReadyFile(opts.readyFile, opts, ports);
  process.stdout.write(`spanscope: ready${opts.dataDir ? ` (data in ${opts.dataDir})` : ' (in memory)'}\n`);
  return stopped;
}
