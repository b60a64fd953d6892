/**
 * One synthetic trace of exactly `spanCount` spans for benchmarks (10k, 100k, 1M): a catalog import
 * job fanning out over partitions, each partition a tree of gRPC hops between services with
 * database leaves, plus one very deep call chain. Spans are streamed depth-first (parents first)
 * and packed into requests of ≤ 512 spans, so memory stays bounded by the tree's depth.
 *
 * Exactness comes from budgets: every planned node knows how many spans its subtree holds and
 * splits the rest among its children. Times are planned top-down, so a child always lies inside
 * its parent's window.
 */

import { SpanKind, StatusCode } from '../model/types.ts';
import { checkDemoOptions, type DemoOptions } from './demo-set.ts';
import { exceptionAttributes } from './exceptions.ts';
import { EXCEPTIONS } from './faults.ts';
import {
  type DemoRequest,
  FLAGS_LOCAL_PARENT,
  FLAGS_REMOTE_PARENT,
  int,
  kv,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpSpan,
  str,
  unixNanos,
} from './otlp-json.ts';
import { type PackItem, pack } from './pack.ts';
import { IdSource, Rng } from './random.ts';
import { type Instance, instancesOf, type Library, SERVICES, type ServiceName, scopeOf } from './services.ts';
import { SQL, type Sql } from './sql.ts';

export interface LargeTraceOptions extends DemoOptions {
  readonly spanCount: number;
}

type Role = 'root' | 'partition' | 'client' | 'server' | 'leaf';

interface Plan {
  readonly role: Role;
  readonly budget: number;
  readonly startNs: number;
  readonly endNs: number;
  /** The service this span runs in (for a client: the caller; `callee` is the target). */
  readonly service: ServiceName;
  readonly callee: ServiceName;
  readonly method: string;
  /** Levels of the deep chain still to build below this node. */
  readonly deep: number;
}

interface Frame {
  readonly spanId: string;
  readonly instance: Instance;
  readonly children: Plan[];
  next: number;
}

const METHODS: Partial<Record<ServiceName, readonly string[]>> = {
  'product-catalog': ['GetProduct', 'ListProducts', 'SearchProducts'],
  inventory: ['CheckStock', 'ReserveStock'],
  recommendation: ['ListRecommendations'],
  currency: ['Convert', 'GetSupportedCurrencies'],
  cart: ['GetCart', 'AddItem'],
  checkout: ['PlaceOrder'],
  payment: ['Charge', 'GetTransaction'],
  'fraud-detection': ['Score'],
  ad: ['GetAds'],
  auth: ['ValidateToken'],
};
const CALLEES = Object.keys(METHODS) as ServiceName[];
const LEAF_QUERIES: readonly Sql[] = [
  SQL.stockBySku,
  SQL.paymentByOrder,
  SQL.userByEmail,
  SQL.reconcileLedger,
];
const NO_EVENTS: readonly OtlpEvent[] = [];
const OK = { code: 0 } as const;
/** Share of leaves that fail (handled by their caller). */
const LEAF_ERROR_RATE = 0.0005;

/** Exact split of `total` into `k` random positive parts. */
function split(total: number, k: number, rng: Rng): number[] {
  const weights = Array.from({ length: k }, () => 0.5 + rng.next());
  const sum = weights.reduce((a, w) => a + w, 0);
  const spare = total - k;
  const parts = weights.map((w) => 1 + Math.floor((spare * w) / sum));
  let left = total - parts.reduce((a, p) => a + p, 0);
  for (let j = 0; left > 0; j = (j + 1) % k, left--) parts[j]++;
  return parts;
}

/** Lays children out inside [s, e]: one after another, all at once, or in waves of 8. */
function arrange(budgets: readonly number[], s: number, e: number, rng: Rng): [number, number][] {
  const k = budgets.length;
  const r = rng.next();
  const group = r < 0.4 ? 1 : r < 0.7 ? k : 8;
  const total = budgets.reduce((a, x) => a + x, 0);
  const out: [number, number][] = [];
  let cursor = s;
  for (let g = 0; g < k; g += group) {
    const members = budgets.slice(g, g + group);
    const width = ((e - s) * members.reduce((a, x) => a + x, 0)) / total;
    const inner = width * 0.95;
    const stagger = Math.min(inner * 0.05, 20_000) / members.length;
    for (let j = 0; j < members.length; j++) {
      const start = cursor + stagger * j;
      // Leaves take a random part of their slot; subtrees nearly all of it, or windows would
      // shrink geometrically down a deep chain.
      const share = members[j] === 1 ? 0.4 + 0.6 * rng.next() : 0.97 + 0.03 * rng.next();
      const end = start + (inner - stagger * j) * share;
      out.push([Math.floor(start), Math.min(e, Math.max(Math.floor(start), Math.floor(end)))]);
    }
    cursor += width;
  }
  return out;
}

