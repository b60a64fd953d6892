/**
 * Limits of every request of the HTTP ports besides the body's (read-body.ts: 413, inflated size
 * included): headers (node:http answers 431 past `maxHeaderBytes`, request line included), the request line's target
 * (414), and requests in progress at once (503 + Retry-After; an import or a slow export holds its
 * place until answered).
 */
export interface RequestLimits {
  readonly maxHeaderBytes: number;
  readonly maxUrlBytes: number;
  readonly maxConcurrentRequests: number;
}

export const DEFAULT_REQUEST_LIMITS: RequestLimits = {
  // node:http counts the request line in it: room for a URL at its limit and ordinary headers.
  maxHeaderBytes: 32 * 1024,
  // A 4,096-character TraceQL query (search-routes.ts) percent-encoded, with the page's other parameters.
  maxUrlBytes: 16 * 1024,
  // A browser opens 6 connections per origin; exporters a few each. Past this the machine is swamped.
  maxConcurrentRequests: 256,
};

/** A counter of requests in progress with a ceiling. */
export class ConcurrencyGate {
  #inFlight = 0;

  constructor(readonly limit: number) {}

  /** Takes a place, or answers false when all are taken. */
  tryEnter(): boolean {
    if (this.#inFlight >= this.limit) return false;
    this.#inFlight++;
    return true;
  }

  leave(): void {
    this.#inFlight--;
  }
}
