import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import type { Attribute, AttrValue } from '../../../core/model/types.ts';
import { MAX_SEARCH_CHARS, searchAttrsJson } from './search-attrs.ts';

const a = (key: string, value: AttrValue): Attribute => ({ key, value });

describe('searchAttrsJson', () => {
  it('writes one flat object with types kept, ints exact', () => {
    const json = searchAttrsJson([
      a('http.route', { type: 'string', value: '/x' }),
      a('big', { type: 'int', value: -9223372036854775808n }),
      a('ratio', { type: 'double', value: 0.25 }),
      a('inf', { type: 'double', value: Number.POSITIVE_INFINITY }),
      a('ok', { type: 'bool', value: false }),
      a('raw', { type: 'bytes', value: new Uint8Array([0, 1, 255]) }),
      a('list', { type: 'array', value: [{ type: 'int', value: 1n }, { type: 'empty' }] }),
      a('kv', { type: 'kvlist', value: [a('inner', { type: 'string', value: 'y' })] }),
      a('http.route', { type: 'string', value: 'second' }),
    ]);
    expect(json).toBe(
      '{"http.route":"/x","big":-9223372036854775808,"ratio":0.25,"inf":"Infinity","ok":false,"raw":"AAH/","list":[1,null],"kv":{"inner":"y"}}',
    );
    expect(searchAttrsJson([])).toBe('{}');
  });

  it('stays valid JSON on hostile keys, long values and deep nesting', () => {
    let deep: AttrValue = { type: 'string', value: 'bottom' };
    for (let i = 0; i < 100; i++) deep = { type: 'kvlist', value: [a('k', deep)] };
    const json = searchAttrsJson([
      a('quote"back\\slash\u0000nul\n', { type: 'string', value: '\ud800 lone' }),
      a('long', { type: 'string', value: 'x'.repeat(MAX_SEARCH_CHARS * 2) }),
      a('deep', deep),
    ]);
    const parsed = JSON.parse(json);
    expect(parsed.long).toHaveLength(MAX_SEARCH_CHARS);
    expect(JSON.stringify(parsed.deep)).toContain('null');
  });

  it('is queryable with the DuckDB expressions schema.ts documents', async () => {
    const db = await DuckDBInstance.create(':memory:');
    const c = await db.connect();
    await c.run('CREATE TABLE t (attrs VARCHAR)');
    for (const [route, code] of [
      ['/x', 500n],
      ['/y', 200n],
      ['/x', 9007199254740993n],
    ] as const) {
      const json = searchAttrsJson([
        a('http.route', { type: 'string', value: route }),
        a('http.status_code', { type: 'int', value: code }),
      ]);
      await c.run('INSERT INTO t VALUES ($1)', [json]);
    }
    const count = async (where: string) =>
      (await c.runAndReadAll(`SELECT count(*) FROM t WHERE ${where}`)).getRows()[0][0];
    expect(await count(`attrs->>'$."http.route"' = '/x'`)).toBe(2n);
    expect(await count(`(attrs->'$."http.status_code"')::BIGINT >= 500`)).toBe(2n);
    expect(await count(`(attrs->'$."http.status_code"')::BIGINT = 9007199254740993`)).toBe(1n);
    c.closeSync();
    db.closeSync();
  });
});
