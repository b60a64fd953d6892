/**
 * A load started before the app's code runs (boot.ts), taken over once by the page that asks for the
 * same key. A page that asks for another key ends it: the address changed before React got there.
 * It stays light (no React): it runs before the app's first render.
 */
export class EarlySlot<T> {
  private entry: { readonly key: string; readonly value: Promise<T> } | null = null;

  /** `release` frees what a load opened (workers, sessions) when nobody takes it over. */
  constructor(private readonly release: (value: T) => void) {}

  put(key: string, value: Promise<T>): void {
    value.catch(() => undefined); // the page's query reports the failure
    this.entry = { key, value };
  }

  /** The early load of `key` (once), else null; an early load of another key is released. */
  take(key: string): Promise<T> | null {
    const taken = this.entry;
    this.entry = null;
    if (!taken) return null;
    if (taken.key === key) return taken.value;
    taken.value.then(this.release, () => undefined);
    return null;
  }
}
