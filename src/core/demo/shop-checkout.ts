/**
 * Placing an order: checkout calls cart, product-catalog, currency, shipping, payment (which asks
 * fraud-detection and the payment provider), email, and publishes the order to Kafka. The
 * payment-timeout fault makes the fraud check time out twice, so payment and the order fail.
 */

import { SpanKind } from '../model/types.ts';
import { sqlQuery } from './calls-data.ts';
import { type CallResult, type HttpRequest, httpCall, httpExternal } from './calls-http.ts';
import { kafkaSend, type SentMessage } from './calls-messaging.ts';
import { GrpcCode, grpcCall } from './calls-rpc.ts';
import { recordException } from './exceptions.ts';
import { EXCEPTIONS, retryEvent } from './faults.ts';
import { bool, bytesOfWords, dbl, int, str } from './otlp-json.ts';
import { emptyCart, getCart } from './shop-accounts.ts';
import { convertCurrency, getProduct } from './shop-catalog.ts';
import { SQL } from './sql.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

export interface Order {
  readonly orderId: string;
  readonly userId: string;
  readonly currency: string;
  readonly items: readonly { readonly productId: string; readonly quantity: number }[];
  readonly amount: number;
}

export interface PlacedOrder {
  readonly call: CallResult;
  /** The `orders` message, when the order went through. */
  readonly message: SentMessage | null;
}

const FRAUD_DEADLINE_NS = 800e6;

function internal(b: TraceBuilder, parent: SpanRecord, t: number, name: string, durNs: number): number {
  const span = b.start(parent, { library: 'manual', kind: SpanKind.Internal, name, startNs: t });
  return b.end(span, t + durNs);
}

function fraudScore(b: TraceBuilder, parent: SpanRecord, t: number, attempt: number, timeout: boolean) {
  return grpcCall(
    b,
    parent,
    t,
    'fraud-detection',
    'Score',
    (span, t0, reply) => {
      if (timeout) {
        const durNs = FRAUD_DEADLINE_NS - (t0 - t) - 1e6;
        const q = sqlQuery(b, span, t0, SQL.fraudHistory, { durNs, error: EXCEPTIONS.fraudQueryCancelled });
        recordException(b, span, q.end, EXCEPTIONS.fraudQueryCancelled);
        reply.status = GrpcCode.DeadlineExceeded;
        reply.message = 'deadline exceeded after 0.800s';
        return q.end;
      }
      const q = sqlQuery(b, span, t0, SQL.fraudHistory);
      const rulesEnd = internal(b, span, q.end + b.think(), 'evaluate rules', b.rng.skewed(2e5, 6e6));
      b.attr(span, 'app.fraud.score', dbl(Math.round(b.rng.skewed(0.01, 0.6) * 1000) / 1000));
      b.attr(span, 'app.fraud.rules_evaluated', int(b.rng.int(18, 42)));
      return rulesEnd;
    },
    { attempt },
  );
}

function charge(b: TraceBuilder, parent: SpanRecord, t: number, order: Order): CallResult {
  return grpcCall(b, parent, t, 'payment', 'Charge', (span, t0, reply) => {
    b.attr(span, 'app.payment.amount', dbl(order.amount));
    b.attr(span, 'app.payment.currency', str(order.currency));
    b.attr(span, 'app.payment.card_type', str(b.rng.pick(['visa', 'mastercard', 'amex'])));
    b.attr(span, 'app.payment.card.fingerprint', bytesOfWords([b.rng.uint32(), b.rng.uint32()]));
    const broken = b.fault === 'payment-timeout';
    // A healthy trace sometimes shows a fraud check that timed out once and succeeded on retry.
    const hiccup = b.rng.chance(0.06);
    let check = fraudScore(b, span, t0, 0, broken || hiccup);
    if (!check.ok) {
      retryEvent(b, span, check.end, 1, 200, 'DEADLINE_EXCEEDED');
      check = fraudScore(b, span, check.end + 200e6, 1, broken);
    }
    if (!check.ok) {
      recordException(b, span, check.end, EXCEPTIONS.paymentFraudDeadline);
      b.attr(span, 'app.payment.charged', bool(false));
      reply.status = GrpcCode.Unavailable;
      reply.message = 'fraud check unavailable: deadline exceeded after 2 attempts';
      return check.end;
    }
    const psp = httpExternal(
      b,
      span,
      check.end + b.think(),
      'POST',
      'https://api.payments.example/v1/charges',
      b.rng.skewed(90e6, 700e6),
      200,
    );
    b.attr(span, 'app.payment.charged', bool(true));
    return sqlQuery(b, span, psp.end + b.think(), SQL.insertPayment).end;
  });
}

