/**
 * A decoder's complaint about one of the files read, naming it. A module of its own: the worker's
 * error answers name it, and the file readers (read-files.ts, with every format's decoder) load only
 * once files are opened.
 */
import type { FormatError } from '../core/formats/types.ts';

export class FileFormatError extends Error {
  constructor(
    readonly fileName: string,
    readonly formatError: FormatError,
  ) {
    super(`${fileName}: ${formatError.message}`);
    this.name = 'FileFormatError';
  }
}
