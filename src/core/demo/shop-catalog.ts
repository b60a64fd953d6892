/**
 * The browsing side of the shop as gRPC calls: product-catalog, currency, recommendation, ad and
 * inventory. Each function makes the call from `parent`'s service and returns when it answered.
 */

import { SpanKind } from '../model/types.ts';
import { type DataCall, redisCommand, sqlQuery } from './calls-data.ts';
import type { CallResult, Reply } from './calls-http.ts';
import { GrpcCode, grpcCall } from './calls-rpc.ts';
import { recordException } from './exceptions.ts';
import { EXCEPTIONS, retryEvent } from './faults.ts';
import { bool, dbl, doubles, int, kv, str, strings } from './otlp-json.ts';
import { SQL } from './sql.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

export const PRODUCTS = [
  'OLJCESPC7Z',
  '66VCHSJNUP',
  '1YMWWN1N4O',
  '2ZYFJ3GM2N',
  '0PUK6V6EV0',
  'LS4PSXUNUM',
  '9SIQT8TOJO',
  'L9ECAV7KIM',
  '6E92ZMYYFZ',
  'HQTGWGPNH4',
  'R7XAPWKD3E',
  'T2MQJ8BVYC',
];

export const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CAD', 'CHF'];

/** A product from the cache, or from PostgreSQL on a miss (retried once when the database fails). */
export function getProduct(b: TraceBuilder, parent: SpanRecord, t: number, productId: string): CallResult {
  return grpcCall(b, parent, t, 'product-catalog', 'GetProduct', (span, t0, reply) => {
    b.attr(span, 'app.product.id', str(productId));
    const key = `product:${productId}`;
    const cached = redisCommand(b, span, t0, 'GET', key);
    const hit = b.fault !== 'catalog-db-down' && b.rng.chance(0.65);
    b.attr(span, 'app.cache.hit', bool(hit));
    if (hit) return cached.end;
    b.event(span, cached.end, 'cache miss', [kv('cache.key', str(key)), kv('cache.name', str('redis'))]);
    const loaded = queryWithRetry(b, span, cached.end + b.think());
    if (!loaded.ok) {
      recordException(b, span, loaded.end, EXCEPTIONS.catalogDbRefused);
      unavailable(reply, `database unavailable: ${EXCEPTIONS.catalogDbRefused.message}`);
      return loaded.end;
    }
    return redisCommand(b, span, loaded.end + b.think(), 'SET', `${key} <value> EX 300`).end;
  });
}

function queryWithRetry(b: TraceBuilder, span: SpanRecord, t: number): DataCall {
  const broken = b.fault === 'catalog-db-down';
  const error = broken ? EXCEPTIONS.catalogDbRefused : undefined;
  const first = sqlQuery(
    b,
    span,
    t,
    SQL.productById,
    broken ? { error, durNs: b.rng.between(8e5, 3e6) } : {},
  );
  if (first.ok) return first;
  const delayMs = 100;
  retryEvent(b, span, first.end, 1, delayMs, '*pgconn.ConnectError');
  return sqlQuery(b, span, first.end + delayMs * 1e6, SQL.productById, {
    error,
    durNs: b.rng.between(8e5, 3e6),
  });
}

function unavailable(reply: Reply, message: string): void {
  reply.status = GrpcCode.Unavailable;
  reply.message = message;
}

/** A page of the catalog, cached in Redis. */
export function listProducts(b: TraceBuilder, parent: SpanRecord, t: number, page: number): CallResult {
  return grpcCall(b, parent, t, 'product-catalog', 'ListProducts', (span, t0) => {
    b.attr(span, 'app.products.page', int(page));
    const cached = redisCommand(b, span, t0, 'GET', `products:page:${page}`);
    if (b.rng.chance(0.8)) return cached.end;
    b.event(span, cached.end, 'cache miss', [kv('cache.key', str(`products:page:${page}`))]);
    const db = sqlQuery(b, span, cached.end + b.think(), SQL.listProducts);
    return redisCommand(b, span, db.end + b.think(), 'SET', `products:page:${page} <value> EX 60`).end;
  });
}

