/**
 * Where ingest carries on from in a database just opened: the ids its resource and scope blobs
 * continue from (the 50,000 most recent of each known again, so repeats are found without a query),
 * the tag catalog, the next span seq and the count of spans stored.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { TagCatalog, type TagLimits, type TagRow } from '../schema/tag-catalog.ts';
import { BlobRegistry } from './blob-registry.ts';
import type { BatchContext, ResourceExtra, ScopeExtra } from './span-batch.ts';

type BlobRow = { id: number; json: string };

export interface ResumeState {
  readonly ctx: BatchContext;
  readonly nextSeq: bigint;
  readonly spanCount: number;
}

async function one(conn: DuckDBConnection, sql: string): Promise<unknown> {
  return (await conn.runAndReadAll(sql)).getRows()[0]?.[0] ?? null;
}

async function rows<T>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  return (await conn.runAndReadAll(sql)).getRowObjectsJS() as unknown as T[];
}

export async function readResumeState(conn: DuckDBConnection, tagLimits?: TagLimits): Promise<ResumeState> {
  const ctx: BatchContext = {
    resources: new BlobRegistry<ResourceExtra>(
      Number(await one(conn, 'SELECT coalesce(max(id) + 1, 0) FROM resources')),
    ),
    scopes: new BlobRegistry<ScopeExtra>(
      Number(await one(conn, 'SELECT coalesce(max(id) + 1, 0) FROM scopes')),
    ),
    tags: new TagCatalog(tagLimits),
  };
  const recent = 'ORDER BY id DESC LIMIT 50000';
  ctx.resources.load(await rows<BlobRow>(conn, `SELECT id, json FROM resources ${recent}`));
  ctx.scopes.load(await rows<BlobRow>(conn, `SELECT id, json FROM scopes ${recent}`));
  ctx.tags.load(await rows<TagRow>(conn, 'SELECT scope, key, type, value FROM tag_values'));
  return {
    ctx,
    nextSeq: BigInt((await one(conn, 'SELECT coalesce(max(seq) + 1, 0) FROM spans')) as bigint),
    spanCount: Number(await one(conn, 'SELECT count(*) FROM spans')),
  };
}
