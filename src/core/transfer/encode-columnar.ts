/**
 * A trace → the columnar transfer bytes (layout in columnar-layout.ts). The store calls
 * `encodeColumnar` with columns it read from its rows; `columnarFromTable` prepares any SpanTable
 * (a decoded file, a test table) the same way.
 */
import type { SpanTable } from '../model/span-table.ts';
import {
  align8,
  COLUMNAR_MAGIC,
  COLUMNAR_VERSION,
  type ColumnarHeader,
  ELEMENT_BYTES,
  FIXED_SECTIONS,
  type FixedSection,
  PREAMBLE_BYTES,
  type SectionRef,
  type TextList,
} from './columnar-layout.ts';
import { resourceJson, scopeJson, spanDetailJson } from './detail-json.ts';
import { Interner } from './interner.ts';
import { encodeUtf8List } from './utf8-list.ts';

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

export function encodeColumnar(t: ColumnarTrace): Uint8Array {
  const n = t.count;
  const m = t.eventNs.length;
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
  const payloads: [string, Uint8Array][] = [];
  for (const name of Object.keys(FIXED_SECTIONS) as FixedSection[]) {
    const spec = FIXED_SECTIONS[name];
    const view = fixed[name];
    checkLength(name, view.byteLength / ELEMENT_BYTES[spec.type], spec.count(n, m));
    payloads.push([name, bytesOf(view)]);
  }
  checkLength('detailJson', t.detailJson.length, n);
  const lists: Record<TextList, readonly string[]> = {
    strings: t.strings,
    resources: t.resourceJson,
    scopes: t.scopeJson,
    details: t.detailJson,
  };
  for (const [name, texts] of Object.entries(lists)) {
    const list = encodeUtf8List(texts);
    payloads.push([`${name}.offsets`, bytesOf(list.offsets)], [`${name}.bytes`, list.bytes]);
  }

  const sections: Record<string, SectionRef> = {};
  let end = 0;
  for (const [name, bytes] of payloads) {
    const offset = align8(end);
    sections[name] = { offset, byteLength: bytes.byteLength };
    end = offset + bytes.byteLength;
  }
  const header: ColumnarHeader = {
    traceId: t.traceId,
    format: t.format,
    baseNs: t.baseNs.toString(),
    count: n,
    eventCount: m,
    warnings: t.warnings,
    sections,
  };
  const headerBytes = encodeUtf8List([JSON.stringify(header)]).bytes;
  const bodyStart = align8(PREAMBLE_BYTES + headerBytes.byteLength);
  const out = new Uint8Array(bodyStart + end);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, COLUMNAR_MAGIC, true);
  dv.setUint32(4, COLUMNAR_VERSION, true);
  dv.setUint32(8, headerBytes.byteLength, true);
  out.set(headerBytes, PREAMBLE_BYTES);
  for (const [name, bytes] of payloads) out.set(bytes, bodyStart + sections[name].offset);
  return out;
}

/** Prepares a SpanTable for encodeColumnar, serialising every span's details (resource and scope once each). */
export function columnarFromTable(table: SpanTable): ColumnarTrace {
  const n = table.count;
  const detailJson: string[] = new Array(n);
  const resourceOf = new Uint32Array(n);
  const scopeOf = new Uint32Array(n);
  const resources = new Interner();
  const scopes = new Interner();
  const resourceText = new Map<object, string>();
  const scopeText = new Map<object, string>();
  for (let i = 0; i < n; i++) {
    const d = table.details(i);
    detailJson[i] = spanDetailJson(d, table.statuses[i]);
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
    detailJson,
    resourceJson: resources.values,
    resourceOf,
    scopeJson: scopes.values,
    scopeOf,
  };
}
