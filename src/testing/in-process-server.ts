/**
 * The server runtime started inside the test process on free loopback ports, with a fake store:
 * fast tests of routing, limits and status codes. (Whole-server tests use server-harness.ts.)
 */
import type { ServeOptions } from '../server/commands/serve-args.ts';
import { type RunningServer, startRuntime } from '../server/commands/server-runtime.ts';
import { DEFAULT_SECURITY } from '../server/http/request-guard.ts';
import type { PreviewOptions } from '../server/preview/preview-service.ts';
import type { ConverterOptions } from '../server/sources/trace-converter.ts';
import type { TraceStore } from '../server/store/types.ts';
import { FakeTraceStore } from './fake-trace-store.ts';
import { tsWorker } from './ts-worker.ts';

export interface InProcessServer<S extends TraceStore = FakeTraceStore> {
  readonly base: string;
  readonly otlpBase: string;
  readonly grpcAddress: string;
  /** The Zipkin port's base URL; null when started with `zipkinPort: null`. */
  readonly zipkinBase: string | null;
  readonly store: S;
  readonly runtime: RunningServer;
  readonly logs: string[];
  close(): Promise<void>;
}

export interface InProcessOptions<S extends TraceStore = FakeTraceStore> extends Partial<ServeOptions> {
  readonly appDir?: string | null;
  /** Resolves to the store; pending until the test releases it (to test the "starting" state). */
  readonly storeGate?: Promise<void>;
  readonly prepare?: (store: TraceStore) => Promise<void>;
  /** The store to serve (default a new FakeTraceStore; a real one for end-to-end reads). */
  readonly store?: S;
  /** The link previews' worker and limits (default: the preview worker from source). */
  readonly previews?: PreviewOptions;
  /** The environment the sources' credentials are read from. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The sources' trace conversions (default: the conversion worker from source). */
  readonly converter?: ConverterOptions;
}

/** The preview worker run from its TypeScript source. */
export const PREVIEW_WORKER = new URL('../server/preview/preview-worker.ts', import.meta.url);
/** The sources' trace conversion worker run from its TypeScript source. */
export const CONVERT_WORKER = new URL('../server/sources/convert-worker.ts', import.meta.url);

export async function startInProcess<S extends TraceStore = FakeTraceStore>(
  options: InProcessOptions<S> = {},
): Promise<InProcessServer<S>> {
  const store = options.store ?? (new FakeTraceStore() as TraceStore as S);
  const logs: string[] = [];
  const runtime = await startRuntime(
    {
      files: [],
      host: '127.0.0.1',
      port: 0,
      otlpHttpPort: 0,
      otlpGrpcPort: 0,
      dataDir: null,
      demo: false,
      sources: [],
      maxRequestBytes: 64 * 1024 * 1024,
      maxImportBytes: 2 * 1024 ** 3,
      readyFile: null,
      dbThreads: null,
      searchTimeoutMs: 30_000,
      retention: null,
      zipkinPort: 0,
      maxAttributeBytes: 64 * 1024,
      security: DEFAULT_SECURITY,
      ...options,
    },
    {
      openStore: async () => {
        await options.storeGate;
        return store;
      },
      prepare: options.prepare ?? (async () => {}),
      appDir: options.appDir ?? null,
      log: (line) => logs.push(line),
      env: options.env ?? {},
      previews: { startWorker: (limits) => tsWorker(PREVIEW_WORKER, limits), ...options.previews },
      converter: { startWorker: () => tsWorker(CONVERT_WORKER), ...options.converter },
    },
  );
  if (!options.storeGate) await runtime.ready;
  const { ports } = runtime;
  return {
    base: `http://127.0.0.1:${ports.http}`,
    otlpBase: `http://127.0.0.1:${ports.otlpHttp}`,
    grpcAddress: `127.0.0.1:${ports.otlpGrpc}`,
    zipkinBase: ports.zipkin === null ? null : `http://127.0.0.1:${ports.zipkin}`,
    store,
    runtime,
    logs,
    close: () => runtime.close(),
  };
}
