/**
 * The ack log: small exports made durable by an fdatasync'd append of their request bytes, so that
 * they can be acknowledged before DuckDB commits them. A COMMIT into `spans` waits for most of a
 * checkpoint that writes that table (DuckDB 1.5.5, duckdb#25988), 0.3–0.65 s; an append here takes
 * ~1.5 ms (p95 ~7 ms on this machine's disk, under load), and exports that arrive together share
 * one fdatasync (`sync`).
 *
 * Files `ack-log/<first seq>.log` in the data directory, each a run of entries:
 *   magic u32 | payload length u32 | crc32 of seq and payload u32 | seq u64 | payload
 * with payload = meta length u32 | meta JSON (encoding, span limits) | request body, all that is
 * needed to decode the export again as it was decoded when acknowledged. Seqs only grow, across
 * restarts too (the store starts past the highest seq it has applied).
 *
 * Reading stops at the first entry that is not whole (a write cut short by a crash: never
 * acknowledged, as the acknowledgement follows the fdatasync) or fails its checksum, with a log line;
 * the entries before it are kept. A segment is deleted once every entry in it has been applied
 * (committed in DuckDB), except the one being written.
 */
import {
  closeSync,
  fdatasyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { SpanLimits } from '../../../core/model/span-limits.ts';
import { fsyncPath } from '../fsync-path.ts';
import type { OtlpEncoding } from '../types.ts';

export const ACK_LOG_DIR = 'ack-log';
const MAGIC = 0x314c4153; // "SAL1"
const HEADER_BYTES = 20;
/** A new segment is started past this size, so that applied entries are soon deleted with theirs. */
const SEGMENT_BYTES = 4 * 2 ** 20;

/** What an entry holds: an export as it arrived, and how it was decoded. */
export interface LoggedExport {
  readonly seq: number;
  readonly encoding: OtlpEncoding;
  readonly limits: SpanLimits;
  readonly body: Uint8Array;
}

interface Segment {
  readonly path: string;
  /** Entries written and not yet applied. */
  unapplied: number;
  firstSeq: number;
  lastSeq: number;
  bytes: number;
  fd: number | null;
}

const segmentName = (seq: number) => `${String(seq).padStart(20, '0')}.log`;

function encodeEntry(seq: number, encoding: OtlpEncoding, limits: SpanLimits, body: Uint8Array): Buffer {
  const meta = Buffer.from(JSON.stringify({ encoding, limits }));
  const payload = 4 + meta.length + body.byteLength;
  const entry = Buffer.allocUnsafe(HEADER_BYTES + payload);
  entry.writeUInt32LE(MAGIC, 0);
  entry.writeUInt32LE(payload, 4);
  entry.writeBigUInt64LE(BigInt(seq), 12);
  entry.writeUInt32LE(meta.length, HEADER_BYTES);
  meta.copy(entry, HEADER_BYTES + 4);
  entry.set(body, HEADER_BYTES + 4 + meta.length);
  entry.writeUInt32LE(crc32(entry.subarray(12)), 8);
  return entry;
}

/** The whole entries of a segment's bytes, and where they end (less than the size: a bad tail). */
export function readEntries(bytes: Buffer): { entries: LoggedExport[]; end: number; problem: string } {
  const entries: LoggedExport[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < HEADER_BYTES) return { entries, end: at, problem: 'a header cut short' };
    const payload = bytes.readUInt32LE(at + 4);
    if (bytes.readUInt32LE(at) !== MAGIC) return { entries, end: at, problem: 'no entry mark' };
    const next = at + HEADER_BYTES + payload;
    if (next > bytes.length) return { entries, end: at, problem: 'an entry cut short' };
    if (crc32(bytes.subarray(at + 12, next)) !== bytes.readUInt32LE(at + 8))
      return { entries, end: at, problem: 'a checksum mismatch' };
    const seq = Number(bytes.readBigUInt64LE(at + 12));
    const metaBytes = bytes.readUInt32LE(at + HEADER_BYTES);
    const bodyAt = at + HEADER_BYTES + 4 + metaBytes;
    let meta: { encoding: OtlpEncoding; limits: SpanLimits };
    try {
      if (bodyAt > next) throw new Error('meta past the entry');
      meta = JSON.parse(bytes.toString('utf8', at + HEADER_BYTES + 4, bodyAt));
    } catch {
      return { entries, end: at, problem: 'unreadable metadata' };
    }
    entries.push({ seq, encoding: meta.encoding, limits: meta.limits, body: bytes.subarray(bodyAt, next) });
    at = next;
  }
  return { entries, end: at, problem: '' };
}

export class AckLog {
  private readonly segments: Segment[] = [];
  /** Entries appended since the last sync (all in the last segment: it only changes after a sync). */
  private unsynced = 0;
  /** Bytes of the last segment made durable by the last sync. */
  private syncedBytes = 0;

  private constructor(
    private readonly dir: string,
    private nextSeq: number,
  ) {}

