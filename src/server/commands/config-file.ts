/**
 * `--config spanscope.yaml`: the external sources with everything `--source NAME=KIND:URL` cannot
 * say: credentials (the names of the environment variables holding them), extra headers, timeout,
 * answer size limit, TLS. Any problem is a UsageError (exit 2) naming the file and the key:
 *
 *   sources:
 *     prod:
 *       kind: tempo                      # tempo | jaeger | zipkin
 *       url: https://tempo.example:3200
 *       timeout: 10s                     # optional (default 10s)
 *       maxAnswerSize: 256MiB            # optional (default 256MiB)
 *       auth:                            # optional: bearerTokenEnv, or usernameEnv + passwordEnv
 *         bearerTokenEnv: TEMPO_TOKEN
 *       headers:                         # optional: a literal value, or { env: VARIABLE }
 *         X-Scope-OrgID: tenant-a
 *       tls:                             # optional
 *         caFile: /etc/ssl/tempo-ca.pem
 *         insecureSkipVerify: false
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  checkSourceKind,
  checkSourceName,
  checkSourceUrl,
  DEFAULT_MAX_ANSWER_BYTES,
  DEFAULT_SOURCE_TIMEOUT_MS,
  type HeaderValue,
  type SourceAuth,
  type SourceConfig,
} from '../sources/source-config.ts';
import { parseByteSize, parseTimeout, UsageError } from './args.ts';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** Reads and checks a config file; the sources in the order written. */
export function readConfigFile(path: string): SourceConfig[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--config: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? err})`);
  }
  return parseConfig(text, path);
}

/** The sources of a config file's text; `file` names it in errors. */
export function parseConfig(text: string, file: string): SourceConfig[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new UsageError(`${file}: not YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const bad = (key: string, message: string) => new UsageError(`${file}: ${key}: ${message}`);
  if (!isObj(doc)) throw bad('(top level)', 'expected a mapping with a `sources` key');
  onlyKeys(doc, ['sources'], '', bad);
  const sources = doc.sources;
  if (!isObj(sources)) throw bad('sources', 'expected a mapping of source names to their settings');
  return Object.entries(sources).map(([name, raw]) => {
    const at = `sources.${name}`;
    try {
      checkSourceName(name);
    } catch (err) {
      throw bad(at, (err as Error).message);
    }
    if (!isObj(raw)) throw bad(at, 'expected a mapping (kind, url, …)');
    onlyKeys(raw, ['kind', 'url', 'timeout', 'maxAnswerSize', 'auth', 'headers', 'tls'], at, bad);
    const str = (key: string, v: unknown) => {
      if (typeof v !== 'string' || !v) throw bad(key, 'expected a non-empty string');
      return v;
    };
    const wrap = <T>(key: string, f: () => T): T => {
      try {
        return f();
      } catch (err) {
        if ((err as Error).message.startsWith(`${file}: `)) throw err;
        throw bad(key, (err as Error).message.replace(/^source '[^']*': /, ''));
      }
    };
    const kind = wrap(`${at}.kind`, () => checkSourceKind(str(`${at}.kind`, raw.kind)));
    const url = wrap(`${at}.url`, () => checkSourceUrl(name, str(`${at}.url`, raw.url)));
    const timeoutMs =
      raw.timeout === undefined
        ? DEFAULT_SOURCE_TIMEOUT_MS
        : wrap(`${at}.timeout`, () => parseTimeout(String(raw.timeout), 'the value'));
    const maxAnswerBytes =
      raw.maxAnswerSize === undefined
        ? DEFAULT_MAX_ANSWER_BYTES
        : wrap(`${at}.maxAnswerSize`, () => parseByteSize(String(raw.maxAnswerSize), 'the value'));
    const envName = (key: string, v: unknown) => {
      const s = str(key, v);
      if (!ENV_NAME.test(s)) throw bad(key, `'${s}' is not an environment variable name`);
      return s;
    };

    let auth: SourceAuth | undefined;
    if (raw.auth !== undefined) {
      const a = raw.auth;
      if (!isObj(a)) throw bad(`${at}.auth`, 'expected bearerTokenEnv, or usernameEnv and passwordEnv');
      onlyKeys(a, ['bearerTokenEnv', 'usernameEnv', 'passwordEnv'], `${at}.auth`, bad);
      if (a.bearerTokenEnv !== undefined) {
        if (a.usernameEnv !== undefined || a.passwordEnv !== undefined)
          throw bad(`${at}.auth`, 'bearerTokenEnv and usernameEnv/passwordEnv exclude each other');
        auth = { bearerTokenEnv: envName(`${at}.auth.bearerTokenEnv`, a.bearerTokenEnv) };
      } else
        auth = {
          usernameEnv: envName(`${at}.auth.usernameEnv`, a.usernameEnv),
          passwordEnv: envName(`${at}.auth.passwordEnv`, a.passwordEnv),
        };
    }

    const headers: Record<string, HeaderValue> = {};
    if (raw.headers !== undefined) {
      if (!isObj(raw.headers)) throw bad(`${at}.headers`, 'expected a mapping of header names to values');
      for (const [header, v] of Object.entries(raw.headers)) {
        const key = `${at}.headers.${header}`;
        if (!HEADER_NAME.test(header)) throw bad(key, 'not a valid header name');
        if (/^(host|content-length|transfer-encoding|connection)$/i.test(header))
          throw bad(key, 'this header is set by the client itself');
        if (isObj(v)) {
          onlyKeys(v, ['env'], key, bad);
          headers[header] = { env: envName(`${key}.env`, v.env) };
        } else if (typeof v === 'string' || typeof v === 'number') {
          // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
          if (/[\u0000-\u001f\u007f]/.test(String(v))) throw bad(key, 'control characters in the value');
          headers[header] = { value: String(v) };
        } else throw bad(key, 'expected a string, or { env: VARIABLE }');
      }
    }

    let caFile: string | undefined;
    let insecureSkipVerify = false;
    if (raw.tls !== undefined) {
      const t = raw.tls;
      if (!isObj(t)) throw bad(`${at}.tls`, 'expected a mapping (caFile, insecureSkipVerify)');
      onlyKeys(t, ['caFile', 'insecureSkipVerify'], `${at}.tls`, bad);
      if (t.caFile !== undefined) caFile = str(`${at}.tls.caFile`, t.caFile);
      if (t.insecureSkipVerify !== undefined) {
        if (typeof t.insecureSkipVerify !== 'boolean')
          throw bad(`${at}.tls.insecureSkipVerify`, 'expected true or false');
        insecureSkipVerify = t.insecureSkipVerify;
      }
    }
    return {
      name,
      origin: `${file}: ${at}`,
      kind,
      url,
      timeoutMs,
      maxAnswerBytes,
      ...(auth ? { auth } : {}),
      headers,
      ...(caFile !== undefined ? { caFile } : {}),
      insecureSkipVerify,
    };
  });
}

function onlyKeys(
  o: Obj,
  allowed: readonly string[],
  at: string,
  bad: (k: string, m: string) => Error,
): void {
  for (const key of Object.keys(o))
    if (!allowed.includes(key))
      throw bad(at ? `${at}.${key}` : key, `unknown key (expected ${allowed.join(', ')})`);
}
