/**
 * Trace sources: the local store plus the external stores given with `--source NAME=KIND:URL`.
 */

export const SOURCE_KINDS = ['tempo', 'jaeger', 'zipkin'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export interface SourceConfig {
  readonly name: string;
  readonly kind: SourceKind;
  /** Base URL without a trailing slash. */
  readonly url: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Parses one `NAME=KIND:URL`; throws an Error whose message says what is wrong. */
export function parseSourceSpec(spec: string): SourceConfig {
  const eq = spec.indexOf('=');
  const colon = spec.indexOf(':', eq + 1);
  if (eq < 1 || colon < 0)
    throw new Error(`'${spec}' is not NAME=KIND:URL (e.g. prod=tempo:http://tempo:3200)`);
  const name = spec.slice(0, eq);
  const kind = spec.slice(eq + 1, colon);
  const rawUrl = spec.slice(colon + 1);
  if (!NAME.test(name) || name === 'local') {
    throw new Error(`name '${name}' must be letters, digits, '.', '_' or '-' (and not 'local')`);
  }
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`kind '${kind}' must be one of ${SOURCE_KINDS.join(', ')}`);
  }
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`source '${name}': '${rawUrl}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`source '${name}': URL must be http or https (got '${url.protocol}')`);
  }
  return { name, kind: kind as SourceKind, url: url.href.replace(/\/+$/, '') };
}

/** The `/api/sources` answer. Credentials in a source URL stay on the server. */
export function sourcesResponse(sources: readonly SourceConfig[]) {
  return {
    sources: [
      { name: 'local', kind: 'local' },
      ...sources.map((s) => ({ name: s.name, kind: s.kind, url: withoutCredentials(s.url) })),
    ],
  };
}

function withoutCredentials(href: string): string {
  const url = new URL(href);
  url.username = '';
  url.password = '';
  return url.href.replace(/\/+$/, '');
}
