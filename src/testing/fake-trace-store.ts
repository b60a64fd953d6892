/**
 * A small in-memory TraceStore for in-process tests of the HTTP layer (routing, limits, status
 * codes). It understands just enough OTLP to count spans and reject bad ids, and imports files with
 * the real core decoders (fake-import.ts); the real store is tested through the real server
 * (src/server/integration).
 */

import type { AttributeKeys } from '../core/analysis/attribute-values.ts';
import type {
  TempoSearchResponse,
  TempoTagsResponse,
  TempoTagValuesResponse,
} from '../core/api/tempo-search.ts';
import { ExportTraceServiceRequest } from '../core/formats/otlp-proto/schema.ts';
import { bytesToHex } from '../core/model/ids.ts';
import type {
  AttributeValues,
  ColumnarEncoding,
  DetailMatches,
  ImportOptions,
  ImportSession,
  IngestResult,
  OtlpEncoding,
  PinInfo,
  PinRequest,
  SearchParams,
  StoreStatus,
  TraceEncoding,
  TraceStore,
} from '../server/store/types.ts';
import { FakeImportSession, type FakeSpan } from './fake-import.ts';

type Json = Record<string, unknown>;

function spansOfJson(body: Json): Json[] {
  const out: Json[] = [];
  for (const rs of (body.resourceSpans ?? []) as Json[])
    for (const ss of (rs.scopeSpans ?? []) as Json[]) out.push(...((ss.spans ?? []) as Json[]));
  return out;
}

function spansOfProto(body: Uint8Array): FakeSpan[] {
  const msg = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body)) as Json;
  const out: FakeSpan[] = [];
  for (const rs of (msg.resource_spans ?? []) as Json[])
    for (const ss of (rs.scope_spans ?? []) as Json[])
      for (const s of (ss.spans ?? []) as Json[])
        out.push({
          traceId: bytesToHex((s.trace_id as Uint8Array) ?? new Uint8Array()),
          spanId: bytesToHex((s.span_id as Uint8Array) ?? new Uint8Array()),
          name: String(s.name ?? ''),
        });
  return out;
}

export class FakeTraceStore implements TraceStore {
  overloaded = false;
  /** Added before each ingest answers (to hold acknowledgements in flight). */
  ingestDelayMs = 0;
  readonly spans: FakeSpan[] = [];
  readonly searches: SearchParams[] = [];
  readonly tagCalls: (string | undefined)[] = [];
  /** The q of each tags / tag values call. */
  readonly tagQueries: (string | undefined)[] = [];
  /** What search() does instead of answering (to test failures and timeouts). */
  searchHook: ((params: SearchParams) => Promise<TempoSearchResponse>) | null = null;
  readonly imports: FakeImportSession[] = [];
  /** Added after each chunk an import takes (to hold the request back). */
  importDelayMs = 0;
  closed = false;
  /** Pins by trace id; `now` is their clock. */
  readonly pinned = new Map<string, PinInfo>();
  now = () => 1_700_000_000_000;

  async ingestOtlp(body: Uint8Array, encoding: OtlpEncoding): Promise<IngestResult> {
    let decoded: FakeSpan[];
    try {
      decoded =
        encoding === 'json'
          ? spansOfJson(JSON.parse(Buffer.from(body).toString('utf8'))).map((s) => ({
              traceId: String(s.traceId ?? ''),
              spanId: String(s.spanId ?? ''),
              name: String(s.name ?? ''),
            }))
          : spansOfProto(body);
    } catch (err) {
      return { ok: false, reason: 'undecodable', errorMessage: (err as Error).message };
    }
    if (this.ingestDelayMs) await new Promise((r) => setTimeout(r, this.ingestDelayMs));
    const good = decoded.filter((s) => /^[0-9a-f]{32}$/.test(s.traceId) && /^[0-9a-f]{16}$/.test(s.spanId));
    const bad = decoded.filter((s) => !good.includes(s));
    this.spans.push(...good);
    return {
      ok: true,
      acceptedSpans: good.length,
      rejectedSpans: bad.length,
      errorMessage: bad.map((s) => `span '${s.name}': invalid id`).join('; '),
    };
  }

  beginImport(options: ImportOptions = {}): ImportSession {
    const session = new FakeImportSession(this.spans, options, () => this.importDelayMs);
    this.imports.push(session);
    return session;
  }

  /** The signal of every streamTrace call, for tests of a client that goes away. */
  readonly streamSignals: AbortSignal[] = [];
  /** Set: streamTrace sends its first piece, then waits for this before the rest. */
  streamGate: Promise<void> | null = null;

  /** Trace ids whose read was started ahead (the app's page was asked for). */
  readonly readsAhead: string[] = [];

  readTraceAhead(traceId: string): void {
    this.readsAhead.push(traceId);
  }

  /** The columnar answer (fake bytes here; real frames in ColumnarTraceStore) in two pieces. */
  async streamTrace(
    traceId: string,
    encoding: ColumnarEncoding,
    send: (piece: Uint8Array) => void,
    signal: AbortSignal,
  ): Promise<boolean> {
    this.streamSignals.push(signal);
    const body = await this.streamBody(traceId, encoding);
    if (!body) return false;
    const half = Math.floor(body.byteLength / 2);
    send(body.slice(0, half));
    await this.streamGate;
    if (signal.aborted)
      throw Object.assign(new Error('the trace read was cancelled'), { name: 'AbortError' });
    send(body.slice(half));
    return true;
  }

