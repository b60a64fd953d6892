/**
 * Puts a pair of large traces into a running store for the diff benchmarks: A, a generated trace
 * (src/core/demo generateLargeTrace), and B, a second run of it the way two runs of one request
 * differ: another trace id, every duration off by up to ±20%, and at seeded random ~1% of the leaves
 * dropped, ~0.5% of the spans renamed and ~0.5% failing. Two passes over the generator (it is
 * deterministic), so memory stays bounded by one request: the first finds the parents (leaves are
 * the spans that are nobody's parent).
 */
import { generateLargeTrace } from '../src/core/demo/index.ts';
import { post } from './browser-push.ts';

const BODY_SPANS = 20_000;

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  status?: { code?: number; message?: string };
}
type ResourceSpans = { scopeSpans: { spans: OtlpSpan[] }[] };
type Request = { resourceSpans: ResourceSpans[] };

/** A small seeded generator (mulberry32): the same B for the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function requests(spanCount: number, seed: number, nowMs: number): Iterable<Request> {
  return generateLargeTrace({ seed, nowMs, spanCount }) as Iterable<Request>;
}

/** The second run of one span, or null when it is dropped. */
function perturb(s: OtlpSpan, traceId: string, leaf: boolean, rand: () => number): OtlpSpan | null {
  if (leaf && rand() < 0.01) return null;
  const start = BigInt(s.startTimeUnixNano);
  const dur = Number(BigInt(s.endTimeUnixNano) - start);
  const out: OtlpSpan = {
    ...s,
    traceId,
    endTimeUnixNano: String(start + BigInt(Math.max(0, Math.round(dur * (0.8 + 0.4 * rand()))))),
  };
  if (rand() < 0.005) out.name = `${s.name} v2`;
  if (rand() < 0.005) out.status = { code: 2, message: 'failed in the second run' };
  return out;
}

/** Pushes A and its second run B; resolves with both trace ids once every span is acknowledged. */
export async function pushTracePair(
  baseUrl: string,
  spanCount: number,
  seed: number,
): Promise<{ a: string; b: string }> {
  const nowMs = Date.now();
  const parents = new Set<string>();
  let a = '';
  for (const req of requests(spanCount, seed, nowMs))
    for (const rs of req.resourceSpans)
      for (const ss of rs.scopeSpans)
        for (const s of ss.spans) {
          a ||= s.traceId;
          if (s.parentSpanId) parents.add(s.parentSpanId);
        }
  const b = `${a[0] === 'b' ? 'c' : 'b'}${a.slice(1)}`;
  const rand = random(seed * 7919);
  let batchA: ResourceSpans[] = [];
  let batchB: ResourceSpans[] = [];
  let spans = 0;
  const flush = async () => {
    if (spans === 0) return;
    await post(baseUrl, JSON.stringify({ resourceSpans: batchA }));
    await post(baseUrl, JSON.stringify({ resourceSpans: batchB }));
    batchA = [];
    batchB = [];
    spans = 0;
  };
  for (const req of requests(spanCount, seed, nowMs)) {
    for (const rs of req.resourceSpans) {
      batchA.push(rs);
      const scopeSpans = rs.scopeSpans.map((ss) => {
        spans += ss.spans.length;
        const kept: OtlpSpan[] = [];
        for (const s of ss.spans) {
          const p = perturb(s, b, !parents.has(s.spanId), rand);
          if (p) kept.push(p);
        }
        return { ...ss, spans: kept };
      });
      batchB.push({ ...rs, scopeSpans });
    }
    if (spans >= BODY_SPANS) await flush();
  }
  await flush();
  return { a, b };
}

/** Pushes `count` generated traces of one root operation (ImportCatalog); resolves with their ids. */
export async function pushSameOperation(
  baseUrl: string,
  spanCount: number,
  count: number,
  firstSeed: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    let batch: ResourceSpans[] = [];
    let spans = 0;
    for (const req of requests(spanCount, firstSeed + i, Date.now() - (count - i) * 1000)) {
      for (const rs of req.resourceSpans) {
        batch.push(rs);
        for (const ss of rs.scopeSpans) {
          spans += ss.spans.length;
          if (ids.length === i) ids.push(ss.spans[0]?.traceId ?? '');
        }
      }
    }
    if (spans > 0) await post(baseUrl, JSON.stringify({ resourceSpans: batch }));
    batch = [];
  }
  return ids;
}
