/**
 * The demo data set: an hour of an online shop's traces ending at `nowMs`. Shopper requests of
 * every kind, a few of them failing, pairs of the same request succeeding and failing (for the diff
 * view), the Kafka consumer traces of every order, and three big background jobs.
 */

import { StatusCode } from '../model/types.ts';
import type { SentMessage } from './calls-messaging.ts';
import { unixNanos } from './otlp-json.ts';
import type { PackItem } from './pack.ts';
import { IdSource, Rng } from './random.ts';
import { consumeOrder, newsletterCampaign, reconcileLedger, syncStock } from './shop-async.ts';
import { type PageKind, shopPage } from './shop-pages.ts';
import { type Fault, type SpanRecord, TraceBuilder, toOtlp } from './trace-builder.ts';

export interface DemoOptions {
  /** Any integer (used modulo 2^32). */
  readonly seed: number;
  /** The end of the demo hour (ms since the epoch); every timestamp lies in [nowMs − 1 h, nowMs]. */
  readonly nowMs: number;
}

export interface DemoTraceInfo {
  readonly traceId: string;
  /** What the trace shows: a page kind, `consume-orders`, or a job name. */
  readonly scenario: string;
  readonly rootService: string;
  readonly rootName: string;
  readonly spanCount: number;
  /** The root span has status ERROR. */
  readonly failed: boolean;
  /** Set on the two traces of a healthy/failing pair of the same request. */
  readonly pair: { readonly id: number; readonly role: 'healthy' | 'failing' } | null;
  readonly startUnixNano: string;
  readonly endUnixNano: string;
}

export interface DemoTrace {
  readonly info: DemoTraceInfo;
  readonly spans: readonly PackItem[];
}

const HOUR_MS = 3_600_000;
/** Room left after a request for its Kafka consumers, so they too end before `nowMs`. */
const RESERVE_MS = 5_000;
const PAGE_TRACES = 270;
const PAIRS = 9;
/** Failing requests besides the pairs' failing halves: with them, ~5% of all traces fail. */
const LONE_FAILURES = 9;

const PAGE_WEIGHTS: readonly (readonly [PageKind, number])[] = [
  ['home', 14],
  ['product', 26],
  ['cart-add', 12],
  ['cart-view', 10],
  ['checkout', 14],
  ['login', 10],
  ['search', 14],
];

const FAULT_OF: Readonly<Partial<Record<PageKind, Fault>>> = {
  product: 'catalog-db-down',
  'cart-add': 'cart-redis-timeout',
  'cart-view': 'cart-redis-timeout',
  checkout: 'payment-timeout',
  login: 'auth-db-exhausted',
};

const PAIR_KINDS: readonly PageKind[] = ['checkout', 'product', 'cart-add'];

function pickKind(rng: Rng): PageKind {
  let r = rng.next() * PAGE_WEIGHTS.reduce((sum, [, w]) => sum + w, 0);
  for (const [kind, w] of PAGE_WEIGHTS) {
    r -= w;
    if (r < 0) return kind;
  }
  return PAGE_WEIGHTS[0][0];
}

/** Indices of LONE_FAILURES requests, among those of a kind that can fail. */
function pickFailing(kinds: readonly PageKind[], rng: Rng): Set<number> {
  const eligible = kinds.flatMap((kind, n) => (FAULT_OF[kind] ? [n] : []));
  const out = new Set<number>();
  while (out.size < Math.min(LONE_FAILURES, eligible.length)) out.add(rng.pick(eligible));
  return out;
}

interface Placement {
  readonly baseMs: number;
  readonly offsetNs: number;
}

/** Absolute ms of a time relative to a placed trace. */
function atMs(p: Placement, relNs: number): number {
  return p.baseMs + (p.offsetNs + relNs) / 1e6;
}

function durationNs(spans: readonly SpanRecord[]): number {
  let end = 0;
  for (const span of spans) end = Math.max(end, span.endNs);
  return end;
}

function finish(
  b: TraceBuilder,
  root: SpanRecord,
  scenario: string,
  p: Placement,
  pair: DemoTraceInfo['pair'],
): DemoTrace {
  return {
    info: {
      traceId: b.traceId,
      scenario,
      rootService: root.instance.service,
      rootName: root.name,
      spanCount: b.spans.length,
      failed: root.statusCode === StatusCode.Error,
      pair,
      startUnixNano: unixNanos(p.baseMs, p.offsetNs),
      endUnixNano: unixNanos(p.baseMs, p.offsetNs + durationNs(b.spans)),
    },
    spans: b.spans.map((span) => ({
      instance: span.instance,
      scope: span.scope,
      span: toOtlp(span, b.traceId, p.baseMs, p.offsetNs),
    })),
  };
}

