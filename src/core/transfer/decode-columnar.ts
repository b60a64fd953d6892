/**
 * Columnar transfer bytes → SpanTable. Hot columns are typed-array views into the received buffer
 * (no copy), the ids too (the tree reads them as numbers; their hex strings are made only when asked
 * for); details(i) parses span i's JSON blobs on first use. When
 * the body defers its details, they come from a DeferredDetails the receiver fills later; details(i)
 * of a span whose details have not arrived throws a DetailsNotLoadedError.
 */
import { lazyIdLists } from '../model/ids.ts';
import type { SpanTable } from '../model/span-table.ts';
import type { InstrumentationScope, Resource, SpanDetails } from '../model/types.ts';
import {
  COLUMNAR_MAGIC,
  COLUMNAR_VERSION,
  type ColumnarHeader,
  DETAIL_KEYS,
  ELEMENT_BYTES,
  type ElementType,
  FIXED_SECTIONS,
  type FixedSection,
  PREAMBLE_BYTES,
  type TextList,
  textListsOf,
} from './columnar-layout.ts';
import { DeferredDetails } from './deferred-details.ts';
import { detailsFromJson, resourceFromJson, scopeFromJson } from './detail-json.ts';
import { decodeUtf8Entry, type Utf8List } from './utf8-list.ts';

export class DetailsNotLoadedError extends Error {
  constructor(readonly index: number) {
    super(`the details of span ${index} have not arrived yet`);
    this.name = 'DetailsNotLoadedError';
  }
}

export interface DecodedColumnar {
  readonly table: SpanTable;
  /** Where the details go as they arrive, when the body deferred them; null when they were inline. */
  readonly deferred: DeferredDetails | null;
}

function fail(problem: string): never {
  throw new Error(`columnar trace: ${problem}`);
}

export function readHeader(bytes: Uint8Array): { header: ColumnarHeader; bodyStart: number } {
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
  const d = header.details as Partial<{ mode: unknown; keyBase: unknown }> | undefined;
  if (
    !(
      d?.mode === 'inline' ||
      (d?.mode === 'deferred' && typeof d.keyBase === 'string' && /^\d+$/.test(d.keyBase))
    )
  )
    fail('bad details mode');
  return { header, bodyStart: Math.ceil((PREAMBLE_BYTES + headerLength) / 8) * 8 };
}

function view(buffer: ArrayBuffer, offset: number, byteLength: number, type: ElementType) {
  if (type === 'f64') return new Float64Array(buffer, offset, byteLength / 8);
  if (type === 'u32') return new Uint32Array(buffer, offset, byteLength / 4);
  return new Uint8Array(buffer, offset, byteLength);
}

export function decodeColumnarTrace(input: Uint8Array): DecodedColumnar {
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
  const buffer = bytes.buffer as ArrayBuffer;
  const fixed = {} as Record<FixedSection, Uint8Array | Uint32Array | Float64Array>;
  for (const name of Object.keys(FIXED_SECTIONS) as FixedSection[]) {
    const spec = FIXED_SECTIONS[name];
    const { start, byteLength } = section(name);
    if (byteLength !== spec.count(n, m) * ELEMENT_BYTES[spec.type])
      fail(`section ${name} has the wrong length`);
    fixed[name] = view(buffer, start, byteLength, spec.type);
  }
  const lists = {} as Record<TextList, Utf8List>;
  for (const name of textListsOf(header.details.mode)) {
    const o = section(`${name}.offsets`);
    const b = section(`${name}.bytes`);
    lists[name] = checkedList(
      new Uint32Array(buffer, o.start, o.byteLength / 4),
      new Uint8Array(buffer, b.start, b.byteLength),
      name,
    );
  }
  const listLength = (name: TextList) => lists[name].offsets.length - 1;
  let deferred: DeferredDetails | null = null;
  let detailText: (i: number) => string | undefined;
  if (header.details.mode === 'deferred') {
    const k = section(DETAIL_KEYS);
    if (k.byteLength !== n * 4) fail(`section ${DETAIL_KEYS} has the wrong length`);
    try {
      deferred = new DeferredDetails(new Uint32Array(buffer, k.start, n), BigInt(header.details.keyBase));
    } catch (e) {
      fail((e as Error).message.replace(/^columnar trace: /, ''));
    }
    detailText = (i) => deferred?.text(i);
  } else {
    if (listLength('details') !== n) fail('details count differs from the span count');
    detailText = (i) => decodeUtf8Entry(lists.details, i);
  }
  const strings = Array.from({ length: listLength('strings') }, (_, i) => decodeUtf8Entry(lists.strings, i));
  const u32 = (name: FixedSection) => fixed[name] as Uint32Array;
  checkIndexes(u32('names'), strings.length, 'names');
  checkIndexes(u32('services'), strings.length, 'services');
  checkIndexes(u32('resourceOf'), listLength('resources'), 'resourceOf');
  checkIndexes(u32('scopeOf'), listLength('scopes'), 'scopeOf');
  const eventStart = u32('eventStart');
  if (eventStart[0] !== 0) fail('eventStart must start at 0');
  for (let i = 0; i < n; i++)
    if (eventStart[i + 1] < eventStart[i] || eventStart[i + 1] > m) fail('eventStart is out of order');

  const resources: Resource[] = [];
  const scopes: InstrumentationScope[] = [];
  const resourceOf = u32('resourceOf');
  const scopeOf = u32('scopeOf');
  const cache: SpanDetails[] = [];
  const idBytes = { spanIds: fixed.spanIds as Uint8Array, parentIds: fixed.parentIds as Uint8Array };
  const idLists = lazyIdLists(idBytes);
  const table: SpanTable = {
    traceId: header.traceId,
    format: header.format,
    count: n,
    baseNs: BigInt(header.baseNs),
    startNs: fixed.startNs as Float64Array,
    durNs: fixed.durNs as Float64Array,
    idBytes,
    get spanIds() {
      return idLists.spanIds();
    },
    get parentIds() {
      return idLists.parentIds();
    },
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
      const text = detailText(i);
      if (text === undefined) throw new DetailsNotLoadedError(i);
      const r = resourceOf[i];
      const s = scopeOf[i];
      const d = detailsFromJson(
        text,
        () => (resources[r] ??= resourceFromJson(decodeUtf8Entry(lists.resources, r))),
        () => (scopes[s] ??= scopeFromJson(decodeUtf8Entry(lists.scopes, s))),
      );
      cache[i] = d;
      return d;
    },
  };
  return { table, deferred };
}

/** A body with its details inline (or one whose details the caller does not need). */
export function decodeColumnar(input: Uint8Array): SpanTable {
  return decodeColumnarTrace(input).table;
}

/** A text list whose offsets start at 0 and stay in order within its bytes. */
export function checkedList(offsets: Uint32Array, bytes: Uint8Array, name: string): Utf8List {
  for (let i = 1; i < offsets.length; i++)
    if (offsets[i] < offsets[i - 1] || offsets[i] > bytes.byteLength)
      fail(`${name} offsets are out of order`);
  if (offsets.length === 0 || offsets[0] !== 0) fail(`${name} offsets must start at 0`);
  return { offsets, bytes };
}

function checkIndexes(indexes: Uint32Array, size: number, name: string): void {
  for (let i = 0; i < indexes.length; i++)
    if (indexes[i] >= size) fail(`${name}[${i}] points past its table`);
}
