/**
 * OpenTelemetry semantic conventions the detail panel renders as a readable summary: HTTP,
 * database, RPC and messaging spans (current names first, then the older ones still in the wild).
 * Attributes are still all listed below the summary; this only picks and labels.
 */
import { type Attribute, type AttrValue, attrValueToString, findAttr } from '../../core/model/types.ts';

export type SemanticKind = 'http' | 'db' | 'rpc' | 'messaging';

export interface SemanticField {
  readonly label: string;
  readonly key: string;
  readonly value: AttrValue;
  /** 'sql' values are formatted as SQL; 'code' shown monospace (as a block when long). */
  readonly format?: 'sql' | 'code';
}

export interface SemanticGroup {
  readonly kind: SemanticKind;
  readonly title: string;
  /** One line, e.g. "GET /users/{id} → 500". */
  readonly headline: string;
  readonly fields: readonly SemanticField[];
}

interface FieldSpec {
  readonly label: string;
  /** Alternative keys, newest convention first. */
  readonly keys: readonly string[];
  readonly format?: 'sql' | 'code';
}

function pick(attrs: readonly Attribute[], specs: readonly FieldSpec[]): SemanticField[] {
  const out: SemanticField[] = [];
  for (const spec of specs) {
    for (const key of spec.keys) {
      const value = findAttr(attrs, key);
      if (value && value.type !== 'empty') {
        out.push({ label: spec.label, key, value, format: spec.format });
        break;
      }
    }
  }
  return out;
}

function text(fields: readonly SemanticField[], label: string): string {
  const f = fields.find((x) => x.label === label);
  return f ? attrValueToString(f.value) : '';
}

/** The path and query of a full URL (what a headline needs), or the text as it is. */
function pathOf(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname + u.search;
  } catch {
    return url;
  }
}

const HTTP: readonly FieldSpec[] = [
  { label: 'Method', keys: ['http.request.method', 'http.method'] },
  { label: 'Route', keys: ['http.route'] },
  { label: 'URL', keys: ['url.full', 'http.url'], format: 'code' },
  { label: 'Target', keys: ['url.path', 'http.target'], format: 'code' },
  { label: 'Status code', keys: ['http.response.status_code', 'http.status_code'] },
  { label: 'Server', keys: ['server.address', 'net.peer.name', 'net.host.name', 'http.host'] },
  { label: 'Client', keys: ['client.address', 'http.client_ip', 'net.sock.peer.addr'] },
  { label: 'User agent', keys: ['user_agent.original', 'http.user_agent'] },
];

const DB: readonly FieldSpec[] = [
  { label: 'System', keys: ['db.system.name', 'db.system'] },
  { label: 'Database', keys: ['db.namespace', 'db.name'] },
  { label: 'Operation', keys: ['db.operation.name', 'db.operation'] },
  { label: 'Collection', keys: ['db.collection.name', 'db.sql.table', 'db.mongodb.collection'] },
  { label: 'Query', keys: ['db.query.text', 'db.statement'], format: 'sql' },
  { label: 'Server', keys: ['server.address', 'net.peer.name'] },
];

const RPC: readonly FieldSpec[] = [
  { label: 'System', keys: ['rpc.system.name', 'rpc.system'] },
  { label: 'Service', keys: ['rpc.service'] },
  { label: 'Method', keys: ['rpc.method'] },
  { label: 'gRPC status', keys: ['rpc.grpc.status_code', 'rpc.response.status_code'] },
  { label: 'Server', keys: ['server.address', 'net.peer.name'] },
];

const MESSAGING: readonly FieldSpec[] = [
  { label: 'System', keys: ['messaging.system'] },
  { label: 'Destination', keys: ['messaging.destination.name', 'messaging.destination'] },
  {
    label: 'Operation',
    keys: ['messaging.operation.type', 'messaging.operation.name', 'messaging.operation'],
  },
  { label: 'Message id', keys: ['messaging.message.id', 'messaging.message_id'] },
  { label: 'Batch size', keys: ['messaging.batch.message_count'] },
  { label: 'Consumer group', keys: ['messaging.consumer.group.name', 'messaging.kafka.consumer.group'] },
];

/** Keys without which a group is not shown (a lone server.address makes no HTTP span). */
const ANCHORS: Record<SemanticKind, readonly string[]> = {
  http: ['Method', 'Status code', 'Route', 'URL'],
  db: ['System', 'Query'],
  rpc: ['System', 'Service', 'Method'],
  messaging: ['System', 'Destination'],
};

/** SQL systems whose query text is formatted; other databases' queries stay as they are. */
const NON_SQL = new Set([
  'mongodb',
  'redis',
  'memcached',
  'cassandra',
  'elasticsearch',
  'couchdb',
  'dynamodb',
]);

function group(
  kind: SemanticKind,
  title: string,
  fields: SemanticField[],
  headline: string,
): SemanticGroup | null {
  if (!fields.some((f) => ANCHORS[kind].includes(f.label))) return null;
  return { kind, title, fields, headline: headline.trim() };
}

export function semanticGroups(attrs: readonly Attribute[]): SemanticGroup[] {
  const out: (SemanticGroup | null)[] = [];

  const http = pick(attrs, HTTP);
  const status = text(http, 'Status code');
  out.push(
    group(
      'http',
      'HTTP',
      http,
      `${text(http, 'Method')} ${text(http, 'Route') || text(http, 'Target') || pathOf(text(http, 'URL'))}${
        status ? ` → ${status}` : ''
      }`,
    ),
  );

  const db = pick(attrs, DB);
  const system = text(db, 'System');
  const dbFields = NON_SQL.has(system.toLowerCase())
    ? db.map((f) => (f.format === 'sql' ? { ...f, format: 'code' as const } : f))
    : db;
  out.push(
    group(
      'db',
      'Database',
      dbFields,
      [system, text(db, 'Operation'), text(db, 'Collection') || text(db, 'Database')]
        .filter(Boolean)
        .join(' · '),
    ),
  );

  const rpc = pick(attrs, RPC);
  out.push(
    group(
      'rpc',
      'RPC',
      rpc,
      `${text(rpc, 'System')} ${[text(rpc, 'Service'), text(rpc, 'Method')].filter(Boolean).join('/')}`,
    ),
  );

  const msg = pick(attrs, MESSAGING);
  out.push(
    group(
      'messaging',
      'Messaging',
      msg,
      [text(msg, 'System'), text(msg, 'Operation'), text(msg, 'Destination')].filter(Boolean).join(' · '),
    ),
  );
  return out.filter((g): g is SemanticGroup => g !== null);
}

/** HTTP status classes for colouring: 5xx error, 4xx warning. */
export function httpStatusClass(value: AttrValue): 'error' | 'warning' | 'ok' | null {
  const n = Number(attrValueToString(value));
  if (!Number.isInteger(n) || n < 100 || n > 599) return null;
  return n >= 500 ? 'error' : n >= 400 ? 'warning' : 'ok';
}