function childPlans(p: Plan, rng: Rng): Plan[] {
  if (p.budget <= 1) return [];
  const s = p.startNs;
  const e = p.endNs;
  if (p.role === 'client') {
    const gap = Math.min(Math.floor((e - s) * 0.02), rng.int(30_000, 300_000));
    return [
      { ...p, role: 'server', budget: p.budget - 1, startNs: s + gap, endNs: e - gap, service: p.callee },
    ];
  }
  const pad = Math.min(Math.floor((e - s) * 0.01), rng.int(5_000, 50_000));
  const rest = p.budget - 1;
  let budgets: number[];
  let roles: Role[];
  let deepChild = -1;
  if (p.role === 'root') {
    const deepBudget = rest >= 1_000 ? Math.floor(rest / 50) : 0;
    const partitions = Math.min(
      64,
      Math.max(1, Math.round(Math.sqrt(rest - deepBudget) / 8)),
      rest - deepBudget,
    );
    budgets = [...(deepBudget ? [deepBudget] : []), ...split(rest - deepBudget, partitions, rng)];
    roles = budgets.map((_, j) => (deepBudget && j === 0 ? 'client' : 'partition'));
    deepChild = deepBudget ? 0 : -1;
  } else if (p.deep > 0 && rest >= 3) {
    budgets = [1, rest - 1];
    roles = ['leaf', 'client'];
    deepChild = 1;
  } else {
    const k = Math.max(1, Math.min(rest, 48, Math.round(rest ** 0.4 * rng.between(0.7, 1.3))));
    const leaves = k >= 2 ? Math.min(k - 1, rng.int(1, 3)) : 0;
    budgets = [...Array(leaves).fill(1), ...split(rest - leaves, k - leaves, rng)];
    roles = budgets.map((x) => (x === 1 ? 'leaf' : 'client'));
  }
  const windows = arrange(budgets, s + pad, e - pad, rng);
  return budgets.map((budget, j) => {
    const role = roles[j];
    let callee = p.service;
    if (role === 'client')
      do callee = rng.pick(CALLEES);
      while (callee === p.service);
    const method = role === 'client' ? rng.pick(METHODS[callee]!) : '';
    const deep =
      j === deepChild ? (p.role === 'root' ? Math.min(60, Math.floor(budget / 4)) : p.deep - 1) : 0;
    const [startNs, endNs] = windows[j];
    return { role, budget, startNs, endNs, service: p.service, callee, method, deep };
  });
}

/** What spans of one kind share (read-only, shared by every such span). */
interface Template {
  readonly name: string;
  readonly kind: number;
  readonly library: Library;
  readonly attributes: readonly OtlpKeyValue[];
}

const JOB_ATTRS = [kv('app.job.name', str('catalog-import'))];
const ROOT: Template = {
  name: 'ImportCatalog',
  kind: SpanKind.Internal,
  library: 'manual',
  attributes: JOB_ATTRS,
};
const PARTITION: Template = { ...ROOT, name: 'import partition' };

function rpcTemplates(callee: ServiceName, method: string): { client: Template; server: Template } {
  const { rpc, port } = SERVICES[callee];
  const common = [kv('rpc.system', str('grpc')), kv('rpc.service', str(rpc)), kv('rpc.method', str(method))];
  const tail = [kv('server.port', int(port)), kv('rpc.grpc.status_code', int(0))];
  const name = `${rpc}/${method}`;
  return {
    client: {
      name,
      kind: SpanKind.Client,
      library: 'grpc-client',
      attributes: [...common, kv('server.address', str(callee)), ...tail],
    },
    server: { name, kind: SpanKind.Server, library: 'grpc-server', attributes: [...common, ...tail] },
  };
}

const RPC: Readonly<Partial<Record<ServiceName, Record<string, { client: Template; server: Template }>>>> =
  Object.fromEntries(
    CALLEES.map((callee) => [
      callee,
      Object.fromEntries(METHODS[callee]!.map((method) => [method, rpcTemplates(callee, method)])),
    ]),
  );

