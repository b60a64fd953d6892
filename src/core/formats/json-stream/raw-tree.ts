/**
 * The documents the splitter puts together, as trees whose leaves are raw values of the input (bytes
 * already checked by the scanner): turned into parsed values (each leaf through parseJsonText, wide
 * integers kept exact) or into the bytes of one standalone document (the leaves copied as they are,
 * plus the brackets, keys and commas around them), so that the bytes output parses nothing. Spans
 * are kept in runs (RawRun: no object per span, and neighbours copied in one go), since a Jaeger
 * trace's million spans may all wait for its processes.
 */
import { parseJsonText } from '../parse-input.ts';
import { utf8Decode, utf8Encode } from '../text.ts';

/** One value of the input, `offset` being where it starts in the whole input (for messages). */
export class RawLeaf {
  constructor(
    readonly bytes: Uint8Array,
    readonly offset: number,
  ) {}
}

/** Numbers per RawRun element. */
const STRIDE = 5;

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
  /**
   * STRIDE numbers per element: its source, from, to, input offset, joined (1) or not (0). One plain
   * array: runs are made per OTLP scope and per document (tens of thousands in a big file), and five
   * typed arrays a run cost more to allocate than their elements to write.
   */
  private readonly cols: number[] = [];

  /**
   * Appends bytes [from, to) of `source` (`offset`: where they start in the input), element `index`
   * of the input array `array` (any object standing for it).
   */
  push(source: Uint8Array, from: number, to: number, offset: number, array: unknown, index: number): void {
    const k = this.count++;
    const last = this.sources.length - 1;
    const same = last >= 0 && this.sources[last] === source;
    if (!same) this.sources.push(source);
    const joined = k > 0 && same && array === this.array && index === this.index + 1 ? 1 : 0;
    this.cols.push(this.sources.length - 1, from, to, offset, joined);
    this.array = array;
    this.index = index;
    this.byteLength += to - from;
  }

  private source(k: number): Uint8Array {
    return this.sources[this.cols[STRIDE * k]];
  }

  private from(k: number): number {
    return this.cols[STRIDE * k + 1];
  }

  private to(k: number): number {
    return this.cols[STRIDE * k + 2];
  }

  private joined(k: number): boolean {
    return this.cols[STRIDE * k + 4] === 1;
  }

  /** The bytes of element k. */
  size(k: number): number {
    return this.to(k) - this.from(k);
  }

  /** Elements [start, end) as a run of their own (or appended to `out`). */
  slice(start: number, end: number, out = new RawRun()): RawRun {
    // Elements joined here stay joined (one array stands for each stretch of them).
    let array = {};
    for (let k = start; k < end; k++) {
      if (!this.joined(k)) array = {};
      out.push(this.source(k), this.from(k), this.to(k), this.cols[STRIDE * k + 3], array, k);
    }
    return out;
  }

  /** Element k's bytes, parsed. */
  value(k: number): unknown {
    const bytes = this.source(k).subarray(this.from(k), this.to(k));
    return parseJsonText(utf8Decode(bytes), this.cols[STRIDE * k + 3]);
  }

  /** Bytes of the elements as a JSON array's contents (elements joined by commas): their size. */
  contentSize(): number {
    let n = 0;
    for (let k = 0; k < this.count; k++)
      n += this.joined(k) ? this.to(k) - this.to(k - 1) : this.to(k) - this.from(k) + (k > 0 ? 1 : 0);
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
    const run = new RawRun();
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
      if (k > 0) i += this.joined(k) ? this.from(k) - this.to(k - 1) : 1;
      ranges[2 * k] = i;
      i += this.to(k) - this.from(k);
      ranges[2 * k + 1] = i;
    }
    return ranges;
  }

  /** Writes the elements as a JSON array's contents at out[at]; returns the index after them. */
  writeContent(out: Uint8Array, at: number): number {
    let i = at;
    for (let k = 0; k < this.count; ) {
      let end = k + 1;
      while (end < this.count && this.joined(end)) end++;
      if (k > 0) out[i++] = COMMA;
      out.set(this.source(k).subarray(this.from(k), this.to(end - 1)), i);
      i += this.to(end - 1) - this.from(k);
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
