/**
 * Columnar transfer bytes → SpanTable. Hot columns are typed-array views into the received buffer
 * (no copy); span ids become hex strings; details(i) parses span i's JSON blobs on first use.
 */
import { bytesToHex } from '../model/ids.ts';
import type { SpanTable } from '../model/span-table.ts';
import type { InstrumentationScope, Resource, SpanDetails } from '../model/types.ts';
import {
  COLUMNAR_MAGIC,
  COLUMNAR_VERSION,
  type ColumnarHeader,
  ELEMENT_BYTES,
  type ElementType,
  FIXED_SECTIONS,
  type FixedSection,
  PREAMBLE_BYTES,
  TEXT_LISTS,
  type TextList,
} from './columnar-layout.ts';
import { detailsFromJson, resourceFromJson, scopeFromJson } from './detail-json.ts';
import { decodeUtf8Entry, type Utf8List } from './utf8-list.ts';

function fail(problem: string): never {
  throw new Error(`columnar trace: ${problem}`);
}

function readHeader(bytes: Uint8Array): { header: ColumnarHeader; bodyStart: number } {
  if (bytes.byteLength < PREAMBLE_BYTES) fail(`only ${bytes.byteLength} bytes`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) !== COLUMNAR_MAGIC) fail('bad magic number (not a columnar trace)');
  const version = dv.getUint32(4, true);
  if (version !== COLUMNAR_VERSION) fail(`version ${version} is not supported (only ${COLUMNAR_VERSION})`);
  const headerLength = dv.getUint32(8, true);
  if (PREAMBLE_BYTES + headerLength > bytes.byteLength) fail('header runs past the end');
  const headerText = decodeUtf8Entry(
    { offsets: Uint32Array.of(PREAMBLE_BYTES, PREAMBLE_BYTES + headerLength), bytes },
    0,
  );
  let header: ColumnarHeader;
  try {
    header = JSON.parse(headerText);
  } catch {
    fail('header is not JSON');
  }
  if (typeof header !== 'object' || header === null || typeof header.sections !== 'object')
    fail('header has no sections');
  if (!Number.isSafeInteger(header.count) || header.count < 0) fail('bad span count');
  if (!Number.isSafeInteger(header.eventCount) || header.eventCount < 0) fail('bad event count');
  if (typeof header.baseNs !== 'string' || !/^-?\d+$/.test(header.baseNs)) fail('bad baseNs');
  return { header, bodyStart: Math.ceil((PREAMBLE_BYTES + headerLength) / 8) * 8 };
}

function view(buffer: ArrayBuffer, offset: number, byteLength: number, type: ElementType) {
  if (type === 'f64') return new Float64Array(buffer, offset, byteLength / 8);
  if (type === 'u32') return new Uint32Array(buffer, offset, byteLength / 4);
  return new Uint8Array(buffer, offset, byteLength);
}

function unpackIds(packed: Uint8Array, n: number, zeroIsNone: boolean): string[] {
  const out: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const id = packed.subarray(i * 8, i * 8 + 8);
    out[i] = zeroIsNone && id.every((b) => b === 0) ? '' : bytesToHex(id);
  }
  return out;
}