function leafTemplate(query: Sql | null): Template {
  return {
    name: query ? `${query.operation} ${query.table}` : 'GET',
    kind: SpanKind.Client,
    library: query ? 'pg' : 'redis',
    attributes: [
      kv('db.system.name', str(query ? 'postgresql' : 'redis')),
      kv('db.operation.name', str(query ? query.operation : 'GET')),
      kv('db.query.text', str(query ? query.text : 'GET product:?')),
      kv('server.address', str(query ? 'postgres' : 'redis')),
    ],
  };
}

const SQL_LEAVES = LEAF_QUERIES.map(leafTemplate);
const REDIS_LEAF = leafTemplate(null);

function templateOf(p: Plan, rng: Rng): Template {
  switch (p.role) {
    case 'root':
      return ROOT;
    case 'partition':
      return PARTITION;
    case 'client':
      return RPC[p.callee]![p.method].client;
    case 'server':
      return RPC[p.service]![p.method].server;
    case 'leaf':
      return rng.chance(0.3) ? REDIS_LEAF : rng.pick(SQL_LEAVES);
  }
}

function* largeTraceSpans({ seed, nowMs, spanCount }: LargeTraceOptions): Generator<PackItem> {
  const rng = new Rng(seed ^ 0x1a7e);
  const ids = new IdSource(rng.fork());
  const traceId = ids.traceId();
  const durationNs = Math.min(3_000e9, Math.max(50e6, spanCount * 300_000));
  const baseMs = Math.floor(nowMs) - Math.ceil(durationNs / 1e6) - rng.int(1_000, 60_000);
  const offsetNs = rng.int(0, 999_999);
  const at = (ns: number) => unixNanos(baseMs, offsetNs + ns);

  const emit = (p: Plan, parent: Frame | null): PackItem & { spanId: string } => {
    const spanId = ids.spanId();
    const remoteHop = p.role === 'server';
    const instance = !parent || remoteHop ? rng.pick(instancesOf(p.service)) : parent.instance;
    const template = templateOf(p, rng);
    let events = NO_EVENTS;
    let status: OtlpSpan['status'] = OK;
    if (p.role === 'leaf' && rng.chance(LEAF_ERROR_RATE)) {
      const ex = EXCEPTIONS.catalogDbRefused;
      status = { code: StatusCode.Error, message: ex.message };
      events = [{ timeUnixNano: at(p.endNs), name: 'exception', attributes: exceptionAttributes('go', ex) }];
    }
    const span: OtlpSpan = {
      traceId,
      spanId,
      ...(parent ? { parentSpanId: parent.spanId } : {}),
      flags: remoteHop ? FLAGS_REMOTE_PARENT : FLAGS_LOCAL_PARENT,
      name: template.name,
      kind: template.kind,
      startTimeUnixNano: at(p.startNs),
      endTimeUnixNano: at(p.endNs),
      attributes: template.attributes,
      events,
      links: [],
      status,
    };
    return { spanId, instance, scope: scopeOf(instance.service, template.library), span };
  };

  const root: Plan = {
    role: 'root',
    budget: spanCount,
    startNs: 0,
    endNs: durationNs,
    service: 'product-catalog',
    callee: 'product-catalog',
    method: '',
    deep: 0,
  };
  const first = emit(root, null);
  yield first;
  const stack: Frame[] = [
    { spanId: first.spanId, instance: first.instance, children: childPlans(root, rng), next: 0 },
  ];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next === top.children.length) {
      stack.pop();
      continue;
    }
    const plan = top.children[top.next++];
    const item = emit(plan, top);
    yield item;
    const children = childPlans(plan, rng);
    if (children.length > 0) stack.push({ spanId: item.spanId, instance: item.instance, children, next: 0 });
  }
}

/** One trace of exactly `spanCount` spans, streamed as requests of ≤ 512 spans. */
export function generateLargeTrace(opts: LargeTraceOptions): Iterable<DemoRequest> {
  checkDemoOptions(opts);
  if (!Number.isInteger(opts.spanCount) || opts.spanCount < 1) {
    throw new RangeError(`spanCount must be a positive integer, got ${opts.spanCount}`);
  }
  return { [Symbol.iterator]: () => pack(largeTraceSpans(opts)) };
}
