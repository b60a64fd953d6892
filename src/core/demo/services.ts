/**
 * The demo shop: its services (with their language, instances and resource attributes) and the
 * instrumentation scope each language's libraries report.
 */
import { kv, type OtlpResource, type OtlpScope, str } from './otlp-json.ts';

export type Language = 'nodejs' | 'go' | 'java' | 'python' | 'dotnet';

/** What produced a span, which decides its instrumentation scope. */
export type Library =
  | 'http-server'
  | 'http-client'
  | 'grpc-server'
  | 'grpc-client'
  | 'pg'
  | 'redis'
  | 'kafka'
  | 'manual';

export type ServiceName =
  | 'frontend'
  | 'api-gateway'
  | 'auth'
  | 'cart'
  | 'checkout'
  | 'payment'
  | 'currency'
  | 'shipping'
  | 'email'
  | 'recommendation'
  | 'product-catalog'
  | 'ad'
  | 'inventory'
  | 'fraud-detection'
  | 'accounting';

interface ServiceDef {
  readonly version: string;
  readonly language: Language;
  /** gRPC service name (package-qualified) for services reached over gRPC. */
  readonly rpc: string;
  readonly port: number;
  readonly instances: number;
}

export const SERVICES: Readonly<Record<ServiceName, ServiceDef>> = {
  frontend: { version: '2.4.1', language: 'nodejs', rpc: '', port: 8080, instances: 3 },
  'api-gateway': { version: '1.19.0', language: 'go', rpc: '', port: 8080, instances: 2 },
  auth: { version: '1.6.2', language: 'go', rpc: 'shop.auth.v1.AuthService', port: 9090, instances: 2 },
  cart: { version: '3.1.0', language: 'dotnet', rpc: 'shop.cart.v1.CartService', port: 7070, instances: 2 },
  checkout: {
    version: '1.12.4',
    language: 'go',
    rpc: 'shop.checkout.v1.CheckoutService',
    port: 5050,
    instances: 2,
  },
  payment: {
    version: '0.9.7',
    language: 'nodejs',
    rpc: 'shop.payment.v1.PaymentService',
    port: 50051,
    instances: 2,
  },
  currency: {
    version: '1.3.0',
    language: 'java',
    rpc: 'shop.currency.v1.CurrencyService',
    port: 7001,
    instances: 1,
  },
  shipping: { version: '2.0.3', language: 'go', rpc: '', port: 50050, instances: 1 },
  email: { version: '1.1.8', language: 'python', rpc: '', port: 6060, instances: 1 },
  recommendation: {
    version: '0.14.2',
    language: 'python',
    rpc: 'shop.recommendation.v1.RecommendationService',
    port: 9001,
    instances: 2,
  },
  'product-catalog': {
    version: '1.8.5',
    language: 'go',
    rpc: 'shop.catalog.v1.ProductCatalogService',
    port: 3550,
    instances: 3,
  },
  ad: { version: '1.0.11', language: 'java', rpc: 'shop.ad.v1.AdService', port: 9555, instances: 1 },
  inventory: {
    version: '2.2.0',
    language: 'java',
    rpc: 'shop.inventory.v1.InventoryService',
    port: 8443,
    instances: 2,
  },
  'fraud-detection': {
    version: '0.7.3',
    language: 'java',
    rpc: 'shop.fraud.v1.FraudDetectionService',
    port: 9091,
    instances: 1,
  },
  accounting: { version: '1.4.0', language: 'dotnet', rpc: '', port: 0, instances: 1 },
};

export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

const SDK_VERSION: Readonly<Record<Language, string>> = {
  nodejs: '2.12.1',
  go: '1.38.0',
  java: '1.55.0',
  python: '1.37.0',
  dotnet: '1.13.1',
};

type ScopeTable = Readonly<Record<Exclude<Library, 'manual'>, readonly [string, string]>>;