  /**
   * Opens the log in `dataDir` (created if missing) and reads the entries it holds, oldest first;
   * they count as unapplied until `applied` says otherwise. New entries get seqs from `minSeq` on,
   * and past every seq read.
   */
  static open(
    dataDir: string,
    minSeq: number,
    log: (line: string) => void,
  ): { log: AckLog; entries: LoggedExport[] } {
    const dir = join(dataDir, ACK_LOG_DIR);
    mkdirSync(dir, { recursive: true });
    const names = readdirSync(dir)
      .filter((n) => /^\d{20}\.log$/.test(n))
      .sort();
    const ackLog = new AckLog(dir, minSeq);
    const entries: LoggedExport[] = [];
    for (const name of names) {
      const path = join(dir, name);
      const bytes = readFileSync(path);
      const read = readEntries(bytes);
      // Seqs only grow: an entry that does not is as unreadable as a bad checksum.
      const last = entries.at(-1)?.seq ?? -1;
      const kept = read.entries.filter((e, i) => e.seq > (read.entries[i - 1]?.seq ?? last));
      if (kept.length < read.entries.length || read.end < bytes.length)
        log(
          `spanscope: the ack log ${path} ends with ${bytes.length - read.end} bytes that are not a whole entry ` +
            `(${read.problem || 'seqs out of order'}: a write cut short by a crash, never acknowledged); ` +
            `recovered the ${kept.length} entries before them`,
        );
      entries.push(...kept);
      const segment: Segment = {
        path,
        unapplied: kept.length,
        firstSeq: kept[0]?.seq ?? 0,
        lastSeq: kept.at(-1)?.seq ?? -1,
        bytes: bytes.length,
        fd: null,
      };
      if (kept.length === 0) unlinkSync(path);
      else ackLog.segments.push(segment);
    }
    ackLog.nextSeq = Math.max(minSeq, (entries.at(-1)?.seq ?? -1) + 1);
    return { log: ackLog, entries };
  }

  /**
   * Writes an export (not yet durable: `sync` makes it so); returns its seq. Throws when it cannot
   * be written (a full disk): then nothing of it counts, and the next entry is written in its place.
   */
  append(encoding: OtlpEncoding, limits: SpanLimits, body: Uint8Array): number {
    const seq = this.nextSeq;
    const entry = encodeEntry(seq, encoding, limits, body);
    let segment: Segment | null = null;
    try {
      segment = this.writable(seq);
      const fd = segment.fd as number;
      for (let done = 0; done < entry.length; )
        done += writeSync(fd, entry, done, entry.length - done, segment.bytes + done);
    } catch (error) {
      this.truncate(segment);
      throw new Error(`the ack log could not be written: ${(error as Error).message}`);
    }
    segment.bytes += entry.length;
    segment.unapplied++;
    segment.lastSeq = seq;
    this.nextSeq = seq + 1;
    this.unsynced++;
    return seq;
  }

  /**
   * Makes every entry appended since the last sync durable, with one fdatasync (the entries of
   * exports that arrived together share it). Throws when it cannot: those entries are then taken
   * back, as if never written (their exports are refused, not acknowledged).
   */
  sync(): void {
    const segment = this.segments.at(-1);
    if (this.unsynced === 0 || segment?.fd == null) return;
    try {
      fdatasyncSync(segment.fd);
    } catch (error) {
      segment.unapplied -= this.unsynced;
      this.nextSeq -= this.unsynced;
      segment.lastSeq = this.nextSeq - 1;
      segment.bytes = this.syncedBytes;
      this.unsynced = 0;
      this.truncate(segment);
      throw new Error(`the ack log could not be written: ${(error as Error).message}`);
    }
    this.unsynced = 0;
    this.syncedBytes = segment.bytes;
  }

  /** Cuts what was written past the segment's last whole entry (a failed write or sync). */
  private truncate(segment: Segment | null): void {
    try {
      if (segment?.fd != null) ftruncateSync(segment.fd, segment.bytes);
    } catch {
      // Positional writes put the next entry where this one began either way.
    }
  }

  /** The entry `seq` is committed in DuckDB: its segment goes once all its entries are. */
  applied(seq: number): void {
    const i = this.segments.findIndex((s) => seq >= s.firstSeq && seq <= s.lastSeq);
    if (i < 0) return;
    const segment = this.segments[i];
    segment.unapplied--;
    if (segment.unapplied === 0 && segment.fd === null) this.remove(i);
  }

  /** Entries written and not yet applied (tests, status). */
  get unapplied(): number {
    return this.segments.reduce((n, s) => n + s.unapplied, 0);
  }

  /** Closes the segment being written; what is unapplied stays for the next open. */
  close(): void {
    const current = this.segments.at(-1);
    if (current?.fd == null) return;
    closeSync(current.fd);
    current.fd = null;
    if (current.unapplied === 0) this.remove(this.segments.length - 1);
  }

  /** The segment to write `seq` into: the current one, or a new one past SEGMENT_BYTES. */
  private writable(seq: number): Segment {
    const current = this.segments.at(-1);
    // A segment is left only once synced (it may then be a little past SEGMENT_BYTES).
    if (current?.fd != null && (current.bytes < SEGMENT_BYTES || this.unsynced > 0)) return current;
    this.close();
    const path = join(this.dir, segmentName(seq));
    const segment: Segment = { path, unapplied: 0, firstSeq: seq, lastSeq: seq - 1, bytes: 0, fd: null };
    // 'w': a file of this name can only be one whose entries were all unreadable.
    segment.fd = openSync(path, 'w');
    fsyncPath(this.dir);
    this.syncedBytes = 0;
    this.segments.push(segment);
    return segment;
  }

  /** The oldest seq still in a file (DuckDB's record of applied seqs below it can go). */
  get oldestSeq(): number {
    return this.segments[0]?.firstSeq ?? this.nextSeq;
  }

  private remove(index: number): void {
    const [segment] = this.segments.splice(index, 1);
    try {
      unlinkSync(segment.path);
      // Durable before DuckDB forgets its entries were applied (LoggedExports.pruneSql).
      fsyncPath(this.dir);
    } catch {
      // Left behind, its entries are read again on the next open and skipped as applied.
      this.segments.splice(index, 0, segment);
    }
  }
}
