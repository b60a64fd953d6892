/**
 * A small structural checker of OTLP/JSON ExportTraceServiceRequests, independent of the project's
 * decoders, for the generator's tests: it says what is wrong and where, and flattens the spans into
 * plain records (times as bigint) that the tests reason about.
 */

/** An AnyValue as read (only valid ones are kept). */
export interface CheckedValue {
  readonly stringValue?: string;
  readonly intValue?: string;
  readonly doubleValue?: number;
  readonly boolValue?: boolean;
  readonly bytesValue?: string;
  readonly arrayValue?: unknown;
  readonly kvlistValue?: unknown;
}

export interface CheckedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly service: string;
  readonly scope: string;
  readonly name: string;
  readonly kind: number;
  readonly startNs: bigint;
  readonly endNs: bigint;
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly attributes: ReadonlyMap<string, CheckedValue>;
  readonly events: readonly {
    readonly name: string;
    readonly timeNs: bigint;
    readonly attributes: ReadonlyMap<string, CheckedValue>;
  }[];
  readonly links: readonly { readonly traceId: string; readonly spanId: string }[];
}

export interface CheckResult {
  readonly spans: CheckedSpan[];
  readonly problems: string[];
  /** How often each AnyValue field was used (stringValue, intValue, …). */
  readonly valueTypes: Map<string, number>;
}

type Obj = Record<string, unknown>;