const SCOPES: Readonly<Record<Language, ScopeTable>> = {
  nodejs: {
    'http-server': ['@opentelemetry/instrumentation-http', '0.223.1'],
    'http-client': ['@opentelemetry/instrumentation-http', '0.223.1'],
    'grpc-server': ['@opentelemetry/instrumentation-grpc', '0.223.1'],
    'grpc-client': ['@opentelemetry/instrumentation-grpc', '0.223.1'],
    pg: ['@opentelemetry/instrumentation-pg', '0.61.2'],
    redis: ['@opentelemetry/instrumentation-redis', '0.59.0'],
    kafka: ['@opentelemetry/instrumentation-kafkajs', '0.22.0'],
  },
  go: {
    'http-server': ['go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', '0.63.0'],
    'http-client': ['go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp', '0.63.0'],
    'grpc-server': ['go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', '0.63.0'],
    'grpc-client': ['go.opentelemetry.io/contrib/instrumentation/google.golang.org/grpc/otelgrpc', '0.63.0'],
    pg: ['github.com/exaring/otelpgx', '0.9.3'],
    redis: ['github.com/redis/go-redis/extra/redisotel', '9.14.0'],
    kafka: ['github.com/IBM/sarama/otelsarama', '0.4.0'],
  },
  java: {
    'http-server': ['io.opentelemetry.netty-4.1', '2.20.1-alpha'],
    'http-client': ['io.opentelemetry.java-http-client', '2.20.1-alpha'],
    'grpc-server': ['io.opentelemetry.grpc-1.6', '2.20.1-alpha'],
    'grpc-client': ['io.opentelemetry.grpc-1.6', '2.20.1-alpha'],
    pg: ['io.opentelemetry.jdbc', '2.20.1-alpha'],
    redis: ['io.opentelemetry.lettuce-5.1', '2.20.1-alpha'],
    kafka: ['io.opentelemetry.kafka-clients-2.6', '2.20.1-alpha'],
  },
  python: {
    'http-server': ['opentelemetry.instrumentation.flask', '0.58b0'],
    'http-client': ['opentelemetry.instrumentation.requests', '0.58b0'],
    'grpc-server': ['opentelemetry.instrumentation.grpc', '0.58b0'],
    'grpc-client': ['opentelemetry.instrumentation.grpc', '0.58b0'],
    pg: ['opentelemetry.instrumentation.psycopg', '0.58b0'],
    redis: ['opentelemetry.instrumentation.redis', '0.58b0'],
    kafka: ['opentelemetry.instrumentation.confluent_kafka', '0.58b0'],
  },
  dotnet: {
    'http-server': ['Microsoft.AspNetCore', '9.0.8'],
    'http-client': ['System.Net.Http', '9.0.8'],
    'grpc-server': ['Microsoft.AspNetCore', '9.0.8'],
    'grpc-client': ['OpenTelemetry.Instrumentation.GrpcNetClient', '1.12.0-beta.1'],
    pg: ['Npgsql', '9.0.3'],
    redis: ['OpenTelemetry.Instrumentation.StackExchangeRedis', '1.12.0-beta.2'],
    kafka: ['Confluent.Kafka.Extensions.OpenTelemetry', '0.4.0'],
  },
};

/** One running instance of a service: its OTLP resource, shared by all the spans it exports. */
export interface Instance {
  readonly service: ServiceName;
  /** Unique per instance; the packer groups spans by it. */
  readonly key: string;
  readonly resource: OtlpResource;
}

/** An instrumentation scope with a key the packer groups by. */
export interface Scope {
  readonly key: string;
  readonly scope: OtlpScope;
}

function podSuffix(service: ServiceName, n: number): string {
  // Kubernetes-looking pod names, fixed per (service, n) so resources are stable across seeds.
  let h = 2166136261;
  for (const c of `${service}#${n}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let out = '';
  for (let k = 0; k < 15; k++) {
    out += alphabet[(h >>> 0) % alphabet.length];
    h = Math.imul(h ^ (h >>> 13), 0x5bd1e995);
    if (k === 9) out += '-';
  }
  return out;
}

function makeInstance(service: ServiceName, n: number): Instance {
  const def = SERVICES[service];
  const host = `${service}-${podSuffix(service, n)}`;
  return {
    service,
    key: host,
    resource: {
      attributes: [
        kv('service.name', str(service)),
        kv('service.version', str(def.version)),
        kv('service.namespace', str('shop')),
        kv('service.instance.id', str(host)),
        kv('deployment.environment.name', str('production')),
        kv('host.name', str(host)),
        kv('telemetry.sdk.name', str('opentelemetry')),
        kv('telemetry.sdk.language', str(def.language)),
        kv('telemetry.sdk.version', str(SDK_VERSION[def.language])),
      ],
    },
  };
}

const INSTANCES = {} as Record<ServiceName, readonly Instance[]>;
for (const name of SERVICE_NAMES) {
  INSTANCES[name] = Array.from({ length: SERVICES[name].instances }, (_, n) => makeInstance(name, n));
}

export function instancesOf(service: ServiceName): readonly Instance[] {
  return INSTANCES[service];
}

const LIBRARIES: readonly Library[] = [
  'http-server',
  'http-client',
  'grpc-server',
  'grpc-client',
  'pg',
  'redis',
  'kafka',
  'manual',
];

function makeScope(service: ServiceName, library: Library): Scope {
  const def = SERVICES[service];
  const [name, version] =
    library === 'manual' ? [`shop.${service}`, def.version] : SCOPES[def.language][library];
  return { key: `${name}@${version}`, scope: { name, version } };
}

const SCOPE_TABLE = {} as Record<ServiceName, Record<Library, Scope>>;
for (const service of SERVICE_NAMES) {
  SCOPE_TABLE[service] = {} as Record<Library, Scope>;
  for (const library of LIBRARIES) SCOPE_TABLE[service][library] = makeScope(service, library);
}

/** The scope of spans that `library` creates in `service` (manual spans: the service's own tracer). */
export function scopeOf(service: ServiceName, library: Library): Scope {
  return SCOPE_TABLE[service][library];
}
