/**
 * The failures the demo shows: what each broken dependency throws (in the thrower's language) and
 * the `retry` event services record before trying again.
 */
import type { ExceptionSpec, Frame } from './exceptions.ts';
import { int, kv, str } from './otlp-json.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

function f(fn: string, file: string, line: number): Frame {
  return { fn, file, line };
}

const GRPC_JS = '/app/node_modules/@grpc/grpc-js/build/src';

export const EXCEPTIONS = {
  fraudQueryCancelled: {
    type: 'org.postgresql.util.PSQLException',
    message: 'ERROR: canceling statement due to user request',
    frames: [
      f('org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse', 'QueryExecutorImpl.java', 2733),
      f('org.postgresql.core.v3.QueryExecutorImpl.processResults', 'QueryExecutorImpl.java', 2420),
      f('org.postgresql.core.v3.QueryExecutorImpl.execute', 'QueryExecutorImpl.java', 372),
      f('org.postgresql.jdbc.PgStatement.executeInternal', 'PgStatement.java', 517),
      f('org.postgresql.jdbc.PgPreparedStatement.executeQuery', 'PgPreparedStatement.java', 134),
      f(
        'com.zaxxer.hikari.pool.HikariProxyPreparedStatement.executeQuery',
        'HikariProxyPreparedStatement.java',
        -1,
      ),
      f('shop.fraud.history.PaymentHistoryRepository.findByCard', 'PaymentHistoryRepository.kt', 48),
      f('shop.fraud.scoring.FraudScorer.score', 'FraudScorer.kt', 91),
      f('shop.fraud.FraudDetectionService.score', 'FraudDetectionService.kt', 37),
      f(
        'io.grpc.stub.ServerCalls$UnaryServerCallHandler$UnaryServerCallListener.onHalfClose',
        'ServerCalls.java',
        182,
      ),
    ],
  },
  paymentFraudDeadline: {
    type: 'Error',
    message:
      '4 DEADLINE_EXCEEDED: Deadline exceeded after 0.800s,LB pick: 0.000s,remote_addr=10.42.3.17:9091',
    frames: [
      f('callErrorFromStatus', `${GRPC_JS}/call.js`, 32),
      f('Object.onReceiveStatus', `${GRPC_JS}/client.js`, 193),
      f('Object.onReceiveStatus', `${GRPC_JS}/client-interceptors.js`, 360),
      f('FraudClient.score', '/app/dist/fraud-client.js', 41),
      f('async ChargeService.charge', '/app/dist/charge.js', 67),
      f('async Object.Charge', '/app/dist/index.js', 54),
    ],
  },
  checkoutChargeFailed: {
    type: '*fmt.wrapError',
    message:
      'failed to charge card: rpc error: code = Unavailable desc = fraud check unavailable: deadline exceeded after 2 attempts',
    frames: [
      f('main.(*checkout).chargeCard', '/usr/src/app/main.go', 528),
      f('main.(*checkout).PlaceOrder', '/usr/src/app/main.go', 271),
      f(
        'shop/checkout/genproto/checkoutpb._CheckoutService_PlaceOrder_Handler',
        '/usr/src/app/genproto/checkout_grpc.pb.go',
        118,
      ),
      f(
        'google.golang.org/grpc.(*Server).processUnaryRPC',
        '/go/pkg/mod/google.golang.org/grpc@v1.75.0/server.go',
        1431,
      ),
    ],
  },
  catalogDbRefused: {
    type: '*pgconn.ConnectError',
    message:
      'failed to connect to `user=catalog database=shop`: 10.42.0.23:5432 (postgres): dial error: dial tcp 10.42.0.23:5432: connect: connection refused',
    frames: [
      f(
        'github.com/jackc/pgx/v5/pgconn.connectPreferred',
        '/go/pkg/mod/github.com/jackc/pgx/v5@v5.7.5/pgconn/pgconn.go',
        227,
      ),
      f(
        'github.com/jackc/pgx/v5/pgxpool.(*Pool).Acquire',
        '/go/pkg/mod/github.com/jackc/pgx/v5@v5.7.5/pgxpool/pool.go',
        526,
      ),
      f('main.(*catalogStore).productByID', '/usr/src/app/store.go', 88),
      f('main.(*productCatalog).GetProduct', '/usr/src/app/main.go', 201),
    ],
  },
  cartRedisTimeout: {
    type: 'StackExchange.Redis.RedisTimeoutException',
    message:
      'Timeout performing HGETALL (1000ms), inst: 0, qu: 0, qs: 14, aw: False, bw: SpinningDown, rs: ReadAsync, ' +
      'ws: Idle, in: 0, serverEndpoint: redis:6379, mc: 1/1/0, mgr: 10 of 10 available, ' +
      'IOCP: (Busy=0,Free=1000,Min=2,Max=1000), WORKER: (Busy=3,Free=32764,Min=2,Max=32767), v: 2.8.58.49553 ' +
      '(Please take a look at this article for some common client-side issues that can cause timeouts: ' +
      'https://stackexchange.github.io/StackExchange.Redis/Timeouts)',
    frames: [
      f(
        'StackExchange.Redis.ConnectionMultiplexer.ExecuteSyncImpl[T](Message message, ResultProcessor`1 processor)',
        '/_/src/StackExchange.Redis/ConnectionMultiplexer.cs',
        2106,
      ),
      f(
        'StackExchange.Redis.RedisDatabase.HashGetAllAsync(RedisKey key, CommandFlags flags)',
        '/_/src/StackExchange.Redis/RedisDatabase.cs',
        398,
      ),
      f(
        'cart.cartstore.RedisCartStore.GetCartAsync(String userId)',
        '/app/src/cartstore/RedisCartStore.cs',
        182,
      ),
      f(
        'cart.services.CartService.AddItem(AddItemRequest request, ServerCallContext context)',
        '/app/src/services/CartService.cs',
        41,
      ),
    ],
  },
  cartStorageUnavailable: {
    type: 'Grpc.Core.RpcException',
    message:
      'Status(StatusCode="Unavailable", Detail="Can\'t access cart storage. RedisTimeoutException: Timeout performing HGETALL (1000ms)")',
    frames: [
      f(
        'cart.cartstore.RedisCartStore.GetCartAsync(String userId)',
        '/app/src/cartstore/RedisCartStore.cs',
        196,
      ),
      f(
        'cart.services.CartService.AddItem(AddItemRequest request, ServerCallContext context)',
        '/app/src/services/CartService.cs',
        41,
      ),
      f(
        'Grpc.AspNetCore.Server.Internal.CallHandlers.UnaryServerCallHandler`3.HandleCallAsyncCore(HttpContext httpContext, HttpContextServerCallContext serverCallContext)',
        '/_/src/Grpc.AspNetCore.Server/Internal/CallHandlers/UnaryServerCallHandler.cs',
        61,
      ),
    ],
  },
  authTooManyClients: {
    type: '*pgconn.PgError',
    message: 'FATAL: sorry, too many clients already (SQLSTATE 53300)',
    frames: [
      f(
        'github.com/jackc/pgx/v5/pgconn.connectOne',
        '/go/pkg/mod/github.com/jackc/pgx/v5@v5.7.5/pgconn/pgconn.go',
        389,
      ),
      f('main.(*userStore).byEmail', '/usr/src/app/users.go', 64),
      f('main.(*authServer).Login', '/usr/src/app/server.go', 112),
    ],
  },
  frontendUpstream: {
    type: 'AxiosError',
    message: 'Request failed with status code 500',
    frames: [
      f('settle', '/app/node_modules/axios/dist/node/axios.cjs', 2090),
      f('IncomingMessage.handleStreamEnd', '/app/node_modules/axios/dist/node/axios.cjs', 3207),
      f('Axios.request', '/app/node_modules/axios/dist/node/axios.cjs', 4317),
      f('async ApiGateway.request', '/app/.next/server/chunks/gateway.js', 77),
      f('async handler', '/app/.next/server/pages/api/[...path].js', 31),
    ],
  },
  recommendationCacheDown: {
    type: 'redis.exceptions.ConnectionError',
    message: 'Error 111 connecting to redis:6379. Connection refused.',
    frames: [
      f('connect', '/usr/local/lib/python3.12/site-packages/redis/connection.py', 363),
      f('get_connection', '/usr/local/lib/python3.12/site-packages/redis/connection.py', 1422),
      f('execute_command', '/usr/local/lib/python3.12/site-packages/redis/client.py', 559),
      f('cached_recommendations', '/app/recommendation_cache.py', 27),
      f('ListRecommendations', '/app/recommendation_server.py', 71),
    ],
  },
} as const satisfies Record<string, ExceptionSpec>;

/** The `retry` event a service records before trying a failed call again. */
export function retryEvent(
  b: TraceBuilder,
  span: SpanRecord,
  atNs: number,
  attempt: number,
  delayMs: number,
  reason: string,
): void {
  b.event(span, atNs, 'retry', [
    kv('retry.attempt', int(attempt)),
    kv('retry.delay_ms', int(delayMs)),
    kv('error.type', str(reason)),
  ]);
}
