/**
 * The HTTP client of the store API (DESIGN §4). Every failure becomes an ApiError carrying the
 * server's own message (`{"error": …}` bodies), so views can show what the server said.
 */

export class ApiError extends Error {
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The local store answers at `/api/…`; an external source through `/api/sources/{name}/api/…`. */
export function sourcePath(source: string | null | undefined, path: string): string {
  if (!source || source === 'local') return path;
  return `/api/sources/${encodeURIComponent(source)}${path}`;
}

/** The message of an error body: Tempo's `{"error": …}`, else the text itself (shortened). */
export function errorMessageOf(status: number, statusText: string, body: string): string {
  const text = body.trim();
  if (text.startsWith('{')) {
    try {
      const v = JSON.parse(text) as { error?: unknown; message?: unknown };
      const m = v.error ?? v.message;
      if (typeof m === 'string' && m) return m;
    } catch {
      // not JSON after all: fall through to the raw text
    }
  }
  if (text && !text.startsWith('<')) return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
}

export async function request(path: string, init: RequestInit = {}): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, `could not reach the server (${(e as Error).message})`, path);
  }
  if (!res.ok)
    throw new ApiError(res.status, errorMessageOf(res.status, res.statusText, await res.text()), path);
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

export async function postBody<T>(path: string, body: BodyInit, contentType: string): Promise<T> {
  const res = await request(path, { method: 'POST', body, headers: { 'Content-Type': contentType } });
  return (await res.json()) as T;
}
