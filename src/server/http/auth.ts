/**
 * `--auth-token-env VAR`: one bearer token for the API, OTLP/HTTP, OTLP/gRPC and the app. Programs
 * send `Authorization: Bearer TOKEN`; a browser opens any address once with `?token=TOKEN`, which is
 * exchanged for an HttpOnly SameSite=Strict session cookie and removed from the address at once (a
 * redirect), so the token stays out of history, screenshots and pasted links.
 *
 * Comparisons hash both sides first and compare the digests with `timingSafeEqual`: constant time,
 * whatever the candidate's length.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SESSION_COOKIE = 'spanscope_session';

/** Shorter tokens can be guessed; 16 characters of a random token are ~96 bits and more. */
export const MIN_TOKEN_LENGTH = 16;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class TokenAuth {
  readonly #token: Buffer;
  readonly #session: string;
  readonly #sessionDigest: Buffer;

  constructor(token: string) {
    this.#token = digest(token);
    // Derived, not random: sessions survive a restart and end when the token changes.
    this.#session = createHash('sha256').update(`spanscope-session\0${token}`).digest('base64url');
    this.#sessionDigest = digest(this.#session);
  }

  /** Whether `candidate` is the token. */
  isToken(candidate: string): boolean {
    return timingSafeEqual(digest(candidate), this.#token);
  }

  /** A request bearing the token (`Authorization: Bearer`) or the session cookie. */
  authorizes(headers: IncomingHttpHeaders): boolean {
    const bearer = bearerOf(headers.authorization);
    if (bearer !== null && this.isToken(bearer)) return true;
    const session = cookieOf(headers.cookie, SESSION_COOKIE);
    return session !== null && timingSafeEqual(digest(session), this.#sessionDigest);
  }

  /** The Set-Cookie of a browser that showed the token. */
  sessionCookie(): string {
    return `${SESSION_COOKIE}=${this.#session}; HttpOnly; SameSite=Strict; Path=/`;
  }
}

/** The token of `Authorization: Bearer TOKEN` (gRPC metadata carries the same), or null. */
export function bearerOf(authorization: string | undefined): string | null {
  const m = /^Bearer[ \t]+(\S+)\s*$/i.exec(authorization ?? '');
  return m ? m[1] : null;
}

function cookieOf(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
