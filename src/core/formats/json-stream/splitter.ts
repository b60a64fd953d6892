/**
 * Splits a huge trace document, fed as byte chunks, into standalone smaller documents of the same
 * format (for `spanscope push`, `/api/import` and files opened in the browser; a 1M-span file may not
 * fit one V8 string):
 * - OTLP JSON → `{"resourceSpans":[{resource, scopeSpans:[{scope, spans:[≤ maxSpans]}]}]}`,
 * - a top-level array (Zipkin, or Jaeger spans with inline process; arrays of arrays flattened) →
 *   arrays of ≤ maxSpans elements,
 * - Jaeger `{data:[traces]}` or a bare trace → one `{data:[trace]}` per ≤ maxSpans spans, each with
 *   the trace's processes (Jaeger writes processes after spans, so a trace's spans are kept as raw
 *   bytes until it ends),
 * - anything else (one Zipkin span, a Tempo answer…) → the document itself, for the decoders to judge.
 * Several top-level values in a row (JSON Lines) are split one after another. The documents come out
 * as parsed values (only span-sized slices are parsed), or with `output: 'bytes'` as the UTF-8 bytes of
 * each document, put together from the input's own bytes and parsed nowhere (for decodeInput, whose
 * byte readers then take them). With `read` as well, Jaeger and OTLP spans are read by the byte
 * readers where the scanner meets them (jaeger-json/ and otlp-json/byte-stream.ts): one pass over the
 * bytes instead of two. Jaeger spans are copied into bytes of their own every ≤ maxSpans (the input's
 * chunks are let go) and come out once their trace's processes are known; an OTLP document's spans
 * come out with the resource and scope bytes their details need, copied together in one buffer (no
 * standalone document), saying where each landed. Either comes out as a ReadDocument.
 * Gzip input (by magic bytes) is inflated as it streams.
 * Over 400 lines: the splitter is one state machine over the scanner's events (where each document
 * starts, what it holds, when it may be let out); the span readers and the raw tree are elsewhere.
 */
import { Gunzip } from 'fflate';
import { JaegerStreamTrace } from '../jaeger-json/byte-stream.ts';
import type { ReadSpans } from '../json-bytes/staged.ts';
import { type OtlpPart, OtlpStreamSpans } from '../otlp-json/byte-stream.ts';
import { FormatError } from '../types.ts';
import { RawLeaf, type RawNode, type RawObject, RawRun, toBytes, toValue } from './raw-tree.ts';
import { type Frame, JsonScanner, type ScanHandler } from './scanner.ts';

export interface JsonSplitterOptions {
  /** Spans per output document (default 1000). */
  readonly maxSpans?: number;
  /** Raw span bytes per output document (default 8 MiB). */
  readonly maxBytes?: number;
  /** Documents as parsed values ('values', the default) or as standalone UTF-8 documents ('bytes'). */
  readonly output?: 'values' | 'bytes';
  /** With bytes output: Jaeger and OTLP spans read as they stream, their documents handed out as ReadDocuments. */
  readonly read?: boolean;
}

/** Spans read as the input streamed, and the bytes they lie in (not a standalone document). */
export class ReadDocument {
  constructor(
    readonly bytes: Uint8Array,
    readonly spans: ReadSpans,
  ) {}
}

/** What the splitter hands out per document. */
export type SplitDocument<O> = O extends 'bytes' ? Uint8Array | ReadDocument : unknown;

interface ResourceCtx {
  readonly fields: RawObject;
  closed: boolean;
}
interface ScopeCtx {
  readonly rs: ResourceCtx;
  readonly fields: RawObject;
  closed: boolean;
}
interface SpanGroup {
  readonly ss: ScopeCtx;
  readonly spans: RawRun;
}
interface JaegerTrace {
  readonly fields: RawObject;
  spans: RawRun;
  /** The trace's spans read as they come (the `read` option), else null. */
  reader: JaegerStreamTrace | null;
  /** Spans read and copied out of the input (rows `from` on), before `spans`. */
  sealed: SealedSpans[];
}
interface SealedSpans {
  readonly bytes: Uint8Array;
  readonly ranges: Uint32Array;
  readonly from: number;
}

