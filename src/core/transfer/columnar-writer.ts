/**
 * Allocates a columnar transfer body of a known shape (span and event counts, text lists) with its
 * preamble, header and text lists written, and hands out the fixed sections to fill in place: the
 * store copies database vectors straight into them, encodeColumnar copies a SpanTable's arrays.
 */
import {
  align8,
  COLUMNAR_MAGIC,
  COLUMNAR_VERSION,
  type ColumnarHeader,
  DETAIL_KEYS,
  type DetailsMode,
  ELEMENT_BYTES,
  FIXED_SECTIONS,
  type FixedSection,
  PREAMBLE_BYTES,
  type SectionRef,
  type TextList,
  textListsOf,
} from './columnar-layout.ts';
import { encodeUtf8List, type Utf8List } from './utf8-list.ts';

export interface ColumnarShape {
  readonly traceId: string;
  readonly format: string;
  readonly baseNs: bigint;
  readonly count: number;
  readonly eventCount: number;
  readonly warnings: readonly string[];
  readonly strings: Utf8List;
  readonly resources: Utf8List;
  readonly scopes: Utf8List;
  /** The details inline, or the base of the keys to fetch them by later (see columnar-layout.ts). */
  readonly details: Utf8List | { readonly keyBase: bigint };
}

export interface ColumnarBuffer {
  readonly bytes: Uint8Array;
  /** The bytes of a fixed section (or of `detailKeys` when details are deferred), to fill in place. */
  section(name: FixedSection | typeof DETAIL_KEYS): Uint8Array;
}

function listLength(list: Utf8List, name: string): number {
  if (list.offsets.length === 0) throw new Error(`columnar ${name} list has no offsets`);
  return list.offsets.length - 1;
}

export function allocateColumnar(shape: ColumnarShape): ColumnarBuffer {
  const n = shape.count;
  const m = shape.eventCount;
  const inline = !('keyBase' in shape.details);
  const details: DetailsMode =
    'keyBase' in shape.details
      ? { mode: 'deferred', keyBase: shape.details.keyBase.toString() }
      : { mode: 'inline' };
  const lists: Partial<Record<TextList, Utf8List>> = {
    strings: shape.strings,
    resources: shape.resources,
    scopes: shape.scopes,
  };
  if (inline) {
    lists.details = shape.details as Utf8List;
    if (listLength(lists.details, 'details') !== n)
      throw new Error(
        `columnar details list has ${listLength(lists.details, 'details')} entries, expected ${n}`,
      );
  }

  const sizes: [string, number][] = [];
  for (const name of Object.keys(FIXED_SECTIONS) as FixedSection[]) {
    const spec = FIXED_SECTIONS[name];
    sizes.push([name, spec.count(n, m) * ELEMENT_BYTES[spec.type]]);
  }
  if (!inline) sizes.push([DETAIL_KEYS, n * 4]);
  for (const name of textListsOf(details.mode)) {
    const list = lists[name] as Utf8List;
    listLength(list, name);
    sizes.push([`${name}.offsets`, list.offsets.byteLength], [`${name}.bytes`, list.bytes.byteLength]);
  }
  const sections: Record<string, SectionRef> = {};
  let end = 0;
  for (const [name, byteLength] of sizes) {
    const offset = align8(end);
    sections[name] = { offset, byteLength };
    end = offset + byteLength;
  }
  const header: ColumnarHeader = {
    traceId: shape.traceId,
    format: shape.format,
    baseNs: shape.baseNs.toString(),
    count: n,
    eventCount: m,
    warnings: shape.warnings,
    details,
    sections,
  };
  const headerBytes = encodeUtf8List([JSON.stringify(header)]).bytes;
  const bodyStart = align8(PREAMBLE_BYTES + headerBytes.byteLength);
  const bytes = new Uint8Array(bodyStart + end);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, COLUMNAR_MAGIC, true);
  dv.setUint32(4, COLUMNAR_VERSION, true);
  dv.setUint32(8, headerBytes.byteLength, true);
  bytes.set(headerBytes, PREAMBLE_BYTES);
  const section = (name: string) => {
    const ref = sections[name];
    if (!ref) throw new Error(`columnar body has no section ${name}`);
    return bytes.subarray(bodyStart + ref.offset, bodyStart + ref.offset + ref.byteLength);
  };
  for (const name of textListsOf(details.mode)) {
    const list = lists[name] as Utf8List;
    section(`${name}.offsets`).set(
      new Uint8Array(list.offsets.buffer, list.offsets.byteOffset, list.offsets.byteLength),
    );
    section(`${name}.bytes`).set(list.bytes);
  }
  return { bytes, section };
}
