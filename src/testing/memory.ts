/**
 * Memory held by the test process, for tests that stream more data than they may keep: a full
 * garbage collection first (through V8's gc, exposed at run time), then heap plus array buffers.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Bytes still reachable (JS heap and array buffers) after a full collection. */
export function retainedBytes(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