type Ctx =
  | { kind: 'root'; other: RawObject; containers: boolean; jaeger: JaegerTrace }
  | { kind: 'rootArray' }
  | { kind: 'innerArray' }
  | { kind: 'resourceSpans' }
  | { kind: 'resource'; rs: ResourceCtx }
  | { kind: 'scopeSpans'; rs: ResourceCtx }
  | { kind: 'scope'; ss: ScopeCtx }
  | { kind: 'otlpSpans'; ss: ScopeCtx }
  | { kind: 'jaegerData' }
  | { kind: 'jaegerTrace'; trace: JaegerTrace }
  | { kind: 'jaegerSpans'; trace: JaegerTrace };

const RESOURCE_SPANS_KEYS = new Set(['resourceSpans', 'resource_spans', 'batches']);
const SCOPE_SPANS_KEYS = new Set([
  'scopeSpans',
  'scope_spans',
  'instrumentationLibrarySpans',
  'instrumentation_library_spans',
]);
const SCOPE_KEYS: Record<string, string> = {
  scope: 'scope',
  instrumentationLibrary: 'scope',
  instrumentation_library: 'scope',
  schemaUrl: 'schemaUrl',
  schema_url: 'schemaUrl',
};
const RESOURCE_KEYS: Record<string, string> = {
  resource: 'resource',
  schemaUrl: 'schemaUrl',
  schema_url: 'schemaUrl',
};
/** Other top-level values are kept to rebuild small documents; a huge unknown one is refused. */
const MAX_OTHER_BYTES = 64 * 1024 * 1024;

/** How far past its limits the splitter holds spans waiting for their ResourceSpans to end. */
const HOLD_FACTOR = 16;

/** `{resourceSpans:[…]}` of span groups, consecutive groups of one ResourceSpans merged. */
function otlpDocument(groups: readonly SpanGroup[]): RawObject {
  const resourceSpans: RawObject[] = [];
  let current: { rs: ResourceCtx; scopes: RawObject[] } | undefined;
  for (const g of groups) {
    if (current?.rs !== g.ss.rs) {
      current = { rs: g.ss.rs, scopes: [] };
      resourceSpans.push(new Map([...g.ss.rs.fields, ['scopeSpans', current.scopes]]));
    }
    current.scopes.push(new Map([...g.ss.fields, ['spans', g.spans]]));
  }
  return new Map([['resourceSpans', resourceSpans]]);
}

const leafOf = (source: Uint8Array, from: number, to: number, offset: number) =>
  new RawLeaf(source.subarray(from, to), offset);

const asLeaf = (node: RawNode | undefined) => (node instanceof RawLeaf ? node : null);

/**
 * An OTLP document whose spans were read: no standalone document is put together (nothing parses
 * it), only the bytes its spans' details need, copied out of the input in one buffer (each resource,
 * then per scope its `scope` and `schemaUrl` and its spans), saying where each landed.
 */
class ReadOtlpDocument {
  constructor(
    readonly groups: readonly SpanGroup[],
    readonly part: OtlpPart,
  ) {}

  document(): ReadDocument {
    const sizeOf = (fields: RawObject, key: string) =>
      (asLeaf(fields.get(key))?.bytes.length ?? 0) + (asLeaf(fields.get('schemaUrl'))?.bytes.length ?? 0);
    let size = 0;
    let rs: ResourceCtx | null = null;
    for (const { ss, spans } of this.groups) {
      if (ss.rs !== rs) {
        rs = ss.rs;
        size += sizeOf(rs.fields, 'resource');
      }
      size += sizeOf(ss.fields, 'scope') + spans.contentSize();
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    const copy = (node: RawNode | undefined): [number, number] => {
      const leaf = asLeaf(node);
      if (!leaf) return [-1, -1];
      bytes.set(leaf.bytes, at);
      at += leaf.bytes.length;
      return [at - leaf.bytes.length, at];
    };
    rs = null;
    let g = -1;
    for (const { ss, spans } of this.groups) {
      if (ss.rs !== rs) {
        rs = ss.rs;
        g = this.part.resource(copy(rs.fields.get('resource')), copy(rs.fields.get('schemaUrl')));
      }
      const scope = copy(ss.fields.get('scope'));
      const schemaUrl = copy(ss.fields.get('schemaUrl'));
      const ranges = spans.elementRanges(at);
      at = spans.writeContent(bytes, at);
      this.part.scope(g, scope, schemaUrl, ranges);
    }
    return new ReadDocument(bytes, this.part);
  }
}

export class JsonSplitter<O extends 'values' | 'bytes' = 'values'> {
  private readonly maxSpans: number;
  private readonly maxBytes: number;
  private readonly output: (node: RawNode) => unknown;
  private readonly scanner: JsonScanner<Ctx>;
  private readonly readSpans: boolean;
  private out: (RawNode | ReadDocument | ReadOtlpDocument)[] = [];
  private otlp: SpanGroup[] = [];
  /** OTLP spans read as they come (the `read` option), else null: its rows are the spans in order. */
  private readonly otlpReader: OtlpStreamSpans | null;
  /** OTLP spans taken so far, and handed out in documents so far. */
  private otlpTaken = 0;
  private otlpEmitted = 0;
  /** The reader's row 0 is this span (it starts over whenever every span taken was handed out). */
  private otlpRowBase = 0;
  /** The OTLP spans before this one were all read (the reader is not asked after one it was not). */
  private otlpReadBefore = Number.POSITIVE_INFINITY;
  private array = new RawRun();
  private pendingSpans = 0;
  private pendingBytes = 0;
  private otherBytes = 0;

