/**
 * The `/api/sources` answer: the local store and each configured external store, with its health.
 */
import type { SourceFailure } from './errors.ts';

/** A probe of an external source (cached briefly by the server). */
export interface SourceHealth {
  readonly reachable: boolean;
  /** How long the probe took, ms. */
  readonly latencyMs: number;
  /** When the probe was made, ms since the epoch. */
  readonly checkedAtMs: number;
  /** Why it is not reachable (or not usable): the message and its kind. */
  readonly error?: string;
  readonly failure?: SourceFailure;
}

export interface SourceInfo {
  readonly name: string;
  /** 'local' or the external store's kind (tempo, jaeger, zipkin). */
  readonly kind: string;
  /** The store's base URL, without credentials (absent for the local store). */
  readonly url?: string;
  /** Absent for the local store. */
  readonly health?: SourceHealth;
}

export interface SourcesResponse {
  readonly sources: readonly SourceInfo[];
}
