/**
 * What a shopper does, as traces rooted in the frontend: the page's server span calls api-gateway
 * endpoints in parallel, and each endpoint calls the backend services.
 */

import { SpanKind } from '../model/types.ts';
import {
  type CallResult,
  type Handler,
  type HttpRequest,
  httpCall,
  httpServer,
  httpStatusOf,
  type Reply,
} from './calls-http.ts';
import type { SentMessage } from './calls-messaging.ts';
import { recordException } from './exceptions.ts';
import { EXCEPTIONS } from './faults.ts';
import { bool, kv, kvlist, str, strings } from './otlp-json.ts';
import { addItem, getCart, login, validateToken } from './shop-accounts.ts';
import {
  CURRENCIES,
  checkStock,
  convertCurrency,
  getAds,
  getProduct,
  listProducts,
  listRecommendations,
  PRODUCTS,
  searchProducts,
} from './shop-catalog.ts';
import { type Order, placeOrder } from './shop-checkout.ts';
import type { SpanRecord, TraceBuilder } from './trace-builder.ts';

export type PageKind = 'home' | 'product' | 'cart-add' | 'cart-view' | 'checkout' | 'login' | 'search';

export interface ScenarioResult {
  readonly root: SpanRecord;
  readonly messages: readonly SentMessage[];
}

interface Visit {
  readonly userId: string;
  readonly currency: string;
  readonly productId: string;
  readonly cart: readonly { readonly productId: string; readonly quantity: number }[];
}

function drawVisit(b: TraceBuilder): Visit {
  const cart = Array.from({ length: b.rng.int(1, 5) }, () => ({
    productId: b.rng.pick(PRODUCTS),
    quantity: b.rng.int(1, 3),
  }));
  return {
    userId: `u-${b.rng.int(10_000, 99_999)}`,
    currency: b.rng.pick(CURRENCIES),
    productId: b.rng.pick(PRODUCTS),
    cart,
  };
}

type ApiCall = (parent: SpanRecord, t: number) => CallResult;

function api(b: TraceBuilder, req: HttpRequest, handler: Handler): ApiCall {
  return (parent, t) => httpCall(b, parent, t, 'api-gateway', req, handler);
}

/** Stops an endpoint when a backend call failed: the gateway answers `status`. */
function failed(call: CallResult, reply: Reply, status: number): boolean {
  if (call.ok) return false;
  reply.status = status;
  reply.message = `upstream ${call.client.name} failed: ${call.client.statusMessage}`;
  return true;
}

function get(route: string, path: string, query?: string): HttpRequest {
  return { method: 'GET', route, path, query };
}

function post(route: string, path: string): HttpRequest {
  return { method: 'POST', route, path };
}

/** The frontend's SERVER span for a page: its API calls in parallel, then server-side rendering. */
function frontendPage(
  b: TraceBuilder,
  req: HttpRequest,
  calls: readonly ApiCall[],
  render: boolean,
): SpanRecord {
  const flags = kvlist([kv('checkout.v2', bool(b.rng.chance(0.5))), kv('reco.model', str('als-v7'))]);
  const request: HttpRequest = {
    ...req,
    attributes: [
      kv('user_agent.original', str(b.rng.pick(USER_AGENTS))),
      kv('http.request.header.accept-language', strings([b.rng.pick(['en-US,en;q=0.9', 'de-DE,de;q=0.8'])])),
      kv('app.feature_flags', flags),
    ],
  };
  return httpServer(b, null, 'frontend', 0, request, (span, t0, reply) => {
    let end = t0;
    let worst = 200;
    for (const call of calls) {
      const result = b.isolated(() => call(span, t0 + b.think()));
      end = Math.max(end, result.end);
      const status = result.server ? httpStatusOf(result.server) : 500;
      if (!result.ok) worst = Math.max(worst, status);
    }
    if (worst >= 500) {
      const ex = { ...EXCEPTIONS.frontendUpstream, message: `Request failed with status code ${worst}` };
      recordException(b, span, end, ex);
      reply.status = 500;
      reply.message = `${req.method} ${req.route} failed: upstream answered ${worst}`;
      return end;
    }
    reply.status = worst;
    if (!render) return end;
    const renderSpan = b.start(span, {
      library: 'manual',
      kind: SpanKind.Internal,
      name: 'render page',
      startNs: end,
    });
    return b.end(renderSpan, end + b.rng.skewed(1e6, 25e6));
  });
}

const USER_AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
];

function recommendations(b: TraceBuilder, v: Visit): ApiCall {
  return api(
    b,
    get('/api/recommendations', '/api/recommendations', `productIds=${v.productId}`),
    (span, t, reply) => {
      const r = listRecommendations(b, span, t, v.userId, [v.productId]);
      failed(r, reply, 502);
      return r.end;
    },
  );
}

function ads(b: TraceBuilder, categories: readonly string[]): ApiCall {
  return api(b, get('/api/ads', '/api/ads', `contextKeys=${categories.join(',')}`), (span, t) => {
    return getAds(b, span, t, categories).end;
  });
}