  constructor(options: JsonSplitterOptions & { readonly output?: O } = {}) {
    this.maxSpans = Math.max(1, options.maxSpans ?? 1000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 8 * 1024 * 1024);
    this.output = options.output === 'bytes' ? toBytes : toValue;
    this.readSpans = options.output === 'bytes' && options.read === true;
    this.otlpReader = this.readSpans ? new OtlpStreamSpans() : null;
    const handler: ScanHandler<Ctx> = {
      enter: (parent, isObject) => this.enter(parent, isObject),
      value: (parent, source, from, to, offset) => this.value(parent, source, from, to, offset),
      exit: (frame, parent) => this.exit(frame, parent),
      ...(this.readSpans
        ? {
            read: (parent: Frame<Ctx>, bytes: Uint8Array, from: number, end: number, offset: number) =>
              this.read(parent, bytes, from, end, offset),
          }
        : {}),
    };
    this.scanner = new JsonScanner(handler);
  }

  /** Gzip inflater once the input is known to be gzip; null when it is not; undefined before. */
  private gunzip: Gunzip | null | undefined;
  /** A first chunk too short to tell gzip from JSON. */
  private head: Uint8Array | null = null;

  /** Feeds a chunk; returns the documents it completed. */
  push(chunk: Uint8Array): SplitDocument<O>[] {
    let bytes = chunk;
    if (this.gunzip === undefined) {
      if (this.head) {
        bytes = new Uint8Array(this.head.length + chunk.length);
        bytes.set(this.head);
        bytes.set(chunk, this.head.length);
      }
      this.head = null;
      if (bytes.length < 2) {
        this.head = bytes;
        return [];
      }
      this.gunzip =
        bytes[0] === 0x1f && bytes[1] === 0x8b ? new Gunzip((data) => this.scanner.push(data)) : null;
    }
    this.feed(bytes, false);
    return this.take();
  }