const TRACE_ID = /^(?!0{32})[0-9a-f]{32}$/;
const SPAN_ID = /^(?!0{16})[0-9a-f]{16}$/;
const UNIX_NANOS = /^[1-9][0-9]{0,19}$/;
const INT64 = /^-?(0|[1-9][0-9]{0,18})$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const SPAN_KEYS = new Set([
  'traceId',
  'spanId',
  'parentSpanId',
  'flags',
  'name',
  'kind',
  'startTimeUnixNano',
  'endTimeUnixNano',
  'attributes',
  'events',
  'links',
  'status',
]);
/** The fields of an AnyValue, exactly one of which a value holds. */
export const VALUE_KEYS = [
  'stringValue',
  'intValue',
  'doubleValue',
  'boolValue',
  'bytesValue',
  'arrayValue',
  'kvlistValue',
];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class Checker {
  readonly problems: string[] = [];
  readonly valueTypes = new Map<string, number>();

  problem(path: string, what: string): void {
    if (this.problems.length < 50) this.problems.push(`${path}: ${what}`);
  }

  array(v: unknown, path: string): unknown[] {
    if (Array.isArray(v)) return v;
    this.problem(path, 'expected an array');
    return [];
  }

  value(v: unknown, path: string): void {
    const keys = isObj(v) ? Object.keys(v) : [];
    if (!isObj(v) || keys.length !== 1 || !VALUE_KEYS.includes(keys[0])) {
      this.problem(path, `AnyValue must be an object with exactly one of ${VALUE_KEYS.join('/')}`);
      return;
    }
    const [key] = keys;
    const x = v[key];
    this.valueTypes.set(key, (this.valueTypes.get(key) ?? 0) + 1);
    const ok =
      (key === 'stringValue' && typeof x === 'string') ||
      (key === 'intValue' && typeof x === 'string' && INT64.test(x)) ||
      (key === 'doubleValue' && typeof x === 'number' && Number.isFinite(x)) ||
      (key === 'boolValue' && typeof x === 'boolean') ||
      (key === 'bytesValue' && typeof x === 'string' && BASE64.test(x)) ||
      ((key === 'arrayValue' || key === 'kvlistValue') && isObj(x) && Array.isArray(x.values));
    if (!ok) this.problem(`${path}.${key}`, `bad ${key}: ${JSON.stringify(x)}`);
    else if (key === 'arrayValue') {
      const values = this.array((x as Obj).values, path);
      for (let n = 0; n < values.length; n++) this.value(values[n], `${path}[${n}]`);
    } else if (key === 'kvlistValue') this.attributes((x as Obj).values, `${path}.values`);
  }

  attributes(v: unknown, path: string): Map<string, CheckedValue> {
    const out = new Map<string, CheckedValue>();
    const list = this.array(v, path);
    for (let n = 0; n < list.length; n++) {
      const kv = list[n];
      const p = `${path}[${n}]`;
      if (!isObj(kv) || typeof kv.key !== 'string' || kv.key === '') {
        this.problem(p, 'bad key');
        continue;
      }
      if (out.has(kv.key)) this.problem(p, `duplicate key ${kv.key}`);
      this.value(kv.value, `${p}.value`);
      if (isObj(kv.value)) out.set(kv.key, kv.value);
    }
    return out;
  }

  nanos(v: unknown, path: string): bigint {
    if (typeof v === 'string' && UNIX_NANOS.test(v)) return BigInt(v);
    this.problem(path, `expected unix nanoseconds as a decimal string, found ${JSON.stringify(v)}`);
    return 0n;
  }

  span(v: unknown, path: string, service: string, scope: string): CheckedSpan | null {
    if (!isObj(v)) {
      this.problem(path, 'span must be an object');
      return null;
    }
    for (const key of Object.keys(v)) if (!SPAN_KEYS.has(key)) this.problem(path, `unexpected field ${key}`);
    if (typeof v.traceId !== 'string' || !TRACE_ID.test(v.traceId)) this.problem(path, 'bad traceId');
    if (typeof v.spanId !== 'string' || !SPAN_ID.test(v.spanId)) this.problem(path, 'bad spanId');
    if (v.parentSpanId !== undefined && (typeof v.parentSpanId !== 'string' || !SPAN_ID.test(v.parentSpanId)))
      this.problem(path, 'bad parentSpanId');
    if (typeof v.name !== 'string' || v.name === '') this.problem(path, 'bad name');
    if (!Number.isInteger(v.kind) || (v.kind as number) < 1 || (v.kind as number) > 5)
      this.problem(path, 'bad kind');
    if (!Number.isInteger(v.flags)) this.problem(path, 'bad flags');
    const startNs = this.nanos(v.startTimeUnixNano, `${path}.startTimeUnixNano`);
    const endNs = this.nanos(v.endTimeUnixNano, `${path}.endTimeUnixNano`);
    if (endNs < startNs) this.problem(path, 'ends before it starts');
    const status = isObj(v.status) ? v.status : {};
    if (!isObj(v.status) || ![0, 1, 2].includes(status.code as number)) this.problem(path, 'bad status');
    if (status.message !== undefined && typeof status.message !== 'string')
      this.problem(path, 'bad status message');
    const events = this.array(v.events, `${path}.events`).map((e, n) => {
      const p = `${path}.events[${n}]`;
      const ev = isObj(e) ? e : {};
      if (typeof ev.name !== 'string' || ev.name === '') this.problem(p, 'bad event name');
      return {
        name: String(ev.name),
        timeNs: this.nanos(ev.timeUnixNano, `${p}.timeUnixNano`),
        attributes: this.attributes(ev.attributes, `${p}.attributes`),
      };
    });
    const links = this.array(v.links, `${path}.links`).map((l, n) => {
      const p = `${path}.links[${n}]`;
      const link = isObj(l) ? l : {};
      if (typeof link.traceId !== 'string' || !TRACE_ID.test(link.traceId))
        this.problem(p, 'bad link traceId');
      if (typeof link.spanId !== 'string' || !SPAN_ID.test(link.spanId)) this.problem(p, 'bad link spanId');
      this.attributes(link.attributes, `${p}.attributes`);
      return { traceId: String(link.traceId), spanId: String(link.spanId) };
    });
    return {
      traceId: String(v.traceId),
      spanId: String(v.spanId),
      parentSpanId: typeof v.parentSpanId === 'string' ? v.parentSpanId : '',
      service,
      scope,
      name: String(v.name),
      kind: Number(v.kind),
      startNs,
      endNs,
      statusCode: Number(status.code),
      statusMessage: typeof status.message === 'string' ? status.message : '',
      attributes: this.attributes(v.attributes, `${path}.attributes`),
      events,
      links,
    };
  }
}

