/**
 * fsync of a file or directory by its path: a file's data, or a directory's entries (a rename, a new
 * or deleted file) made durable before the store counts on them.
 */
import { closeSync, fsyncSync, openSync } from 'node:fs';

export function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
