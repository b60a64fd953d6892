/**
 * One splitter for every input format, fed as byte chunks: gzip (told by its magic bytes) is
 * inflated on the fly, JSON is told from protobuf by its first bytes as decodeInput tells them
 * (looksLikeJsonText), and standalone pieces come out, each small enough to decode alone
 * (decode-piece.ts): JSON documents from the JSON splitter, or protobuf requests from the protobuf
 * one. Nothing is held but what the pieces being filled need.
 *
 * Errors are FormatErrors naming the format and a byte offset (of the inflated input when the input
 * is gzip'd, and said so) or a JSON path; an input cut short throws at end(), naming where it ends.
 * Inflating past `maxInflatedBytes` throws an InputTooLargeError.
 */
import type { ReadSpans } from '../json-bytes/staged.ts';
import { JsonSplitter, ReadDocument } from '../json-stream/splitter.ts';
import type { PieceOrigin } from '../otlp-proto/piece-origin.ts';
import type { ProtoPiece } from '../otlp-proto/proto-piece.ts';
import { ProtoSplitter } from '../otlp-proto/stream-split.ts';
import { isGzip, looksLikeJsonText } from '../parse-input.ts';
import { FormatError } from '../types.ts';
import { GunzipStream } from './gunzip-stream.ts';

export type InputKind = 'json' | 'protobuf';

/**
 * A standalone piece of the input: a parsed JSON document, or the bytes of a document (a JSON one
 * with `jsonOutput: 'bytes'`, or a protobuf request, then with its span count and where its bytes
 * came from).
 */
export type InputPiece =
  | { readonly kind: 'json'; readonly value: unknown }
  | {
      readonly kind: 'bytes';
      readonly bytes: Uint8Array;
      readonly spanCount?: number;
      readonly origin?: PieceOrigin;
      /** The input was gzip'd: byte offsets are of the inflated input (protobuf pieces). */
      readonly inflated?: boolean;
      /** Spans read as the input streamed (the `readSpans` option): `bytes` are those they lie in. */
      readonly spans?: ReadSpans;
    };

export interface InputSplitterOptions {
  /** Spans per piece (default 1000). */
  readonly maxSpans?: number;
  /** Bytes of spans per piece (default 8 MiB). */
  readonly maxBytes?: number;
  /** JSON pieces as parsed documents ('value', the default) or as their bytes. */
  readonly jsonOutput?: 'value' | 'bytes';
  /**
   * With bytes output: spans read as the input streams where the format allows it (Jaeger, OTLP), the
   * pieces carrying them (decodePiece then adds them without going over the bytes again).
   */
  readonly readSpans?: boolean;
  /** The input may inflate to at most this many bytes (default: no limit). */
  readonly maxInflatedBytes?: number;
}

/** The input inflates past `maxInflatedBytes`. */
export class InputTooLargeError extends Error {
  override name = 'InputTooLargeError';
}

/** JSON vs protobuf is decided on this many bytes after leading whitespace (looksLikeJsonText). */
const SNIFF_BYTES = 1024;
/** Leading whitespace beyond this decides JSON (a protobuf request does not start so). */
const MAX_LEADING_WHITESPACE = 64 * 1024;

const isWs = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** The first non-whitespace byte after a BOM, or -1. */
function firstContent(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && isWs(bytes[i])) i++;
  return i < bytes.length ? i : -1;
}

export class InputSplitter {
  private readonly options: InputSplitterOptions;
  private out: InputPiece[] = [];
  private received = 0;
  private inflatedBytes = 0;
  /** The gzip inflater; null when the input is not gzip'd; undefined before that is known. */
  private gunzip: GunzipStream | null | undefined;
  /** Raw bytes before gzip can be told (one byte), then inflated bytes before the kind can. */
  private head: Uint8Array[] = [];
  private detected: InputKind | null = null;
  private json: JsonSplitter<'values' | 'bytes'> | null = null;
  private proto: ProtoSplitter | null = null;
  /** Only whitespace so far (the input would be empty). */
  private blank = true;

  constructor(options: InputSplitterOptions = {}) {
    this.options = options;
  }

  /** Input bytes taken so far (compressed, when gzip'd). */
  get bytesIn(): number {
    return this.received;
  }

  /** Bytes after inflating (equal to bytesIn when the input is not gzip'd). */
  get bytesInflated(): number {
    return this.inflatedBytes;
  }

  /** JSON or protobuf, once the first bytes told; null before. */
  get kind(): InputKind | null {
    return this.detected;
  }

