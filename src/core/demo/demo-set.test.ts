import { describe, expect, it } from 'vitest';
import { type CheckedSpan, checkOtlpRequests, traceShapes, VALUE_KEYS } from '../../testing/check-otlp.ts';
import { decodeOtlpJson } from '../formats/otlp-json/decode.ts';
import { TraceSetBuilder } from '../model/span-table.ts';
import {
  type DemoRequest,
  describeDemoData,
  generateDemoData,
  MAX_SPANS_PER_REQUEST,
  requestSpanCount,
} from './index.ts';

// Not aligned to a second, to catch arithmetic that assumes it.
const NOW_MS = Date.UTC(2026, 10, 23, 3, 14, 15, 926);
const OPTS = { seed: 1, nowMs: NOW_MS };
const requests: DemoRequest[] = [...generateDemoData(OPTS)];
const checked = checkOtlpRequests(requests);
const traces = traceShapes(checked.spans);
const info = describeDemoData(OPTS);
const spanById = new Map(checked.spans.map((span) => [span.spanId, span]));
const HOUR_NS = 3_600_000_000_000n;
const nowNs = BigInt(NOW_MS) * 1_000_000n;

const str = (span: CheckedSpan, key: string) => span.attributes.get(key)?.stringValue;
const shape = (traceId: string) => traces.get(traceId)!;

describe('generateDemoData: structure', () => {
  it('writes valid OTLP/JSON requests of at most 512 spans', () => {
    expect(checked.problems).toEqual([]);
    expect(requests.length).toBeGreaterThan(20);
    for (const req of requests) expect(requestSpanCount(req)).toBeLessThanOrEqual(MAX_SPANS_PER_REQUEST);
    expect(requests.reduce((n, req) => n + requestSpanCount(req), 0)).toBe(checked.spans.length);
  });

  it('gives unique span ids and one trace id per trace', () => {
    expect(spanById.size).toBe(checked.spans.length);
    expect(new Set(info.map((t) => t.traceId)).size).toBe(info.length);
    expect(traces.size).toBe(info.length);
  });

  it('describes every trace it generates', () => {
    expect(info.length).toBeGreaterThanOrEqual(300);
    expect(info.length).toBeLessThanOrEqual(400);
    for (const t of info) {
      const s = shape(t.traceId);
      expect(s.spans.length).toBe(t.spanCount);
      expect(s.root?.name).toBe(t.rootName);
      expect(s.root?.service).toBe(t.rootService);
    }
  });

  it('builds complete trees: one root, no orphans, every child inside its parent', () => {
    for (const s of traces.values()) {
      expect({ id: s.traceId, roots: s.rootCount, orphans: s.orphans, outside: s.outsideParent }).toEqual({
        id: s.traceId,
        roots: 1,
        orphans: 0,
        outside: 0,
      });
    }
  });

  it('keeps every timestamp inside the hour before nowMs', () => {
    for (const span of checked.spans) {
      for (const t of [span.startNs, span.endNs, ...span.events.map((e) => e.timeNs)]) {
        expect(t >= nowNs - HOUR_NS && t <= nowNs).toBe(true);
      }
    }
    const starts = info.map((t) => BigInt(t.startUnixNano));
    const quarter = HOUR_NS / 4n;
    for (let q = 0n; q < 4n; q++) {
      const inQuarter = starts.filter(
        (t) => t >= nowNs - HOUR_NS + q * quarter && t < nowNs - HOUR_NS + (q + 1n) * quarter,
      );
      expect(inQuarter.length).toBeGreaterThan(40);
    }
  });

  it('has traces of 5 to 5,000 spans, a few big ones, depth ≥ 6, several services each', () => {
    const sizes = info.map((t) => t.spanCount);
    expect(Math.min(...sizes)).toBe(5);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(5_000);
    expect(Math.max(...sizes)).toBeGreaterThanOrEqual(4_000);
    expect(sizes.filter((n) => n >= 500).length).toBeGreaterThanOrEqual(3);
    const deep = [...traces.values()].filter((s) => s.maxDepth >= 6);
    expect(deep.length).toBeGreaterThan(30);
    expect(Math.max(...[...traces.values()].map((s) => s.maxDepth))).toBeGreaterThanOrEqual(9);
    const all = new Set(checked.spans.map((span) => span.service));
    expect(all.size).toBeGreaterThanOrEqual(15);
    const pages = info.filter((t) => t.rootService === 'frontend');
    for (const t of pages) expect(shape(t.traceId).services.size).toBeGreaterThanOrEqual(3);
  });

  it('decodes with the project decoder without warnings', () => {
    const sink = new TraceSetBuilder();
    let decoded = 0;
    for (const req of requests) decoded += decodeOtlpJson(JSON.parse(JSON.stringify(req)), sink).spanCount;
    expect(decoded).toBe(checked.spans.length);
    const tables = sink.build();
    expect(tables.length).toBe(info.length);
    expect(sink.warnings).toEqual([]);
    expect(tables.flatMap((t) => t.warnings)).toEqual([]);
  });
});

