/**
 * Splits a huge trace document, fed as byte chunks, into standalone smaller documents of the same
 * format (for `spanscope push` and `/api/import`; a 1M-span file may not fit one V8 string):
 * - OTLP JSON → `{"resourceSpans":[{resource, scopeSpans:[{scope, spans:[≤ maxSpans]}]}]}`,
 * - a top-level array (Zipkin, or Jaeger spans with inline process; arrays of arrays flattened) →
 *   arrays of ≤ maxSpans elements,
 * - Jaeger `{data:[traces]}` or a bare trace → one `{data:[trace]}` per ≤ maxSpans spans, each with
 *   the trace's processes (Jaeger writes processes after spans, so a trace's spans are kept as raw
 *   bytes until it ends),
 * - anything else (one Zipkin span, a Tempo answer…) → the document itself, for the decoders to judge.
 * Several top-level values in a row (JSON Lines) are split one after another. Only span-sized slices
 * are parsed. Gzip input (by magic bytes) is inflated as it streams.
 */
import { Gunzip } from 'fflate';
import { parseJsonText } from '../parse-input.ts';
import { utf8Decode } from '../text.ts';
import { FormatError } from '../types.ts';
import { type Frame, JsonScanner, type ScanHandler } from './scanner.ts';

export interface JsonSplitterOptions {
  /** Spans per output document (default 1000). */
  readonly maxSpans?: number;
  /** Raw span bytes per output document (default 8 MiB). */
  readonly maxBytes?: number;
}

type Json = Record<string, unknown>;

interface ResourceCtx {
  readonly fields: Json;
  closed: boolean;
}
interface ScopeCtx {
  readonly rs: ResourceCtx;
  readonly fields: Json;
  closed: boolean;
}
interface SpanGroup {
  readonly ss: ScopeCtx;
  readonly spans: unknown[];
  /** Raw bytes of each span. */
  readonly sizes: number[];
}
interface JaegerTrace {
  readonly fields: Json;
  readonly spans: { bytes: Uint8Array; offset: number }[];
}

type Ctx =
  | { kind: 'root'; other: Json; containers: boolean; jaeger: JaegerTrace }
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
function otlpDocument(groups: readonly SpanGroup[]): Json {
  const resourceSpans: Json[] = [];
  let current: { rs: ResourceCtx; scopes: Json[] } | undefined;
  for (const g of groups) {
    if (current?.rs !== g.ss.rs) {
      current = { rs: g.ss.rs, scopes: [] };
      resourceSpans.push({ ...g.ss.rs.fields, scopeSpans: current.scopes });
    }
    current.scopes.push({ ...g.ss.fields, spans: g.spans });
  }
  return { resourceSpans };
}

const parse = (bytes: Uint8Array, offset: number) => parseJsonText(utf8Decode(bytes), offset);
const newTrace = (): JaegerTrace => ({ fields: {}, spans: [] });

export class JsonSplitter {
  private readonly maxSpans: number;
  private readonly maxBytes: number;
  private readonly scanner: JsonScanner<Ctx>;
  private out: unknown[] = [];
  private otlp: SpanGroup[] = [];
  private array: unknown[] = [];
  private pendingSpans = 0;
  private pendingBytes = 0;
  private otherBytes = 0;

  constructor(options: JsonSplitterOptions = {}) {
    this.maxSpans = Math.max(1, options.maxSpans ?? 1000);
    this.maxBytes = Math.max(1, options.maxBytes ?? 8 * 1024 * 1024);
    const handler: ScanHandler<Ctx> = {
      enter: (parent, isObject) => this.enter(parent, isObject),
      value: (parent, bytes, offset) => this.value(parent, bytes, offset),
      exit: (frame, parent) => this.exit(frame, parent),
    };
    this.scanner = new JsonScanner(handler);
  }

  /** Gzip inflater once the input is known to be gzip; null when it is not; undefined before. */
  private gunzip: Gunzip | null | undefined;
  /** A first chunk too short to tell gzip from JSON. */
  private head: Uint8Array | null = null;

