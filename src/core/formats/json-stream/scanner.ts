/**
 * An incremental JSON byte scanner. It walks the structure of the outer containers a caller cares
 * about (keys, array elements) and hands every other value back as raw bytes, whole and checked
 * (exactly what JSON.parse accepts), however the input was chunked. A hand-written scanner is
 * justified here: streaming JSON parsers build every token as a JS value and run 10–50× slower than
 * this byte loop, far too slow for a 480 MB import; here only span-sized slices are ever JSON.parse'd
 * (by the caller, if at all). A value that lies within one chunk is skipped and checked in one go by
 * the byte readers' automaton; one that crosses chunks is delimited byte by byte (strings with
 * indexOf) and checked once whole.
 */
import { scanString, skipJsonValue } from '../json-bytes/skip.ts';
import { parseJsonText } from '../parse-input.ts';
import { utf8Decode } from '../text.ts';
import { FormatError } from '../types.ts';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Capture depths that are not container depths. */
const SCALAR = -1;
const STRING = -2;
const isWs = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** A container the handler chose to walk into. */
export interface Frame<C = unknown> {
  readonly isObject: boolean;
  /** What the handler attached on entering (its role and state). */
  readonly context: C;
  /** The key of the value being read (objects), or null. */
  key: string | null;
  /** Elements or members seen so far. */
  count: number;
  state: 'first' | 'key' | 'colon' | 'value' | 'comma';
}

export interface ScanHandler<C> {
  /** A container starts under `parent` (null for a top-level value): its context to walk it, or null to capture it whole. */
  enter(parent: Frame<C> | null, isObject: boolean): C | null;
  /**
   * A whole value under `parent`: bytes [from, to) of `source` (a chunk, or the value's own bytes when
   * it crossed chunks; never modified, so a view may be kept), `offset` its absolute byte offset.
   */
  value(parent: Frame<C> | null, source: Uint8Array, from: number, to: number, offset: number): void;
  /** A walked container ended. */
  exit(frame: Frame<C>, parent: Frame<C> | null): void;
  /**
   * Optional: an object under `parent` starts at bytes[from] of the current chunk. The handler may
   * read it there itself (checking it as the scanner would, and stopping at `end`): it returns the
   * index after the object, or -1 to leave it to the scanner (which then delivers it as a value).
   * This spares a second pass over the bytes a handler reads anyway (spans).
   */
  read?(parent: Frame<C>, bytes: Uint8Array, from: number, end: number, offset: number): number;
}

