/**
 * A prepared batch (prepare-batch.ts) → the rows to append: its resource and scope blobs get their
 * store-wide ids (new ones are written with the commit) and its autocomplete rows join the catalog.
 * Runs in the database worker, as each prepared batch arrives; row numbers (seq) come at write time.
 */
import type { BlobRegistry } from './blob-registry.ts';
import type { PreparedBatch } from './prepare-batch.ts';
import type { TagCatalog } from './tag-catalog.ts';

export interface ResourceExtra {
  readonly service: string;
  readonly attrs: string;
}

export interface ScopeExtra {
  readonly name: string;
  readonly version: string;
}

/** The store-wide registries of blobs and tags. */
export interface BatchContext {
  readonly resources: BlobRegistry<ResourceExtra>;
  readonly scopes: BlobRegistry<ScopeExtra>;
  readonly tags: TagCatalog;
}

/** Column arrays of `spans` rows (all but seq), one entry per span. */
export interface SpanBatch extends PreparedBatch {
  readonly resourceId: number[];
  readonly scopeId: number[];
}

export function finishBatch(p: PreparedBatch, ctx: BatchContext): SpanBatch {
  const resourceIds = p.resources.map((r) =>
    ctx.resources.idOf(r.json, () => ({ service: r.service, attrs: r.attrs })),
  );
  const scopeIds = p.scopes.map((s) => ctx.scopes.idOf(s.json, () => ({ name: s.name, version: s.version })));
  ctx.tags.addRows(p.tags);
  return {
    ...p,
    resourceId: p.resourceIndex.map((i) => resourceIds[i]),
    scopeId: p.scopeIndex.map((i) => scopeIds[i]),
  };
}
