/**
 * SpanTables → Zipkin v2 JSON (one array of spans). Zipkin carries µs times, no kind for INTERNAL/UNSPECIFIED (both read back as INTERNAL), string tags, annotations
 * without attributes, and one service per span: links, typed attributes (made strings), event
 * attributes, scope and sub-microsecond times are lost. Resource attributes other than service.name
 * become tags (OpenTelemetry's Zipkin exporter does the same). Status ERROR is the `error` tag
 * (holding the message, or "true"); OK is `otel.status_code: OK`.
 */
import { SpanFlag, type SpanTable, UNKNOWN_SERVICE } from '../../model/span-table.ts';
import { attrValueToString, SpanKind, StatusCode } from '../../model/types.ts';
import { spanTimesNs } from '../otlp-group.ts';

const KIND_NAMES: Record<number, string> = {
  [SpanKind.Client]: 'CLIENT',
  [SpanKind.Server]: 'SERVER',
  [SpanKind.Producer]: 'PRODUCER',
  [SpanKind.Consumer]: 'CONSUMER',
};

/** Zipkin writes a 128-bit id whose high half is zero as 16 hex digits. */
function zipkinTraceId(id: string): string {
  return id.startsWith('0000000000000000') ? id.slice(16) : id;
}

const micros = (ns: bigint) => Number(ns / 1000n);

function encodeSpan(table: SpanTable, i: number): Record<string, unknown> {
  const d = table.details(i);
  const tags: Record<string, string> = {};
  for (const a of d.resource.attributes)
    if (a.key !== 'service.name') tags[a.key] = attrValueToString(a.value);
  for (const a of d.attributes) tags[a.key] = attrValueToString(a.value);
  const status = table.statuses[i];
  if (status === StatusCode.Error) tags.error = d.statusMessage || 'true';
  if (status === StatusCode.Ok) tags['otel.status_code'] = 'OK';
  if (status !== StatusCode.Error && d.statusMessage) tags['otel.status_description'] = d.statusMessage;
  const service = table.strings[table.services[i]];
  const localEndpoint = {
    ...(service !== UNKNOWN_SERVICE ? { serviceName: service } : {}),
    ...(typeof d.zipkin?.localEndpoint === 'object' ? d.zipkin.localEndpoint : {}),
  };
  const { startNs, endNs } = spanTimesNs(table, i);
  const parent = table.parentIds[i];
  const kind = KIND_NAMES[table.kinds[i]];
  return {
    traceId: zipkinTraceId(table.traceId),
    ...(parent ? { parentId: parent } : {}),
    id: table.spanIds[i],
    ...(kind ? { kind } : {}),
    name: table.strings[table.names[i]],
    ...(startNs !== 0n ? { timestamp: micros(startNs) } : {}),
    ...(startNs !== 0n && endNs !== 0n ? { duration: micros(endNs) - micros(startNs) } : {}),
    ...(Object.keys(localEndpoint).length > 0 ? { localEndpoint } : {}),
    ...(d.zipkin?.remoteEndpoint !== undefined ? { remoteEndpoint: d.zipkin.remoteEndpoint } : {}),
    ...(d.events.length > 0
      ? { annotations: d.events.map((e) => ({ timestamp: micros(e.timeNs), value: e.name })) }
      : {}),
    ...(Object.keys(tags).length > 0 ? { tags } : {}),
    ...(table.flags[i] & SpanFlag.Shared ? { shared: true } : {}),
    ...(d.zipkin?.debug ? { debug: true } : {}),
  };
}

export function toZipkinSpans(tables: readonly SpanTable[]): Record<string, unknown>[] {
  return tables.flatMap((t) => Array.from({ length: t.count }, (_, i) => encodeSpan(t, i)));
}

export function encodeZipkinJson(tables: readonly SpanTable[]): string {
  return JSON.stringify(toZipkinSpans(tables));
}
