/**
 * Small exports acknowledged from the ack log, on disk: readable once acknowledged, applied exactly
 * once across restarts (held applies replayed; entries applied but still in the log skipped).
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAN_LIMITS } from '../../../core/model/span-limits.ts';
import { jsonBody, syntheticRequest } from '../../../testing/otlp-requests.ts';
import { tempDirs } from '../../../testing/temp-dirs.ts';
import { DuckStore } from '../duck-store.ts';
import type { StoreOptions } from '../store-options.ts';
import { ACK_LOG_DIR, AckLog } from './ack-log.ts';
import { LoggedExports, MAX_UNAPPLIED } from './logged-exports.ts';
import { InputPreparer } from './prepare-input.ts';
import type { SpanBatch } from './span-batch.ts';

const tempDir = tempDirs('spanscope-logged-');

const SPANS = 20;
const preparer = new InputPreparer();

/** Export k: one trace of SPANS spans; its trace id. */
function smallExport(k: number): { body: Uint8Array; traceId: string } {
  const request = syntheticRequest({ traces: 1, spansPerTrace: SPANS, seed: k + 1 });
  const traceId = (request.resourceSpans[0].scopeSpans[0].spans[0] as { traceId: string }).traceId;
  return { body: jsonBody(request), traceId };
}

/** Acknowledges exports from..to-1 as the database worker does (urgent, with their request). */
async function ackSmall(store: DuckStore, from: number, to: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = from; k < to; k++) {
    const { body, traceId } = smallExport(k);
    const p = preparer.prepareExport(body, 'json');
    const result = await store.ingestPrepared(p, undefined, true, { body, encoding: 'json' });
    expect(result).toMatchObject({ ok: true, acceptedSpans: SPANS });
    ids.push(traceId);
  }
  return ids;
}

async function spansOf(store: DuckStore, traceId: string): Promise<number> {
  const bytes = await store.getTrace(traceId, 'tempo-v2');
  if (!bytes) return 0;
  const trace = JSON.parse(new TextDecoder().decode(bytes)).trace;
  return trace.resourceSpans.flatMap((rs: { scopeSpans: { spans: unknown[] }[] }) => rs.scopeSpans[0].spans)
    .length;
}

async function reopen(dataDir: string, options: StoreOptions = {}) {
  const lines: string[] = [];
  const store = await DuckStore.open({ dataDir, log: (l) => lines.push(l), ...options });
  return { store, lines };
}

