/**
 * A small hand-made data set for the store's TraceQL search tests: six traces of a shop, ten
 * seconds apart (trace k starts at BASE_S + 10·k), one OTLP JSON export each, with typed span and
 * resource attributes, errors, kinds, an array, a bool, an orphan and a resource value that a span
 * value of the same key hides.
 *
 *   k  trace   spans (service: name [kind, status] attributes)
 *   1  t1      frontend: GET /cart [server] http.status_code=200 http.method=GET
 *                └ cart: GetCart [server] cart.items=3  (50 ms)
 *                    └ cart: SELECT [client] db.system=postgresql (30 ms)
 *   2  t2      frontend: POST /checkout [server, error] http.status_code=500 http.method=POST (2 s)
 *                └ checkout: PlaceOrder [server, error] tags=["a","b"]
 *                    ├ payment: Charge [client, error] amount=12.5
 *                    └ payment: Charge [client, ok] amount=12.5 retry=true
 *   3  t3      accounting: job [internal]
 *                ├ accounting: step [internal] flag=true
 *                └ accounting: step [internal] flag=false
 *   4  t4      frontend: GET /cart [server] http.status_code=404 http.method=GET
 *                └ cart: GetCart [server, error] cart.items=0
 *   5  t5      email: Send [consumer]  (orphan: its parent is not stored)
 *   6  t6      frontend (resource env=prod): GET /health [server] env=staging (span value)
 *                └ frontend: check [internal]  (env: the resource's, prod)
 */

const MS = 1_000_000n;
export const BASE_S = 1_700_000_000;

export const traceIdOf = (k: number) => `${k.toString(16).padStart(2, '0')}${'5e'.repeat(15)}`;
export const spanIdOf = (k: number, i: number) =>
  `${k.toString(16).padStart(2, '0')}00000000000${i.toString(16).padStart(3, '0')}`;
export const startOf = (k: number) => (BigInt(BASE_S) + 10n * BigInt(k)) * 1_000_000_000n;

type Value =
  | { stringValue: string }
  | { intValue: string }
  | { doubleValue: number }
  | { boolValue: boolean }
  | { arrayValue: { values: Value[] } };

const s = (v: string): Value => ({ stringValue: v });
const i = (v: number): Value => ({ intValue: String(v) });

interface Draft {
  readonly service: string;
  readonly name: string;
  /** Span number of the parent (1-based), 0: root, -1: a parent that is not stored. */
  readonly parent: number;
  readonly kind: number;
  readonly status?: number;
  readonly startMs: number;
  readonly durMs: number;
  readonly attrs?: Record<string, Value>;
  readonly resource?: Record<string, Value>;
}

const TRACES: Record<number, Draft[]> = {
  1: [
    {
      service: 'frontend',
      name: 'GET /cart',
      parent: 0,
      kind: 2,
      startMs: 0,
      durMs: 120,
      attrs: { 'http.status_code': i(200), 'http.method': s('GET') },
    },
    {
      service: 'cart',
      name: 'GetCart',
      parent: 1,
      kind: 2,
      startMs: 10,
      durMs: 50,
      attrs: { 'cart.items': i(3) },
    },
    {
      service: 'cart',
      name: 'SELECT',
      parent: 2,
      kind: 3,
      startMs: 15,
      durMs: 30,
      attrs: { 'db.system': s('postgresql') },
    },
  ],
  2: [
    {
      service: 'frontend',
      name: 'POST /checkout',
      parent: 0,
      kind: 2,
      status: 2,
      startMs: 0,
      durMs: 2000,
      attrs: { 'http.status_code': i(500), 'http.method': s('POST') },
    },
    {
      service: 'checkout',
      name: 'PlaceOrder',
      parent: 1,
      kind: 2,
      status: 2,
      startMs: 5,
      durMs: 1900,
      attrs: { tags: { arrayValue: { values: [s('a'), s('b')] } } },
    },
    {
      service: 'payment',
      name: 'Charge',
      parent: 2,
      kind: 3,
      status: 2,
      startMs: 10,
      durMs: 900,
      attrs: { amount: { doubleValue: 12.5 } },
    },
    {
      service: 'payment',
      name: 'Charge',
      parent: 2,
      kind: 3,
      status: 1,
      startMs: 950,
      durMs: 800,
      attrs: { amount: { doubleValue: 12.5 }, retry: { boolValue: true } },
    },
  ],
  3: [
    { service: 'accounting', name: 'job', parent: 0, kind: 1, startMs: 0, durMs: 300 },
    {
      service: 'accounting',
      name: 'step',
      parent: 1,
      kind: 1,
      startMs: 10,
      durMs: 100,
      attrs: { flag: { boolValue: true } },
    },
    {
      service: 'accounting',
      name: 'step',
      parent: 1,
      kind: 1,
      startMs: 150,
      durMs: 100,
      attrs: { flag: { boolValue: false } },
    },
  ],
  4: [
    {
      service: 'frontend',
      name: 'GET /cart',
      parent: 0,
      kind: 2,
      startMs: 0,
      durMs: 80,
      attrs: { 'http.status_code': i(404), 'http.method': s('GET') },
    },
    {
      service: 'cart',
      name: 'GetCart',
      parent: 1,
      kind: 2,
      status: 2,
      startMs: 5,
      durMs: 40,
      attrs: { 'cart.items': i(0) },
    },
  ],
  5: [{ service: 'email', name: 'Send', parent: -1, kind: 5, startMs: 0, durMs: 20 }],
  6: [
    {
      service: 'frontend',
      name: 'GET /health',
      parent: 0,
      kind: 2,
      startMs: 0,
      durMs: 5,
      attrs: { env: s('staging') },
      resource: { env: s('prod') },
    },
    {
      service: 'frontend',
      name: 'check',
      parent: 1,
      kind: 1,
      startMs: 1,
      durMs: 2,
      resource: { env: s('prod') },
    },
  ],
};

export const TRACE_NUMBERS = Object.keys(TRACES).map(Number);

/** The OTLP JSON export of trace k (one ResourceSpans per span: resources are deduplicated by the store). */
export function searchFixtureRequest(k: number) {
  const start = startOf(k);
  return {
    resourceSpans: TRACES[k].map((d, n) => ({
      resource: {
        attributes: Object.entries({ 'service.name': s(d.service), ...(d.resource ?? {}) }).map(
          ([key, value]) => ({ key, value }),
        ),
      },
      scopeSpans: [
        {
          scope: { name: 'test' },
          spans: [
            {
              traceId: traceIdOf(k),
              spanId: spanIdOf(k, n + 1),
              ...(d.parent > 0
                ? { parentSpanId: spanIdOf(k, d.parent) }
                : d.parent < 0
                  ? { parentSpanId: 'dddddddddddddddd' }
                  : {}),
              name: d.name,
              kind: d.kind,
              startTimeUnixNano: String(start + BigInt(d.startMs) * MS),
              endTimeUnixNano: String(start + BigInt(d.startMs + d.durMs) * MS),
              attributes: Object.entries(d.attrs ?? {}).map(([key, value]) => ({ key, value })),
              status: d.status ? { code: d.status } : {},
            },
          ],
        },
      ],
    })),
  };
}