/** Throws a RangeError naming the bad option. */
export function checkDemoOptions({ seed, nowMs }: DemoOptions): void {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isFinite(nowMs) || nowMs < HOUR_MS)
    throw new RangeError(`nowMs must be a time in ms, got ${nowMs}`);
}

/** Every trace of the demo set, one at a time (consumer traces right after their producer). */
export function* demoTraces({ seed, nowMs }: DemoOptions): Generator<DemoTrace> {
  const rng = new Rng(seed);
  const ids = new IdSource(rng.fork());
  const plan = rng.fork();
  const windowStartMs = Math.floor(nowMs) - HOUR_MS;
  const sent: { message: SentMessage; atMs: number }[] = [];

  const place = (b: TraceBuilder, fraction: number): Placement => {
    const room = HOUR_MS - Math.ceil(durationNs(b.spans) / 1e6) - RESERVE_MS;
    return { baseMs: windowStartMs + Math.floor(fraction * room), offsetNs: plan.int(0, 999_999) };
  };

  function* request(b: TraceBuilder, kind: PageKind, fraction: number, pair: DemoTraceInfo['pair']) {
    const result = shopPage(b, kind);
    const p = place(b, fraction);
    yield finish(b, result.root, kind, p, pair);
    for (const message of result.messages) {
      const sentMs = atMs(p, message.sentNs);
      sent.push({ message, atMs: sentMs });
      for (const group of ['accounting', 'fraud-detection'] as const) {
        const cb = new TraceBuilder(plan.fork(), ids, null);
        const root = consumeOrder(cb, group, message);
        const startNs = Math.round((sentMs - Math.floor(sentMs)) * 1e6) + plan.int(2e6, 900e6);
        const cp = { baseMs: Math.floor(sentMs) + Math.floor(startNs / 1e6), offsetNs: startNs % 1e6 };
        yield finish(cb, root, 'consume-orders', cp, null);
      }
    }
  }

  const kinds = Array.from({ length: PAGE_TRACES }, () => pickKind(plan));
  const failing = pickFailing(kinds, plan);
  for (let n = 0; n < PAGE_TRACES; n++) {
    const fault = failing.has(n) ? FAULT_OF[kinds[n]]! : null;
    yield* request(new TraceBuilder(plan.fork(), ids, fault), kinds[n], plan.next(), null);
  }

  for (let id = 0; id < PAIRS; id++) {
    const kind = PAIR_KINDS[id % PAIR_KINDS.length];
    const shapeSeed = plan.uint32();
    const fraction = plan.between(0, 0.9);
    const healthy = new TraceBuilder(new Rng(shapeSeed), ids, null);
    yield* request(healthy, kind, fraction, { id, role: 'healthy' });
    const failing = new TraceBuilder(new Rng(shapeSeed), ids, FAULT_OF[kind] ?? null);
    yield* request(failing, kind, fraction + plan.between(0.005, 0.05), { id, role: 'failing' });
  }

  yield* jobs(plan, ids, windowStartMs, sent);
}

function* jobs(
  plan: Rng,
  ids: IdSource,
  windowStartMs: number,
  sent: readonly { message: SentMessage; atMs: number }[],
): Generator<DemoTrace> {
  const at = (fraction: number): Placement => ({
    baseMs: windowStartMs + Math.floor(fraction * HOUR_MS),
    offsetNs: plan.int(0, 999_999),
  });

  const stock = new TraceBuilder(plan.fork(), ids, null);
  yield finish(stock, syncStock(stock, plan.int(5, 9)), 'stock-sync', at(plan.between(0.1, 0.3)), null);

  const news = new TraceBuilder(plan.fork(), ids, null);
  yield finish(
    news,
    newsletterCampaign(news, plan.int(250, 420)),
    'newsletter',
    at(plan.between(0.3, 0.6)),
    null,
  );

  const ledger = new TraceBuilder(plan.fork(), ids, null);
  const placement = at(plan.between(0.8, 0.9));
  const earlier = sent.filter((m) => m.atMs < placement.baseMs).slice(-8);
  const root = reconcileLedger(
    ledger,
    plan.int(4_000, 5_000),
    earlier.map((m) => m.message),
  );
  yield finish(ledger, root, 'reconcile-ledger', placement, null);
}
