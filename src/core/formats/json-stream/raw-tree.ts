/**
 * The documents the splitter puts together, as trees whose leaves are raw values of the input (bytes
 * already checked by the scanner): turned into parsed values (each leaf through parseJsonText, wide
 * integers kept exact) or into the bytes of one standalone document (the leaves copied as they are,
 * plus the brackets, keys and commas around them), so that the bytes output parses nothing. Spans
 * are kept in runs (RawRun: no object per span, and neighbours copied in one go), since a Jaeger
 * trace's million spans may all wait for its processes.
 */
import { grow } from '../../model/span-record.ts';
import { parseJsonText } from '../parse-input.ts';
import { utf8Decode, utf8Encode } from '../text.ts';

/** One value of the input, `offset` being where it starts in the whole input (for messages). */
export class RawLeaf {
  constructor(
    readonly bytes: Uint8Array,
    readonly offset: number,
  ) {}
}

/**
 * Elements of an array, each a raw value of the input: bytes [from, to) of a source (a chunk, or the
 * value's own bytes). An element that comes right after the previous one in the same input array and
 * the same source is joined to it: the bytes between them are only a comma and spaces, so a stretch
 * of joined elements is copied as one slice.
 */
export class RawRun {
  count = 0;
  /** Bytes of the elements (without what lies between them). */
  byteLength = 0;
  /** The input array of the last element, and its index there. */
  private array: unknown = null;
  private index = -1;
  private sources: Uint8Array[] = [];
  private source: Int32Array;
  private from: Int32Array;
  private to: Int32Array;
  private offset: Float64Array;
  private joined: Uint8Array;

  /**
   * `capacity`: elements to make room for at once. Runs are made per OTLP scope and per document
   * (tens of thousands in a big file), so an empty run allocates nothing until its first push.
   */
  constructor(capacity = 0) {
    this.source = new Int32Array(capacity);
    this.from = new Int32Array(capacity);
    this.to = new Int32Array(capacity);
    this.offset = new Float64Array(capacity);
    this.joined = new Uint8Array(capacity);
  }

  /**
   * Appends bytes [from, to) of `source` (`offset`: where they start in the input), element `index`
   * of the input array `array` (any object standing for it).
   */
  push(source: Uint8Array, from: number, to: number, offset: number, array: unknown, index: number): void {
    const k = this.count++;
    if (k === this.from.length) {
      this.source = grow(this.source, k + 1);
      this.from = grow(this.from, k + 1);
      this.to = grow(this.to, k + 1);
      this.offset = grow(this.offset, k + 1);
      this.joined = grow(this.joined, k + 1);
    }
    const last = this.sources.length - 1;
    const same = last >= 0 && this.sources[last] === source;
    if (!same) this.sources.push(source);
    this.source[k] = this.sources.length - 1;
    this.from[k] = from;
    this.to[k] = to;
    this.offset[k] = offset;
    this.joined[k] = k > 0 && same && array === this.array && index === this.index + 1 ? 1 : 0;
    this.array = array;
    this.index = index;
    this.byteLength += to - from;
  }

  /** The bytes of element k. */
  size(k: number): number {
    return this.to[k] - this.from[k];
  }

  /** Elements [start, end) as a run of their own (or appended to `out`). */
  slice(start: number, end: number, out = new RawRun(end - start)): RawRun {
    // Elements joined here stay joined (one array stands for each stretch of them).
    let array = {};
    for (let k = start; k < end; k++) {
      if (this.joined[k] === 0) array = {};
      out.push(this.sources[this.source[k]], this.from[k], this.to[k], this.offset[k], array, k);
    }
    return out;
  }

  /** Element k's bytes, parsed. */
  value(k: number): unknown {
    const bytes = this.sources[this.source[k]].subarray(this.from[k], this.to[k]);
    return parseJsonText(utf8Decode(bytes), this.offset[k]);
  }

  /** Bytes of the elements as a JSON array's contents (elements joined by commas): their size. */
  contentSize(): number {
    let n = 0;
    for (let k = 0; k < this.count; k++)
      n += this.joined[k] === 1 ? this.to[k] - this.to[k - 1] : this.to[k] - this.from[k] + (k > 0 ? 1 : 0);
    return n;
  }

  /** The elements copied into bytes of their own (as writeContent writes them), and where each lies there. */
  compact(): { bytes: Uint8Array; ranges: Uint32Array } {
    const bytes = new Uint8Array(this.contentSize());
    this.writeContent(bytes, 0);
    return { bytes, ranges: this.elementRanges(0) };
  }