/** Full-text search fanned out over `shards` catalog shards in parallel. */
export function searchProducts(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  query: string,
  shards: number,
): CallResult {
  return grpcCall(b, parent, t, 'product-catalog', 'SearchProducts', (span, t0) => {
    b.attr(span, 'app.search.query', str(query));
    b.attr(span, 'app.search.shards', int(shards));
    let end = t0;
    for (let k = 0; k < shards; k++) {
      const start = t0 + k * b.rng.between(2_000, 15_000);
      const shard = b.start(span, {
        library: 'manual',
        kind: SpanKind.Internal,
        name: 'search shard',
        startNs: start,
        attributes: [kv('app.search.shard', int(k))],
      });
      const db = sqlQuery(b, shard, start + b.think(), SQL.searchShard, {
        namespace: `catalog_shard_${String(k).padStart(2, '0')}`,
      });
      end = Math.max(end, b.end(shard, db.end + b.think()));
    }
    return end + b.think();
  });
}

export function convertCurrency(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  from: string,
  to: string,
): CallResult {
  return grpcCall(b, parent, t, 'currency', 'Convert', (span, t0) => {
    b.attr(span, 'app.currency.from', str(from));
    b.attr(span, 'app.currency.to', str(to));
    b.attr(span, 'app.currency.rate', dbl(from === to ? 1 : Math.round(b.rng.between(0.5, 1.6) * 1e4) / 1e4));
    return t0 + b.rng.skewed(40_000, 900_000);
  });
}

/** Recommendations: cached candidates (the cache sometimes fails, handled), catalog lookup, ranking. */
export function listRecommendations(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  userId: string,
  productIds: readonly string[],
): CallResult {
  return grpcCall(b, parent, t, 'recommendation', 'ListRecommendations', (span, t0) => {
    b.attr(span, 'app.user.id', str(userId));
    b.attr(span, 'app.products.ids', strings(productIds));
    const cacheDown = b.rng.chance(0.04);
    const cached = redisCommand(b, span, t0, 'GET', `recs:${userId}`, {
      error: cacheDown ? EXCEPTIONS.recommendationCacheDown : undefined,
    });
    if (cacheDown) b.attr(span, 'app.recommendation.fallback', bool(true));
    const catalog = listProducts(b, span, cached.end + b.think(), 1);
    const rankStart = catalog.end + b.think();
    const rank = b.start(span, {
      library: 'manual',
      kind: SpanKind.Internal,
      name: 'rank candidates',
      startNs: rankStart,
      attributes: [
        kv('app.recommendation.model', str('als-v7')),
        kv(
          'app.recommendation.scores',
          doubles([0.92, 0.81, 0.77, 0.54].map((v) => Math.round((v - b.rng.next() * 0.2) * 1000) / 1000)),
        ),
      ],
    });
    return b.end(rank, rankStart + b.rng.skewed(300_000, 12_000_000));
  });
}

export function getAds(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  categories: readonly string[],
): CallResult {
  return grpcCall(b, parent, t, 'ad', 'GetAds', (span, t0) => {
    b.attr(span, 'app.ads.context_keys', strings(categories));
    const db = sqlQuery(b, span, t0, SQL.adsByCategory, {});
    b.attr(span, 'app.ads.count', int(b.rng.int(0, 2)));
    return db.end;
  });
}

/** Stock check (and reservation when `reserve`) for the given SKUs. */
export function checkStock(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  skus: readonly string[],
  reserve: boolean,
): CallResult {
  return grpcCall(b, parent, t, 'inventory', reserve ? 'ReserveStock' : 'CheckStock', (span, t0) => {
    b.attr(span, 'app.inventory.skus', strings(skus));
    let end = sqlQuery(b, span, t0, SQL.stockBySku).end;
    if (reserve) for (const _ of skus) end = sqlQuery(b, span, end + b.think(), SQL.reserveStock).end;
    b.attr(span, 'app.inventory.available', bool(true));
    return end;
  });
}
