/**
 * Ids as OTLP protobuf carries them (bytes): what is wrong with one, and with a link's, shared by the
 * decoder (which rejects a span for a bad id of its own, and drops a link for a bad id of the link's)
 * and the store's detail text (which leaves the dropped links out likewise).
 */
import type { ProtoLink } from './messages.ts';

export const TRACE_ID_BYTES: readonly number[] = [16, 8];
export const SPAN_ID_BYTES: readonly number[] = [8];

export function isZero(raw: Uint8Array): boolean {
  for (let i = 0; i < raw.length; i++) if (raw[i] !== 0) return false;
  return true;
}

/** What is wrong with an id of one of `lengths` bytes, or null. */
export function idProblem(
  raw: Uint8Array | undefined,
  what: string,
  lengths: readonly number[],
): string | null {
  if (!raw || raw.length === 0) return `${what} is missing`;
  if (!lengths.includes(raw.length))
    return `${what} has ${raw.length} bytes (expected ${lengths.join(' or ')})`;
  if (isZero(raw)) return `${what} is all zeros`;
  return null;
}

/** Why a link cannot be read (its trace or span id), or null when it can. */
export function linkProblem(link: ProtoLink): string | null {
  return (
    idProblem(link.trace_id, 'link trace id', TRACE_ID_BYTES) ??
    idProblem(link.span_id, 'link span id', SPAN_ID_BYTES)
  );
}

/** How many of a span's links cannot be read (counted with its dropped links). */
export function unreadableLinks(links: readonly ProtoLink[] | null | undefined): number {
  let n = 0;
  for (const l of links ?? []) if (linkProblem(l) !== null) n++;
  return n;
}
