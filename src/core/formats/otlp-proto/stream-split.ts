/**
 * Splits an OTLP protobuf ExportTraceServiceRequest, fed as byte chunks, into standalone requests of
 * ≤ maxSpans spans and ≤ maxBytes bytes (unless one span with its resource and scope is bigger: it
 * goes alone), each keeping its spans' resource and scope. It works on the wire format alone: spans
 * are copied, never decoded, and only the pieces being filled are held, so a 1 GB request of one
 * resource_spans holding one scope_spans of 2M spans streams in constant memory.
 *
 * Encoders write a message's fields in field-number order, so the schema_url (field 3) of a
 * resource_spans or scope_spans comes after its spans. Pieces wait for their resource_spans to end,
 * so that they carry all of it, up to HOLD_FACTOR × the limits; past that (a huge resource_spans),
 * pieces go without waiting, and fields arriving later are only in the later pieces. Unknown fields
 * of the request itself are dropped (decoders skip them anyway).
 *
 * Malformed input throws FormatError('OTLP protobuf', 'byte N', …), N being the absolute offset in
 * the input of the field that is wrong, or where a truncated input ends.
 */
import { FormatError } from '../types.ts';
import { buildPiece, type PieceGroup, type ProtoPiece, type RawField } from './proto-piece.ts';
import { type FieldHeader, type HeaderProblem, readFieldHeader, WIRE_LEN, WIRE_VARINT } from './wire.ts';

export type { ProtoPiece } from './proto-piece.ts';

export interface ProtoSplitterOptions {
  /** Spans per piece (default 1000). */
  readonly maxSpans?: number;
  /** Bytes per piece (default 8 MiB). */
  readonly maxBytes?: number;
  /** The largest span, resource or scope field held (default 64 MiB): a bigger one is refused. */
  readonly maxFieldBytes?: number;
}

const LABEL = 'OTLP protobuf';
const HOLD_FACTOR = 16;
const NO_BYTES = new Uint8Array(0);
/** A key and a length: two varints of at most 10 bytes. */
const MAX_HEADER_BYTES = 20;
/** A length-delimited field's key and length, at most (piece sizes are estimated with it). */
const WRAP_BYTES = 6;

/** What a field read whole becomes: a span, a field of the resource_spans or scope_spans, or nothing. */
type Role = 'span' | 'resource_spans field' | 'scope_spans field' | 'skip';

interface Capture {
  readonly role: Role;
  /** Where the field ends in the input. */
  readonly end: number;
  /** The whole field (key included) being filled; empty when skipping. */
  readonly target: Uint8Array;
  readonly offset: number;
  filled: number;
}

interface ResourceCtx {
  readonly index: number;
  readonly header: RawField[];
  scopes: number;
  closed: boolean;
  /** Pieces of it went out before it ended: later ones need not wait either. */
  sent: boolean;
}

interface ScopeCtx {
  readonly index: number;
  readonly header: RawField[];
  spans: number;
}

interface Group extends PieceGroup {
  readonly resource: ResourceCtx;
}

interface Open<C> {
  readonly ctx: C;
  readonly end: number;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function sizeOf(fields: readonly RawField[]): number {
  let n = 0;
  for (const f of fields) n += f.bytes.length;
  return n;
}

function problemText(p: HeaderProblem): string {
  switch (p.problem) {
    case 'bad varint':
      return 'malformed varint (more than 10 bytes)';
    case 'bad wire type':
      return `unsupported wire type ${p.wire} (field ${p.number})`;
    default:
      return 'field number 0 is not allowed';
  }
}

export class ProtoSplitter {
  private readonly maxSpans: number;
  private readonly maxBytes: number;
  private readonly maxFieldBytes: number;
  private out: ProtoPiece[] = [];
  /** Absolute offset of the next byte to parse (where `head` starts). */
  private pos = 0;
  /** The first bytes of a field header cut by the end of a chunk. */
  private head: Uint8Array = NO_BYTES;
  private capture: Capture | null = null;
  private resources = 0;
  private resource: Open<ResourceCtx> | null = null;
  private scope: Open<ScopeCtx> | null = null;
  private pending: Group[] = [];
  private pendingSpans = 0;
  private pendingBytes = 0;

  constructor(options: ProtoSplitterOptions = {}) {
    this.maxSpans = Math.max(1, options.maxSpans ?? 1000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 8 * 1024 * 1024);
    this.maxFieldBytes = options.maxFieldBytes ?? 64 * 1024 * 1024;
  }

