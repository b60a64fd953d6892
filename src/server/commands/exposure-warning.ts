/**
 * The warning `spanscope serve` prints when it listens beyond this machine (`--host 0.0.0.0` or a
 * network address): everyone who reaches the port can read every trace and send new ones, unless
 * a token is required.
 */
import { isLoopbackName } from '../http/origin-policy.ts';
import type { ServeOptions } from './serve-args.ts';

export function exposureWarning(opts: Pick<ServeOptions, 'host' | 'security'>): string | null {
  if (isLoopbackName(opts.host)) return null;
  const where = `spanscope: warning: listening on ${opts.host}, reachable from other machines`;
  return opts.security.authToken === null
    ? `${where}, with no token: anyone who reaches these ports can read every trace and send new ones. ` +
        'Require a token with --auth-token-env VAR, or listen on 127.0.0.1.'
    : `${where}; every request needs the token of --auth-token-env (traffic is plain HTTP: put TLS in front).`;
}