describe('small exports acknowledged from the ack log (on disk)', () => {
  it('are readable once acknowledged, and stored once across a restart', async () => {
    const dataDir = tempDir();
    let { store } = await reopen(dataDir);
    const ids = await ackSmall(store, 0, 30);
    await store.acknowledgedApplied();
    for (const id of ids) expect(await spansOf(store, id)).toBe(SPANS);
    await store.close();
    expect(readdirSync(join(dataDir, ACK_LOG_DIR))).toEqual([]);
    ({ store } = await reopen(dataDir));
    expect(await store.spanCount()).toBe(30 * SPANS);
    await store.close();
  });

  it('replays acknowledged exports whose apply never happened, exactly once', async () => {
    const dataDir = tempDir();
    let { store, lines } = await reopen(dataDir, { testHoldLoggedApplies: true });
    const ids = await ackSmall(store, 0, 25);
    expect(await store.spanCount()).toBe(0);
    await store.close();
    ({ store, lines } = await reopen(dataDir));
    expect(lines).toEqual(['spanscope: replaying 25 acknowledged export(s) from the ack log']);
    for (const id of ids) expect(await spansOf(store, id)).toBe(SPANS);
    expect(await store.spanCount()).toBe(25 * SPANS);
    await store.close();
    ({ store, lines } = await reopen(dataDir));
    expect(lines).toEqual([]);
    expect(await store.spanCount()).toBe(25 * SPANS);
    await store.close();
  });

  it('skips entries already committed that a crash left in the log', async () => {
    const dataDir = tempDir();
    let { store, lines } = await reopen(dataDir);
    await ackSmall(store, 0, 10);
    await store.acknowledgedApplied();
    // The log as a SIGKILL would leave it: applied entries not yet deleted.
    const kept = join(tempDir(), 'log');
    cpSync(join(dataDir, ACK_LOG_DIR), kept, { recursive: true });
    await store.close();
    cpSync(kept, join(dataDir, ACK_LOG_DIR), { recursive: true });
    ({ store, lines } = await reopen(dataDir, { testHoldLoggedApplies: true }));
    expect(lines).toEqual([]);
    expect(await store.spanCount()).toBe(10 * SPANS);
    // Entries logged later, and held, still replay after the skipped ones.
    await ackSmall(store, 10, 15);
    await store.close();
    ({ store, lines } = await reopen(dataDir));
    expect(lines).toEqual(['spanscope: replaying 5 acknowledged export(s) from the ack log']);
    expect(await store.spanCount()).toBe(15 * SPANS);
    await store.close();
  });

  it('replays up to the last whole entry of a torn log, saying so, and skips one that no longer decodes', async () => {
    const dataDir = tempDir();
    let { store, lines } = await reopen(dataDir, { testHoldLoggedApplies: true });
    const ids = await ackSmall(store, 0, 6);
    await store.close();
    const [name] = readdirSync(join(dataDir, ACK_LOG_DIR));
    const path = join(dataDir, ACK_LOG_DIR, name);
    const bytes = readFileSync(path);
    // The last entry cut short (a crash mid-write: it was never acknowledged).
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    // A whole entry that does not decode (only a hand-edited log could hold one).
    const hostile = AckLog.open(dataDir, 0, () => {});
    hostile.log.append('protobuf', DEFAULT_SPAN_LIMITS, new Uint8Array([0x0a, 0xff, 0xff, 0x01]));
    hostile.log.close();
    ({ store, lines } = await reopen(dataDir));
    expect(lines[0]).toMatch(
      /ack log .* ends with \d+ bytes that are not a whole entry .*recovered the 5 entries/,
    );
    expect(lines[1]).toBe('spanscope: replaying 6 acknowledged export(s) from the ack log');
    expect(lines[2]).toMatch(/^spanscope: ack log entry 5 no longer decodes: /);
    for (const id of ids.slice(0, 5)) expect(await spansOf(store, id)).toBe(SPANS);
    expect(await store.spanCount()).toBe(5 * SPANS);
    await store.close();
  });

  it('acknowledges after the commit again while MAX_UNAPPLIED acknowledged exports wait (backpressure)', async () => {
    const dataDir = tempDir();
    let { store } = await reopen(dataDir, { testHoldLoggedApplies: true });
    await ackSmall(store, 0, MAX_UNAPPLIED + 3);
    // The held ones are only in the log; the 3 past the bound were committed before their answer.
    expect(await store.spanCount()).toBe(3 * SPANS);
    await store.close();
    ({ store } = await reopen(dataDir));
    expect(await store.spanCount()).toBe((MAX_UNAPPLIED + 3) * SPANS);
    await store.close();
  }, 30_000);

  it('retries an apply that failed after its acknowledgement until it commits, telling the store', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run('CREATE TABLE ack_log_applied (seq UBIGINT NOT NULL)');
    const dataDir = tempDir();
    const lines: string[] = [];
    const errors: unknown[] = [];
    let attempts = 0;
    const submit = async () => {
      if (++attempts < 3) throw new Error('No space left on device');
    };
    const finish = () => ({}) as SpanBatch;
    const logged = await LoggedExports.open(
      dataDir,
      conn,
      DEFAULT_SPAN_LIMITS,
      finish,
      submit,
      (l) => lines.push(l),
      (e) => errors.push(e),
    );
    await logged.acknowledge('json', smallExport(0).body, finish);
    // A read waits for the first attempt only.
    await logged.settled();
    expect(lines).toEqual([
      'spanscope: acknowledged exports could not be stored yet (No space left on device); retrying',
    ]);
    expect(errors).toHaveLength(1);
    expect(readdirSync(join(dataDir, ACK_LOG_DIR))).toHaveLength(1);
    const deadline = Date.now() + 5_000;
    while (attempts < 3) {
      expect(Date.now()).toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(errors).toHaveLength(2);
    logged.close();
    // Applied at the third attempt: nothing left to replay.
    expect(readdirSync(join(dataDir, ACK_LOG_DIR))).toEqual([]);
    conn.closeSync();
    instance.closeSync();
  });

  it('prunes the applied rows of entries whose segment is gone, before a checkpoint', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    await conn.run('CREATE TABLE ack_log_applied (seq UBIGINT NOT NULL)');
    const dataDir = tempDir();
    const submit = (_: SpanBatch, seq: number) =>
      conn.run(`INSERT INTO ack_log_applied VALUES (${seq})`).then(() => {});
    const finish = () => ({}) as SpanBatch;
    const logged = await LoggedExports.open(dataDir, conn, DEFAULT_SPAN_LIMITS, finish, submit, () => {});
    expect(logged.pruneSql()).toBeNull();
    // 60 KiB each, one at a time: the 4 MiB segment is full after 69, the rest go to a second one.
    const body = new Uint8Array(60 * 1024);
    for (let k = 0; k < 80; k++) await logged.acknowledge('protobuf', body, finish);
    await logged.settled();
    const [second] = readdirSync(join(dataDir, ACK_LOG_DIR));
    const kept = Number(second.replace('.log', ''));
    expect(kept).toBeGreaterThan(60);
    expect(logged.pruneSql()).toBe(`DELETE FROM ack_log_applied WHERE seq < ${kept}`);
    await conn.run(`DELETE FROM ack_log_applied WHERE seq < ${kept}`);
    expect(logged.pruneSql()).toBeNull();
    const left = (await conn.runAndReadAll('SELECT min(seq), count(*) FROM ack_log_applied')).getRows()[0];
    expect(left.map(Number)).toEqual([kept, 80 - kept]);
    logged.close();
    conn.closeSync();
    instance.closeSync();
  });

  it('in memory, acknowledges after the commit as before (no log)', async () => {
    const store = await DuckStore.open({ memory: true });
    const [id] = await ackSmall(store, 0, 1);
    expect(await spansOf(store, id)).toBe(SPANS);
    await store.close();
  });
});
