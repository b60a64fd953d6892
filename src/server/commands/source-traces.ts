/**
 * `--source NAME --trace ID` of `summary`, `query` and `diff`: traces read from a trace source
 * instead of a file. NAME is a source of `--config FILE`, or `NAME=KIND:URL` given inline, or
 * `local`: the running Spanscope server at `--server URL` (default http://127.0.0.1:7070), read
 * through its Tempo-compatible API, so a trace in Tempo can be diffed against one in the local
 * store. Credentials come from the environment as for `serve`.
 */
import { LOCAL_SOURCE } from '../../core/api/paths.ts';
import { decodeInput } from '../../core/formats/index.ts';
import { canonicalTraceId } from '../../core/model/ids.ts';
import type { TraceSetBuilder } from '../../core/model/span-table.ts';
import { parseSourceSpec, type SourceConfig } from '../sources/source-config.ts';
import { SourceSet } from '../sources/source-set.ts';
import { createTempoSource } from '../sources/tempo/tempo-source.ts';
import type { TraceSource } from '../sources/trace-source.ts';
import { createUpstream } from '../sources/upstream.ts';
import { SourceConfigError, upstreamOptions } from '../sources/upstream-options.ts';
import { UsageError } from './args.ts';
import { readConfigFile } from './config-file.ts';
import { InputError } from './input-file.ts';
import type { SourceTraces } from './read-traces.ts';

export const DEFAULT_SERVER = 'http://127.0.0.1:7070';

/** The options every command reading from a source takes. */
export const SOURCE_OPTIONS = {
  config: { type: 'string' },
  server: { type: 'string', default: DEFAULT_SERVER },
} as const;

/** `--source NAME --trace ID…` with SOURCE_OPTIONS: the traces of summary and query. */
export const TRACES_FROM_SOURCE_OPTIONS = {
  source: { type: 'string' },
  trace: { type: 'string', multiple: true },
  ...SOURCE_OPTIONS,
} as const;

export interface SourceContext {
  readonly config?: string;
  readonly server: string;
}

/** Opened sources by name, for one command run; `close` ends their connections. */
export class CommandSources {
  readonly #closers: (() => void)[] = [];
  readonly #byName = new Map<string, TraceSource>();

  constructor(private readonly context: SourceContext) {}

  /** The source NAME (or NAME=KIND:URL, or local); throws UsageError naming what is wrong. */
  open(spec: string): TraceSource {
    const known = this.#byName.get(spec);
    if (known) return known;
    const source = this.#open(spec);
    this.#byName.set(spec, source);
    return source;
  }

  #open(spec: string): TraceSource {
    let config: SourceConfig;
    if (spec === LOCAL_SOURCE) {
      try {
        config = parseSourceSpec(`local-server=tempo:${this.context.server}`);
      } catch (err) {
        throw new UsageError(`--server: ${(err as Error).message.replace(/^source '[^']*': /, '')}`);
      }
      // Named with its URL in messages: `source 'local (http://…)': connection refused`.
      const name = `${LOCAL_SOURCE} (${this.context.server})`;
      const upstream = createUpstream({ ...upstreamOptions(config, {}), name });
      this.#closers.push(() => upstream.close());
      return createTempoSource(name, upstream);
    }
    if (spec.includes('=')) {
      try {
        config = parseSourceSpec(spec);
      } catch (err) {
        throw new UsageError(`--source: ${(err as Error).message}`);
      }
    } else {
      if (this.context.config === undefined)
        throw new UsageError(`--source ${spec}: give --config FILE naming it, NAME=KIND:URL, or local`);
      const found = readConfigFile(this.context.config).find((c) => c.name === spec);
      if (!found) throw new UsageError(`--source ${spec}: no such source in ${this.context.config}`);
      config = found;
    }
    let set: SourceSet;
    try {
      set = new SourceSet([config], process.env);
    } catch (err) {
      if (err instanceof SourceConfigError) throw new UsageError(err.message);
      throw err;
    }
    this.#closers.push(() => set.close());
    return (set.get(config.name) as NonNullable<ReturnType<SourceSet['get']>>).source;
  }

  /** Decodes the traces `ids` of source `spec` into `sink`; an unknown id is an InputError. */
  async read(spec: string, ids: readonly string[], sink: TraceSetBuilder): Promise<void> {
    const source = this.open(spec);
    for (const raw of ids) {
      const id = canonicalTraceId(raw);
      if (id === null) throw new UsageError(`--trace: '${raw}' is not a trace id (hex, up to 32 digits)`);
      const bytes = await source.getTrace(id, 'tempo-v2');
      if (!bytes) throw new InputError(`source '${spec}': trace ${id} not found`);
      decodeInput(bytes, sink);
    }
  }

  close(): void {
    for (const close of this.#closers) close();
  }
}

/** `--source NAME --trace ID…` of summary and query: the traces to read, or none without --source. */
export function sourceTracesOf(
  values: { source?: string; trace?: string[]; config?: string; server?: string },
  sources: CommandSources,
): SourceTraces | undefined {
  const ids = values.trace ?? [];
  if (values.source === undefined) {
    if (ids.length > 0) throw new UsageError('--trace needs --source NAME (the store to read it from)');
    return undefined;
  }
  if (ids.length === 0) throw new UsageError(`--source ${values.source} needs --trace ID (one or more)`);
  return { sources, spec: values.source, ids };
}
