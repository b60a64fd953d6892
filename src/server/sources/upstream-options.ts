/**
 * A source's configuration → what its HTTP client sends: the request headers with the credentials
 * read from the environment variables the configuration names, the CA file read, and the list of
 * secret values that must never appear in an answer, a message or a log line (`redact`).
 */
import { readFileSync } from 'node:fs';
import type { SourceConfig } from './source-config.ts';

/** A configuration that cannot be used: `key` names the setting (`sources[0].auth.bearerTokenEnv`). */
export class SourceConfigError extends Error {
  override name = 'SourceConfigError';
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message}`);
  }
}

export interface UpstreamOptions {
  readonly name: string;
  /** The base URL without credentials. */
  readonly baseUrl: string;
  /** Sent with every request: authorization and the configured extra headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** Values that are never shown (tokens, passwords, header values read from the environment). */
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly maxAnswerBytes: number;
  readonly ca?: Buffer;
  readonly insecureSkipVerify: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Resolves a source's credentials. Throws SourceConfigError naming the setting (after the source's
 * origin) for an unset variable or an unreadable CA file.
 */
export function upstreamOptions(config: SourceConfig, env: Env): UpstreamOptions {
  const keyOf = (setting: string) => `${config.origin}.${setting}`;
  const secrets: string[] = [];
  /** A secret unless said otherwise (a user name is not, and a short one would blank out every message). */
  const fromEnv = (variable: string, setting: string, secret = true): string => {
    const value = env[variable];
    if (value === undefined || value === '')
      throw new SourceConfigError(keyOf(setting), `environment variable ${variable} is not set`);
    if (secret) secrets.push(value);
    return value;
  };
  const headers: Record<string, string> = {};
  for (const [header, v] of Object.entries(config.headers))
    headers[header] = 'env' in v ? fromEnv(v.env, `headers.${header}`) : v.value;

  const url = new URL(config.url);
  let basic: [string, string] | null = null;
  if (url.username || url.password) {
    basic = [decodeURIComponent(url.username), decodeURIComponent(url.password)];
    secrets.push(basic[1], url.password);
    url.username = '';
    url.password = '';
  }
  const auth = config.auth;
  if (auth && 'bearerTokenEnv' in auth)
    headers.Authorization = `Bearer ${fromEnv(auth.bearerTokenEnv, 'auth.bearerTokenEnv')}`;
  else if (auth)
    basic = [
      fromEnv(auth.usernameEnv, 'auth.usernameEnv', false),
      fromEnv(auth.passwordEnv, 'auth.passwordEnv'),
    ];
  if (basic) {
    const encoded = Buffer.from(`${basic[0]}:${basic[1]}`).toString('base64');
    headers.Authorization = `Basic ${encoded}`;
    secrets.push(encoded);
  }

  let ca: Buffer | undefined;
  if (config.caFile !== undefined) {
    try {
      ca = readFileSync(config.caFile);
    } catch (err) {
      throw new SourceConfigError(
        keyOf('tls.caFile'),
        `cannot read ${config.caFile} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
      );
    }
  }
  return {
    name: config.name,
    baseUrl: url.href.replace(/\/+$/, ''),
    headers,
    secrets: [...new Set(secrets.filter((s) => s.length > 0))],
    timeoutMs: config.timeoutMs,
    maxAnswerBytes: config.maxAnswerBytes,
    ...(ca ? { ca } : {}),
    insecureSkipVerify: config.insecureSkipVerify,
  };
}

/** `text` with every secret replaced by `***` (longest first, so none is left half-shown). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('***');
  return out;
}
