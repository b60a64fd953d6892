/**
 * SpanTables → Jaeger query JSON `{data:[traces]}` per OpenTelemetry's OTel→Jaeger mapping
 * (EXTERNAL-APIS §3.1): resource → process, kind → `span.kind` tag (INTERNAL untagged), status →
 * `otel.status_code`/`otel.status_description` (+ `error=true`), events → logs with the name in field
 * `event`, links → references after the parent CHILD_OF. Lost: link attributes, scope attributes,
 * resource schemaUrl, dropped counts, sub-microsecond times; arrays and maps become JSON strings.
 */
import type { SpanTable } from '../../model/span-table.ts';
import { SPAN_KIND_NAMES, SpanKind, StatusCode } from '../../model/types.ts';
import { spanTimesNs } from '../otlp-group.ts';
import { type JaegerTag, toJaegerTag, toJaegerTags } from './tags.ts';

/** Jaeger prints a 128-bit id whose high half is zero as its low 64 bits. */
function jaegerTraceId(id: string): string {
  return id.startsWith('0000000000000000') ? id.slice(16) : id;
}

const micros = (ns: bigint) => Number(ns / 1000n);

function spanTags(table: SpanTable, index: number): JaegerTag[] {
  const d = table.details(index);
  const tags = toJaegerTags(d.attributes);
  const kind = table.kinds[index];
  if (kind !== SpanKind.Internal && kind !== SpanKind.Unspecified)
    tags.push({ key: 'span.kind', type: 'string', value: SPAN_KIND_NAMES[kind] ?? 'unspecified' });
  const status = table.statuses[index];
  if (status === StatusCode.Ok) tags.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
  if (status === StatusCode.Error) {
    tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
    if (!d.attributes.some((a) => a.key === 'error')) tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (d.statusMessage) tags.push({ key: 'otel.status_description', type: 'string', value: d.statusMessage });
  if (d.scope.name) tags.push({ key: 'otel.scope.name', type: 'string', value: d.scope.name });
  if (d.scope.version) tags.push({ key: 'otel.scope.version', type: 'string', value: d.scope.version });
  if (d.traceState) tags.push({ key: 'w3c.tracestate', type: 'string', value: d.traceState });
  return tags;
}

function encodeTrace(table: SpanTable): Record<string, unknown> {
  const processes: Record<string, { serviceName: string; tags: JaegerTag[] }> = {};
  const processIds = new Map<string, string>();
  const spans = [];
  for (let i = 0; i < table.count; i++) {
    const d = table.details(i);
    const serviceName = table.strings[table.services[i]];
    const tags = d.resource.attributes
      .filter((a) => a.key !== 'service.name')
      .map((a) => toJaegerTag(a.key, a.value));
    const processKey = JSON.stringify([serviceName, tags]);
    let processID = processIds.get(processKey);
    if (processID === undefined) {
      processID = `p${processIds.size + 1}`;
      processIds.set(processKey, processID);
      processes[processID] = { serviceName, tags };
    }
    const parent = table.parentIds[i];
    const references = [
      ...(parent ? [{ refType: 'CHILD_OF', traceID: jaegerTraceId(table.traceId), spanID: parent }] : []),
      ...d.links.map((l) => ({
        refType: l.refType ?? refTypeAttribute(l.attributes) ?? 'FOLLOWS_FROM',
        traceID: jaegerTraceId(l.traceId),
        spanID: l.spanId,
      })),
    ];
    const { startNs, endNs } = spanTimesNs(table, i);
    spans.push({
      traceID: jaegerTraceId(table.traceId),
      spanID: table.spanIds[i],
      flags: d.flags,
      operationName: table.strings[table.names[i]],
      references,
      startTime: micros(startNs),
      ...(startNs === 0n || endNs === 0n ? {} : { duration: micros(endNs) - micros(startNs) }),
      tags: spanTags(table, i),
      logs: d.events.map((e) => ({
        timestamp: micros(e.timeNs),
        fields: [
          ...(e.name && !e.attributes.some((a) => a.key === 'event')
            ? [{ key: 'event', type: 'string', value: e.name }]
            : []),
          ...toJaegerTags(e.attributes),
        ],
      })),
      processID,
      warnings: null,
    });
  }
  return { traceID: jaegerTraceId(table.traceId), spans, processes, warnings: null };
}

function refTypeAttribute(
  attrs: readonly { key: string; value: { type: string; value?: unknown } }[],
): string | undefined {
  const v = attrs.find((a) => a.key === 'opentracing.ref_type')?.value;
  return v?.type === 'string' && typeof v.value === 'string' ? v.value.toUpperCase() : undefined;
}

/** A Jaeger `/api/traces` answer holding the given traces. */
export function toJaegerResponse(tables: readonly SpanTable[]): Record<string, unknown> {
  return { data: tables.map(encodeTrace), total: 0, limit: 0, offset: 0, errors: null };
}

export function encodeJaegerJson(tables: readonly SpanTable[]): string {
  return JSON.stringify(toJaegerResponse(tables));
}
