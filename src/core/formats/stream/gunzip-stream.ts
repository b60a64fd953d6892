/**
 * Gzip inflated as it streams (fflate's Gunzip, members one after another), fed in small bites:
 * fflate inflates all it is given at once, so a gzip bomb would otherwise be inflated whole before
 * anyone could stop it. fflate says nothing of a stream cut short, so the end checks the last
 * member's trailer: the size it gives (mod 2^32) must be what was inflated. (The CRC is not
 * checked, as decodeInput does not check it.) Failures are FormatErrors naming a byte of the input.
 */
import { Gunzip } from 'fflate';
import { FormatError } from '../types.ts';

/** Compressed bytes inflated at a time (deflate inflates at most ~1,000×: ≤ ~16 MB out of each). */
const BITE = 16 * 1024;
/** A gzip member's trailer: CRC-32 and size, 4 bytes each. */
const TRAILER = 8;

export class GunzipStream {
  private readonly gunzip: Gunzip;
  private received = 0;
  private inflated = 0;
  /** Bytes inflated before the current member. */
  private memberStart = 0;
  /** The last bytes received (the trailer, once the input ended). */
  private tail = new Uint8Array(0);

  /** `onData` gets the inflated bytes in order; what it throws goes through push/end unchanged. */
  constructor(onData: (bytes: Uint8Array) => void) {
    this.gunzip = new Gunzip((data) => {
      this.inflated += data.length;
      onData(data);
    });
    this.gunzip.onmember = () => {
      this.memberStart = this.inflated;
    };
  }

  push(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i += BITE) this.bite(bytes.subarray(i, i + BITE), false);
    const last = bytes.length >= TRAILER ? bytes : new Uint8Array([...this.tail, ...bytes]);
    this.tail = last.slice(-TRAILER);
  }

  /** The input ended: the last inflated bytes; throws when the gzip data is truncated or corrupt. */
  end(): void {
    this.bite(new Uint8Array(0), true);
    const t = this.tail;
    const size = t.length === TRAILER ? (t[4] | (t[5] << 8) | (t[6] << 16) | (t[7] << 24)) >>> 0 : -1;
    const member = (this.inflated - this.memberStart) % 2 ** 32;
    if (size !== member)
      throw new FormatError(
        'gzip',
        `byte ${this.received}`,
        `the gzip data is truncated or corrupt: it ends after ${member} inflated bytes of a member whose trailer says ${size < 0 ? 'nothing' : size}`,
      );
  }

  private bite(bytes: Uint8Array, final: boolean): void {
    this.received += bytes.length;
    try {
      this.gunzip.push(bytes, final);
    } catch (error) {
      // Errors of onData's are the caller's; fflate's have a numeric code (0: unexpected end).
      const code = (error as { code?: unknown }).code;
      if (typeof code !== 'number') throw error;
      const problem =
        code === 0 ? 'the gzip data is truncated' : `corrupt gzip data (${(error as Error).message})`;
      throw new FormatError('gzip', `byte ${this.received}`, problem);
    }
  }
}
