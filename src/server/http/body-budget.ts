/**
 * The bytes of request bodies the server holds at once (OTLP/HTTP and Zipkin exports, read whole
 * before they are decoded), across every connection. Each request's limit (`--max-request-size`)
 * bounds one body, the request limit (256 in progress) their number, but not their product: 256
 * exporters sending 64 MiB at once would be 16 GiB. Past the budget a body is refused as it arrives
 * (429 with Retry-After, RESOURCE_EXHAUSTED), before its bytes are kept; what it held is given back
 * once its request is answered.
 */
import type { ServerResponse } from 'node:http';

export const DEFAULT_BODY_BUDGET_BYTES = 256 * 1024 * 1024;

/** The budget for a request limit: room for two bodies at that limit at least. */
export const bodyBudgetFor = (maxRequestBytes: number) =>
  Math.max(DEFAULT_BODY_BUDGET_BYTES, 2 * maxRequestBytes);

export class BodyBudget {
  #held = 0;

  constructor(readonly limitBytes = DEFAULT_BODY_BUDGET_BYTES) {}

  get heldBytes(): number {
    return this.#held;
  }

  /** What one request's body holds of the budget, given back once its answer is done (or the client gone). */
  leaseUntilAnswered(res: ServerResponse): BodyLease {
    const lease = this.lease();
    res.once('close', () => lease.release());
    return lease;
  }

  /** What one request's body holds of the budget, given back by `release`. */
  lease(): BodyLease {
    let taken = 0;
    return {
      take: (bytes) => {
        if (this.#held + bytes > this.limitBytes) return false;
        this.#held += bytes;
        taken += bytes;
        return true;
      },
      release: () => {
        this.#held -= taken;
        taken = 0;
      },
    };
  }
}

export interface BodyLease {
  /** Takes `bytes` more of the budget; false (nothing taken) when that is past it. */
  take(bytes: number): boolean;
  release(): void;
}
