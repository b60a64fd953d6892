/**
 * The part of an OTLP export both receivers (HTTP and gRPC) share: admission (store open, not
 * overloaded) and the store call, whose outcome each receiver maps to its own status codes.
 */
import type { ServerState } from '../http/server-state.ts';
import type { OtlpEncoding } from '../store/types.ts';

/** Seconds a client is asked to wait before retrying (Retry-After). */
export const RETRY_AFTER_S = 1;

export type IngestOutcome =
  | { readonly kind: 'ok'; readonly rejectedSpans: number; readonly errorMessage: string }
  | { readonly kind: 'undecodable'; readonly message: string }
  /** Not open yet, shutting down, or the store failed: nothing was stored; retry later. */
  | { readonly kind: 'unavailable'; readonly message: string }
  | { readonly kind: 'overloaded'; readonly message: string };

/** Refusal before the body is even read, or null when the export may proceed. */
export function admission(state: ServerState): IngestOutcome | null {
  const store = state.openStore;
  if (!store) {
    const message = state.closing ? 'the store is shutting down' : 'the store is starting';
    return { kind: 'unavailable', message };
  }
  if (store.overloaded) return { kind: 'overloaded', message: 'the store is busy; retry later' };
  return null;
}

export async function ingest(
  state: ServerState,
  body: Uint8Array,
  encoding: OtlpEncoding,
  log: (line: string) => void,
): Promise<IngestOutcome> {
  const refused = admission(state);
  if (refused) return refused;
  // An empty export request is a success that stores nothing (an empty protobuf message is valid;
  // an empty JSON body is how some clients send "nothing").
  if (body.byteLength === 0) return { kind: 'ok', rejectedSpans: 0, errorMessage: '' };
  try {
    const result = await state.track(state.openStore!.ingestOtlp(body, encoding));
    if (!result.ok) return { kind: 'undecodable', message: result.errorMessage };
    return { kind: 'ok', rejectedSpans: result.rejectedSpans, errorMessage: result.errorMessage };
  } catch (err) {
    log(`spanscope: ingest failed: ${(err as Error).message}`);
    return { kind: 'unavailable', message: 'the store could not commit the spans; retry later' };
  }
}
