import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAN_LIMITS, type SpanLimits } from '../../../core/model/span-limits.ts';
import { tempDirs } from '../../../testing/temp-dirs.ts';
import { ACK_LOG_DIR, AckLog } from './ack-log.ts';

const tempDir = tempDirs('spanscope-acklog-');
const limits: SpanLimits = { ...DEFAULT_SPAN_LIMITS, maxAttributeBytes: 100 };
const body = (k: number, bytes = 50) => new Uint8Array(bytes).fill(k & 0xff);
const segments = (dataDir: string) => readdirSync(join(dataDir, ACK_LOG_DIR)).sort();

function openLog(dataDir: string, minSeq = 0) {
  const lines: string[] = [];
  const opened = AckLog.open(dataDir, minSeq, (l) => lines.push(l));
  return { ...opened, lines };
}

function writeEntries(dataDir: string, n: number): string {
  const { log } = openLog(dataDir);
  for (let k = 0; k < n; k++) log.append(k % 2 ? 'json' : 'protobuf', limits, body(k, 40 + k));
  log.close();
  const [name] = segments(dataDir);
  return join(dataDir, ACK_LOG_DIR, name);
}

describe('ack log', () => {
  it('gives back every entry as written, in order, and numbers new ones past them across reopens', () => {
    const dataDir = tempDir();
    writeEntries(dataDir, 5);
    const { log, entries, lines } = openLog(dataDir);
    expect(lines).toEqual([]);
    expect(entries.map((e) => [e.seq, e.encoding, e.body.length, e.body[0]])).toEqual(
      [0, 1, 2, 3, 4].map((k) => [k, k % 2 ? 'json' : 'protobuf', 40 + k, k]),
    );
    expect(entries[0].limits).toEqual(limits);
    expect(log.append('json', limits, body(9))).toBe(5);
    log.close();
    // DuckDB has applied up to 20: the log starts past it.
    const again = openLog(dataDir, 21);
    expect(again.entries.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(again.log.append('json', limits, body(1))).toBe(21);
    again.log.close();
  });

  it('deletes a segment once all its entries are applied, and never the one being written', () => {
    const dataDir = tempDir();
    writeEntries(dataDir, 3);
    const { log, entries } = openLog(dataDir);
    const seq = log.append('json', limits, body(3));
    expect(segments(dataDir)).toHaveLength(2);
    for (const e of entries) log.applied(e.seq);
    expect(segments(dataDir)).toHaveLength(1);
    log.applied(seq);
    expect(log.unapplied).toBe(0);
    expect(segments(dataDir)).toHaveLength(1);
    expect(log.oldestSeq).toBe(seq);
    log.close();
    expect(segments(dataDir)).toEqual([]);
  });

  it('recovers a torn tail up to the last whole entry, at every cut, with a log line, never throwing', () => {
    const dataDir = tempDir();
    const path = writeEntries(dataDir, 4);
    const whole = readFileSync(path);
    const boundaries = new Set<number>();
    let at = 0;
    for (let k = 0; k < 4; k++) {
      at += whole.readUInt32LE(at + 4) + 20;
      boundaries.add(at);
    }
    for (let cut = 0; cut < whole.length; cut++) {
      writeFileSync(path, whole.subarray(0, cut));
      const { entries, lines } = openLog(dataDir);
      const expected = [...boundaries].filter((b) => b <= cut).length;
      expect(entries.map((e) => e.seq)).toEqual([0, 1, 2, 3].slice(0, expected));
      expect(lines.length).toBe(boundaries.has(cut) || cut === 0 ? 0 : 1);
      if (lines.length > 0)
        expect(lines[0]).toMatch(/not a whole entry .*recovered the \d+ entries before them/);
    }
  });

  it('stops at a flipped byte (checksum) or garbage, keeping the entries before it', () => {
    const dataDir = tempDir();
    const path = writeEntries(dataDir, 3);
    const whole = readFileSync(path);
    const second = whole.readUInt32LE(4) + 20;
    const flipped = Buffer.from(whole);
    flipped[second + 30] ^= 0x40;
    writeFileSync(path, flipped);
    let opened = openLog(dataDir);
    expect(opened.entries.map((e) => e.seq)).toEqual([0]);
    expect(opened.lines[0]).toMatch(/checksum mismatch/);
    writeFileSync(path, Buffer.concat([whole, Buffer.from('garbage that is long enough to be a header')]));
    opened = openLog(dataDir);
    expect(opened.entries.map((e) => e.seq)).toEqual([0, 1, 2]);
    expect(opened.lines[0]).toMatch(/no entry mark/);
    // A segment of nothing but garbage goes.
    writeFileSync(path, Buffer.alloc(100, 7));
    opened = openLog(dataDir);
    expect(opened.entries).toEqual([]);
    expect(segments(dataDir)).toEqual([]);
  });

  it('throws a clear error on a full disk, counts nothing of the failed entry, and writes the next in its place', () => {
    const dataDir = tempDir();
    const { log } = openLog(dataDir, 7);
    mkdirSync(join(dataDir, ACK_LOG_DIR), { recursive: true });
    // The segment the next entry opens is /dev/full: every write fails with ENOSPC.
    const path = join(dataDir, ACK_LOG_DIR, `${String(7).padStart(20, '0')}.log`);
    symlinkSync('/dev/full', path);
    expect(() => log.append('json', limits, body(1))).toThrow(/ack log could not be written: ENOSPC/);
    expect(log.unapplied).toBe(0);
    // Closed with nothing applied left in it, the segment (here the link) goes.
    log.close();
    expect(segments(dataDir)).toEqual([]);
    const again = openLog(dataDir, 7);
    expect(again.log.append('json', limits, body(2))).toBe(7);
    again.log.close();
    expect(openLog(dataDir).entries.map((e) => [e.seq, e.body[0]])).toEqual([[7, 2]]);
  });
});
