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

/**
 * Where everything of a body of this shape goes: its first `bodyStart` bytes (preamble and header,
 * `prefix`), its sections, its total length, and the text lists to write into their sections. A
 * streamed answer (columnar-stream.ts) sends the prefix first and the sections as they are read.
 */
export interface ColumnarPlan {
  readonly header: ColumnarHeader;
  readonly prefix: Uint8Array;
  readonly bodyStart: number;
  readonly byteLength: number;
  readonly lists: readonly (readonly [TextList, Utf8List])[];
}

export function planColumnar(shape: ColumnarShape): ColumnarPlan {
  const n = shape.count;
  const m = shape.eventCount;
  const details: DetailsMode =
    'keyBase' in shape.details
      ? { mode: 'deferred', keyBase: shape.details.keyBase.toString() }
      : { mode: 'inline' };
  const byName: Record<TextList, Utf8List | null> = {
    strings: shape.strings,
    resources: shape.resources,
    scopes: shape.scopes,
    details: 'keyBase' in shape.details ? null : shape.details,
  };
  if (byName.details && listLength(byName.details, 'details') !== n)
    throw new Error(
      `columnar details list has ${listLength(byName.details, 'details')} entries, expected ${n}`,
    );

  const sizes: [string, number][] = [];
  for (const name of Object.keys(FIXED_SECTIONS) as FixedSection[]) {
    const spec = FIXED_SECTIONS[name];
    sizes.push([name, spec.count(n, m) * ELEMENT_BYTES[spec.type]]);
  }
  if (details.mode === 'deferred') sizes.push([DETAIL_KEYS, n * 4]);
  const lists = textListsOf(details.mode).map((name) => [name, byName[name] as Utf8List] as const);
  for (const [name, list] of lists) {
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
  const prefix = new Uint8Array(bodyStart);
  const dv = new DataView(prefix.buffer);
  dv.setUint32(0, COLUMNAR_MAGIC, true);
  dv.setUint32(4, COLUMNAR_VERSION, true);
  dv.setUint32(8, headerBytes.byteLength, true);
  prefix.set(headerBytes, PREAMBLE_BYTES);
  return { header, prefix, bodyStart, byteLength: bodyStart + end, lists };
}

/** The bytes of each text list's two sections (offsets as raw u32s), in the plan's order. */
export function listSections(plan: ColumnarPlan): [string, Uint8Array][] {
  return plan.lists.flatMap(([name, list]) => [
    [
      `${name}.offsets`,
      new Uint8Array(list.offsets.buffer, list.offsets.byteOffset, list.offsets.byteLength),
    ],
    [`${name}.bytes`, list.bytes],
  ]);
}

export function allocateColumnar(shape: ColumnarShape): ColumnarBuffer {
  const plan = planColumnar(shape);
  const bytes = new Uint8Array(plan.byteLength);
  bytes.set(plan.prefix);
  const section = (name: string) => {
    const ref = plan.header.sections[name];
    if (!ref) throw new Error(`columnar body has no section ${name}`);
    const start = plan.bodyStart + ref.offset;
    return bytes.subarray(start, start + ref.byteLength);
  };
  for (const [name, data] of listSections(plan)) section(name).set(data);
  return { bytes, section };
}
