/**
 * The external sources of a running server, resolved per request by name: each with its adapter
 * over its own HTTP client (its own connections, timeout and credentials, so one slow source never
 * holds up another or the local store), its health probed with a short timeout and cached briefly,
 * the secrets to keep out of everything it answers or logs, and the details its deferred answers left
 * out (detail-cache.ts), for the viewer's detail requests.
 */
import type { SourceInfo } from '../../core/api/sources.ts';
import { DetailCache, type DetailCacheOptions } from './detail-cache.ts';
import { SOURCE_ADAPTERS, type SourceAdapter } from './registry.ts';
import { type SourceConfig, type SourceKind, withoutCredentials } from './source-config.ts';
import { detailBatchOf, SOURCE_DEFERRED_MAX_SPANS, type SourceDetails } from './source-details.ts';
import {
  CONVERSION_KILL_MS,
  type ConverterOptions,
  type ConvertTrace,
  TraceConverter,
} from './trace-converter.ts';
import { type TraceSource, UpstreamError } from './trace-source.ts';
import { createUpstream, type HttpUpstream } from './upstream.ts';
import { redact, upstreamOptions } from './upstream-options.ts';

export const PROBE_TIMEOUT_MS = 2_000;
export const HEALTH_TTL_MS = 10_000;

export interface ExternalSource {
  readonly name: string;
  readonly kind: SourceKind;
  /** The base URL without credentials. */
  readonly url: string;
  readonly source: TraceSource;
  /**
   * The detail batch of the trace's spans with keys in [from, to] (as its deferred columnar answer
   * gave them), from what that answer left out, or read from the source again once that is gone; null
   * when the source does not have the trace. Throws an UpstreamError when the trace is no longer the
   * one those keys name, or is too big to have its details apart.
   */
  spanDetails(traceId: string, from: bigint, to: bigint): Promise<Uint8Array | null>;
  /** `text` without any of the source's secrets. */
  redact(text: string): string;
}

interface Entry extends ExternalSource {
  readonly adapter: SourceAdapter;
  readonly upstream: HttpUpstream;
  readonly probe: HttpUpstream;
  health: { readonly atMs: number; readonly info: Promise<SourceInfo> } | null;
}

export interface SourceSetOptions {
  readonly probeTimeoutMs?: number;
  readonly healthTtlMs?: number;
  readonly adapters?: Readonly<Record<SourceKind, SourceAdapter>>;
  /** Where the sources' big traces are converted (tests start the worker from source). */
  readonly converter?: ConverterOptions;
  readonly detailCache?: DetailCacheOptions;
}

export class SourceSet {
  readonly #entries = new Map<string, Entry>();
  readonly #probeTimeoutMs: number;
  readonly #healthTtlMs: number;
  readonly #converter: TraceConverter;
  readonly #details: DetailCache;
  /** Reads of a trace again for its details (its cache entry gone), one per trace at a time. */
  readonly #rereads = new Map<string, Promise<SourceDetails | null>>();

  /** Throws SourceConfigError (naming the setting) for a credential whose variable is unset, or a CA file unreadable. */
  constructor(
    configs: readonly SourceConfig[],
    env: Readonly<Record<string, string | undefined>>,
    options: SourceSetOptions = {},
  ) {
    this.#probeTimeoutMs = options.probeTimeoutMs ?? PROBE_TIMEOUT_MS;
    this.#healthTtlMs = options.healthTtlMs ?? HEALTH_TTL_MS;
    const adapters = options.adapters ?? SOURCE_ADAPTERS;
    // A streamed conversion lasts as long as its upstream answer, up to the slowest source's timeout.
    const slowest = Math.max(0, ...configs.map((c) => c.timeoutMs));
    this.#converter = new TraceConverter({ killMs: CONVERSION_KILL_MS + slowest, ...options.converter });
    this.#details = new DetailCache(options.detailCache);
    for (const config of configs) {
      const opts = upstreamOptions(config, env);
      const upstream = createUpstream(opts);
      const probe = createUpstream({
        ...opts,
        timeoutMs: Math.min(opts.timeoutMs, this.#probeTimeoutMs),
      });
      const adapter = adapters[config.kind];
      const source = adapter.create(config.name, upstream, this.#keepingDetails(this.#converter.convert));
      this.#entries.set(config.name, {
        name: config.name,
        kind: config.kind,
        url: withoutCredentials(opts.baseUrl),
        source,
        spanDetails: (traceId, from, to) => this.#spanDetails(config.name, source, traceId, from, to),
        redact: (text) => redact(text, opts.secrets),
        adapter,
        upstream,
        probe,
        health: null,
      });
    }
  }

