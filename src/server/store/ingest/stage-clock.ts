/**
 * Where ingest's time goes, for benchmarks (`ingestStages` in `/api/status`): the time of each
 * stage, summed in a SharedArrayBuffer that the HTTP thread and both store workers share (each slot
 * is written by one thread only), and the Linux thread id of each of the three threads, so that a
 * benchmark can read each thread's CPU from /proc. Synchronous stages count the thread's own CPU
 * time (/proc/thread-self/schedstat, in ns: on a loaded machine wall time would count the time the
 * thread waited for a core), read with one pread of a file kept open (about 1 µs); where that file
 * is missing, and for the commit (which DuckDB's threads do), wall time. A few readings per export
 * or commit group, never per span; without a buffer (the in-process store) nothing is timed.
 */
import { openSync, readlinkSync, readSync } from 'node:fs';

/** `decodeAndPrepare` includes `decode`: the bytes parsed into messages or spans, before the rows are prepared. */
const STAGES = ['decodeAndPrepare', 'decode', 'append', 'commit'] as const;
export type Stage = (typeof STAGES)[number];
const THREADS = ['http', 'decode', 'database'] as const;
export type StageThread = (typeof THREADS)[number];

const SLOTS = STAGES.length + THREADS.length;

let slots: Float64Array | null = null;
let schedstat = -1;
const scratch = Buffer.alloc(64);

/** This thread's CPU time in ms (the first field of schedstat, ns), or wall time without it. */
function cpuMs(): number {
  if (schedstat < 0) return performance.now();
  const n = readSync(schedstat, scratch, 0, scratch.length, 0);
  let ns = 0;
  for (let i = 0; i < n && scratch[i] !== 0x20; i++) ns = ns * 10 + scratch[i] - 0x30;
  return ns / 1e6;
}

/** What `/api/status` adds under `ingestStages`: sums since start. */
export interface IngestStages {
  /** CPU ms: export bodies (and imported files) decoded (protobuf messages, or JSON parsed into spans), decode worker. */
  readonly decodeMs: number;
  /** CPU ms: rows prepared from them (detail JSON, search attrs, tags, columns), decode worker. */
  readonly prepareMs: number;
  /** CPU ms: rows into the appenders (database worker's thread). */
  readonly appendMs: number;
  /** Wall ms: COMMIT (WAL write and fsync, on DuckDB's side; overlaps the next group's append). */
  readonly commitMs: number;
  /** Linux thread ids (0 where unknown), for per-thread CPU from /proc/PID/task/TID/stat. */
  readonly threadIds: Readonly<Record<StageThread, number>>;
}

export function newStageBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(SLOTS * Float64Array.BYTES_PER_ELEMENT);
}

/** This thread's Linux id, 0 elsewhere. */
function ownThreadId(): number {
  try {
    return Number(readlinkSync('/proc/thread-self').split('/').pop()) || 0;
  } catch {
    return 0;
  }
}

/** Starts timing on this thread (once per thread), into `buffer`. */
export function startStageClock(buffer: SharedArrayBuffer, thread: StageThread): void {
  slots = new Float64Array(buffer);
  if (schedstat < 0) {
    try {
      schedstat = openSync('/proc/thread-self/schedstat', 'r');
    } catch {
      // Not Linux: wall time.
    }
  }
  slots[STAGES.length + THREADS.indexOf(thread)] = ownThreadId();
}

/** Runs `work` (synchronous), adding this thread's CPU time to `stage`. */
export function timed<T>(stage: Stage, work: () => T): T {
  if (!slots) return work();
  const t0 = cpuMs();
  try {
    return work();
  } finally {
    slots[STAGES.indexOf(stage)] += cpuMs() - t0;
  }
}

/** Runs `work` (done off this thread), adding its wall time to `stage`. */
export async function timedAsync<T>(stage: Stage, work: () => Promise<T>): Promise<T> {
  if (!slots) return work();
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    slots[STAGES.indexOf(stage)] += performance.now() - t0;
  }
}

export function readStages(buffer: SharedArrayBuffer): IngestStages {
  const s = new Float64Array(buffer);
  const at = (stage: Stage) => s[STAGES.indexOf(stage)];
  const tid = (thread: StageThread) => s[STAGES.length + THREADS.indexOf(thread)];
  return {
    decodeMs: at('decode'),
    prepareMs: at('decodeAndPrepare') - at('decode'),
    appendMs: at('append'),
    commitMs: at('commit'),
    threadIds: { http: tid('http'), decode: tid('decode'), database: tid('database') },
  };
}
