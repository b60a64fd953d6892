/**
 * A fetch request body that streams: chunks pulled from an iterator as the server reads them (chunked
 * transfer encoding), so a test can send more than it could hold and see how fast it is taken.
 */
export interface StreamedBody {
  readonly body: ReadableStream<Uint8Array>;
  readonly duplex: 'half';
}

export function streamedBody(parts: Iterator<Uint8Array>): StreamedBody {
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = parts.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
  });
  return { body, duplex: 'half' };
}
