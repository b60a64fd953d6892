/**
 * One running `spanscope serve`: the HTTP ports listen at once (so `/ready` can answer 503 while the
 * store opens), then the store opens, start-up files are imported and demo data seeded, and only
 * then is the server ready. `close` is the graceful shutdown of DESIGN §4: stop accepting, let the
 * pending acknowledgements answer, close the store.
 */

import { createMainHandler, createOtlpHandler, createZipkinPortHandler } from '../http/app-server.ts';
import { TokenAuth } from '../http/auth.ts';
import { BodyBudget, bodyBudgetFor } from '../http/body-budget.ts';
import { type HttpListener, listenHttp } from '../http/listen.ts';
import { ServerState } from '../http/server-state.ts';
import { type GrpcReceiver, startGrpcReceiver } from '../otlp/grpc-receiver.ts';
import { type PreviewOptions, PreviewService } from '../preview/preview-service.ts';
import { SourceSet } from '../sources/source-set.ts';
import type { ConverterOptions } from '../sources/trace-converter.ts';
import type { TraceStore } from '../store/types.ts';
import { listenZipkin } from '../zipkin/zipkin-handlers.ts';
import type { ServeOptions } from './serve-args.ts';

export interface RuntimeDeps {
  openStore(): Promise<TraceStore>;
  /** Imports the start-up files and seeds demo data once the store is open; stops early on `signal`. */
  prepare(store: TraceStore, signal: AbortSignal): Promise<void>;
  readonly appDir: string | null;
  readonly log: (line: string) => void;
  /** Link previews' worker and limits (tests start the worker from source). */
  readonly previews?: PreviewOptions;
  /** Where the sources' credentials are read from (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Where the sources' big traces are converted (tests start the worker from source). */
  readonly converter?: ConverterOptions;
}

export interface Ports {
  readonly http: number;
  readonly otlpHttp: number;
  readonly otlpGrpc: number;
  /** Zipkin's port; null when it is off (`--zipkin-port off`: the main port only). */
  readonly zipkin: number | null;
}

export interface RunningServer {
  readonly ports: Ports;
  readonly state: ServerState;
  /** Settles when the server is ready, or rejects with why it cannot be. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

const GRACE_MS = 10_000;

export async function startRuntime(opts: ServeOptions, deps: RuntimeDeps): Promise<RunningServer> {
  // First: a source whose credentials cannot be read stops the start (SourceConfigError, exit 2).
  const sources = new SourceSet(opts.sources, deps.env ?? process.env, { converter: deps.converter });
  const state = new ServerState(new BodyBudget(bodyBudgetFor(opts.maxRequestBytes)));
  const previews = new PreviewService(() => state.openStore, deps.previews);
  const appOptions = { ...opts, sources, state, previews, appDir: deps.appDir, log: deps.log };
  const listeners: { close(graceMs: number): Promise<void> }[] = [];
  try {
    const headerBytes = opts.security.limits.maxHeaderBytes;
    const main = await listenHttp(
      createMainHandler(appOptions),
      opts.host,
      opts.port,
      'web app and API',
      headerBytes,
    );
    listeners.push(main);
    const zipkin = await listenZipkin(main, opts, createZipkinPortHandler(appOptions));
    if (zipkin && zipkin !== main) listeners.push(zipkin);
    // The main port answers OTLP/HTTP too, so the same port twice means one listener.
    let otlpHttp: HttpListener = main;
    if (opts.otlpHttpPort !== opts.port || opts.port === 0) {
      otlpHttp = await listenHttp(
        createOtlpHandler(appOptions),
        opts.host,
        opts.otlpHttpPort,
        'OTLP/HTTP',
        headerBytes,
      );
      listeners.push(otlpHttp);
    }
    const grpc: GrpcReceiver = await startGrpcReceiver({
      ...appOptions,
      port: opts.otlpGrpcPort,
      auth: opts.security.authToken === null ? null : new TokenAuth(opts.security.authToken),
      maxConcurrentCalls: opts.security.limits.maxConcurrentRequests,
    }).catch((err: Error) => {
      throw new Error(`cannot listen on ${opts.host}:${opts.otlpGrpcPort} (OTLP/gRPC): ${err.message}`);
    });
    listeners.push(grpc);

    const stopPreparing = new AbortController();
    const ready = (async () => {
      const store = await deps.openStore();
      state.store = store;
      await deps.prepare(store, stopPreparing.signal);
      if (!state.closing) state.ready = true;
    })();
    ready.catch(() => {});

    let closing: Promise<void> | null = null;
    const close = () =>
      (closing ??= (async () => {
        state.closing = true;
        state.ready = false;
        stopPreparing.abort();
        const stopped = Promise.all(listeners.map((l) => l.close(GRACE_MS)));
        await state.drain();
        await stopped;
        await previews.close();
        sources.close();
        await ready.catch(() => {});
        const store = state.store;
        state.store = null;
        await store?.close();
      })());
    const ports = {
      http: main.port,
      otlpHttp: otlpHttp.port,
      otlpGrpc: grpc.port,
      zipkin: zipkin?.port ?? null,
    };
    return { ports, state, ready, close };
  } catch (err) {
    await Promise.all(listeners.map((l) => l.close(0)));
    await previews.close();
    sources.close();
    throw err;
  }
}
