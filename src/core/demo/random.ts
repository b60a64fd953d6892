/**
 * Seeded randomness for the demo generator: the only source of variation, so the same seed always
 * gives the same data (no Math.random, no clock). Uses no transcendental functions, whose last bit
 * may differ between engines.
 */

/** A bijection on 32-bit integers (Wellons' lowbias32): distinct inputs give distinct outputs. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX_BYTE = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, '0'));

export function hex32(x: number): string {
  return (
    HEX_BYTE[(x >>> 24) & 255] + HEX_BYTE[(x >>> 16) & 255] + HEX_BYTE[(x >>> 8) & 255] + HEX_BYTE[x & 255]
  );
}

const MULBERRY_STEP = 0x6d2b79f5;

/** mulberry32's output for a state already advanced by MULBERRY_STEP. */
function mulberry32(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return (t ^ (t >>> 14)) >>> 0;
}

/**
 * mulberry32 from the seed as given (unlike Rng, no mixing), uniform in [0, 1): the synthetic
 * requests and tables of tests and benchmarks, whose sequences must not change.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + MULBERRY_STEP) >>> 0;
    return mulberry32(state) / 4294967296;
  };
}

/** mulberry32: small, fast and good enough for synthetic data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    // Seeds like 1, 2, 3 would start close together; mixing spreads them apart.
    this.state = mix32((Math.trunc(seed) ^ 0x9e3779b9) >>> 0);
  }

  uint32(): number {
    this.state = (this.state + MULBERRY_STEP) | 0;
    return mulberry32(this.state);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max] (both included). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Skewed toward `min` with a long tail toward `max`, like real latencies. */
  skewed(min: number, max: number): number {
    const u = this.next();
    return min + (max - min) * u * u * u;
  }

  /** An independent generator whose sequence does not shift when this one's use changes later. */
  fork(): Rng {
    return new Rng(this.uint32());
  }
}

/**
 * Span and trace ids. The low half of a span id is a bijection of a counter, so ids are unique
 * (for up to 2^32 spans) without remembering the ones already given.
 */
export class IdSource {
  private spans = 0;
  private traces = 0;
  private readonly saltA: number;
  private readonly saltB: number;
  private readonly saltT: number;
  private readonly tail: Rng;

  constructor(rng: Rng) {
    this.saltA = rng.uint32();
    this.saltB = rng.uint32();
    this.saltT = rng.uint32();
    this.tail = rng.fork();
  }

  spanId(): string {
    const n = this.spans++;
    const lo = mix32(n ^ this.saltA);
    const hi = mix32((n + this.saltB) >>> 0) || 1;
    return hex32(hi) + hex32(lo);
  }

  traceId(): string {
    const head = mix32(this.traces++ ^ this.saltT);
    return hex32(head) + hex32(this.tail.uint32()) + hex32(this.tail.uint32()) + hex32(this.tail.uint32());
  }
}
