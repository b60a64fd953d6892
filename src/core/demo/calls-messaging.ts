/**
 * Kafka spans following the OpenTelemetry messaging semantic conventions. The PRODUCER span lives in
 * the sender's trace; each consumer group processes the message in a trace of its own whose CONSUMER
 * root links back to the PRODUCER span.
 */

import { SpanKind } from '../model/types.ts';
import { int, kv, str } from './otlp-json.ts';
import type { ServiceName } from './services.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

/** A message sent in one trace and consumed in others. */
export interface SentMessage {
  readonly traceId: string;
  readonly spanId: string;
  readonly topic: string;
  readonly key: string;
  readonly partition: number;
  readonly offset: number;
  /** When the send was acknowledged, relative to the producer trace's start (ns). */
  readonly sentNs: number;
}

export interface Send {
  readonly span: SpanRecord;
  readonly end: number;
  readonly message: SentMessage;
}

function messagingAttrs(topic: string, operation: string, partition: number) {
  return [
    kv('messaging.system', str('kafka')),
    kv('messaging.operation.type', str(operation)),
    kv('messaging.operation.name', str(operation === 'send' ? 'send' : 'poll')),
    kv('messaging.destination.name', str(topic)),
    kv('messaging.destination.partition.id', str(String(partition))),
    kv('server.address', str('kafka')),
    kv('server.port', int(9092)),
  ];
}

export function kafkaSend(
  b: TraceBuilder,
  parent: SpanRecord,
  t: number,
  topic: string,
  key: string,
  bodyBytes: number,
): Send {
  const partition = b.rng.int(0, 5);
  const offset = b.rng.int(1_200_000, 9_800_000);
  const span = b.start(parent, {
    library: 'kafka',
    kind: SpanKind.Producer,
    name: `send ${topic}`,
    startNs: t,
    attributes: [
      ...messagingAttrs(topic, 'send', partition),
      kv('messaging.kafka.message.key', str(key)),
      kv('messaging.kafka.offset', int(offset)),
      kv('messaging.message.body.size', int(bodyBytes)),
      kv('messaging.client.id', str(`${parent.instance.service}-producer-1`)),
    ],
  });
  const end = b.end(span, t + b.rng.skewed(600_000, 9_000_000));
  return {
    span,
    end,
    message: { traceId: b.traceId, spanId: span.spanId, topic, key, partition, offset, sentNs: end },
  };
}

/** The CONSUMER root of a new trace that processes `message` in consumer group `service`. */
export function kafkaProcess(b: TraceBuilder, service: ServiceName, message: SentMessage): SpanRecord {
  const span = b.start(null, {
    service,
    library: 'kafka',
    kind: SpanKind.Consumer,
    name: `process ${message.topic}`,
    startNs: 0,
    attributes: [
      ...messagingAttrs(message.topic, 'process', message.partition),
      kv('messaging.kafka.message.key', str(message.key)),
      kv('messaging.kafka.offset', int(message.offset)),
      kv('messaging.consumer.group.name', str(service)),
      kv('messaging.client.id', str(`${service}-consumer-${b.rng.int(1, 3)}`)),
    ],
  });
  b.link(span, message.traceId, message.spanId, [
    kv('messaging.operation.type', str('send')),
    kv('messaging.destination.name', str(message.topic)),
  ]);
  return span;
}
