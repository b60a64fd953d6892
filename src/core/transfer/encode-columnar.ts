/**
 * A trace → the columnar transfer bytes (layout in columnar-layout.ts), details inline or deferred.
 * `columnarFromTable` prepares any SpanTable (a decoded file, a test table); the store fills a body
 * in place instead (columnar-writer.ts).
 */
import type { SpanTable } from '../model/span-table.ts';
import type { SpanDetails } from '../model/types.ts';
import { DETAIL_KEYS, ELEMENT_BYTES, FIXED_SECTIONS, type FixedSection } from './columnar-layout.ts';
import { allocateColumnar } from './columnar-writer.ts';
import { resourceJson, scopeJson, spanDetailJson } from './detail-json.ts';
import { Interner } from './interner.ts';
import { encodeUtf8List, type Utf8List, Utf8ListWriter } from './utf8-list.ts';

/** The hot columns of a SpanTable plus its cold details as OTLP JSON blobs (detail-json.ts). */
export interface ColumnarTrace extends Omit<SpanTable, 'details'> {
  /** Per span: spanDetailJson. */
  readonly detailJson: readonly string[];
  /** Distinct resourceJson blobs, and the one of each span. */
  readonly resourceJson: readonly string[];
  readonly resourceOf: Uint32Array;
  /** Distinct scopeJson blobs, and the one of each span. */
  readonly scopeJson: readonly string[];
  readonly scopeOf: Uint32Array;
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX_VALUE['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUE['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** 16-hex ids → 8 bytes each; '' → zeros. */
function packIds(ids: readonly string[], what: string): Uint8Array {
  const out = new Uint8Array(ids.length * 8);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (id === '') continue;
    if (id.length !== 16) throw new Error(`${what} ${i} is not 16 hex digits: ${JSON.stringify(id)}`);
    for (let b = 0; b < 8; b++) {
      const c1 = id.charCodeAt(b * 2);
      const c2 = id.charCodeAt(b * 2 + 1);
      const hi = c1 < 128 ? HEX_VALUE[c1] : -1;
      const lo = c2 < 128 ? HEX_VALUE[c2] : -1;
      if (hi < 0 || lo < 0) throw new Error(`${what} ${i} is not hex: ${JSON.stringify(id)}`);
      out[i * 8 + b] = (hi << 4) | lo;
    }
  }
  return out;
}

function bytesOf(a: ArrayBufferView): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function checkLength(name: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`columnar ${name} has ${actual} entries, expected ${expected}`);
}

/** Deferred details: the key of each span (ascending) and their base; the details stay out of the body. */
export interface DeferredKeys {
  readonly keys: Uint32Array;
  readonly keyBase: bigint;
}

export function encodeColumnar(t: ColumnarTrace, deferred?: DeferredKeys): Uint8Array {
  checkLength('detailJson', t.detailJson.length, t.count);
  return encodeColumnarWith(t, deferred ?? encodeUtf8List(t.detailJson));
}

/**
 * encodeColumnar with the details given as a ready UTF-8 list (one blob per span, e.g. copied from
 * the bytes a trace was read from) or deferred.
 */
