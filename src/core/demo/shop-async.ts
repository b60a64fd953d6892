/**
 * Work that no shopper waits for: Kafka consumers of `orders` (each in its own trace, linked to the
 * producer), and the big traces: the ledger reconciliation batch job (4,000–5,000 spans), the
 * newsletter campaign (a wide fan-out) and the stock synchronisation.
 */

import { SpanKind } from '../model/types.ts';
import { redisCommand, sqlQuery } from './calls-data.ts';
import { httpExternal } from './calls-http.ts';
import { kafkaProcess, kafkaSend, type SentMessage } from './calls-messaging.ts';
import { grpcCall } from './calls-rpc.ts';
import { dbl, int, kv, str } from './otlp-json.ts';
import type { ServiceName } from './services.ts';
import { listRecommendations } from './shop-catalog.ts';
import { SQL } from './sql.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

function internal(
  b: TraceBuilder,
  parent: SpanRecord | null,
  t: number,
  name: string,
  service?: ServiceName,
): SpanRecord {
  return b.start(parent, { service, library: 'manual', kind: SpanKind.Internal, name, startNs: t });
}

/** One consumer group processing one `orders` message: a trace of 5 spans. */
export function consumeOrder(
  b: TraceBuilder,
  group: 'accounting' | 'fraud-detection',
  message: SentMessage,
): SpanRecord {
  const root = kafkaProcess(b, group, message);
  const work = internal(b, root, b.think(), group === 'accounting' ? 'RecordOrder' : 'update risk profile');
  let t = work.startNs + b.think();
  if (group === 'accounting') {
    t = sqlQuery(b, work, t, SQL.paymentByOrder).end;
    t = sqlQuery(b, work, t + b.think(), SQL.insertLedger).end;
  } else {
    t = redisCommand(b, work, t, 'INCR', `velocity:${message.key}`).end;
    t = sqlQuery(b, work, t + b.think(), SQL.upsertRiskProfile).end;
  }
  t = sqlQuery(b, work, t + b.think(), SQL.commit).end;
  b.end(work, t + b.think());
  b.end(root, work.endNs + b.think());
  return root;
}

const ORDER_SPANS = 5;

/**
 * Reconciles paid orders against the ledger, page by page, 8 orders at a time, in exactly
 * `spanCount` spans or slightly fewer. The root links to orders placed before the job ran.
 */
export function reconcileLedger(b: TraceBuilder, spanCount: number, ordersToLink: readonly SentMessage[]) {
  const root = internal(b, null, 0, 'ReconcileLedger', 'accounting');
  b.attr(root, 'app.job.name', str('ledger-reconciliation'));
  b.attr(root, 'app.job.run_id', str(`run-${b.rng.uint32().toString(36)}`));
  for (const order of ordersToLink) {
    b.link(root, order.traceId, order.spanId, [kv('app.link.reason', str('reconciled-order'))]);
  }
  let t = b.think();
  let page = 0;
  while (b.spans.length + 2 + ORDER_SPANS <= spanCount) {
    const pageSpan = internal(b, root, t, 'reconcile page');
    b.attr(pageSpan, 'app.job.page', int(page++));
    let waveStart = sqlQuery(b, pageSpan, t + b.think(), SQL.ordersPage).end;
    for (let n = 0; n < 100 && b.spans.length + ORDER_SPANS <= spanCount; n += 8) {
      let waveEnd = waveStart;
      for (let k = n; k < n + 8 && k < 100 && b.spans.length + ORDER_SPANS <= spanCount; k++) {
        waveEnd = Math.max(waveEnd, reconcileOrder(b, pageSpan, waveStart + b.think()));
      }
      waveStart = waveEnd + b.think();
    }
    t = b.end(pageSpan, waveStart) + b.think();
  }
  b.attr(root, 'app.job.pages', int(page));
  b.end(root, t);
  return root;
}

function reconcileOrder(b: TraceBuilder, parent: SpanRecord, t: number): number {
  const span = internal(b, parent, t, 'ReconcileOrder');
  const orderId = `ord-${b.rng.uint32().toString(36)}`;
  b.attr(span, 'app.order.id', str(orderId));
  const tx = grpcCall(b, span, t + b.think(), 'payment', 'GetTransaction', (server, t0) => {
    return sqlQuery(b, server, t0, SQL.paymentByOrder).end;
  });
  const update = sqlQuery(b, span, tx.end + b.think(), SQL.reconcileLedger);
  if (b.rng.chance(0.01)) {
    b.event(span, update.end, 'amount mismatch', [
      kv('app.ledger.expected', dbl(Math.round(b.rng.between(10, 900) * 100) / 100)),
      kv('app.ledger.actual', dbl(Math.round(b.rng.between(10, 900) * 100) / 100)),
    ]);
  }
  return b.end(span, update.end + b.think());
}

/** A newsletter sent to `recipients` subscribers, 20 at a time, each with personal recommendations. */
export function newsletterCampaign(b: TraceBuilder, recipients: number): SpanRecord {
  const root = internal(b, null, 0, 'send campaign', 'email');
  b.attr(root, 'app.campaign.id', str(`spring-${b.rng.int(100, 999)}`));
  b.attr(root, 'app.campaign.recipients', int(recipients));
  let waveStart = sqlQuery(b, root, b.think(), SQL.subscribers).end;
  for (let n = 0; n < recipients; n += 20) {
    let waveEnd = waveStart;
    for (let k = n; k < Math.min(recipients, n + 20); k++) {
      const start = waveStart + b.think();
      const send = internal(b, root, start, 'send to recipient');
      const userId = `u-${b.rng.int(10_000, 99_999)}`;
      b.attr(send, 'app.user.id', str(userId));
      const recs = listRecommendations(b, send, start + b.think(), userId, []);
      const url = 'https://api.mailer.example/v3/mail/send';
      const mail = httpExternal(b, send, recs.end + b.think(), 'POST', url, b.rng.skewed(50e6, 300e6), 202);
      waveEnd = Math.max(waveEnd, b.end(send, mail.end + b.think()));
    }
    waveStart = waveEnd + b.think();
  }
  b.end(root, waveStart);
  return root;
}

/** Pushes changed stock levels of each warehouse to the database and to Kafka. */
export function syncStock(b: TraceBuilder, warehouses: number): SpanRecord {
  const root = internal(b, null, 0, 'SyncStockLevels', 'inventory');
  let t = b.think();
  for (let w = 0; w < warehouses; w++) {
    const span = internal(b, root, t, 'sync warehouse');
    b.attr(span, 'app.warehouse.id', str(`wh-${w + 1}`));
    let now = sqlQuery(b, span, t + b.think(), SQL.changedStock).end;
    for (let k = 0; k < 50; k++) {
      now = sqlQuery(b, span, now + b.think(), SQL.updateStock).end;
      now = kafkaSend(b, span, now + b.think(), 'inventory-updates', `sku-${b.rng.int(1000, 9999)}`, 96).end;
    }
    t = b.end(span, now + b.think()) + b.think();
  }
  b.end(root, t);
  return root;
}
