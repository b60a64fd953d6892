/**
 * A prepared batch (batch-columns.ts) → the rows to append: its resource and scope blobs get their
 * store-wide ids (new ones are written with the commit) and its autocomplete rows join the catalog.
 * Runs in the database worker, as each prepared batch arrives; row numbers (seq) come at write time.
 */

import type { TagCatalog } from '../schema/tag-catalog.ts';
import type { PreparedBatch } from './batch-columns.ts';
import type { BlobRegistry } from './blob-registry.ts';

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

/** A prepared batch with the store-wide ids of its rows' blobs. */
export interface SpanBatch extends PreparedBatch {
  readonly resourceId: Uint32Array;
  readonly scopeId: Uint32Array;
}

function mapIds(indexes: Uint32Array, ids: readonly number[]): Uint32Array {
  const out = new Uint32Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) out[i] = ids[indexes[i]];
  return out;
}

export function finishBatch(p: PreparedBatch, ctx: BatchContext): SpanBatch {
  const resourceIds = p.resources.map((r) =>
    ctx.resources.idOf(r.json, () => ({ service: r.service, attrs: r.attrs })),
  );
  const scopeIds = p.scopes.map((s) => ctx.scopes.idOf(s.json, () => ({ name: s.name, version: s.version })));
  ctx.tags.addRows(p.tags);
  return { ...p, resourceId: mapIds(p.resourceIndex, resourceIds), scopeId: mapIds(p.scopeIndex, scopeIds) };
}
