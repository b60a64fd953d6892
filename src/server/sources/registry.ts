/**
 * Which adapter reads each kind of external store: its factory and the cheap request that probes
 * its health. A kind without an entry is configurable but answers "not supported in this build".
 */
import type { SourceKind } from './source-config.ts';
import { createTempoSource, TEMPO_HEALTH_PATH } from './tempo/tempo-source.ts';
import type { TraceSource, Upstream } from './trace-source.ts';

export type SourceFactory = (name: string, upstream: Upstream) => TraceSource;

export interface SourceAdapter {
  readonly create: SourceFactory;
  /** A GET that the store answers 2xx when it is up (any answer means reachable). */
  readonly healthPath: string;
}

export const SOURCE_ADAPTERS: Readonly<Partial<Record<SourceKind, SourceAdapter>>> = {
  tempo: { create: createTempoSource, healthPath: TEMPO_HEALTH_PATH },
};
