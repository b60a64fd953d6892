/**
 * Argument helpers shared by the commands: every bad argument becomes a UsageError, which the CLI
 * prints as one line and turns into exit code 2.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs, with its errors (unknown option, missing value) turned into UsageErrors. */
export function parseCommandArgs<T extends OptionsConfig>(argv: readonly string[], options: T) {
  try {
    return parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>({
      args: [...argv],
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message.split('\n')[0] : String(err));
  }
}

const SIZE = /^(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?$/i;
const UNIT_BYTES: Record<string, number> = {
  b: 1,
  k: 1024,
  kb: 1000,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** "64MiB", "2GiB", "500kb", "1048576" → bytes. */
export function parseByteSize(text: string, option: string): number {
  const m = SIZE.exec(text.trim());
  const bytes = m ? Math.floor(Number(m[1]) * UNIT_BYTES[(m[2] ?? 'b').toLowerCase()]) : Number.NaN;
  if (!Number.isSafeInteger(bytes) || bytes < 1) {
    throw new UsageError(`${option} must be a size such as 64MiB, 2GiB or 1048576 (got '${text}')`);
  }
  return bytes;
}

/** A TCP port; 0 asks the system for a free one. */
export function parsePort(text: string, option: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65535)) {
    throw new UsageError(`${option} must be a port number from 0 to 65535 (got '${text}')`);
  }
  return port;
}

const TIME_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `30s`, `2m`, `1h` or a number of seconds, from 1 ms to 24 h. */
export function parseTimeout(text: string, option: string): number {
  const m = /^(\d{1,9}(?:\.\d{1,3})?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = m ? Number(m[1]) * TIME_UNITS[m[2] ?? 's'] : Number.NaN;
  if (!(ms >= 1 && ms <= 86_400_000))
    throw new UsageError(`${option} must be a duration from 1ms to 24h, such as 30s or 2m (got '${text}')`);
  return Math.round(ms);
}

/** `--auth-token-env VAR`: the token held in $VAR (null without the option); a UsageError when $VAR is unset or empty. */
export function tokenFromEnv(variable: string | undefined): string | null {
  if (variable === undefined) return null;
  const token = process.env[variable] ?? '';
  if (token === '') throw new UsageError(`--auth-token-env: $${variable} is not set`);
  return token;
}