export function decodeColumnar(input: Uint8Array): SpanTable {
  // Typed-array views need aligned offsets: copy a buffer that does not start on 8 bytes.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const { header, bodyStart } = readHeader(bytes);
  const n = header.count;
  const m = header.eventCount;
  const section = (name: string) => {
    const ref = header.sections[name];
    if (!ref || !Number.isSafeInteger(ref.offset) || !Number.isSafeInteger(ref.byteLength))
      fail(`section ${name} is missing`);
    const start = bodyStart + ref.offset;
    if (
      ref.offset < 0 ||
      ref.offset % 8 !== 0 ||
      ref.byteLength < 0 ||
      start + ref.byteLength > bytes.byteLength
    )
      fail(`section ${name} lies outside the data`);
    return { start: bytes.byteOffset + start, byteLength: ref.byteLength };
  };
  const fixed = {} as Record<FixedSection, Uint8Array | Uint32Array | Float64Array>;
  for (const name of Object.keys(FIXED_SECTIONS) as FixedSection[]) {
    const spec = FIXED_SECTIONS[name];
    const { start, byteLength } = section(name);
    if (byteLength !== spec.count(n, m) * ELEMENT_BYTES[spec.type])
      fail(`section ${name} has the wrong length`);
    fixed[name] = view(bytes.buffer as ArrayBuffer, start, byteLength, spec.type);
  }
  const lists = {} as Record<TextList, Utf8List>;
  for (const name of TEXT_LISTS) {
    const o = section(`${name}.offsets`);
    const b = section(`${name}.bytes`);
    const offsets = new Uint32Array(bytes.buffer, o.start, o.byteLength / 4);
    const text = new Uint8Array(bytes.buffer, b.start, b.byteLength);
    for (let i = 1; i < offsets.length; i++)
      if (offsets[i] < offsets[i - 1] || offsets[i] > text.byteLength)
        fail(`${name} offsets are out of order`);
    if (offsets.length === 0 || offsets[0] !== 0) fail(`${name} offsets must start at 0`);
    lists[name] = { offsets, bytes: text };
  }
  const listLength = (name: TextList) => lists[name].offsets.length - 1;
  if (listLength('details') !== n) fail('details count differs from the span count');
  const strings = Array.from({ length: listLength('strings') }, (_, i) => decodeUtf8Entry(lists.strings, i));
  const u32 = (name: FixedSection) => fixed[name] as Uint32Array;
  checkIndexes(u32('names'), strings.length, 'names');
  checkIndexes(u32('services'), strings.length, 'services');
  checkIndexes(u32('resourceOf'), listLength('resources'), 'resourceOf');
  checkIndexes(u32('scopeOf'), listLength('scopes'), 'scopeOf');
  const eventStart = u32('eventStart');
  for (let i = 0; i < n; i++)
    if (eventStart[i + 1] < eventStart[i] || eventStart[i + 1] > m) fail('eventStart is out of order');

  const resources: Resource[] = [];
  const scopes: InstrumentationScope[] = [];
  const resourceOf = u32('resourceOf');
  const scopeOf = u32('scopeOf');
  const cache: SpanDetails[] = [];
  return {
    traceId: header.traceId,
    format: header.format,
    count: n,
    baseNs: BigInt(header.baseNs),
    startNs: fixed.startNs as Float64Array,
    durNs: fixed.durNs as Float64Array,
    spanIds: unpackIds(fixed.spanIds as Uint8Array, n, false),
    parentIds: unpackIds(fixed.parentIds as Uint8Array, n, true),
    names: u32('names'),
    services: u32('services'),
    strings,
    kinds: fixed.kinds as Uint8Array,
    statuses: fixed.statuses as Uint8Array,
    flags: fixed.flags as Uint8Array,
    eventStart,
    eventNs: fixed.eventNs as Float64Array,
    warnings: Array.isArray(header.warnings) ? header.warnings.map(String) : [],
    details(i: number): SpanDetails {
      if (!(i >= 0 && i < n)) throw new RangeError(`span index ${i} is outside 0..${n - 1}`);
      const cached = cache[i];
      if (cached) return cached;
      const r = resourceOf[i];
      const s = scopeOf[i];
      const d = detailsFromJson(
        decodeUtf8Entry(lists.details, i),
        () => (resources[r] ??= resourceFromJson(decodeUtf8Entry(lists.resources, r))),
        () => (scopes[s] ??= scopeFromJson(decodeUtf8Entry(lists.scopes, s))),
      );
      cache[i] = d;
      return d;
    },
  };
}

function checkIndexes(indexes: Uint32Array, size: number, name: string): void {
  for (let i = 0; i < indexes.length; i++)
    if (indexes[i] >= size) fail(`${name}[${i}] points past its table`);
}
