/**
 * Small exports first. A small export's acknowledgement should not wait for the big ones that came
 * just before it (a 20-span export queued behind four 512-span ones waited for their decoding, their
 * appends and their commits). Two places take work in this order: the decode worker (exports to
 * decode) and the ingest queue (groups to commit). Big ones are never starved: right after an
 * urgent item, a waiting bulk one goes first, so at worst the two lines alternate.
 */

/** Export bodies up to this size go first (a 20-span protobuf export is ~6 KiB, a 512-span one ~145 KiB). */
export const URGENT_EXPORT_BYTES = 64 * 1024;

export function isUrgentExport(bodyBytes: number): boolean {
  return bodyBytes <= URGENT_EXPORT_BYTES;
}

/** Two first-in-first-out lines, urgent and bulk, taken urgent first but never twice in a row while bulk waits. */
export class UrgentFirst<T> {
  private readonly urgent: T[] = [];
  private readonly bulk: T[] = [];
  private lastWasUrgent = false;

  get size(): number {
    return this.urgent.length + this.bulk.length;
  }

  push(item: T, urgent: boolean): void {
    (urgent ? this.urgent : this.bulk).push(item);
  }

  /** The next item, or undefined when both lines are empty. */
  shift(): T | undefined {
    const urgentTurn = this.urgent.length > 0 && !(this.lastWasUrgent && this.bulk.length > 0);
    this.lastWasUrgent = urgentTurn;
    return urgentTurn ? this.urgent.shift() : this.bulk.shift();
  }
}
