/**
 * A file's byte chunks → pieces the format decoders take one at a time (decodeInput, whose byte
 * readers take them unparsed): standalone JSON documents of up to a thousand spans (core's
 * JsonSplitter in bytes output) or, for protobuf, the file's bytes at its end. Gzip is inflated as it
 * streams; whether the content is JSON is told from its first inflated bytes.
 */
import { Gunzip } from 'fflate';
import { JsonSplitter } from '../core/formats/json-stream/splitter.ts';
import { isGzip, looksLikeJsonText } from '../core/formats/parse-input.ts';
import { FormatError } from '../core/formats/types.ts';

export type Piece =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** Bytes looked at before telling JSON from binary (looksLikeJsonText reads up to 1 KiB after whitespace). */
const SNIFF_BYTES = 2048;

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

export class PieceSplitter {
  private out: Uint8Array[] = [];
  /** Undefined until the first two bytes arrive; null for plain input. */
  private gunzip: Gunzip | null | undefined;
  /** Plain bytes held while the kind is not known yet, or all of a binary file's. */
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private kind: 'json' | 'binary' | undefined;
  private readonly json = new JsonSplitter({ output: 'bytes' });

  /** Feeds the next chunk; returns the pieces it completed. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.length === 0) return [];
    if (this.gunzip !== undefined) this.feed(chunk, false);
    else {
      const head = concat([...this.held, chunk]);
      this.held = [];
      if (head.length < 2) this.held = [head];
      else {
        this.gunzip = isGzip(head) ? new Gunzip((data) => this.plain(data)) : null;
        this.feed(head, false);
      }
    }
    return this.take();
  }

  /** The input ended: the last pieces; throws FormatError if it was cut short. */
  end(): Uint8Array[] {
    if (this.gunzip === undefined) {
      this.gunzip = null;
      for (const h of this.held.splice(0)) this.plain(h);
    } else if (this.gunzip) this.feed(new Uint8Array(0), true);
    if (this.kind === undefined && this.heldBytes > 0) this.decide();
    if (this.kind === 'json') this.out.push(...this.json.end());
    if (this.kind === 'binary') this.out.push(concat(this.held));
    this.held = [];
    return this.take();
  }

  private feed(bytes: Uint8Array, final: boolean): void {
    if (!this.gunzip) {
      this.plain(bytes);
      return;
    }
    try {
      this.gunzip.push(bytes, final);
    } catch (error) {
      if (error instanceof FormatError) throw error;
      throw new FormatError('gzip', '', `corrupt gzip data (${(error as Error).message})`);
    }
  }

  private plain(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.kind === 'json') {
      this.out.push(...this.json.push(bytes));
      return;
    }
    this.held.push(bytes);
    this.heldBytes += bytes.length;
    if (this.kind === undefined && this.heldBytes >= SNIFF_BYTES) this.decide();
  }

  /** JSON or binary, from the bytes held so far. */
  private decide(): void {
    const head = concat(this.held);
    this.kind = looksLikeJsonText(head) ? 'json' : 'binary';
    this.held = this.kind === 'json' ? [] : [head];
    if (this.kind === 'json') this.out.push(...this.json.push(head));
  }

  private take(): Uint8Array[] {
    const out = this.out;
    this.out = [];
    return out;
  }
}
