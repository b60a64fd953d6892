/** Per-user services as gRPC calls: auth (sessions, login) and cart (Redis-backed carts). */

import { SpanKind } from '../model/types.ts';
import { type DataCall, redisCommand, sqlQuery } from './calls-data.ts';
import type { CallResult, Reply } from './calls-http.ts';
import { GrpcCode, grpcCall } from './calls-rpc.ts';
import { recordException } from './exceptions.ts';
import { EXCEPTIONS, retryEvent } from './faults.ts';
import { bool, int, ints, kv, str } from './otlp-json.ts';
import { SQL } from './sql.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

export function validateToken(b: TraceBuilder, parent: SpanRecord, t: number, userId: string): CallResult {
  return grpcCall(b, parent, t, 'auth', 'ValidateToken', (span, t0) => {
    b.attr(span, 'app.user.id', str(userId));
    return redisCommand(b, span, t0, 'GET', `session:${userId}`).end;
  });
}

/** Password login; a wrong password is an answer (`app.auth.result`), not an error. */
export function login(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  userId: string,
  passwordOk: boolean,
): CallResult {
  return grpcCall(b, parent, t, 'auth', 'Login', (span, t0, reply) => {
    const broken = b.fault === 'auth-db-exhausted';
    const user = sqlQuery(
      b,
      span,
      t0,
      SQL.userByEmail,
      broken ? { error: EXCEPTIONS.authTooManyClients } : {},
    );
    if (!user.ok) {
      recordException(b, span, user.end, EXCEPTIONS.authTooManyClients);
      reply.status = GrpcCode.Internal;
      reply.message = `user lookup failed: ${EXCEPTIONS.authTooManyClients.message}`;
      return user.end;
    }
    const hashStart = user.end + b.think();
    const hash = b.start(span, {
      library: 'manual',
      kind: SpanKind.Internal,
      name: 'bcrypt.CompareHashAndPassword',
      startNs: hashStart,
      attributes: [kv('app.auth.bcrypt_cost', int(12))],
    });
    let end = b.end(hash, hashStart + b.rng.between(45e6, 90e6));
    b.attr(span, 'app.auth.result', str(passwordOk ? 'ok' : 'invalid_credentials'));
    if (!passwordOk) return end;
    end = sqlQuery(b, span, end + b.think(), SQL.insertSession).end;
    return redisCommand(b, span, end + b.think(), 'SET', `session:${userId} <value> EX 2592000`).end;
  });
}

/** Reads a cart hash; with the cart-redis-timeout fault it times out twice and the call fails. */
function readCart(b: TraceBuilder, span: SpanRecord, t: number, userId: string, reply: Reply): DataCall {
  const broken = b.fault === 'cart-redis-timeout';
  const opts = broken ? { error: EXCEPTIONS.cartRedisTimeout, durNs: 1_000_000_000 } : {};
  const first = redisCommand(b, span, t, 'HGETALL', `cart:${userId}`, opts);
  if (first.ok) return first;
  retryEvent(b, span, first.end, 1, 50, 'StackExchange.Redis.RedisTimeoutException');
  const second = redisCommand(b, span, first.end + 50e6, 'HGETALL', `cart:${userId}`, opts);
  recordException(b, span, second.end, EXCEPTIONS.cartStorageUnavailable);
  reply.status = GrpcCode.Unavailable;
  reply.message = "Can't access cart storage. RedisTimeoutException: Timeout performing HGETALL (1000ms)";
  return second;
}

export function getCart(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  userId: string,
  quantities: readonly number[],
): CallResult {
  return grpcCall(b, parent, t, 'cart', 'GetCart', (span, t0, reply) => {
    b.attr(span, 'app.user.id', str(userId));
    const cart = readCart(b, span, t0, userId, reply);
    if (cart.ok) b.attr(span, 'app.cart.items.count', int(quantities.length));
    if (cart.ok) b.attr(span, 'app.cart.item.quantities', ints(quantities));
    return cart.end;
  });
}

export function addItem(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  userId: string,
  productId: string,
  quantity: number,
): CallResult {
  return grpcCall(b, parent, t, 'cart', 'AddItem', (span, t0, reply) => {
    b.attr(span, 'app.user.id', str(userId));
    b.attr(span, 'app.product.id', str(productId));
    b.attr(span, 'app.product.quantity', int(quantity));
    const cart = readCart(b, span, t0, userId, reply);
    if (!cart.ok) return cart.end;
    const set = redisCommand(
      b,
      span,
      cart.end + b.think(),
      'HSET',
      `cart:${userId} ${productId} ${quantity}`,
    );
    return redisCommand(b, span, set.end + b.think(), 'EXPIRE', `cart:${userId} 2592000`).end;
  });
}

export function emptyCart(b: TraceBuilder, parent: SpanRecord, t: number, userId: string): CallResult {
  return grpcCall(b, parent, t, 'cart', 'EmptyCart', (span, t0) => {
    b.attr(span, 'app.user.id', str(userId));
    b.attr(span, 'app.cart.emptied', bool(true));
    return redisCommand(b, span, t0, 'DEL', `cart:${userId}`).end;
  });
}