  /** Whether the input is gzip'd; null before its first two bytes. */
  get gzipped(): boolean | null {
    return this.gunzip === undefined ? null : this.gunzip !== null;
  }

  /** Feeds a chunk (never modified; held pieces may keep views of it); returns the pieces it completed. */
  push(chunk: Uint8Array): InputPiece[] {
    this.received += chunk.length;
    this.located(() => {
      if (this.gunzip === undefined) {
        this.head.push(chunk);
        const raw = concat(this.head);
        if (raw.length < 2) return;
        this.head = [];
        this.gunzip = isGzip(raw) ? new GunzipStream((data) => this.inflated(data)) : null;
        this.raw(raw);
      } else this.raw(chunk);
    });
    return this.take();
  }

  /** The input ended: the last pieces; throws FormatError when it is empty, truncated or malformed. */
  end(): InputPiece[] {
    this.located(() => {
      if (this.gunzip === undefined) {
        this.gunzip = null;
        const raw = concat(this.head);
        this.head = [];
        this.inflated(raw);
      }
      this.gunzip?.end();
      if (!this.detected) this.decide(true);
      if (this.blank) throw new FormatError('input', '', 'the input is empty');
      if (this.json) this.collectJson(this.json.end());
      else this.collectProto(this.proto!.end());
    });
    return this.take();
  }

  private take(): InputPiece[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  /** Runs `step`, saying of byte offsets in its FormatErrors that they are of the inflated input. */
  private located(step: () => void): void {
    try {
      step();
    } catch (error) {
      if (!(error instanceof FormatError) || !this.gunzip || error.resembled === 'gzip') throw error;
      if (!error.where.startsWith('byte ')) throw error;
      throw new FormatError(error.resembled, `${error.where} of the inflated input`, error.problem);
    }
  }

  /** Raw input bytes: inflated when gzip'd. */
  private raw(bytes: Uint8Array): void {
    if (this.gunzip) this.gunzip.push(bytes);
    else this.inflated(bytes);
  }

  /** Inflated (or plain) bytes, in order. */
  private inflated(bytes: Uint8Array): void {
    this.inflatedBytes += bytes.length;
    const limit = this.options.maxInflatedBytes;
    if (limit !== undefined && this.inflatedBytes > limit)
      throw new InputTooLargeError(`the input inflates to more than ${limit} bytes`);
    if (this.detected) {
      this.feed(bytes);
      return;
    }
    this.head.push(bytes);
    this.decide(false);
  }

  /** Tells JSON from protobuf once the head suffices (or the input ended), then feeds the head. */
  private decide(final: boolean): void {
    const head = concat(this.head);
    const first = firstContent(head);
    let kind: InputKind | null;
    if (first === -1) kind = final || head.length > MAX_LEADING_WHITESPACE ? 'json' : null;
    else if (!final && head.length < first + SNIFF_BYTES) kind = looksLikeJsonText(head) ? null : 'protobuf';
    else kind = looksLikeJsonText(head) ? 'json' : 'protobuf';
    if (!kind) {
      this.head = [head];
      return;
    }
    this.head = [];
    this.detected = kind;
    const { maxSpans, maxBytes } = this.options;
    const output = this.options.jsonOutput === 'bytes' ? 'bytes' : 'values';
    const read = this.options.readSpans;
    if (kind === 'json')
      this.json = new JsonSplitter<'values' | 'bytes'>({ maxSpans, maxBytes, output, read });
    else this.proto = new ProtoSplitter({ maxSpans, maxBytes });
    this.feed(head);
  }

  private feed(bytes: Uint8Array): void {
    if (this.blank) this.blank = firstContent(bytes) === -1 && this.detected === 'json';
    if (this.json) this.collectJson(this.json.push(bytes));
    else this.collectProto(this.proto!.push(bytes));
  }

  private collectProto(pieces: readonly ProtoPiece[]): void {
    const inflated = this.gunzip ? true : undefined;
    for (const p of pieces)
      this.out.push({ kind: 'bytes', bytes: p.bytes, spanCount: p.spanCount, origin: p.origin, inflated });
  }

  private collectJson(documents: readonly unknown[]): void {
    for (const d of documents) {
      if (d instanceof Uint8Array) this.out.push({ kind: 'bytes', bytes: d });
      else if (d instanceof ReadDocument) this.out.push({ kind: 'bytes', bytes: d.bytes, spans: d.spans });
      else this.out.push({ kind: 'json', value: d });
    }
  }
}