  private feed(bytes: Uint8Array, final: boolean): void {
    if (!this.gunzip) {
      this.scanner.push(bytes);
      return;
    }
    try {
      this.gunzip.push(bytes, final);
    } catch (error) {
      if (error instanceof FormatError) throw error;
      throw new FormatError(
        'gzip',
        '',
        `corrupt gzip data (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  }

  /** The input ended: returns the last documents; throws FormatError if it was truncated. */
  end(): SplitDocument<O>[] {
    if (this.head) this.scanner.push(this.head);
    if (this.gunzip) this.feed(new Uint8Array(0), true);
    this.scanner.end();
    this.flushOtlp(true);
    this.flushArray();
    return this.take();
  }

  private take(): SplitDocument<O>[] {
    const out = this.out;
    this.out = [];
    return out.map((d) =>
      d instanceof ReadDocument ? d : d instanceof ReadOtlpDocument ? d.document() : this.output(d),
    ) as SplitDocument<O>[];
  }

  private enter(parent: Frame<Ctx> | null, isObject: boolean): Ctx | null {
    if (!parent)
      return isObject
        ? { kind: 'root', other: new Map(), containers: false, jaeger: this.newTrace() }
        : { kind: 'rootArray' };
    const ctx = parent.context;
    const key = parent.key ?? '';
    switch (ctx.kind) {
      case 'root':
        if (!isObject && RESOURCE_SPANS_KEYS.has(key)) return this.container(ctx, { kind: 'resourceSpans' });
        if (isObject && (key === 'trace' || key === 'result'))
          return { kind: 'root', other: new Map(), containers: false, jaeger: this.newTrace() };
        if (key === 'data')
          return this.container(
            ctx,
            isObject ? { kind: 'jaegerTrace', trace: this.newTrace() } : { kind: 'jaegerData' },
          );
        if (!isObject && key === 'spans')
          return this.container(ctx, { kind: 'jaegerSpans', trace: ctx.jaeger });
        return null;
      case 'rootArray':
        return isObject ? null : { kind: 'innerArray' };
      case 'resourceSpans':
        return isObject ? { kind: 'resource', rs: { fields: new Map(), closed: false } } : null;
      case 'resource':
        return !isObject && SCOPE_SPANS_KEYS.has(key) ? { kind: 'scopeSpans', rs: ctx.rs } : null;
      case 'scopeSpans':
        return isObject ? { kind: 'scope', ss: { rs: ctx.rs, fields: new Map(), closed: false } } : null;
      case 'scope':
        return !isObject && key === 'spans' ? { kind: 'otlpSpans', ss: ctx.ss } : null;
      case 'jaegerData':
        return isObject ? { kind: 'jaegerTrace', trace: this.newTrace() } : null;
      case 'jaegerTrace':
        return !isObject && key === 'spans' ? { kind: 'jaegerSpans', trace: ctx.trace } : null;
      default:
        return null;
    }
  }

  private newTrace(): JaegerTrace {
    return {
      fields: new Map(),
      spans: new RawRun(),
      reader: this.readSpans ? new JaegerStreamTrace() : null,
      sealed: [],
    };
  }

  /** A span object met in a chunk, read there when its trace's spans are read (the scanner's `read`). */
  private read(parent: Frame<Ctx>, bytes: Uint8Array, from: number, end: number, offset: number): number {
    const ctx = parent.context;
    if (ctx.kind === 'otlpSpans') {
      if (!this.otlpReader || this.otlpReadBefore !== Number.POSITIVE_INFINITY) return -1;
      const to = this.otlpReader.read(bytes, from, end);
      if (to > 0) this.otlpSpan(ctx.ss, bytes, from, to, offset, parent);
      return to;
    }
    if (ctx.kind !== 'jaegerSpans' || !ctx.trace.reader) return -1;
    const to = ctx.trace.reader.read(bytes, from, end);
    if (to > 0) this.readSpan(ctx.trace, bytes, from, to, offset, parent);
    return to;
  }

  /** A span of `trace` was read: kept, and its run copied out of the input once it is full. */
  private readSpan(
    trace: JaegerTrace,
    bytes: Uint8Array,
    from: number,
    to: number,
    offset: number,
    parent: Frame<Ctx>,
  ): void {
    const run = trace.spans;
    run.push(bytes, from, to, offset, parent, parent.count);
    if (run.count >= this.maxSpans || run.byteLength >= this.maxBytes) this.seal(trace);
  }

  /** The trace's current run of read spans, copied into bytes of its own. */
  private seal(trace: JaegerTrace): void {
    const last = trace.sealed.at(-1);
    const from = last ? last.from + last.ranges.length / 2 : 0;
    trace.sealed.push({ ...trace.spans.compact(), from });
    trace.spans = new RawRun();
  }

  /** A span of the trace was not read: its sealed spans go back to being raw spans. */
  private missed(trace: JaegerTrace): void {
    trace.reader = null;
    if (trace.sealed.length === 0) return;
    const all = new RawRun();
    for (const s of trace.sealed) RawRun.fromCompact(s.bytes, s.ranges).slice(0, s.ranges.length / 2, all);
    trace.spans.slice(0, trace.spans.count, all);
    trace.spans = all;
    trace.sealed = [];
  }

  /** Whether the trace has spans to emit. */
  private hasSpans(trace: JaegerTrace): boolean {
    return trace.spans.count > 0 || trace.sealed.length > 0;
  }

  private container(root: Ctx & { kind: 'root' }, ctx: Ctx): Ctx {
    root.containers = true;
    return ctx;
  }

  private value(
    parent: Frame<Ctx> | null,
    source: Uint8Array,
    from: number,
    to: number,
    offset: number,
  ): void {
    if (!parent) {
      this.out.push(leafOf(source, from, to, offset));
      return;
    }
    const ctx = parent.context;
    const key = parent.key ?? '';
    switch (ctx.kind) {
      case 'root':
        this.otherBytes += to - from;
        if (this.otherBytes > MAX_OTHER_BYTES)
          throw new FormatError(
            'JSON',
            `byte ${offset}`,
            `"${key}" is too large to import and not a known trace container`,
          );
        ctx.other.set(key, leafOf(source, from, to, offset));
        if (key === 'traceID' || key === 'processes') ctx.jaeger.fields.set(key, ctx.other.get(key)!);
        return;
      case 'resource':
        if (RESOURCE_KEYS[key]) ctx.rs.fields.set(RESOURCE_KEYS[key], leafOf(source, from, to, offset));
        return;
      case 'scope':
        if (SCOPE_KEYS[key]) ctx.ss.fields.set(SCOPE_KEYS[key], leafOf(source, from, to, offset));
        return;
      case 'otlpSpans': {
        // Not read where it began (it crossed chunks, or the reader gave up there): read it whole.
        const reader = this.otlpReadBefore === Number.POSITIVE_INFINITY ? this.otlpReader : null;
        if (reader && reader.read(source, from, source.length) !== to) this.otlpReadBefore = this.otlpTaken;
        this.otlpSpan(ctx.ss, source, from, to, offset, parent);
        return;
      }
      case 'jaegerTrace':
        if (key === 'traceID' || key === 'processes')
          ctx.trace.fields.set(key, leafOf(source, from, to, offset));
        return;
      case 'jaegerSpans': {
        // Not read where it began (it crossed chunks, or the reader gave up there): read it whole.
        const trace = ctx.trace;
        if (trace.reader && trace.reader.read(source, from, source.length) === to)
          this.readSpan(trace, source, from, to, offset, parent);
        else {
          this.missed(trace);
          trace.spans.push(source, from, to, offset, parent, parent.count);
        }
        return;
      }
      case 'rootArray':
      case 'innerArray':
        this.array.push(source, from, to, offset, parent, parent.count);
        this.count(to - from);
        if (this.full()) this.flushArray();
        return;
      default:
        throw new FormatError('JSON', `byte ${offset}`, `expected an object in "${ctx.kind}"`);
    }
  }

  private exit(frame: Frame<Ctx>, parent: Frame<Ctx> | null): void {
    const ctx = frame.context;
    if (ctx.kind === 'resource') ctx.rs.closed = true;
    if (ctx.kind === 'scope') ctx.ss.closed = true;
    if (ctx.kind === 'resource' || ctx.kind === 'scope') this.flushOtlp(false);
    if (ctx.kind === 'jaegerTrace') this.emitJaeger(ctx.trace);
    if (ctx.kind !== 'root') return;
    if (this.hasSpans(ctx.jaeger) || (ctx.containers && ctx.jaeger.fields.has('processes')))
      this.emitJaeger(ctx.jaeger);
    this.flushOtlp(true);
    this.flushArray();
    const outer = parent?.context.kind === 'root' ? parent.context : null;
    if (ctx.containers) {
      // A wrapper ({trace:…}, {result:…}) whose content was split: the outer document is done too.
      if (outer) outer.containers = true;
      return;
    }
    if (outer) outer.other.set(parent?.key ?? '', ctx.other);
    else this.out.push(ctx.other);
  }

  private otlpSpan(
    ss: ScopeCtx,
    source: Uint8Array,
    from: number,
    to: number,
    offset: number,
    parent: Frame<Ctx>,
  ): void {
    let last = this.otlp.at(-1);
    if (last?.ss !== ss) this.otlp.push((last = { ss, spans: new RawRun() }));
    last.spans.push(source, from, to, offset, parent, parent.count);
    this.otlpTaken++;
    this.count(to - from);
    this.flushOtlp(false);
  }

  /** One OTLP document of `n` spans (the next ones in order): with its spans read, while they all were. */
  private emitOtlp(groups: SpanGroup[], n: number): void {
    const from = this.otlpEmitted;
    this.otlpEmitted += n;
    const reader = this.otlpReader;
    const base = this.otlpRowBase;
    const read = reader && this.otlpEmitted <= this.otlpReadBefore;
    this.out.push(
      read
        ? new ReadOtlpDocument(groups, reader.part(from - base, this.otlpEmitted - base))
        : otlpDocument(groups),
    );
    if (reader && this.otlpTaken === this.otlpEmitted) {
      reader.restart();
      this.otlpRowBase = this.otlpEmitted;
    }
  }

  private count(bytes: number): void {
    this.pendingSpans++;
    this.pendingBytes += bytes;
  }

  private full(): boolean {
    return this.pendingSpans >= this.maxSpans || this.pendingBytes >= this.maxBytes;
  }

  /**
   * Emits the pending OTLP spans, in documents of ≤ maxSpans, once there are enough and their
   * ResourceSpans and ScopeSpans have ended (protojson writes `schemaUrl` after the spans). A huge
   * ResourceSpans is not held whole: past HOLD_FACTOR × the limits, spans go out without waiting.
   */
  private flushOtlp(force: boolean): void {
    if (this.otlp.length === 0 || (!force && !this.full())) return;
    const closed = this.otlp.every((g) => g.ss.closed && g.ss.rs.closed);
    const holdingTooMuch =
      this.pendingSpans >= this.maxSpans * HOLD_FACTOR || this.pendingBytes >= this.maxBytes * HOLD_FACTOR;
    if (!force && !closed && !holdingTooMuch) return;
    let doc: SpanGroup[] = [];
    let n = 0;
    for (const g of this.otlp) {
      for (let i = 0; i < g.spans.count; ) {
        const take = Math.min(g.spans.count - i, this.maxSpans - n);
        doc.push({ ss: g.ss, spans: g.spans.slice(i, i + take) });
        n += take;
        i += take;
        if (n === this.maxSpans) {
          this.emitOtlp(doc, n);
          doc = [];
          n = 0;
        }
      }
    }
    // Unless forced, a partial remainder waits for more spans; not when spans are read (a document of
    // any size costs no more then, and the read spans are let go once none waits).
    const all = force || this.otlpReader !== null;
    if (doc.length > 0 && all) this.emitOtlp(doc, n);
    this.otlp = all ? [] : doc;
    this.pendingSpans = all ? 0 : n;
    this.pendingBytes = all ? 0 : doc.reduce((b, g) => b + g.spans.byteLength, 0);
  }

  private flushArray(): void {
    if (this.array.count === 0) return;
    this.out.push(this.array);
    this.array = new RawRun();
    this.pendingSpans = 0;
    this.pendingBytes = 0;
  }

  private emitJaeger(trace: JaegerTrace): void {
    if (trace.reader) this.emitRead(trace, trace.reader);
    else this.emitDocuments(trace);
    trace.spans = new RawRun();
    trace.reader = this.readSpans ? new JaegerStreamTrace() : null;
  }

  /** The trace's spans, all read: their processes settle them, and out they go as they were sealed. */
  private emitRead(trace: JaegerTrace, reader: JaegerStreamTrace): void {
    if (trace.spans.count > 0 || trace.sealed.length === 0) this.seal(trace);
    const processes = trace.fields.get('processes');
    reader.end(processes instanceof RawLeaf ? processes.bytes : undefined);
    for (const { bytes, ranges, from } of trace.sealed)
      this.out.push(new ReadDocument(bytes, reader.part(from, from + ranges.length / 2, ranges)));
    trace.sealed = [];
  }

  /** The trace as `{data:[trace]}` documents of ≤ maxSpans spans, each with the trace's fields. */
  private emitDocuments(trace: JaegerTrace): void {
    const { spans } = trace;
    for (let start = 0; start < spans.count || start === 0; ) {
      let bytes = 0;
      let end = start;
      while (end < spans.count && end - start < this.maxSpans && (bytes < this.maxBytes || end === start)) {
        bytes += spans.size(end);
        end++;
      }
      this.out.push(new Map([['data', [new Map([...trace.fields, ['spans', spans.slice(start, end)]])]]]));
      start = end;
      if (end >= spans.count) break;
    }
  }
}
