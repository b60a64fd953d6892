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
    /** The error body when it was a JSON object (a query error may carry more than its message). */
    readonly body: Readonly<Record<string, unknown>> | null = null,
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

/** The error body as an object when it is a JSON object, else null. */
export function errorBodyOf(body: string): Readonly<Record<string, unknown>> | null {
  const text = body.trim();
  if (!text.startsWith('{')) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
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