export function encodeColumnarWith(
  t: Omit<ColumnarTrace, 'detailJson'>,
  details: Utf8List | DeferredKeys,
): Uint8Array {
  const n = t.count;
  const m = t.eventNs.length;
  const deferred = 'keys' in details ? details : undefined;
  if ('offsets' in details) checkLength('details', details.offsets.length - 1, n);
  const out = allocateColumnar({
    traceId: t.traceId,
    format: t.format,
    baseNs: t.baseNs,
    count: n,
    eventCount: m,
    warnings: t.warnings,
    strings: encodeUtf8List(t.strings),
    resources: encodeUtf8List(t.resourceJson),
    scopes: encodeUtf8List(t.scopeJson),
    details: 'keys' in details ? { keyBase: details.keyBase } : details,
  });
  const fixed: Record<FixedSection, ArrayBufferView> = {
    startNs: t.startNs,
    durNs: t.durNs,
    eventNs: t.eventNs,
    names: t.names,
    services: t.services,
    eventStart: t.eventStart,
    resourceOf: t.resourceOf,
    scopeOf: t.scopeOf,
    kinds: t.kinds,
    statuses: t.statuses,
    flags: t.flags,
    spanIds: packIds(t.spanIds, 'span id'),
    parentIds: packIds(t.parentIds, 'parent id'),
  };
  for (const name of Object.keys(FIXED_SECTIONS) as FixedSection[]) {
    const spec = FIXED_SECTIONS[name];
    const view = fixed[name];
    checkLength(name, view.byteLength / ELEMENT_BYTES[spec.type], spec.count(n, m));
    out.section(name).set(bytesOf(view));
  }
  if (deferred) {
    checkLength(DETAIL_KEYS, deferred.keys.length, n);
    out.section(DETAIL_KEYS).set(bytesOf(deferred.keys));
  }
  return out.bytes;
}

/** Prepares a SpanTable for encodeColumnar, serialising every span's details (resource and scope once each). */
export function columnarFromTable(table: SpanTable): ColumnarTrace {
  const detailJson: string[] = new Array(table.count);
  const hot = hotColumnsOf(
    table,
    (i) => table.details(i),
    (i, json) => {
      detailJson[i] = json;
    },
  );
  return { ...hot, detailJson };
}

/** Detail blobs written per chunk of this many spans (one native UTF-8 call each, utf8-list.ts). */
const DETAIL_CHUNK = 1024;
/** A first guess of a detail blob's size, so that a typical trace's list seldom grows. */
const DETAIL_BYTES_GUESS = 512;

/**
 * columnarFromTable with the details written into one UTF-8 list as they are made, a chunk at a
 * time, so that no span's details or text outlive the young generation (at 100k spans, holding them
 * all made the collector copy them); `detailsOf` reads a span's details (default the table's own,
 * which keeps each once read).
 */
export function columnarWithDetailList(
  table: SpanTable,
  detailsOf: (i: number) => SpanDetails = (i) => table.details(i),
): {
  readonly hot: Omit<ColumnarTrace, 'detailJson'>;
  readonly details: Utf8List;
} {
  const writer = new Utf8ListWriter(table.count, table.count * DETAIL_BYTES_GUESS);
  let chunk: string[] = [];
  const hot = hotColumnsOf(table, detailsOf, (_, json) => {
    chunk.push(json);
    if (chunk.length < DETAIL_CHUNK) return;
    writer.add(chunk);
    chunk = [];
  });
  writer.add(chunk);
  return { hot, details: writer.finish() };
}

/** The hot columns, resources and scopes of `table`; each span's detail JSON handed to `detail` in row order. */
function hotColumnsOf(
  table: SpanTable,
  detailsOf: (i: number) => SpanDetails,
  detail: (i: number, json: string) => void,
): Omit<ColumnarTrace, 'detailJson'> {
  const n = table.count;
  const resourceOf = new Uint32Array(n);
  const scopeOf = new Uint32Array(n);
  const resources = new Interner();
  const scopes = new Interner();
  const resourceText = new Map<object, string>();
  const scopeText = new Map<object, string>();
  for (let i = 0; i < n; i++) {
    const d = detailsOf(i);
    detail(i, spanDetailJson(d, table.statuses[i]));
    let r = resourceText.get(d.resource);
    if (r === undefined) resourceText.set(d.resource, (r = resourceJson(d.resource)));
    let s = scopeText.get(d.scope);
    if (s === undefined) scopeText.set(d.scope, (s = scopeJson(d.scope)));
    resourceOf[i] = resources.index(r);
    scopeOf[i] = scopes.index(s);
  }
  const { details: _details, ...hot } = table;
  return {
    ...hot,
    resourceJson: resources.values,
    resourceOf,
    scopeJson: scopes.values,
    scopeOf,
  };
}
