/**
 * Ids for the resource and scope blobs (OTLP JSON headers shared by many spans). Spans store the id;
 * each distinct blob is written once. The cache of known blobs is bounded: when it is full it is
 * emptied, and a blob seen again later just gets a new id and a second row (harmless: ids are what
 * spans point at, and equal blobs group the same in answers).
 */

export interface BlobRow<Extra> {
  readonly id: number;
  readonly json: string;
  readonly extra: Extra;
}

export class BlobRegistry<Extra> {
  private readonly ids = new Map<string, number>();
  private unwritten: BlobRow<Extra>[] = [];

  constructor(
    private nextId: number,
    private readonly maxCached = 50_000,
  ) {}

  /** Blobs read back at open (already written). */
  load(rows: Iterable<{ id: number; json: string }>): void {
    for (const r of rows) {
      if (this.ids.size >= this.maxCached) break;
      this.ids.set(r.json, r.id);
      this.nextId = Math.max(this.nextId, r.id + 1);
    }
  }

  /** The id of `json`; a new one (written with the next commit) when it was not known. */
  idOf(json: string, extra: () => Extra): number {
    const known = this.ids.get(json);
    if (known !== undefined) return known;
    if (this.ids.size >= this.maxCached) this.ids.clear();
    const id = this.nextId++;
    this.ids.set(json, id);
    this.unwritten.push({ id, json, extra: extra() });
    return id;
  }

  takeUnwritten(): BlobRow<Extra>[] {
    const rows = this.unwritten;
    this.unwritten = [];
    return rows;
  }

  /** Gives back rows whose commit failed: spans of later commits may still point at them. */
  restoreUnwritten(rows: readonly BlobRow<Extra>[]): void {
    this.unwritten.unshift(...rows);
  }
}