  protected streamBody(traceId: string, encoding: ColumnarEncoding): Promise<Uint8Array | null> {
    return this.getTrace(traceId, encoding);
  }

  async getTrace(traceId: string, encoding: TraceEncoding): Promise<Uint8Array | null> {
    const spans = this.spans.filter((s) => s.traceId === traceId);
    if (spans.length === 0) return null;
    const resourceSpans = [{ resource: {}, scopeSpans: [{ scope: {}, spans }] }];
    if (encoding === 'columnar' || encoding === 'columnar-deferred')
      return new Uint8Array([encoding === 'columnar' ? 1 : 2, 2, 3, spans.length]);
    const answer = encoding === 'tempo-v1' ? { batches: resourceSpans } : { trace: { resourceSpans } };
    return Buffer.from(JSON.stringify(answer));
  }

  /** Answers the requested key range as text, so tests can see what reached the store. */
  async getSpanDetails(traceId: string, fromKey: bigint, toKey: bigint): Promise<Uint8Array | null> {
    if (!this.spans.some((s) => s.traceId === traceId)) return null;
    return Buffer.from(`details ${fromKey}-${toKey}`);
  }

  /** Answers one offset, the text's length, so tests can see what reached the store. */
  async findInDetails(traceId: string, text: string): Promise<DetailMatches | null> {
    if (!this.spans.some((s) => s.traceId === traceId)) return null;
    return { keyBase: 2n ** 60n, offsets: Uint32Array.of(text.length) };
  }

  /** Answers the key as the first value, so tests can see what reached the store. */
  async attributeValues(traceId: string, key: string): Promise<AttributeValues | null> {
    if (!this.spans.some((s) => s.traceId === traceId)) return null;
    return {
      keyBase: 2n ** 60n,
      offsets: Uint32Array.of(0, 7),
      codes: Uint32Array.of(1, 0),
      values: [key, 'x'],
    };
  }

  async attributeKeys(traceId: string): Promise<AttributeKeys | null> {
    if (!this.spans.some((s) => s.traceId === traceId)) return null;
    return {
      span: [{ key: 'http.route', count: 1 }],
      resource: [{ key: 'service.name', count: 1 }],
      truncated: false,
    };
  }

  async search(params: SearchParams): Promise<TempoSearchResponse> {
    this.searches.push(params);
    if (this.searchHook) return this.searchHook(params);
    return {
      traces: [],
      metrics: {
        inspectedTraces: 0,
        inspectedSpans: '0',
        inspectedBytes: '0',
        completedJobs: 1,
        totalJobs: 1,
      },
    };
  }

  async tags(scope?: string, q?: string): Promise<TempoTagsResponse> {
    this.tagCalls.push(scope);
    this.tagQueries.push(q);
    return { scopes: [{ name: scope ?? 'span', tags: ['http.method'] }] };
  }

  async tagValues(tag: string, q?: string): Promise<TempoTagValuesResponse> {
    this.tagQueries.push(q);
    return { tagValues: [{ type: 'string', value: tag }] };
  }

  /** Answers one offset, the query's length, so tests can see what reached the store. */
  async findByQuery(traceId: string, q: string): Promise<DetailMatches | null> {
    if (!this.spans.some((s) => s.traceId === traceId)) return null;
    return { keyBase: 2n ** 60n, offsets: Uint32Array.of(q.length) };
  }

  async spanCount(): Promise<number> {
    return this.spans.length;
  }

  /** The pin's figures are the trace's span count (the first span names the root). */
  async pin({ traceId, note, pinnedBy }: PinRequest): Promise<PinInfo | null> {
    const spans = this.spans.filter((s) => s.traceId === traceId);
    if (spans.length === 0) return null;
    const pinnedAtMs = this.pinned.get(traceId)?.pinnedAtMs ?? this.now();
    const pin: PinInfo = {
      traceId,
      note,
      pinnedBy,
      pinnedAtMs,
      rootTraceName: spans[0].name,
      startTimeUnixNano: '0',
      durationMs: 0,
      spanCount: spans.length,
      errorCount: 0,
    };
    this.pinned.set(traceId, pin);
    return pin;
  }

  async unpin(traceId: string): Promise<boolean> {
    return this.pinned.delete(traceId);
  }

  async pins(): Promise<PinInfo[]> {
    return [...this.pinned.values()].sort((a, b) => b.pinnedAtMs - a.pinnedAtMs);
  }

  async pinOf(traceId: string): Promise<PinInfo | null> {
    return this.pinned.get(traceId) ?? null;
  }

  async status(): Promise<StoreStatus> {
    return {
      sizeBytes: 0,
      fileBytes: 0,
      traceCount: new Set(this.spans.map((s) => s.traceId)).size,
      spanCount: this.spans.length,
      pinCount: this.pinned.size,
      oldestTraceStartMs: null,
      ingestSpansPerSecond: 0,
      retention: { intervalMs: null, lastPass: null },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
