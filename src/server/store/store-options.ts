/** What a store is opened with (DuckStore.open), where it lives by default, and a small export's request as logged. */
import type { SpanLimits } from '../../core/model/span-limits.ts';
import type { CheckpointPolicy } from './ingest/checkpointer.ts';
import type { TagLimits } from './schema/tag-catalog.ts';
import type { OtlpEncoding, RetentionPolicy } from './types.ts';

export const DEFAULT_DATA_DIR = './.spanscope/data';
export const DB_FILE = 'spanscope.duckdb';

export const DEFAULT_DB_THREADS = 1;

export interface StoreOptions {
  /** Directory of the database (created if missing); default ./.spanscope/data. */
  readonly dataDir?: string;
  /** Keep everything in memory (nothing survives the process). */
  readonly memory?: boolean;
  /**
   * DuckDB threads; default 1. On the 2-core machine this was tuned on, the decode and database
   * workers already keep both cores busy during ingest; a second DuckDB thread added ~15% CPU per
   * ingested span (scheduling and idle polling) and took ingest throughput down, for queries up to
   * ~2× faster on a quiet store (find in a 1M-span trace's details: 2.4 s instead of 3.2–4.4 s).
   */
  readonly threads?: number;
  /** Spans above which a commit group is cut (default 50,000). */
  readonly maxGroupSpans?: number;
  readonly tagLimits?: TagLimits;
  /** When to checkpoint (on disk only). */
  readonly checkpoint?: CheckpointPolicy;
  /** Deletes old traces in the background (never pinned ones); none: keeps everything. */
  readonly retention?: RetentionPolicy;
  /** The clock of pins, retention and the ingest rate (tests); default Date.now. */
  readonly now?: () => number;
  /** What one span may hold (`--max-attribute-bytes`): more is cut or dropped and counted at ingest. */
  readonly spanLimits?: SpanLimits;
  /**
   * Told (after the log line) when a background checkpoint, or the commit of exports acknowledged
   * from the ack log, failed: the database may be invalidated.
   */
  readonly onCheckpointError?: (error: unknown) => void;
  /** Where the lines of a schema migration go (one line each); default stderr. */
  readonly log?: (line: string) => void;
  /** Spans per transaction of a schema migration (tests); see schema/migrate-v1.ts. */
  readonly migrationChunkSpans?: number;
  /** Tests: small exports acknowledged from the ack log are never applied (killed before they are). */
  readonly testHoldLoggedApplies?: boolean;
}

/** An urgent export's request as received, for the ack log (ingest/logged-exports.ts). */
export interface LoggedRequest {
  readonly body: Uint8Array;
  readonly encoding: OtlpEncoding;
}

/** Where the store's log lines go unless told otherwise. */
export const logLineTo = (options: StoreOptions) =>
  options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
