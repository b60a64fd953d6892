/**
 * The Jaeger tags that are not attributes in the OTLP model: span.kind, error, otel.status_code,
 * otel.status_description, otel.scope.* / otel.library.*, w3c.tracestate (OpenTelemetry's Jaeger
 * mapping, read backwards). Only tag keys are looked at eagerly; values are converted later.
 */
import { SpanKind, StatusCode } from '../../model/types.ts';
import { jsonText, parseStatusCode } from '../otlp-common.ts';
import { isObject } from '../otlp-json/json-fields.ts';

const KINDS: Record<string, SpanKind> = {
  client: SpanKind.Client,
  server: SpanKind.Server,
  producer: SpanKind.Producer,
  consumer: SpanKind.Consumer,
  internal: SpanKind.Internal,
};

export const MAPPED_TAGS = new Set([
  'span.kind',
  'otel.status_code',
  'otel.status_description',
  'otel.scope.name',
  'otel.scope.version',
  'otel.library.name',
  'otel.library.version',
  'w3c.tracestate',
]);

export interface SpanFields {
  kind: number;
  status: number;
  statusMessage: string;
  scopeName: string;
  scopeVersion: string;
  traceState: string;
  /** The `error` tag set the status (and is therefore not an attribute). */
  errorTagUsed: boolean;
  /** Problems worth a warning (unknown kind or status). */
  warnings: string[];
}

const text = jsonText;

/** DESIGN §2: error = true, or the string "true" in any case. */
export function isErrorValue(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

export function readSpanFields(tags: unknown): SpanFields {
  const f: SpanFields = {
    kind: SpanKind.Unspecified,
    status: StatusCode.Unset,
    statusMessage: '',
    scopeName: '',
    scopeVersion: '',
    traceState: '',
    errorTagUsed: false,
    warnings: [],
  };
  if (!Array.isArray(tags)) return f;
  let otelStatus: unknown;
  let errorTag = false;
  for (const t of tags) {
    if (!isObject(t)) continue;
    switch (t.key) {
      case 'span.kind': {
        const kind = KINDS[text(t.value).toLowerCase()];
        if (kind === undefined)
          f.warnings.push(`unknown span.kind ${JSON.stringify(text(t.value))} read as unspecified`);
        else f.kind = kind;
        break;
      }
      case 'error':
        errorTag ||= isErrorValue(t.value);
        break;
      case 'otel.status_code':
        otelStatus = t.value;
        break;
      case 'otel.status_description':
        f.statusMessage = text(t.value);
        break;
      case 'otel.scope.name':
      case 'otel.library.name':
        f.scopeName = text(t.value);
        break;
      case 'otel.scope.version':
      case 'otel.library.version':
        f.scopeVersion = text(t.value);
        break;
      case 'w3c.tracestate':
        f.traceState = text(t.value);
    }
  }
  if (otelStatus !== undefined) {
    const code = parseStatusCode(otelStatus);
    if (code === null)
      f.warnings.push(`unknown otel.status_code ${JSON.stringify(text(otelStatus))} read as unset`);
    f.status = code ?? StatusCode.Unset;
  }
  if (errorTag) {
    f.status = StatusCode.Error;
    f.errorTagUsed = true;
  }
  return f;
}