function home(b: TraceBuilder, v: Visit): SpanRecord {
  const products = api(b, get('/api/products', '/api/products', `currencyCode=${v.currency}`), (span, t) => {
    const list = listProducts(b, span, t, 1);
    let end = list.end;
    const n = b.rng.int(6, 12);
    for (let k = 0; k < n; k++) {
      end = Math.max(
        end,
        b.isolated(() => convertCurrency(b, span, list.end + k * 20e3, 'USD', v.currency)).end,
      );
    }
    return end;
  });
  return frontendPage(b, get('/', '/'), [products, ads(b, ['home']), recommendations(b, v)], true);
}

function product(b: TraceBuilder, v: Visit): SpanRecord {
  const path = `/api/products/${v.productId}`;
  const detail = api(
    b,
    get('/api/products/{productId}', path, `currencyCode=${v.currency}`),
    (span, t, reply) => {
      const p = getProduct(b, span, t, v.productId);
      if (failed(p, reply, 503)) return p.end;
      return b.isolated(() => convertCurrency(b, span, p.end + b.think(), 'USD', v.currency)).end;
    },
  );
  const page = get('/product/[productId]', `/product/${v.productId}`);
  return frontendPage(b, page, [detail, recommendations(b, v), ads(b, ['accessories', 'telescopes'])], true);
}

function authenticated(
  b: TraceBuilder,
  v: Visit,
  req: HttpRequest,
  body: (span: SpanRecord, t: number, reply: Reply) => number,
): ApiCall {
  return api(b, req, (span, t, reply) => {
    const auth = b.isolated(() => validateToken(b, span, t, v.userId));
    if (failed(auth, reply, 500)) return auth.end;
    return body(span, auth.end + b.think(), reply);
  });
}

function cartAdd(b: TraceBuilder, v: Visit): SpanRecord {
  const item = v.cart[0];
  const call = authenticated(b, v, post('/api/cart/items', '/api/cart/items'), (span, t, reply) => {
    const stock = b.isolated(() => checkStock(b, span, t, [item.productId], false));
    const add = b.isolated(() =>
      addItem(b, span, stock.end + b.think(), v.userId, item.productId, item.quantity),
    );
    failed(add, reply, 500);
    return add.end;
  });
  return frontendPage(b, post('/api/cart', '/api/cart'), [call], false);
}

function cartView(b: TraceBuilder, v: Visit): SpanRecord {
  const call = authenticated(b, v, get('/api/cart', '/api/cart'), (span, t, reply) => {
    const quantities = v.cart.map((item) => item.quantity);
    const cart = b.isolated(() => getCart(b, span, t, v.userId, quantities));
    if (failed(cart, reply, 500)) return cart.end;
    let end = cart.end;
    for (const item of v.cart) {
      const p = b.isolated(() => getProduct(b, span, cart.end + b.think(), item.productId));
      const c = b.isolated(() => convertCurrency(b, span, p.end + b.think(), 'USD', v.currency));
      end = Math.max(end, c.end);
    }
    return end;
  });
  return frontendPage(b, get('/cart', '/cart'), [call, recommendations(b, v)], true);
}

function checkout(b: TraceBuilder, v: Visit, messages: SentMessage[]): SpanRecord {
  const order: Order = {
    orderId: `ord-${b.rng.uint32().toString(36)}`,
    userId: v.userId,
    currency: v.currency,
    items: v.cart,
    amount:
      Math.round(v.cart.reduce((sum, item) => sum + item.quantity * b.rng.between(9, 180), 0) * 100) / 100,
  };
  const call = authenticated(b, v, post('/api/checkout', '/api/checkout'), (span, t, reply) => {
    const skus = v.cart.map((item) => item.productId);
    const stock = b.isolated(() => checkStock(b, span, t, skus, true));
    const placed = b.isolated(() => placeOrder(b, span, stock.end + b.think(), order));
    if (placed.message) messages.push(placed.message);
    failed(placed.call, reply, 500);
    return placed.call.end;
  });
  return frontendPage(b, post('/api/checkout', '/api/checkout'), [call], false);
}

function loginPage(b: TraceBuilder, v: Visit): SpanRecord {
  const passwordOk = b.rng.chance(0.88);
  const call = api(b, post('/api/auth/login', '/api/auth/login'), (span, t, reply) => {
    const result = login(b, span, t, v.userId, passwordOk);
    if (!failed(result, reply, 500) && !passwordOk) reply.status = 401;
    return result.end;
  });
  return frontendPage(b, post('/api/login', '/api/login'), [call], false);
}

function search(b: TraceBuilder): SpanRecord {
  const query = b.rng.pick(['telescope', 'red lens', 'star chart', 'tripod', 'solar filter', 'binoculars']);
  const call = api(b, get('/api/search', '/api/search', `q=${encodeURIComponent(query)}`), (span, t) => {
    return searchProducts(b, span, t, query, b.rng.int(6, 16)).end;
  });
  return frontendPage(b, get('/search', '/search', `q=${encodeURIComponent(query)}`), [call], true);
}

/** One shopper request of the given kind. */
export function shopPage(b: TraceBuilder, kind: PageKind): ScenarioResult {
  const v = drawVisit(b);
  const messages: SentMessage[] = [];
  const pages: Readonly<Record<PageKind, () => SpanRecord>> = {
    home: () => home(b, v),
    product: () => product(b, v),
    'cart-add': () => cartAdd(b, v),
    'cart-view': () => cartView(b, v),
    checkout: () => checkout(b, v, messages),
    login: () => loginPage(b, v),
    search: () => search(b),
  };
  return { root: pages[kind](), messages };
}