const QUOTE: HttpRequest = { method: 'POST', route: '/v1/quotes', path: '/v1/quotes' };
const SHIP: HttpRequest = { method: 'POST', route: '/v1/shipments', path: '/v1/shipments' };
const CONFIRM: HttpRequest = {
  method: 'POST',
  route: '/send_order_confirmation',
  path: '/send_order_confirmation',
};

function shippingQuote(b: TraceBuilder, parent: SpanRecord, t: number, order: Order): CallResult {
  return httpCall(b, parent, t, 'shipping', QUOTE, (span, t0) => {
    b.attr(span, 'app.shipping.items.count', int(order.items.length));
    b.attr(span, 'app.shipping.cost', dbl(Math.round(b.rng.between(4, 25) * 100) / 100));
    return internal(b, span, t0, 'calculate quote', b.rng.skewed(1e5, 3e6));
  });
}

/** Ships through the carrier API, which sometimes answers 503 once (retried, then fine). */
function shipOrder(b: TraceBuilder, parent: SpanRecord, t: number): CallResult {
  return httpCall(b, parent, t, 'shipping', SHIP, (span, t0) => {
    const url = 'https://api.carrier.example/v2/shipments';
    let carrier = httpExternal(
      b,
      span,
      t0,
      'POST',
      url,
      b.rng.skewed(40e6, 400e6),
      b.rng.chance(0.1) ? 503 : 201,
    );
    if (!carrier.ok) {
      retryEvent(b, span, carrier.end, 1, 250, '503');
      carrier = httpExternal(b, span, carrier.end + 250e6, 'POST', url, b.rng.skewed(40e6, 300e6), 201, 1);
    }
    b.attr(span, 'app.shipping.tracking.id', str(`1Z${b.rng.uint32().toString(36).toUpperCase()}`));
    return carrier.end;
  });
}

function confirmationEmail(b: TraceBuilder, parent: SpanRecord, t: number, order: Order): CallResult {
  return httpCall(b, parent, t, 'email', CONFIRM, (span, t0) => {
    b.attr(span, 'app.order.id', str(order.orderId));
    const rendered = internal(b, span, t0, 'render order_confirmation.html', b.rng.skewed(1e6, 15e6));
    const url = 'https://api.mailer.example/v3/mail/send';
    return httpExternal(b, span, rendered + b.think(), 'POST', url, b.rng.skewed(60e6, 350e6), 202).end;
  });
}

export function placeOrder(b: TraceBuilder, parent: SpanRecord, t: number, order: Order): PlacedOrder {
  let message: SentMessage | null = null;
  const call = grpcCall(b, parent, t, 'checkout', 'PlaceOrder', (span, t0, reply) => {
    b.attr(span, 'app.order.id', str(order.orderId));
    b.attr(span, 'app.user.id', str(order.userId));
    b.attr(span, 'app.order.items.count', int(order.items.length));
    b.attr(span, 'app.order.amount', dbl(order.amount));
    const quantities = order.items.map((item) => item.quantity);
    const cart = b.isolated(() => getCart(b, span, t0, order.userId, quantities));
    if (!cart.ok) {
      reply.status = GrpcCode.Internal;
      reply.message = 'failed to get user cart during checkout';
      return cart.end;
    }
    let now = cart.end;
    for (const item of order.items) {
      now = b.isolated(() => getProduct(b, span, now + b.think(), item.productId)).end;
      now = b.isolated(() => convertCurrency(b, span, now + b.think(), 'USD', order.currency)).end;
    }
    now = b.isolated(() => shippingQuote(b, span, now + b.think(), order)).end;
    now = b.isolated(() => convertCurrency(b, span, now + b.think(), 'USD', order.currency)).end;
    const paid = b.isolated(() => charge(b, span, now + b.think(), order));
    if (!paid.ok) {
      recordException(b, span, paid.end, EXCEPTIONS.checkoutChargeFailed);
      reply.status = GrpcCode.Internal;
      reply.message = EXCEPTIONS.checkoutChargeFailed.message;
      return paid.end;
    }
    now = b.isolated(() => shipOrder(b, span, paid.end + b.think())).end;
    now = b.isolated(() => emptyCart(b, span, now + b.think(), order.userId)).end;
    now = sqlQuery(b, span, now + b.think(), SQL.insertOrder).end;
    now = sqlQuery(b, span, now + b.think(), SQL.insertOrderItems).end;
    now = sqlQuery(b, span, now + b.think(), SQL.commit).end;
    const sent = kafkaSend(b, span, now + b.think(), 'orders', order.orderId, 180 + 95 * order.items.length);
    message = sent.message;
    const email = b.isolated(() => confirmationEmail(b, span, sent.end + b.think(), order));
    b.attr(span, 'app.order.confirmation.sent', bool(email.ok));
    return email.end;
  });
  b.attr(call.client, 'app.order.id', str(order.orderId));
  return { call, message: call.ok ? message : null };
}