describe('generateDemoData: semantic conventions', () => {
  const byKind = (kind: number) => checked.spans.filter((span) => span.kind === kind);

  it('uses every OTLP attribute value type', () => {
    for (const type of VALUE_KEYS) expect(checked.valueTypes.get(type) ?? 0, type).toBeGreaterThan(0);
  });

  it('describes HTTP, database, RPC and messaging spans with their attributes', () => {
    for (const span of checked.spans) {
      const a = span.attributes;
      if (a.has('http.request.method')) {
        expect(a.get('http.response.status_code')?.intValue).toMatch(/^[1-5]\d\d$/);
        if (span.kind === 2)
          expect(span.name).toBe(`${str(span, 'http.request.method')} ${str(span, 'http.route')}`);
        else expect(str(span, 'url.full')).toMatch(/^https?:\/\//);
      }
      if (a.has('db.system.name')) {
        expect(span.kind).toBe(3);
        expect(str(span, 'db.query.text')).toBeTruthy();
        expect(str(span, 'db.operation.name')).toBeTruthy();
        expect(str(span, 'db.namespace')).toBeTruthy();
      }
      if (str(span, 'rpc.system') === 'grpc') {
        expect(span.name).toBe(`${str(span, 'rpc.service')}/${str(span, 'rpc.method')}`);
        expect(a.get('rpc.grpc.status_code')?.intValue).toMatch(/^\d+$/);
      }
    }
    const sql = checked.spans.filter((span) => str(span, 'db.system.name') === 'postgresql');
    expect(sql.some((span) => /^SELECT .* FROM \w+ .*WHERE/.test(str(span, 'db.query.text') ?? ''))).toBe(
      true,
    );
    for (const span of byKind(4)) {
      expect(str(span, 'messaging.system')).toBe('kafka');
      expect(str(span, 'messaging.operation.type')).toBe('send');
      expect(str(span, 'messaging.destination.name')).toBeTruthy();
    }
    expect(byKind(5).length).toBeGreaterThan(20);
    for (const span of byKind(5)) expect(str(span, 'messaging.operation.type')).toBe('process');
  });

  it('reports scopes per instrumentation library and languages', () => {
    const scopes = new Set(checked.spans.map((span) => span.scope));
    for (const name of [
      '@opentelemetry/instrumentation-http',
      '@opentelemetry/instrumentation-grpc',
      '@opentelemetry/instrumentation-pg',
      'io.opentelemetry.kafka-clients-2.6',
      'github.com/redis/go-redis/extra/redisotel',
    ]) {
      expect(scopes).toContain(name);
    }
  });

  it('puts network gaps of tens to hundreds of µs between client and server', () => {
    let hops = 0;
    for (const span of byKind(2)) {
      const client = spanById.get(span.parentSpanId);
      if (!client) continue;
      hops++;
      expect(client.kind).toBe(3);
      for (const gap of [span.startNs - client.startNs, client.endNs - span.endNs]) {
        expect(gap >= 30_000n && gap <= 450_000n, `gap ${gap}`).toBe(true);
      }
    }
    expect(hops).toBeGreaterThan(1_000);
  });

  it('has parallel and sequential sibling calls', () => {
    const overlapping = (a: CheckedSpan, b: CheckedSpan) => a.startNs < b.endNs && b.startNs < a.endNs;
    const home = info.find((t) => t.scenario === 'home')!;
    const root = shape(home.traceId).root!;
    const calls = shape(home.traceId).spans.filter(
      (span) => span.parentSpanId === root.spanId && span.kind === 3,
    );
    expect(calls.length).toBe(3);
    expect(overlapping(calls[0], calls[1]) && overlapping(calls[1], calls[2])).toBe(true);
    const checkout = info.find((t) => t.scenario === 'checkout' && !t.failed)!;
    const placeOrder = shape(checkout.traceId).spans.find(
      (span) => span.kind === 2 && span.name.endsWith('/PlaceOrder'),
    )!;
    const steps = shape(checkout.traceId)
      .spans.filter((span) => span.parentSpanId === placeOrder.spanId)
      .sort((x, y) => (x.startNs < y.startNs ? -1 : 1));
    expect(steps.length).toBeGreaterThan(8);
    for (let k = 1; k < steps.length; k++) expect(steps[k].startNs >= steps[k - 1].endNs).toBe(true);
  });
});

describe('generateDemoData: failures, retries, links', () => {
  const exceptions = (span: CheckedSpan) => span.events.filter((e) => e.name === 'exception');

  it('fails about 5% of traces, with a status message and exception stack traces', () => {
    const failed = info.filter((t) => t.failed);
    expect(failed.length / info.length).toBeGreaterThan(0.03);
    expect(failed.length / info.length).toBeLessThan(0.08);
    for (const t of failed) {
      const s = shape(t.traceId);
      expect(s.root!.statusCode).toBe(2);
      expect(s.root!.statusMessage).not.toBe('');
      const events = s.spans.flatMap(exceptions);
      expect(events.length).toBeGreaterThanOrEqual(2);
      for (const e of events) {
        expect(e.attributes.get('exception.type')?.stringValue).toBeTruthy();
        expect(e.attributes.get('exception.message')?.stringValue).toBeTruthy();
        expect(
          e.attributes.get('exception.stacktrace')?.stringValue?.split('\n').length,
        ).toBeGreaterThanOrEqual(3);
      }
    }
    const errorSpans = checked.spans.filter((span) => span.statusCode === 2);
    expect(errorSpans.every((span) => span.statusMessage !== '')).toBe(true);
  });

  it('shows retries, cache misses and handled errors in healthy traces too', () => {
    const names = new Set(checked.spans.flatMap((span) => span.events.map((e) => e.name)));
    expect(names).toEqual(new Set(['exception', 'retry', 'cache miss', 'amount mismatch']));
    const healthyWithRetry = info.filter(
      (t) => !t.failed && shape(t.traceId).spans.some((span) => span.events.some((e) => e.name === 'retry')),
    );
    expect(healthyWithRetry.length).toBeGreaterThan(0);
    expect(checked.spans.some((span) => span.attributes.has('http.request.resend_count'))).toBe(true);
  });

  it('pairs the same request succeeding and failing, diverging in the middle', () => {
    const pairs = new Map<number, { healthy?: string; failing?: string }>();
    for (const t of info)
      if (t.pair) pairs.set(t.pair.id, { ...pairs.get(t.pair.id), [t.pair.role]: t.traceId });
    expect(pairs.size).toBeGreaterThanOrEqual(6);
    const scenarios = new Set<string>();
    for (const { healthy, failing } of pairs.values()) {
      const a = shape(healthy!);
      const b = shape(failing!);
      scenarios.add(info.find((t) => t.traceId === healthy)!.scenario);
      expect(a.root!.statusCode).toBe(0);
      expect(b.root!.statusCode).toBe(2);
      expect(b.root!.name).toBe(a.root!.name);
      expect(b.spans.length / a.spans.length).toBeGreaterThan(0.5);
      expect(b.spans.length / a.spans.length).toBeLessThan(1.5);
      // The same calls at the same times up to the divergence, which is neither the root nor the end.
      const timeline = (s: typeof a) =>
        s.spans
          .map((span) => `${span.startNs - s.root!.startNs} ${span.service} ${span.name}`)
          .sort((x, y) => Number.parseInt(x, 10) - Number.parseInt(y, 10) || x.localeCompare(y));
      const [ta, tb] = [timeline(a), timeline(b)];
      let same = 0;
      while (same < Math.min(ta.length, tb.length) && ta[same] === tb[same]) same++;
      expect(same).toBeGreaterThanOrEqual(5);
      expect(same).toBeLessThan(b.spans.length);
      expect(b.spans.some((span) => span.events.some((e) => e.name === 'retry'))).toBe(true);
    }
    expect(scenarios.size).toBeGreaterThanOrEqual(3);
  });

  it('links consumer traces to existing producer spans, and links point at existing spans', () => {
    const links = checked.spans.flatMap((span) => span.links.map((link) => ({ span, link })));
    expect(links.length).toBeGreaterThan(40);
    for (const { span, link } of links) {
      const target = spanById.get(link.spanId);
      expect(target?.traceId).toBe(link.traceId);
      expect(target!.traceId).not.toBe(span.traceId);
    }
    for (const consumer of checked.spans.filter((span) => span.kind === 5)) {
      expect(consumer.parentSpanId).toBe('');
      const producer = spanById.get(consumer.links[0].spanId)!;
      expect(producer.kind).toBe(4);
      expect(consumer.startNs > producer.endNs).toBe(true);
    }
  });
});

describe('generateDemoData: determinism', () => {
  const text = (reqs: Iterable<DemoRequest>) => Array.from(reqs, (req) => JSON.stringify(req));

  it('gives the same output for the same seed and nowMs, and another for another seed', () => {
    const first = requests.map((req) => JSON.stringify(req));
    expect(text(generateDemoData(OPTS))).toEqual(first);
    const other = text(generateDemoData({ ...OPTS, seed: 2 }));
    expect(other).not.toEqual(first);
    expect(checkOtlpRequests(other.map((t) => JSON.parse(t))).problems).toEqual([]);
  });

  it('moves with nowMs: same traces, every time shifted by the same amount', () => {
    const later = describeDemoData({ ...OPTS, nowMs: NOW_MS + 86_400_000 });
    expect(later.map((t) => t.traceId)).toEqual(info.map((t) => t.traceId));
    for (let k = 0; k < info.length; k++) {
      expect(BigInt(later[k].startUnixNano) - BigInt(info[k].startUnixNano)).toBe(86_400_000_000_000n);
    }
  });

  it('refuses options that would give garbage', () => {
    expect(() => generateDemoData({ seed: 1.5, nowMs: NOW_MS })).toThrow(/seed must be an integer/);
    expect(() => describeDemoData({ seed: 1, nowMs: Number.NaN })).toThrow(/nowMs must be a time in ms/);
    expect(() => generateDemoData({ seed: 1, nowMs: 1e9 * Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });

  it('is lazy: the first request comes without generating the rest', () => {
    const started = performance.now();
    const first = generateDemoData(OPTS)[Symbol.iterator]().next();
    expect(first.done).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
