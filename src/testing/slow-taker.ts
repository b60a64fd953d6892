/**
 * A taker of a streamed read that is behind until told to catch up: it keeps every piece, and
 * answers each with the same pending promise (`held`) until `catchUp`, then with nothing.
 */
import type { PieceSink } from '../server/store/types.ts';

export interface SlowTaker {
  readonly pieces: Uint8Array[];
  readonly send: PieceSink;
  readonly held: Promise<void>;
  catchUp(): void;
}

export function slowTaker(): SlowTaker {
  const pieces: Uint8Array[] = [];
  let behind = true;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    pieces,
    held,
    send: (piece) => {
      pieces.push(piece);
      return behind ? held : undefined;
    },
    catchUp: () => {
      behind = false;
      release();
    },
  };
}