  /** `convert` whose deferred answers leave their details in the cache. */
  #keepingDetails(convert: ConvertTrace): ConvertTrace {
    return (c) => {
      const sink = convert(c);
      return {
        ...sink,
        end: async () => {
          const trace = await sink.end();
          if (trace?.details) this.#details.put(c.source, c.traceId, trace.details);
          return trace;
        },
      };
    };
  }

  async #spanDetails(
    name: string,
    source: TraceSource,
    traceId: string,
    from: bigint,
    to: bigint,
  ): Promise<Uint8Array | null> {
    const details = this.#details.get(name, traceId) ?? (await this.#reread(name, source, traceId));
    if (!details) return null;
    const batch = detailBatchOf(details, from, to);
    if (batch) return batch;
    throw new UpstreamError(
      name,
      'not-found',
      `the details of trace ${traceId} asked for (keys ${from} to ${to}) are not those of the trace the store has now (it changed since it was opened): open the trace again`,
    );
  }

  /** The trace read again as the viewer reads it, for its details; null when the store does not have it. */
  #reread(name: string, source: TraceSource, traceId: string): Promise<SourceDetails | null> {
    const key = `${name}/${traceId}`;
    let reading = this.#rereads.get(key);
    if (!reading) {
      reading = (async () => {
        if (!(await source.getTrace(traceId, 'columnar-deferred'))) return null;
        const details = this.#details.get(name, traceId);
        if (!details)
          throw new UpstreamError(
            name,
            'unsupported',
            `trace ${traceId} has more than ${SOURCE_DEFERRED_MAX_SPANS} spans: its details come with it, not apart`,
          );
        return details;
      })().finally(() => this.#rereads.delete(key));
      this.#rereads.set(key, reading);
    }
    return reading;
  }

  get(name: string): ExternalSource | null {
    return this.#entries.get(name) ?? null;
  }

  get names(): string[] {
    return [...this.#entries.keys()];
  }

  /** Every source with its health, probed in parallel (at most the probe timeout) or from the cache. */
  list(nowMs = Date.now()): Promise<SourceInfo[]> {
    return Promise.all([...this.#entries.values()].map((e) => this.#health(e, nowMs)));
  }

  #health(e: Entry, nowMs: number): Promise<SourceInfo> {
    if (e.health && nowMs - e.health.atMs < this.#healthTtlMs) return e.health.info;
    const info = this.#probe(e);
    e.health = { atMs: nowMs, info };
    return info;
  }

  async #probe(e: Entry): Promise<SourceInfo> {
    const base = { name: e.name, kind: e.kind, url: e.url };
    const t0 = performance.now();
    const checkedAtMs = Date.now();
    try {
      const answer = await e.probe.get(e.adapter.healthPath);
      const latencyMs = Math.round(performance.now() - t0);
      if (answer.status >= 500)
        return {
          ...base,
          health: {
            reachable: true,
            latencyMs,
            checkedAtMs,
            error: e.redact(`the store answered ${answer.status} to ${e.adapter.healthPath}`),
            failure: 'upstream-error',
          },
        };
      return { ...base, health: { reachable: true, latencyMs, checkedAtMs } };
    } catch (err) {
      if (!(err instanceof UpstreamError)) throw err;
      return {
        ...base,
        health: {
          // The store answered, but refused the credentials.
          reachable: err.failure === 'unauthorized',
          latencyMs: Math.round(performance.now() - t0),
          checkedAtMs,
          error: e.redact(err.message),
          failure: err.failure,
        },
      };
    }
  }

  close(): void {
    for (const e of this.#entries.values()) {
      e.upstream.close();
      e.probe.close();
    }
    void this.#converter.close();
  }
}
