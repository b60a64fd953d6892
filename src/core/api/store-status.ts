/** Answer shapes of `/api/pins` and `/api/status`. */

/** The longest pin note the store takes (characters). */
export const MAX_NOTE_CHARS = 1000;

/**
 * A pinned trace: kept by retention, and read as it was when pinned (spans of the trace that arrive
 * later are not part of the snapshot), with the trace's figures as the search listing gives them.
 */
export interface PinInfo {
  readonly traceId: string;
  readonly note: string;
  readonly pinnedBy: string;
  /** Unix ms. */
  readonly pinnedAtMs: number;
  readonly rootServiceName?: string;
  readonly rootTraceName?: string;
  /** Unix ns, as a decimal string. */
  readonly startTimeUnixNano: string;
  readonly durationMs: number;
  readonly spanCount: number;
  readonly errorCount: number;
}

/** `--retention` / `--max-size`: either, both or neither. */
export interface RetentionPolicy {
  /** Traces ingested longer ago than this are deleted (pinned ones never). */
  readonly maxAgeMs?: number;
  /** Past this many bytes of database (used blocks + WAL), the oldest traces are deleted until under. */
  readonly maxBytes?: number;
}

/** What the last retention pass did. */
export interface RetentionPass {
  /** Unix ms, when it ended. */
  readonly atMs: number;
  readonly deletedTraces: number;
  readonly deletedSpans: number;
  readonly durationMs: number;
  /** Why it deleted: the age limit, the size limit, or nothing to do. */
  readonly reason: 'age' | 'size' | 'age+size' | 'none';
  /** Set when the pass failed (it is tried again at the next interval). */
  readonly error?: string;
}

/** `GET /api/status`. */
export interface StoreStatus {
  /** Bytes the database uses (its used blocks and its WAL): what `--max-size` bounds. */
  readonly sizeBytes: number;
  /** Bytes of the database file and WAL on disk (freed blocks are reused before the file grows); 0 in memory. */
  readonly fileBytes: number;
  readonly traceCount: number;
  readonly spanCount: number;
  readonly pinCount: number;
  /** The earliest trace start stored (unix ms), null when empty. */
  readonly oldestTraceStartMs: number | null;
  /** Spans committed per second over the last minute. */
  readonly ingestSpansPerSecond: number;
  readonly retention: RetentionPolicy & {
    readonly intervalMs: number | null;
    readonly lastPass: RetentionPass | null;
  };
}
