/**
 * The external trace sources of `spanscope serve` (and of the CLI's `--source`): what is configured
 * for each, from `--source NAME=KIND:URL` (defaults for the rest) or from a config file
 * (config-file.ts). Secrets are never values here: only the names of the environment variables
 * that hold them (resolved when the upstream is made, upstream-options.ts).
 */
import { LOCAL_SOURCE } from '../../core/api/paths.ts';

export const SOURCE_KINDS = ['tempo', 'jaeger', 'zipkin'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const DEFAULT_SOURCE_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_ANSWER_BYTES = 256 * 1024 ** 2;

/** How the server authenticates to the source: names of environment variables, never values. */
export type SourceAuth =
  | { readonly bearerTokenEnv: string }
  | { readonly usernameEnv: string; readonly passwordEnv: string };

/** An extra request header: a literal value (a tenant id), or one read from an environment variable. */
export type HeaderValue = { readonly value: string } | { readonly env: string };

export interface SourceConfig {
  readonly name: string;
  /** Where it was configured, naming settings in errors: `--source prod`, `spanscope.yaml: sources.prod`. */
  readonly origin: string;
  readonly kind: SourceKind;
  /** Base URL without a trailing slash (user:password in it are sent as basic auth, never shown). */
  readonly url: string;
  /** A request (connect to last byte) taking longer fails as a timeout. */
  readonly timeoutMs: number;
  /** An answer larger than this (once inflated) fails as too large. */
  readonly maxAnswerBytes: number;
  readonly auth?: SourceAuth;
  readonly headers: Readonly<Record<string, HeaderValue>>;
  /** PEM file of the CA(s) the source's certificate must chain to (besides the system's). */
  readonly caFile?: string;
  /** Accept any certificate (a test store with a self-signed one): the connection is not authenticated. */
  readonly insecureSkipVerify: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Throws an Error saying what is wrong with a source name. */
export function checkSourceName(name: string): void {
  if (!NAME.test(name) || name === LOCAL_SOURCE) {
    throw new Error(
      `name '${name}' must be 1 to 64 letters, digits, '.', '_' or '-' (and not '${LOCAL_SOURCE}')`,
    );
  }
}

export function checkSourceKind(kind: string): SourceKind {
  if (!(SOURCE_KINDS as readonly string[]).includes(kind)) {
    throw new Error(`kind '${kind}' must be one of ${SOURCE_KINDS.join(', ')}`);
  }
  return kind as SourceKind;
}

/** An http(s) URL without a trailing slash; throws an Error naming the source. */
export function checkSourceUrl(name: string, rawUrl: string): string {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`source '${name}': '${withoutCredentials(rawUrl)}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`source '${name}': URL must be http or https (got '${url.protocol}')`);
  }
  return url.href.replace(/\/+$/, '');
}

/** Parses one `NAME=KIND:URL` (the other settings at their defaults); throws an Error saying what is wrong. */
export function parseSourceSpec(spec: string): SourceConfig {
  const eq = spec.indexOf('=');
  const colon = spec.indexOf(':', eq + 1);
  if (eq < 1 || colon < 0)
    throw new Error(`'${withoutCredentials(spec)}' is not NAME=KIND:URL (e.g. prod=tempo:http://tempo:3200)`);
  const name = spec.slice(0, eq);
  checkSourceName(name);
  const kind = checkSourceKind(spec.slice(eq + 1, colon));
  return {
    name,
    origin: `--source ${name}`,
    kind,
    url: checkSourceUrl(name, spec.slice(colon + 1)),
    timeoutMs: DEFAULT_SOURCE_TIMEOUT_MS,
    maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
    headers: {},
    insecureSkipVerify: false,
  };
}

/** A URL (or any text holding one) with the user and password of `scheme://user:pass@` removed. */
export function withoutCredentials(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/gi, '$1');
}