  /** The elements of a compact() copy as a run again (input offsets are not kept: bytes output only). */
  static fromCompact(bytes: Uint8Array, ranges: Uint32Array): RawRun {
    const run = new RawRun(ranges.length / 2);
    const array = {};
    for (let k = 0; k < ranges.length / 2; k++)
      run.push(bytes, ranges[2 * k], ranges[2 * k + 1], 0, array, k);
    return run;
  }

  /** Where writeContent(out, at) puts each element: its bytes [ranges[2k], ranges[2k + 1]). */
  elementRanges(at: number): Uint32Array {
    const ranges = new Uint32Array(2 * this.count);
    let i = at;
    for (let k = 0; k < this.count; k++) {
      // Between two elements: what lay between them in the input when joined, else a comma.
      if (k > 0) i += this.joined[k] === 1 ? this.from[k] - this.to[k - 1] : 1;
      ranges[2 * k] = i;
      i += this.to[k] - this.from[k];
      ranges[2 * k + 1] = i;
    }
    return ranges;
  }

  /** Writes the elements as a JSON array's contents at out[at]; returns the index after them. */
  writeContent(out: Uint8Array, at: number): number {
    let i = at;
    for (let k = 0; k < this.count; ) {
      let end = k + 1;
      while (end < this.count && this.joined[end] === 1) end++;
      if (k > 0) out[i++] = COMMA;
      const source = this.sources[this.source[k]];
      out.set(source.subarray(this.from[k], this.to[end - 1]), i);
      i += this.to[end - 1] - this.from[k];
      k = end;
    }
    return i;
  }
}

/** An object's members in order (a repeated key keeps its first place and its last value, as in JS). */
export type RawObject = Map<string, RawNode>;
export type RawNode = RawLeaf | RawRun | RawNode[] | RawObject;

export function toValue(node: RawNode): unknown {
  if (node instanceof RawLeaf) return parseJsonText(utf8Decode(node.bytes), node.offset);
  if (node instanceof RawRun) return Array.from({ length: node.count }, (_, k) => node.value(k));
  if (Array.isArray(node)) return node.map(toValue);
  const out: Record<string, unknown> = {};
  for (const [key, value] of node) out[key] = toValue(value);
  return out;
}

const COMMA = 0x2c;
const COLON = 0x3a;

/** Encoded keys (with their quotes): documents repeat a handful of them. */
const keyBytes = new Map<string, Uint8Array>();

function encodedKey(key: string): Uint8Array {
  let bytes = keyBytes.get(key);
  if (bytes === undefined) {
    bytes = utf8Encode(JSON.stringify(key));
    if (keyBytes.size < 1024) keyBytes.set(key, bytes);
  }
  return bytes;
}

function size(node: RawNode): number {
  if (node instanceof RawLeaf) return node.bytes.length;
  if (node instanceof RawRun) return node.contentSize() + 2;
  let n = 2;
  if (Array.isArray(node)) {
    for (const item of node) n += size(item) + 1;
    return node.length > 0 ? n - 1 : n;
  }
  for (const [key, value] of node) n += encodedKey(key).length + 1 + size(value) + 1;
  return node.size > 0 ? n - 1 : n;
}

/** Writes `node` at out[at]; returns the index after it. */
function write(node: RawNode, out: Uint8Array, at: number): number {
  if (node instanceof RawLeaf) {
    out.set(node.bytes, at);
    return at + node.bytes.length;
  }
  let i = at;
  if (node instanceof RawRun) {
    out[i++] = 0x5b;
    i = node.writeContent(out, i);
    out[i++] = 0x5d;
    return i;
  }
  if (Array.isArray(node)) {
    out[i++] = 0x5b;
    node.forEach((item, k) => {
      if (k > 0) out[i++] = COMMA;
      i = write(item, out, i);
    });
    out[i++] = 0x5d;
    return i;
  }
  out[i++] = 0x7b;
  let first = true;
  for (const [key, value] of node) {
    if (!first) out[i++] = COMMA;
    first = false;
    const k = encodedKey(key);
    out.set(k, i);
    i += k.length;
    out[i++] = COLON;
    i = write(value, out, i);
  }
  out[i++] = 0x7d;
  return i;
}

/** The bytes of the document `node` (a new array, sharing nothing with the input). */
export function toBytes(node: RawNode): Uint8Array {
  const out = new Uint8Array(size(node));
  write(node, out, 0);
  return out;
}