  /** Feeds a chunk (never modified; held spans may keep views of it); returns the pieces it completed. */
  push(chunk: Uint8Array): ProtoPiece[] {
    let i = 0;
    for (;;) {
      this.closeEnded();
      if (i >= chunk.length) break;
      i = this.capture ? this.fill(chunk, i) : this.field(chunk, i);
    }
    return this.take();
  }

  /** The input ended: the last pieces; throws FormatError when it was cut short. */
  end(): ProtoPiece[] {
    const at = this.pos + this.head.length;
    const cut = (what: string, end?: number) =>
      this.fail(
        at,
        `the input ends inside ${what}${end === undefined ? '' : ` that should end at byte ${end}`} (it is truncated)`,
      );
    if (this.head.length > 0) cut('a field header');
    if (this.capture) cut(this.capture.role === 'span' ? 'a span' : 'a field', this.capture.end);
    if (this.scope) cut('a scope_spans', this.scope.end);
    if (this.resource) cut('a resource_spans', this.resource.end);
    this.flush(true);
    return this.take();
  }

  private take(): ProtoPiece[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private fail(at: number, problem: string): never {
    throw new FormatError(LABEL, `byte ${at}`, problem);
  }

  /** Closes the scope_spans and resource_spans that end where parsing stands. */
  private closeEnded(): void {
    if (this.capture) return;
    if (this.scope?.end === this.pos) this.scope = null;
    if (this.resource?.end === this.pos && !this.scope) {
      this.resource.ctx.closed = true;
      this.resource = null;
      this.flush(false);
    }
  }

  /** Reads the field header at chunk[i] (after any held head bytes); returns where parsing goes on. */
  private field(chunk: Uint8Array, i: number): number {
    const avail = chunk.subarray(i, Math.min(chunk.length, i + MAX_HEADER_BYTES));
    const bytes = this.head.length > 0 ? concat(this.head, avail) : avail;
    const header = readFieldHeader(bytes);
    const start = this.pos;
    if ('problem' in header) {
      if (header.problem !== 'incomplete') this.fail(start, problemText(header));
      this.head = bytes.slice();
      return chunk.length;
    }
    // Where the field starts in this chunk (negative when its first bytes came in an earlier one).
    const fieldStart = i - this.head.length;
    this.head = NO_BYTES;
    this.checkEnd(start, header);
    const role = this.roleOf(start, header);
    if (role === null) {
      this.pos = start + header.headerBytes;
      return fieldStart + header.headerBytes;
    }
    if (role !== 'skip' && header.totalBytes > this.maxFieldBytes)
      this.fail(
        start,
        `a ${role} of ${header.totalBytes} bytes is over the limit of ${this.maxFieldBytes} bytes`,
      );
    if (fieldStart >= 0 && fieldStart + header.totalBytes <= chunk.length) {
      // The whole field is in this chunk: a view, no copy.
      this.pos = start + header.totalBytes;
      const whole = chunk.subarray(fieldStart, fieldStart + header.totalBytes);
      if (role !== 'skip') this.complete(role, { bytes: whole, offset: start });
      return fieldStart + header.totalBytes;
    }
    const target = role === 'skip' ? NO_BYTES : new Uint8Array(header.totalBytes);
    target.set(bytes.subarray(0, Math.min(target.length, header.headerBytes)));
    this.pos = start + header.headerBytes;
    this.capture = {
      role,
      end: start + header.totalBytes,
      target,
      offset: start,
      filled: header.headerBytes,
    };
    return fieldStart + header.headerBytes;
  }

  /** A field must end within its resource_spans or scope_spans. */
  private checkEnd(start: number, header: FieldHeader): void {
    const level = this.scope ?? this.resource;
    if (!level || start + header.totalBytes <= level.end) return;
    this.fail(
      start,
      `field ${header.number} (${header.totalBytes} bytes) runs past the end of its ${this.scope ? 'scope_spans' : 'resource_spans'} at byte ${level.end}`,
    );
  }

  /** What the field becomes; null when reading its header was all (it opened a resource_spans or scope_spans). */
  private roleOf(start: number, header: FieldHeader): Role | null {
    const isChild = header.number === (this.resource ? 2 : 1);
    if (isChild && header.wire !== WIRE_LEN) {
      const child = this.scope ? 'span' : this.resource ? 'scope_spans' : 'resource_spans';
      this.fail(
        start,
        `${child} (field ${header.number}) has wire type ${header.wire}, not length-delimited`,
      );
    }
    if (this.scope) return isChild ? 'span' : 'scope_spans field';
    const end = start + header.totalBytes;
    if (this.resource) {
      if (!isChild) return 'resource_spans field';
      this.scope = { ctx: { index: this.resource.ctx.scopes++, header: [], spans: 0 }, end };
      return null;
    }
    if (!isChild) return header.wire === WIRE_VARINT ? null : 'skip';
    const ctx = { index: this.resources++, header: [], scopes: 0, closed: false, sent: false };
    this.resource = { ctx, end };
    return null;
  }

  /** Continues the field being read with chunk[i…]; returns where parsing goes on. */
  private fill(chunk: Uint8Array, i: number): number {
    const c = this.capture!;
    const n = Math.min(c.end - this.pos, chunk.length - i);
    if (c.target.length > 0) c.target.set(chunk.subarray(i, i + n), c.filled);
    c.filled += n;
    this.pos += n;
    if (this.pos === c.end) {
      this.capture = null;
      if (c.role !== 'skip') this.complete(c.role, { bytes: c.target, offset: c.offset });
    }
    return i + n;
  }

  private complete(role: Role, field: RawField): void {
    if (role === 'resource_spans field') this.resource!.ctx.header.push(field);
    else if (role === 'scope_spans field') this.scope!.ctx.header.push(field);
    else this.addSpan(field);
  }

  private addSpan(span: RawField): void {
    const scope = this.scope!.ctx;
    const last = this.pending.at(-1);
    if (last?.scope === scope) last.spans.push(span);
    else this.pending.push({ resource: this.resource!.ctx, scope, firstSpan: scope.spans, spans: [span] });
    scope.spans++;
    this.pendingSpans++;
    this.pendingBytes += span.bytes.length;
    this.flush(false);
  }

  /**
   * Sends the pending spans as pieces once they fill at least one and their resource_spans has ended
   * (or holds too much to wait for); the last, partial piece waits for more spans unless `force`.
   */
  private flush(force: boolean): void {
    if (this.pending.length === 0) return;
    if (!force) {
      if (this.pendingSpans < this.maxSpans && this.pendingBytes < this.maxBytes) return;
      const open = this.pending.at(-1)!.resource;
      const holdingTooMuch =
        this.pendingSpans >= this.maxSpans * HOLD_FACTOR || this.pendingBytes >= this.maxBytes * HOLD_FACTOR;
      if (!open.closed && !open.sent && !holdingTooMuch) return;
    }
    let piece: Group[] = [];
    let spans = 0;
    let bytes = 0;
    const send = () => {
      for (const g of piece) if (!g.resource.closed) g.resource.sent = true;
      this.out.push(buildPiece(piece));
      piece = [];
      spans = 0;
      bytes = 0;
    };
    for (const g of this.pending) {
      for (let i = 0; i < g.spans.length; i++) {
        const span = g.spans[i];
        const last = piece.at(-1);
        // An upper bound of what the span adds to the piece: it, and a new scope_spans or resource_spans.
        let added = span.bytes.length;
        if (last?.scope !== g.scope) added += sizeOf(g.scope.header) + WRAP_BYTES;
        if (last?.resource !== g.resource) added += sizeOf(g.resource.header) + WRAP_BYTES;
        if (spans > 0 && (spans >= this.maxSpans || bytes + added > this.maxBytes)) {
          send();
          added += last?.scope === g.scope ? sizeOf(g.scope.header) + WRAP_BYTES : 0;
          added += last?.resource === g.resource ? sizeOf(g.resource.header) + WRAP_BYTES : 0;
        }
        const current = piece.at(-1);
        if (current?.scope === g.scope) current.spans.push(span);
        else piece.push({ ...g, firstSpan: g.firstSpan + i, spans: [span] });
        spans++;
        bytes += added;
      }
    }
    if (spans > 0 && (force || spans >= this.maxSpans)) send();
    this.pending = piece;
    this.pendingSpans = spans;
    this.pendingBytes = piece.reduce((n, g) => n + sizeOf(g.spans), 0);
  }
}

/** Every piece of a whole request (as `spanscope push` cuts a request the store found too large). */
export function splitProtoRequest(bytes: Uint8Array, options: ProtoSplitterOptions = {}): ProtoPiece[] {
  const splitter = new ProtoSplitter(options);
  return [...splitter.push(bytes), ...splitter.end()];
}
