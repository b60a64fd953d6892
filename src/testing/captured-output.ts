/**
 * A CLI command run in this process with what it writes to stdout and stderr captured (and kept off
 * the test's own output): its exit code and both texts.
 */
import { vi } from 'vitest';

export interface CapturedRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function captureOutput(run: () => Promise<number>): Promise<CapturedRun> {
  let out = '';
  let err = '';
  const text = (chunk: string | Uint8Array) =>
    typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += text(chunk);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    err += text(chunk);
    return true;
  });
  try {
    const code = await run();
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