interface Capture {
  readonly pieces: Uint8Array[];
  /** Where the current piece starts in the current chunk. */
  pieceStart: number;
  readonly offset: number;
  /** Open containers inside a captured container; SCALAR marks a scalar, STRING a string. */
  depth: number;
  inString: boolean;
  escape: boolean;
  readonly isKey: boolean;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1) return pieces[0];
  let n = 0;
  for (const p of pieces) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of pieces) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export class JsonScanner<C> {
  private readonly stack: Frame<C>[] = [];
  private capture: Capture | null = null;
  /** Absolute offset of the current chunk's first byte. */
  private offset = 0;
  /** The chunk being scanned. */
  private chunk: Uint8Array = new Uint8Array(0);

  constructor(private readonly handler: ScanHandler<C>) {}

  private fail(at: number, problem: string): never {
    throw new FormatError('JSON', `byte ${at}`, `invalid JSON: ${problem}`);
  }

  /** Feeds the next chunk (never modified; captured values may keep views of it). */
  push(chunk: Uint8Array): void {
    const n = chunk.length;
    this.chunk = chunk;
    let i = this.offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    if (this.capture) this.capture.pieceStart = 0;
    while (i < n) {
      if (this.capture) {
        i = this.scanCapture(chunk, i);
        continue;
      }
      const b = chunk[i];
      i = isWs(b) ? i + 1 : this.structural(b, i);
    }
    if (this.capture && this.capture.pieceStart < n)
      this.capture.pieces.push(chunk.subarray(this.capture.pieceStart, n));
    this.offset += n;
  }

  /** One structural byte at chunk[i] outside any capture; returns the next index. */
  private structural(b: number, i: number): number {
    const at = this.offset + i;
    const top = this.stack.at(-1) ?? null;
    if (top === null) return this.startValue(null, b, i);
    if (top.isObject) {
      if ((top.state === 'first' || top.state === 'comma') && b === 0x7d) return this.close(i);
      if ((top.state === 'first' || top.state === 'key') && b === QUOTE)
        return this.startCapture(i, STRING, true);
      if (top.state === 'colon' && b === 0x3a) {
        top.state = 'value';
        return i + 1;
      }
      if (top.state === 'value') return this.startValue(top, b, i);
      if (top.state === 'comma' && b === 0x2c) {
        top.state = 'key';
        return i + 1;
      }
      return this.fail(
        at,
        top.state === 'colon'
          ? "expected ':'"
          : top.state === 'comma'
            ? "expected ',' or '}'"
            : 'expected a double-quoted property name',
      );
    }
    if ((top.state === 'first' || top.state === 'comma') && b === 0x5d) return this.close(i);
    if (top.state === 'comma') {
      if (b !== 0x2c) return this.fail(at, "expected ',' or ']'");
      top.state = 'value';
      return i + 1;
    }
    return this.startValue(top, b, i);
  }

  private startValue(parent: Frame<C> | null, b: number, i: number): number {
    if (b === 0x7b || b === 0x5b) {
      const context = this.handler.enter(parent, b === 0x7b);
      if (context !== null) {
        if (parent) parent.state = 'comma';
        this.stack.push({ isObject: b === 0x7b, context, key: null, count: 0, state: 'first' });
        return i + 1;
      }
      return this.startCapture(i, 1, false);
    }
    if (b === QUOTE) return this.startCapture(i, STRING, false);
    if (b === 0x2d || (b >= 0x30 && b <= 0x39) || b === 0x74 || b === 0x66 || b === 0x6e)
      return this.startCapture(i, SCALAR, false);
    return this.fail(this.offset + i, 'expected a value');
  }

  /**
   * Captures the value (or key) whose first byte is chunk[i]: at once when it ends within the chunk
   * (a number must be followed by a byte that ends it), else byte by byte. Returns the next index.
   */
  private startCapture(i: number, depth: number, isKey: boolean): number {
    const chunk = this.chunk;
    const n = chunk.length;
    const parent = this.stack.at(-1);
    if (depth === 1 && parent && this.handler.read && chunk[i] === 0x7b) {
      const read = this.handler.read(parent, chunk, i, n, this.offset + i);
      if (read > 0) {
        this.valueDone(parent);
        return read;
      }
    }
    const end = isKey ? scanString(chunk, i + 1, n) : skipJsonValue(chunk, i, n);
    if (end > 0 && (end < n || depth !== SCALAR)) {
      this.deliver(chunk, i, end, this.offset + i, isKey);
      return end;
    }
    this.capture = {
      pieces: [],
      pieceStart: i,
      offset: this.offset + i,
      depth,
      inString: depth === STRING,
      escape: false,
      isKey,
    };
    return i + 1;
  }

  private close(i: number): number {
    const frame = this.stack.pop()!;
    const parent = this.stack.at(-1) ?? null;
    this.handler.exit(frame, parent);
    this.valueDone(parent);
    return i + 1;
  }

  private valueDone(parent: Frame<C> | null): void {
    if (!parent) return;
    parent.count++;
    parent.state = 'comma';
  }

  /** Continues the capture at chunk[i]; returns where scanning goes on (chunk.length if it goes on). */
  private scanCapture(chunk: Uint8Array, start: number): number {
    const c = this.capture!;
    const n = chunk.length;
    let i = start;
    for (;;) {
      if (c.inString) {
        if (c.escape) {
          if (i >= n) return n;
          c.escape = false;
          i++;
        }
        let q = chunk.indexOf(QUOTE, i);
        for (;;) {
          if (q === -1) break;
          let slashes = 0;
          while (q - 1 - slashes >= i && chunk[q - 1 - slashes] === BACKSLASH) slashes++;
          if (slashes % 2 === 0) break;
          q = chunk.indexOf(QUOTE, q + 1);
        }
        if (q === -1) {
          let slashes = 0;
          while (n - 1 - slashes >= i && chunk[n - 1 - slashes] === BACKSLASH) slashes++;
          c.escape = slashes % 2 === 1;
          return n;
        }
        i = q + 1;
        c.inString = false;
        if (c.depth === STRING) return this.finishCapture(chunk, i);
        continue;
      }
      if (i >= n) return n;
      const b = chunk[i];
      if (c.depth === SCALAR) {
        if (isWs(b) || b === 0x2c || b === 0x7d || b === 0x5d) return this.finishCapture(chunk, i);
        i++;
        continue;
      }
      i++;
      if (b === QUOTE) c.inString = true;
      else if (b === 0x7b || b === 0x5b) c.depth++;
      else if ((b === 0x7d || b === 0x5d) && --c.depth === 0) return this.finishCapture(chunk, i);
    }
  }

  private finishCapture(chunk: Uint8Array, end: number): number {
    const c = this.capture!;
    this.capture = null;
    if (end > c.pieceStart) c.pieces.push(chunk.subarray(c.pieceStart, end));
    const bytes = concat(c.pieces);
    if (!c.isKey && skipJsonValue(bytes, 0, bytes.length) !== bytes.length) {
      // Not one valid value: JSON.parse says what is wrong, where.
      parseJsonText(utf8Decode(bytes), c.offset);
      this.fail(c.offset, 'not a JSON value');
    }
    this.deliver(bytes, 0, bytes.length, c.offset, c.isKey);
    return end;
  }

  /** A whole key (with its quotes, not yet checked) or a whole checked value. */
  private deliver(source: Uint8Array, from: number, to: number, offset: number, isKey: boolean): void {
    const parent = this.stack.at(-1) ?? null;
    if (isKey) {
      let key: unknown;
      try {
        key = JSON.parse(utf8Decode(source.subarray(from, to)));
      } catch {
        key = undefined;
      }
      if (typeof key !== 'string') this.fail(offset, 'invalid property name');
      parent!.key = key;
      parent!.state = 'colon';
      return;
    }
    this.handler.value(parent, source, from, to, offset);
    this.valueDone(parent);
  }

  /** The input ended: a pending scalar completes; anything else unfinished is a FormatError. */
  end(): void {
    if (this.capture?.depth === SCALAR && this.stack.length === 0) this.finishCapture(this.chunk, 0);
    if (this.capture || this.stack.length > 0)
      this.fail(this.offset, 'unexpected end of input (the document is truncated)');
  }
}
