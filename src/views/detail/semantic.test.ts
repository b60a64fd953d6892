import { describe, expect, it } from 'vitest';
import { type Attribute, type AttrValue, attr, str } from '../../core/model/types.ts';
import { httpStatusClass, semanticGroups } from './semantic.ts';

const int = (n: number): AttrValue => ({ type: 'int', value: BigInt(n) });
const attrs = (o: Record<string, AttrValue>): Attribute[] => Object.entries(o).map(([k, v]) => attr(k, v));

describe('semanticGroups', () => {
  it('HTTP: current names, headline with route and status', () => {
    const [g] = semanticGroups(
      attrs({
        'http.request.method': str('GET'),
        'http.route': str('/users/{id}'),
        'url.full': str('https://shop/users/7'),
        'http.response.status_code': int(503),
        'server.address': str('shop'),
      }),
    );
    expect(g.kind).toBe('http');
    expect(g.headline).toBe('GET /users/{id} → 503');
    expect(g.fields.map((f) => f.label)).toEqual(['Method', 'Route', 'URL', 'Status code', 'Server']);
    expect(httpStatusClass(g.fields[3].value)).toBe('error');
  });

  it('HTTP: old names (Jaeger/Zipkin era) still read', () => {
    const [g] = semanticGroups(
      attrs({ 'http.method': str('POST'), 'http.url': str('/cart'), 'http.status_code': str('404') }),
    );
    expect(g.headline).toBe('POST /cart → 404');
    const [client] = semanticGroups(
      attrs({ 'http.method': str('GET'), 'http.url': str('http://api:8080/p/7?x=1') }),
    );
    expect(client.headline).toBe('GET /p/7?x=1');
    expect(httpStatusClass(g.fields.find((f) => f.label === 'Status code')!.value)).toBe('warning');
  });

  it('DB: SQL query text is marked for formatting, other stores stay code', () => {
    const [sql] = semanticGroups(
      attrs({ 'db.system': str('postgresql'), 'db.statement': str('SELECT 1'), 'db.name': str('shop') }),
    );
    expect(sql.kind).toBe('db');
    expect(sql.headline).toBe('postgresql · shop');
    expect(sql.fields.find((f) => f.label === 'Query')).toMatchObject({ key: 'db.statement', format: 'sql' });
    const [redis] = semanticGroups(attrs({ 'db.system.name': str('redis'), 'db.query.text': str('GET k') }));
    expect(redis.fields.find((f) => f.label === 'Query')?.format).toBe('code');
  });

  it('RPC and messaging', () => {
    const groups = semanticGroups(
      attrs({
        'rpc.system': str('grpc'),
        'rpc.service': str('shop.Cart'),
        'rpc.method': str('Add'),
        'messaging.system': str('kafka'),
        'messaging.destination.name': str('orders'),
        'messaging.operation.type': str('publish'),
      }),
    );
    expect(groups.map((g) => [g.kind, g.headline])).toEqual([
      ['rpc', 'grpc shop.Cart/Add'],
      ['messaging', 'kafka · publish · orders'],
    ]);
  });

  it('no group for unrelated or lone generic attributes', () => {
    expect(semanticGroups(attrs({ 'server.address': str('x'), 'user.id': int(3) }))).toEqual([]);
    expect(semanticGroups([])).toEqual([]);
    expect(httpStatusClass(str('abc'))).toBeNull();
    expect(httpStatusClass(int(200))).toBe('ok');
  });
});
