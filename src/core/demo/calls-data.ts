/**
 * Database CLIENT spans (PostgreSQL, Redis) following the OpenTelemetry database semantic
 * conventions: db.system.name, db.namespace, db.operation.name, db.collection.name, db.query.text.
 */

import { SpanKind } from '../model/types.ts';
import { type ExceptionSpec, recordException } from './exceptions.ts';
import { int, kv, str } from './otlp-json.ts';
import type { Sql } from './sql.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

export interface DataCall {
  readonly span: SpanRecord;
  readonly end: number;
  readonly ok: boolean;
}

export interface DataOptions {
  /** Fixed duration instead of a random one (a timeout). */
  readonly durNs?: number;
  /** The call fails with this exception. */
  readonly error?: ExceptionSpec;
  readonly namespace?: string;
}

/** One SQL statement against the shop's PostgreSQL. */
export function sqlQuery(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  query: Sql,
  opts: DataOptions = {},
): DataCall {
  const namespace = opts.namespace ?? 'shop';
  const span = b.start(parent, {
    library: 'pg',
    kind: SpanKind.Client,
    name: query.table ? `${query.operation} ${query.table}` : query.operation,
    startNs: t,
    attributes: [
      kv('db.system.name', str('postgresql')),
      kv('db.namespace', str(namespace)),
      kv('db.operation.name', str(query.operation)),
      ...(query.table ? [kv('db.collection.name', str(query.table))] : []),
      kv('db.query.text', str(query.text)),
      kv('server.address', str('postgres')),
      kv('server.port', int(5432)),
    ],
  });
  const durNs = opts.durNs ?? b.rng.skewed(query.minUs * 1000, query.maxUs * 1000);
  return finish(b, span, t + durNs, opts.error, () => {
    if (query.operation === 'SELECT')
      b.attr(span, 'db.response.returned_rows', int(b.rng.int(...query.rows)));
  });
}

/** One Redis command. */
export function redisCommand(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  command: string,
  args: string,
  opts: DataOptions = {},
): DataCall {
  const span = b.start(parent, {
    library: 'redis',
    kind: SpanKind.Client,
    name: command,
    startNs: t,
    attributes: [
      kv('db.system.name', str('redis')),
      kv('db.namespace', str('0')),
      kv('db.operation.name', str(command)),
      kv('db.query.text', str(`${command} ${args}`)),
      kv('server.address', str('redis')),
      kv('server.port', int(6379)),
    ],
  });
  return finish(b, span, t + (opts.durNs ?? b.rng.skewed(70_000, 900_000)), opts.error, () => {});
}

function finish(
  b: TraceBuilder,
  span: SpanRecord,
  end: number,
  error: ExceptionSpec | undefined,
  onSuccess: () => void,
): DataCall {
  if (error) {
    b.attr(span, 'error.type', str(error.type));
    recordException(b, span, end, error);
    b.fail(span, error.message);
  } else {
    onSuccess();
  }
  return { span, end: b.end(span, end), ok: !error };
}
