/**
 * A stand-in for a dropped File whose `stream()` hands out exactly the chunks a test chose (a real
 * Blob decides its own chunk sizes), counting how often it was read.
 */

export interface ChunkedFile extends Blob {
  readonly name: string;
  /** How many times `stream()` was called. */
  readonly reads: number;
}

/** `bytes` cut at `cuts` (ascending offsets), or into chunks of `cuts` bytes when it is a number. */
export function chunkedFile(
  bytes: Uint8Array,
  cuts: number | readonly number[],
  name = 'trace.json',
): ChunkedFile {
  const offsets =
    typeof cuts === 'number'
      ? Array.from({ length: Math.ceil(bytes.length / cuts) }, (_, i) => i * cuts).slice(1)
      : cuts;
  const bounds = [0, ...offsets.filter((c) => c > 0 && c < bytes.length), bytes.length];
  let reads = 0;
  const file = {
    name,
    size: bytes.length,
    type: '',
    get reads() {
      return reads;
    },
    stream(): ReadableStream<Uint8Array> {
      reads++;
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (i + 1 >= bounds.length) controller.close();
          else {
            // A fresh copy per chunk, as a file reader hands out.
            controller.enqueue(bytes.slice(bounds[i], bounds[i + 1]));
            i++;
          }
        },
      });
    },
  };
  return file as unknown as ChunkedFile;
}
