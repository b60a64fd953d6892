/**
 * The first rows of a columnar body still being streamed (columnar-stream-reader.ts), as a span table
 * of their own: what the viewer draws while the rest arrives. The store sends rows in its storage
 * order, every hot column of a chunk of rows together, so the rows whose every per-span column is in
 * form a prefix. Its times are offsets from the whole trace's earliest start (the head says it), so
 * they stay where the complete trace puts them. The prefix has no events (their times come after
 * every row) and no details (a preview is not inspected: the complete trace is).
 */
import { lazyIdLists } from '../model/ids.ts';
import type { SpanTable } from '../model/span-table.ts';
import { type ColumnarHeader, ELEMENT_BYTES, FIXED_SECTIONS, type FixedSection } from './columnar-layout.ts';
import { checkedList, DetailsNotLoadedError } from './decode-columnar.ts';
import { decodeUtf8Entry } from './utf8-list.ts';

/** Where a section lies in the body, and how many of its bytes from the start have arrived. */
export interface ArrivedSection {
  readonly name: string;
  readonly start: number;
  readonly byteLength: number;
  readonly filled: number;
}

/** The per-span sections a row needs (events apart: eventStart counts one more, eventNs comes last). */
const ROW_SECTIONS = (Object.keys(FIXED_SECTIONS) as FixedSection[]).filter(
  (name) => name !== 'eventNs' && name !== 'eventStart',
);

/** The string table (sent with the head) must be whole before any row can be read. */
const STRING_SECTIONS = ['strings.offsets', 'strings.bytes'];

/** Rows from the first whose every per-span column has arrived (`sections` of a body of `count` rows). */
export function rowsArrived(sections: readonly ArrivedSection[], count: number): number {
  for (const name of STRING_SECTIONS) {
    const s = sections.find((x) => x.name === name);
    if (!s || s.filled < s.byteLength) return 0;
  }
  let rows = count;
  for (const name of ROW_SECTIONS) {
    const s = sections.find((x) => x.name === name);
    if (!s) return 0;
    rows = Math.min(rows, Math.floor(s.filled / ELEMENT_BYTES[FIXED_SECTIONS[name].type]));
  }
  return rows;
}

export interface PrefixSource {
  readonly header: ColumnarHeader;
  readonly body: Uint8Array;
  readonly sections: readonly ArrivedSection[];
}

/**
 * Rows [0, rows) as a table. Its typed arrays view the body (no copy), so it is for use before the
 * next bytes are pushed: a later patch may overwrite rows (a store that re-sends them sorted).
 */
export function prefixTable(src: PrefixSource, rows: number): SpanTable {
  const { header, body } = src;
  const section = (name: string) => {
    const s = src.sections.find((x) => x.name === name);
    if (!s) throw new Error(`columnar stream: the body has no section ${name}`);
    return s;
  };
  const at = (name: string) => body.byteOffset + section(name).start;
  const f64 = (name: FixedSection) => new Float64Array(body.buffer, at(name), rows);
  const u32 = (name: FixedSection) => new Uint32Array(body.buffer, at(name), rows);
  const u8 = (name: FixedSection) => new Uint8Array(body.buffer, at(name), rows);
  const idBytes = {
    spanIds: new Uint8Array(body.buffer, at('spanIds'), rows * 8),
    parentIds: new Uint8Array(body.buffer, at('parentIds'), rows * 8),
  };
  const idLists = lazyIdLists(idBytes);
  const list = checkedList(
    new Uint32Array(body.buffer, at('strings.offsets'), section('strings.offsets').byteLength / 4),
    new Uint8Array(body.buffer, at('strings.bytes'), section('strings.bytes').byteLength),
    'strings',
  );
  const strings = Array.from({ length: list.offsets.length - 1 }, (_, i) => decodeUtf8Entry(list, i));
  const names = u32('names');
  const services = u32('services');
  for (let i = 0; i < rows; i++)
    if (names[i] >= strings.length || services[i] >= strings.length)
      throw new Error(`columnar stream: the name or service of row ${i} points past the string table`);
  return {
    traceId: header.traceId,
    format: header.format,
    count: rows,
    baseNs: BigInt(header.baseNs),
    startNs: f64('startNs'),
    durNs: f64('durNs'),
    idBytes,
    get spanIds() {
      return idLists.spanIds();
    },
    get parentIds() {
      return idLists.parentIds();
    },
    names,
    services,
    strings,
    kinds: u8('kinds'),
    statuses: u8('statuses'),
    flags: u8('flags'),
    eventStart: new Uint32Array(rows + 1),
    eventNs: new Float64Array(0),
    warnings: Array.isArray(header.warnings) ? header.warnings.map(String) : [],
    details(i: number): never {
      throw new DetailsNotLoadedError(i);
    },
  };
}
