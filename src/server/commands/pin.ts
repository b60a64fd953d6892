/**
 * `spanscope pin TRACE_ID [--note TEXT] [--to URL]`, `spanscope pin --list [--to URL]` and
 * `spanscope unpin TRACE_ID [--to URL]`: pins through a running store's API (`/api/pins`; the
 * database belongs to the server: STACK.md), at `--to` as `push` finds it (default
 * http://127.0.0.1:7070). A refused request (unknown trace, bad note) is exit 2 with the store's
 * message; an unreachable store exit 1.
 */
import { userInfo } from 'node:os';
import type { PinInfo } from '../store/types.ts';
import { parseCommandArgs, tokenFromEnv, UsageError } from './args.ts';

export const PIN_USAGE = `usage: spanscope pin TRACE_ID [--note TEXT] [--to http://127.0.0.1:7070] [--auth-token-env VAR]
       spanscope pin --list [--to URL] [--auth-token-env VAR]
       spanscope unpin TRACE_ID [--to URL] [--auth-token-env VAR]
  A pinned trace is kept by retention (--retention, --max-size) and its link keeps working.
  --auth-token-env: send the token held in the environment variable VAR (a store started with it)
`;

const REQUEST_TIMEOUT_MS = 30_000;

/** The store refused the request (its status and message). */
class Refused extends Error {}

const COMMON_OPTIONS = {
  to: { type: 'string', default: 'http://127.0.0.1:7070' },
  'auth-token-env': { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

function storeOf(v: { to: string; 'auth-token-env'?: string }): Store {
  return { base: baseUrl(v.to), token: tokenFromEnv(v['auth-token-env']) };
}

function baseUrl(to: string): string {
  let url: URL;
  try {
    url = new URL(to);
  } catch {
    throw new UsageError(`--to must be the store's URL, such as http://127.0.0.1:7070 (got '${to}')`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--to must be an http or https URL (got '${to}')`);
  return url.href.replace(/\/+$/, '');
}

/** Where the store is and the token it wants (null: none). */
interface Store {
  readonly base: string;
  readonly token: string | null;
}

async function call({ base, token }: Store, method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    throw new Error(`cannot reach the store at ${base}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  const text = await res.text();
  let value: unknown = null;
  try {
    value = JSON.parse(text);
  } catch {
    // Not JSON: the status line says enough below.
  }
  if (res.ok) return value;
  const message = (value as { error?: unknown } | null)?.error;
  const why = typeof message === 'string' ? message : `HTTP ${res.status}`;
  if (res.status >= 400 && res.status < 500) throw new Refused(why);
  throw new Error(`the store at ${base} failed: ${why}`);
}

function pinnedBy(): string {
  try {
    return `cli (${userInfo().username})`.slice(0, 100);
  } catch {
    return 'cli';
  }
}

/** Exit 2 with the store's own message when it refused. */
async function refusalsExit2(run: () => Promise<void>, command: string): Promise<number> {
  try {
    await run();
    return 0;
  } catch (err) {
    if (!(err instanceof Refused)) throw err;
    process.stderr.write(`spanscope ${command}: ${err.message}\n`);
    return 2;
  }
}

export async function runPin(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(argv, {
    ...COMMON_OPTIONS,
    note: { type: 'string' },
    list: { type: 'boolean', default: false },
  } as const);
  if (v.help) {
    process.stdout.write(PIN_USAGE);
    return 0;
  }
  const store = storeOf(v);
  if (v.list) {
    if (positionals.length > 0 || v.note !== undefined)
      throw new UsageError('--list takes no trace id or note');
    return refusalsExit2(async () => {
      process.stdout.write(`${JSON.stringify(await call(store, 'GET', '/api/pins'))}\n`);
    }, 'pin');
  }
  if (positionals.length !== 1) throw new UsageError(`expected one trace id\n${PIN_USAGE}`);
  const traceId = positionals[0];
  return refusalsExit2(async () => {
    const pin = (await call(store, 'POST', '/api/pins', {
      traceId,
      note: v.note,
      by: pinnedBy(),
    })) as PinInfo;
    const root = [pin.rootServiceName, pin.rootTraceName].filter(Boolean).join(' ');
    process.stdout.write(
      `pinned ${pin.traceId}${root ? ` (${root}, ${pin.spanCount} spans)` : ''}: ${store.base}/trace/${pin.traceId}\n`,
    );
  }, 'pin');
}

export async function runUnpin(argv: readonly string[]): Promise<number> {
  const { values: v, positionals } = parseCommandArgs(argv, COMMON_OPTIONS);
  if (v.help) {
    process.stdout.write(PIN_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`expected one trace id\n${PIN_USAGE}`);
  const store = storeOf(v);
  return refusalsExit2(async () => {
    const { unpinned } = (await call(store, 'DELETE', `/api/pins/${encodeURIComponent(positionals[0])}`)) as {
      unpinned: string;
    };
    process.stdout.write(`unpinned ${unpinned}\n`);
  }, 'unpin');
}