  /** Feeds a chunk; returns the documents it completed. */
  push(chunk: Uint8Array): unknown[] {
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
  end(): unknown[] {
    if (this.head) this.scanner.push(this.head);
    if (this.gunzip) this.feed(new Uint8Array(0), true);
    this.scanner.end();
    this.flushOtlp(true);
    this.flushArray();
    return this.take();
  }

  private take(): unknown[] {
    const out = this.out;
    this.out = [];
    return out;
  }

  private enter(parent: Frame<Ctx> | null, isObject: boolean): Ctx | null {
    if (!parent)
      return isObject
        ? { kind: 'root', other: {}, containers: false, jaeger: newTrace() }
        : { kind: 'rootArray' };
    const ctx = parent.context;
    const key = parent.key ?? '';
    switch (ctx.kind) {
      case 'root':
        if (!isObject && RESOURCE_SPANS_KEYS.has(key)) return this.container(ctx, { kind: 'resourceSpans' });
        if (isObject && (key === 'trace' || key === 'result'))
          return { kind: 'root', other: {}, containers: false, jaeger: newTrace() };
        if (key === 'data')
          return this.container(
            ctx,
            isObject ? { kind: 'jaegerTrace', trace: newTrace() } : { kind: 'jaegerData' },
          );
        if (!isObject && key === 'spans')
          return this.container(ctx, { kind: 'jaegerSpans', trace: ctx.jaeger });
        return null;
      case 'rootArray':
        return isObject ? null : { kind: 'innerArray' };
      case 'resourceSpans':
        return isObject ? { kind: 'resource', rs: { fields: {}, closed: false } } : null;
      case 'resource':
        return !isObject && SCOPE_SPANS_KEYS.has(key) ? { kind: 'scopeSpans', rs: ctx.rs } : null;
      case 'scopeSpans':
        return isObject ? { kind: 'scope', ss: { rs: ctx.rs, fields: {}, closed: false } } : null;
      case 'scope':
        return !isObject && key === 'spans' ? { kind: 'otlpSpans', ss: ctx.ss } : null;
      case 'jaegerData':
        return isObject ? { kind: 'jaegerTrace', trace: newTrace() } : null;
      case 'jaegerTrace':
        return !isObject && key === 'spans' ? { kind: 'jaegerSpans', trace: ctx.trace } : null;
      default:
        return null;
    }
  }

  private container(root: Ctx & { kind: 'root' }, ctx: Ctx): Ctx {
    root.containers = true;
    return ctx;
  }

  private value(parent: Frame<Ctx> | null, bytes: Uint8Array, offset: number): void {
    if (!parent) {
      this.out.push(parse(bytes, offset));
      return;
    }
    const ctx = parent.context;
    const key = parent.key ?? '';
    switch (ctx.kind) {
      case 'root':
        this.otherBytes += bytes.length;
        if (this.otherBytes > MAX_OTHER_BYTES)
          throw new FormatError(
            'JSON',
            `byte ${offset}`,
            `"${key}" is too large to import and not a known trace container`,
          );
        ctx.other[key] = parse(bytes, offset);
        if (key === 'traceID' || key === 'processes') ctx.jaeger.fields[key] = ctx.other[key];
        return;
      case 'resource':
        if (RESOURCE_KEYS[key]) ctx.rs.fields[RESOURCE_KEYS[key]] = parse(bytes, offset);
        return;
      case 'scope':
        if (SCOPE_KEYS[key]) ctx.ss.fields[SCOPE_KEYS[key]] = parse(bytes, offset);
        return;
      case 'otlpSpans': {
        const last = this.otlp.at(-1);
        const span = parse(bytes, offset);
        if (last?.ss === ctx.ss) {
          last.spans.push(span);
          last.sizes.push(bytes.length);
        } else this.otlp.push({ ss: ctx.ss, spans: [span], sizes: [bytes.length] });
        this.count(bytes);
        this.flushOtlp(false);
        return;
      }
      case 'jaegerTrace':
        if (key === 'traceID' || key === 'processes') ctx.trace.fields[key] = parse(bytes, offset);
        return;
      case 'jaegerSpans':
        ctx.trace.spans.push({ bytes, offset });
        return;
      case 'rootArray':
      case 'innerArray':
        this.array.push(parse(bytes, offset));
        this.count(bytes);
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
    if (ctx.jaeger.spans.length > 0 || (ctx.containers && 'processes' in ctx.jaeger.fields))
      this.emitJaeger(ctx.jaeger);
    this.flushOtlp(true);
    this.flushArray();
    const outer = parent?.context.kind === 'root' ? parent.context : null;
    if (ctx.containers) {
      // A wrapper ({trace:…}, {result:…}) whose content was split: the outer document is done too.
      if (outer) outer.containers = true;
      return;
    }
    if (outer) outer.other[parent?.key ?? ''] = ctx.other;
    else this.out.push(ctx.other);
  }

  private count(bytes: Uint8Array): void {
    this.pendingSpans++;
    this.pendingBytes += bytes.length;
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
      for (let i = 0; i < g.spans.length; ) {
        const take = Math.min(g.spans.length - i, this.maxSpans - n);
        doc.push({ ss: g.ss, spans: g.spans.slice(i, i + take), sizes: g.sizes.slice(i, i + take) });
        n += take;
        i += take;
        if (n === this.maxSpans) {
          this.out.push(otlpDocument(doc));
          doc = [];
          n = 0;
        }
      }
    }
    // Unless forced, a partial remainder waits for more spans.
    if (doc.length > 0 && force) this.out.push(otlpDocument(doc));
    this.otlp = force ? [] : doc;
    this.pendingSpans = force ? 0 : n;
    this.pendingBytes = force ? 0 : doc.reduce((b, g) => g.sizes.reduce((x, y) => x + y, b), 0);
  }

  private flushArray(): void {
    if (this.array.length === 0) return;
    this.out.push(this.array);
    this.array = [];
    this.pendingSpans = 0;
    this.pendingBytes = 0;
  }

  private emitJaeger(trace: JaegerTrace): void {
    const { spans } = trace;
    for (let start = 0; start < spans.length || start === 0; ) {
      let bytes = 0;
      let end = start;
      while (end < spans.length && end - start < this.maxSpans && (bytes < this.maxBytes || end === start)) {
        bytes += spans[end].bytes.length;
        end++;
      }
      const batch = spans.slice(start, end).map((s) => parse(s.bytes, s.offset));
      this.out.push({ data: [{ ...trace.fields, spans: batch }] });
      start = end;
      if (end >= spans.length) break;
    }
    spans.length = 0;
  }
}
