/**
 * Which adapter reads each kind of external store: its factory and the cheap request that probes
 * its health.
 */

import { createJaegerSource } from './jaeger/jaeger-source.ts';
import type { SourceKind } from './source-config.ts';
import { createTempoSource, TEMPO_HEALTH_PATH } from './tempo/tempo-source.ts';
import type { ConvertTrace } from './trace-converter.ts';
import type { TraceSource, Upstream } from './trace-source.ts';
import { createZipkinSource } from './zipkin/zipkin-source.ts';

export type SourceFactory = (name: string, upstream: Upstream, convert: ConvertTrace) => TraceSource;

export interface SourceAdapter {
  readonly create: SourceFactory;
  /** A GET that the store answers 2xx when it is up (any answer means reachable). */
  readonly healthPath: string;
}

export const SOURCE_ADAPTERS: Readonly<Record<SourceKind, SourceAdapter>> = {
  tempo: { create: createTempoSource, healthPath: TEMPO_HEALTH_PATH },
  // The v1 services list: served by every Jaeger query service, also those with api_v3.
  jaeger: { create: createJaegerSource, healthPath: '/api/services' },
  zipkin: { create: createZipkinSource, healthPath: '/api/v2/services' },
};
