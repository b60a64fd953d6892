/**
 * Stored rows → the columnar transfer (core/transfer) that the browser decodes without building a
 * giant JSON string: times become float64 ns offsets from the earliest start, names and services an
 * interned string table, details the stored OTLP JSON blobs as they are.
 */
import { encodeColumnar } from '../../core/transfer/encode-columnar.ts';
import { Interner } from '../../core/transfer/interner.ts';
import type { TraceRows } from './trace-reader.ts';

/** Format id of tables served by the store (SpanTable.format). */
export const STORE_FORMAT = 'store';

function localIndexes(ids: readonly number[], blobs: ReadonlyMap<number, string>) {
  const texts = new Interner();
  const of = Uint32Array.from(ids, (id) => texts.index(blobs.get(id) ?? '{}'));
  return { texts: texts.values, of };
}

export function columnarTrace(rows: TraceRows): Uint8Array {
  const n = rows.count;
  let base: bigint | null = null;
  for (const s of rows.startNs) if (s !== null && (base === null || s < base)) base = s;
  const baseNs = base ?? 0n;
  const startNs = new Float64Array(n);
  const durNs = new Float64Array(n);
  const names = new Uint32Array(n);
  const services = new Uint32Array(n);
  const strings = new Interner();
  const eventStart = new Uint32Array(n + 1);
  const eventNs: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = rows.startNs[i];
    const dur = rows.durNs[i];
    startNs[i] = start === null ? Number.NaN : Number(start - baseNs);
    durNs[i] = dur === null ? Number.NaN : Number(dur);
    names[i] = strings.index(rows.name[i]);
    services[i] = strings.index(rows.service[i]);
    const times = rows.eventTimes[i];
    if (times) for (const t of times.split(',')) eventNs.push(Number(BigInt(t) - baseNs));
    eventStart[i + 1] = eventNs.length;
  }
  const resources = localIndexes(rows.resourceId, rows.resourceJson);
  const scopes = localIndexes(rows.scopeId, rows.scopeJson);
  return encodeColumnar({
    traceId: rows.traceId,
    format: STORE_FORMAT,
    count: n,
    baseNs,
    startNs,
    durNs,
    spanIds: rows.spanId,
    parentIds: rows.parentId,
    names,
    services,
    strings: strings.values,
    kinds: Uint8Array.from(rows.kind),
    statuses: Uint8Array.from(rows.status),
    flags: Uint8Array.from(rows.modelFlags),
    eventStart,
    eventNs: Float64Array.from(eventNs),
    warnings: [],
    detailJson: rows.detail,
    resourceJson: resources.texts,
    resourceOf: resources.of,
    scopeJson: scopes.texts,
    scopeOf: scopes.of,
  });
}
