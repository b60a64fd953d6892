/**
 * `--zipkin-port`: where Zipkin clients send (9411, Zipkin's own port, by default). `off` listens on
 * no port of its own (the main port still takes `POST /api/v2/spans`): for a machine where a Zipkin
 * server already holds 9411. 0, as for the other ports, lets the system pick a free one.
 */
import { parsePort, UsageError } from '../commands/args.ts';

export const ZIPKIN_PORT_OPTION = { 'zipkin-port': { type: 'string', default: '9411' } } as const;

/** The port, or null for `off`. */
export function parseZipkinPort(text: string): number | null {
  if (text.trim().toLowerCase() === 'off') return null;
  try {
    return parsePort(text, '--zipkin-port');
  } catch {
    throw new UsageError(`--zipkin-port must be a port number from 0 to 65535, or off (got '${text}')`);
  }
}