/** Checks requests against the proto3 JSON mapping of ExportTraceServiceRequest. */
export function checkOtlpRequests(requests: Iterable<unknown>): CheckResult {
  const c = new Checker();
  const spans: CheckedSpan[] = [];
  let r = 0;
  for (const req of requests) {
    const path = `request[${r++}]`;
    if (!isObj(req)) {
      c.problem(path, 'request must be an object');
      continue;
    }
    c.array(req.resourceSpans, `${path}.resourceSpans`).forEach((rs, n) => {
      const rsPath = `${path}.resourceSpans[${n}]`;
      const resource = isObj(rs) && isObj(rs.resource) ? rs.resource : {};
      const service = c.attributes(resource.attributes, `${rsPath}.resource.attributes`).get('service.name');
      if (typeof service?.stringValue !== 'string') c.problem(rsPath, 'resource has no service.name');
      c.array(isObj(rs) ? rs.scopeSpans : undefined, `${rsPath}.scopeSpans`).forEach((ss, m) => {
        const ssPath = `${rsPath}.scopeSpans[${m}]`;
        const scope = isObj(ss) && isObj(ss.scope) ? ss.scope : {};
        if (typeof scope.name !== 'string' || scope.name === '') c.problem(ssPath, 'scope has no name');
        if (typeof scope.version !== 'string') c.problem(ssPath, 'scope has no version');
        c.array(isObj(ss) ? ss.spans : undefined, `${ssPath}.spans`).forEach((span, k) => {
          const checked = c.span(
            span,
            `${ssPath}.spans[${k}]`,
            String(service?.stringValue),
            String(scope.name),
          );
          if (checked) spans.push(checked);
        });
      });
    });
  }
  return { spans, problems: c.problems, valueTypes: c.valueTypes };
}

export interface TraceShape {
  readonly traceId: string;
  readonly spans: readonly CheckedSpan[];
  readonly root: CheckedSpan | null;
  readonly rootCount: number;
  /** Spans whose parent id is not in the trace. */
  readonly orphans: number;
  /** Spans that start before or end after their parent. */
  readonly outsideParent: number;
  /** Root is depth 0. */
  readonly maxDepth: number;
  readonly maxFanOut: number;
  readonly services: ReadonlySet<string>;
}

/** Groups checked spans into traces and measures their tree (ids are assumed unique). */
export function traceShapes(spans: readonly CheckedSpan[]): Map<string, TraceShape> {
  const byTrace = new Map<string, CheckedSpan[]>();
  for (const span of spans) {
    let list = byTrace.get(span.traceId);
    if (!list) byTrace.set(span.traceId, (list = []));
    list.push(span);
  }
  const out = new Map<string, TraceShape>();
  for (const [traceId, list] of byTrace) {
    const byId = new Map(list.map((span) => [span.spanId, span]));
    const children = new Map<string, number>();
    const depth = new Map<string, number>();
    const depthOf = (span: CheckedSpan): number => {
      // Iterative: the deep chain of a large trace would overflow a recursive walk.
      const path: CheckedSpan[] = [];
      let cur: CheckedSpan | undefined = span;
      while (cur && !depth.has(cur.spanId) && path.length <= list.length) {
        path.push(cur);
        cur = cur.parentSpanId ? byId.get(cur.parentSpanId) : undefined;
      }
      let d = cur && depth.has(cur.spanId) ? depth.get(cur.spanId)! : -1;
      for (let k = path.length - 1; k >= 0; k--) depth.set(path[k].spanId, ++d);
      return depth.get(span.spanId)!;
    };
    let orphans = 0;
    let outsideParent = 0;
    let maxDepth = 0;
    const roots = list.filter((span) => span.parentSpanId === '');
    for (const span of list) {
      if (span.parentSpanId === '') continue;
      const parent = byId.get(span.parentSpanId);
      if (!parent) {
        orphans++;
        continue;
      }
      children.set(parent.spanId, (children.get(parent.spanId) ?? 0) + 1);
      if (span.startNs < parent.startNs || span.endNs > parent.endNs) outsideParent++;
    }
    for (const span of list) maxDepth = Math.max(maxDepth, depthOf(span));
    let maxFanOut = 0;
    for (const n of children.values()) maxFanOut = Math.max(maxFanOut, n);
    out.set(traceId, {
      traceId,
      spans: list,
      root: roots[0] ?? null,
      rootCount: roots.length,
      orphans,
      outsideParent,
      maxDepth,
      maxFanOut,
      services: new Set(list.map((span) => span.service)),
    });
  }
  return out;
}
