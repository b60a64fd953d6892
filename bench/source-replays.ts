/**
 * What source-proxy.bench.ts replays for each kind of external store: the routes that make a replay
 * server (src/testing/replay-server.ts) answer a trace as that store would (Tempo v2 JSON, Jaeger's v1
 * API — its api_v3 probe answered 404 —, Zipkin v2 JSON), written by the formats' own encoders from
 * the same generated table.
 */
import { encodeTraces } from '../src/core/formats/index.ts';
import type { SpanTable } from '../src/core/model/span-table.ts';
import { encodeTraceAs } from '../src/server/sources/encode-trace.ts';
import { zipkinId } from '../src/server/sources/zipkin/zipkin-params.ts';
import type { ReplayAnswer } from '../src/testing/replay-server.ts';

export type ReplayedKind = 'tempo' | 'jaeger' | 'zipkin';

export interface Replayed {
  readonly routes: Record<string, ReplayAnswer>;
  /** The upstream path of the trace (timed directly, as the upstream's own answer). */
  readonly tracePath: string;
}

const bytesOf = (encoded: string | Uint8Array) =>
  typeof encoded === 'string' ? new TextEncoder().encode(encoded) : encoded;

export function replayOf(kind: ReplayedKind, table: SpanTable): Replayed {
  const id = table.traceId;
  if (kind === 'tempo') {
    const tracePath = `/api/v2/traces/${id}`;
    return { tracePath, routes: { [tracePath]: { body: encodeTraceAs(table, 'tempo-v2') } } };
  }
  if (kind === 'jaeger') {
    const tracePath = `/api/traces/${id}`;
    return {
      tracePath,
      routes: {
        '/api/services': { body: bytesOf(JSON.stringify({ data: ['frontend'], total: 1 })) },
        [tracePath]: { body: bytesOf(encodeTraces([table], 'jaeger-json')) },
      },
    };
  }
  const tracePath = `/api/v2/trace/${zipkinId(id)}`;
  return { tracePath, routes: { [tracePath]: { body: bytesOf(encodeTraces([table], 'zipkin-json')) } } };
}
