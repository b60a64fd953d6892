/** The SQL the shop's services run, with plausible latency ranges and row counts. */

export interface Sql {
  readonly operation: string;
  /** '' for statements without a table (COMMIT). */
  readonly table: string;
  readonly text: string;
  readonly minUs: number;
  readonly maxUs: number;
  /** Range of rows a SELECT returns. */
  readonly rows: readonly [number, number];
}

function q(operation: string, table: string, text: string, minUs: number, maxUs: number, rows = [1, 1]): Sql {
  return { operation, table, text, minUs, maxUs, rows: [rows[0], rows[1]] };
}

export const SQL = {
  productById: q(
    'SELECT',
    'products',
    'SELECT p.id, p.name, p.description, p.picture, p.price_currency_code, p.price_units, p.price_nanos, ' +
      'array_agg(c.name) AS categories FROM products p LEFT JOIN product_categories pc ON pc.product_id = p.id ' +
      'LEFT JOIN categories c ON c.id = pc.category_id WHERE p.id = $1 GROUP BY p.id',
    400,
    6_000,
  ),
  listProducts: q(
    'SELECT',
    'products',
    'SELECT id, name, picture, price_currency_code, price_units, price_nanos FROM products ' +
      'WHERE active = true ORDER BY popularity DESC LIMIT $1 OFFSET $2',
    900,
    12_000,
    [8, 24],
  ),
  searchShard: q(
    'SELECT',
    'products',
    "SELECT id, name, ts_rank(search_vector, query) AS rank FROM products, plainto_tsquery('english', $1) query " +
      'WHERE search_vector @@ query ORDER BY rank DESC LIMIT 20',
    1_500,
    35_000,
    [0, 20],
  ),
  stockBySku: q(
    'SELECT',
    'stock_levels',
    'SELECT sku, warehouse_id, quantity_available, reserved FROM stock_levels WHERE sku = ANY($1) FOR SHARE',
    500,
    7_000,
    [1, 4],
  ),
  reserveStock: q(
    'UPDATE',
    'stock_levels',
    'UPDATE stock_levels SET reserved = reserved + $2, updated_at = now() ' +
      'WHERE sku = $1 AND quantity_available - reserved >= $2',
    600,
    5_000,
  ),
  userByEmail: q(
    'SELECT',
    'users',
    'SELECT id, email, password_hash, status, failed_logins FROM users WHERE lower(email) = lower($1) LIMIT 1',
    400,
    4_000,
  ),
  insertSession: q(
    'INSERT',
    'sessions',
    'INSERT INTO sessions (id, user_id, created_at, expires_at, user_agent) ' +
      "VALUES ($1, $2, now(), now() + interval '30 days', $3)",
    700,
    6_000,
  ),
  insertOrder: q(
    'INSERT',
    'orders',
    'INSERT INTO orders (id, user_id, status, total_currency, total_units, total_nanos, shipping_tracking_id, ' +
      "created_at) VALUES ($1, $2, 'PLACED', $3, $4, $5, $6, now())",
    800,
    7_000,
  ),
  insertOrderItems: q(
    'INSERT',
    'order_items',
    'INSERT INTO order_items (order_id, product_id, quantity, unit_price_units, unit_price_nanos) ' +
      'SELECT $1, unnest($2::text[]), unnest($3::int[]), unnest($4::bigint[]), unnest($5::int[])',
    800,
    8_000,
  ),
  insertPayment: q(
    'INSERT',
    'payments',
    'INSERT INTO payments (id, order_id, amount_units, amount_nanos, currency, psp_reference, status) ' +
      "VALUES ($1, $2, $3, $4, $5, $6, 'CAPTURED')",
    700,
    6_000,
  ),
  fraudHistory: q(
    'SELECT',
    'payment_history',
    'SELECT count(*) FILTER (WHERE chargeback) AS chargebacks, count(*) AS orders, max(created_at) AS last_order ' +
      "FROM payment_history WHERE card_fingerprint = $1 AND created_at > now() - interval '180 days'",
    2_000,
    30_000,
  ),
  upsertRiskProfile: q(
    'INSERT',
    'risk_profiles',
    'INSERT INTO risk_profiles (user_id, orders_30d, amount_30d, updated_at) VALUES ($1, 1, $2, now()) ' +
      'ON CONFLICT (user_id) DO UPDATE SET orders_30d = risk_profiles.orders_30d + 1, ' +
      'amount_30d = risk_profiles.amount_30d + EXCLUDED.amount_30d, updated_at = now()',
    900,
    9_000,
  ),
  insertLedger: q(
    'INSERT',
    'ledger_entries',
    'INSERT INTO ledger_entries (order_id, account, debit_units, credit_units, currency, booked_at) ' +
      "VALUES ($1, 'receivables', $2, 0, $3, now()), ($1, 'revenue', 0, $2, $3, now())",
    700,
    6_000,
  ),
  commit: q('COMMIT', '', 'COMMIT', 300, 4_000),
  ordersPage: q(
    'SELECT',
    'orders',
    'SELECT o.id, o.total_units, o.total_nanos, o.total_currency, p.psp_reference FROM orders o ' +
      'JOIN payments p ON p.order_id = o.id WHERE o.created_at >= $1 AND o.created_at < $2 AND o.id > $3 ' +
      'ORDER BY o.id LIMIT 100',
    8_000,
    60_000,
    [100, 100],
  ),
  paymentByOrder: q(
    'SELECT',
    'payments',
    'SELECT id, psp_reference, amount_units, amount_nanos, status FROM payments WHERE order_id = $1',
    300,
    3_000,
  ),
  reconcileLedger: q(
    'UPDATE',
    'ledger_entries',
    'UPDATE ledger_entries SET reconciled_at = now() WHERE order_id = $1 AND reconciled_at IS NULL',
    400,
    4_000,
  ),
  subscribers: q(
    'SELECT',
    'users',
    'SELECT u.id, u.email, u.locale FROM users u JOIN newsletter_subscriptions n ON n.user_id = u.id ' +
      'WHERE n.list = $1 AND n.unsubscribed_at IS NULL ORDER BY u.id LIMIT $2',
    3_000,
    25_000,
    [200, 500],
  ),
  adsByCategory: q(
    'SELECT',
    'ads',
    'SELECT id, redirect_url, text FROM ads WHERE category = ANY(?) AND active = true ORDER BY weight DESC LIMIT 2',
    300,
    3_000,
    [0, 2],
  ),
  changedStock: q(
    'SELECT',
    'stock_levels',
    'SELECT sku, quantity_available FROM stock_levels WHERE warehouse_id = ? AND updated_at > ? ORDER BY sku LIMIT 50',
    1_000,
    9_000,
    [50, 50],
  ),
  updateStock: q(
    'UPDATE',
    'stock_levels',
    'UPDATE stock_levels SET quantity_available = ?, updated_at = now() WHERE sku = ? AND warehouse_id = ?',
    400,
    5_000,
  ),
} as const;
