/**
 * The HTTP client of the store API (DESIGN §4). Every failure becomes an ApiError carrying the
 * server's own message (`{"error": …}` bodies), so views can show what the server said.
 */
import { errorBodyOf, errorMessageOf } from '../core/api/errors.ts';

export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    readonly path: string,
    /** The error body when it was a JSON object (a query error may carry more than its message). */
    readonly body: Readonly<Record<string, unknown>> | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `could not reach the server (${(e as Error).message})`, path);
  }
  if (!res.ok) {
    const body = await res.text();
    throw new ApiError(res.status, errorMessageOf(res.status, res.statusText, body), path, errorBodyOf(body));
  }
  return res;
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await request(path, { signal, headers: { Accept: 'application/json' } });
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, 'the server answered something that is not JSON', path);
  }
}
