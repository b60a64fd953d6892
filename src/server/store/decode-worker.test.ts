import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { exportTemplate } from '../../testing/export-traffic.ts';
import { runDecodeWorker } from './decode-worker.ts';
import { newTimeline } from './ingest/ack-timeline.ts';
import { isUrgentExport } from './ingest/urgent-first.ts';
import type { DecodeCall, PreparedMessage } from './protocol.ts';

const open: MessagePort[] = [];

/** The decode worker's loop on in-process ports: what the HTTP thread posts, and what reaches the database side. */
function decodeWorker() {
  const parent = new MessageChannel();
  const database = new MessageChannel();
  open.push(parent.port1, parent.port2, database.port1, database.port2);
  runDecodeWorker(parent.port1, database.port1);
  const forwarded: PreparedMessage[] = [];
  database.port2.on('message', (m: PreparedMessage) => forwarded.push(m));
  const post = (id: number, body: Uint8Array) => {
    const call: DecodeCall = {
      id,
      method: 'ingestOtlp',
      args: [body, 'protobuf'],
      timeline: newTimeline(),
      urgent: isUrgentExport(body.byteLength),
    };
    parent.port2.postMessage(call);
  };
  const flush = (id: number) => parent.port2.postMessage({ id, method: 'flush' } satisfies DecodeCall);
  const received = async (n: number) => {
    while (forwarded.length < n) await new Promise((r) => setTimeout(r, 5));
    return forwarded.map((m) => m.id);
  };
  return { post, flush, received };
}

afterEach(() => {
  for (const port of open.splice(0)) port.close();
});

describe('decode worker order', () => {
  const big = exportTemplate(8, 64, 'protobuf');
  const small = exportTemplate(1, 20, 'protobuf');

  it('decodes a small export that arrived behind big ones first, and does not starve the big ones', async () => {
    const w = decodeWorker();
    for (let id = 1; id <= 3; id++) w.post(id, big.fresh());
    w.post(4, small.fresh());
    w.post(5, small.fresh());
    expect(await w.received(5)).toEqual([4, 1, 5, 2, 3]);
  });

  it('forwards a flush only after every export posted before it', async () => {
    const w = decodeWorker();
    w.post(1, big.fresh());
    w.post(2, small.fresh());
    w.flush(3);
    w.post(4, small.fresh());
    const order = await w.received(4);
    expect(order.indexOf(3)).toBeGreaterThan(Math.max(order.indexOf(1), order.indexOf(2)));
  });

  it('passes a malformed small export on as a failure in its turn', async () => {
    const w = decodeWorker();
    w.post(1, big.fresh());
    w.post(2, new Uint8Array([0xff, 0xff, 0xff]));
    expect(await w.received(2)).toEqual([2, 1]);
  });
});
