import { describe, expect, test } from 'vitest';
import { SpanFlag, spanName, spanService } from '../core/model/span-table.ts';
import { SpanKind, StatusCode } from '../core/model/types.ts';
import { asciiTrace, dedent, idOf, labelOf } from './ascii-trace.ts';

describe('asciiTrace', () => {
  test('bars, indentation parents, explicit parents and options', () => {
    const t = asciiTrace(
      `
        # a comment
        root              |======|
          a [svc=db err kind=client]  |==|
            b<root [shared name=B]     |
        c<ghost [nostart]   |===|
        d [nodur dur=3]      |=|
      `,
      { unitNs: 10 },
    );
    expect(t.count).toBe(5);
    expect(t.spanIds).toEqual(['root', 'a', 'b', 'c', 'd'].map(idOf));
    expect(t.parentIds).toEqual(['', idOf('root'), idOf('root'), idOf('ghost'), '']);
    expect(Array.from(t.startNs)).toEqual([0, 120, 130, Number.NaN, 30]);
    expect(Array.from(t.durNs)).toEqual([70, 30, 0, 40, Number.NaN]);
    expect([0, 1, 2].map((r) => spanName(t, r))).toEqual(['root', 'a', 'B']);
    expect(spanService(t, 1)).toBe('db');
    expect(spanService(t, 0)).toBe('svc');
    expect(t.statuses[1]).toBe(StatusCode.Error);
    expect(t.kinds[1]).toBe(SpanKind.Client);
    expect(t.flags[2]).toBe(SpanFlag.Shared);
  });

  test('span.KEY=VALUE and resource.KEY=VALUE are string attributes; spans without them have none', () => {
    const t = asciiTrace(`
      root [span.http.route=/x resource.k8s.pod.name=web-1 span.a=b]  |===|
        q                                                              |=|
    `);
    expect(t.details(0).attributes).toEqual([
      { key: 'http.route', value: { type: 'string', value: '/x' } },
      { key: 'a', value: { type: 'string', value: 'b' } },
    ]);
    expect(t.details(0).resource.attributes).toEqual([
      { key: 'k8s.pod.name', value: { type: 'string', value: 'web-1' } },
    ]);
    expect(t.details(1).attributes).toEqual([]);
  });

  test('typed values, events, links, scope, status message and OK; another trace id', () => {
    const t = asciiTrace(
      `
      root [ok msg=fine span.n=i:5 span.f=f:1.5 span.b=b:true span.arr=a:x,i:2 event=e1@3 event.k=v event=e2 link=other link.why=x scope=lib@1.0 scope.s=t]  |=====|
    `,
      { traceId: 'c0ffee00c0ffee00c0ffee00c0ffee00' },
    );
    expect(t.traceId).toBe('c0ffee00c0ffee00c0ffee00c0ffee00');
    expect(t.statuses[0]).toBe(StatusCode.Ok);
    const d = t.details(0);
    expect(d.statusMessage).toBe('fine');
    expect(d.attributes.map((a) => a.value)).toEqual([
      { type: 'int', value: 5n },
      { type: 'double', value: 1.5 },
      { type: 'bool', value: true },
      {
        type: 'array',
        value: [
          { type: 'string', value: 'x' },
          { type: 'int', value: 2n },
        ],
      },
    ]);
    expect(d.events.map((e) => [e.name, e.timeNs - t.baseNs, e.attributes.length])).toEqual([
      ['e1', 3000n, 1],
      ['e2', 0n, 0],
    ]);
    expect(Array.from(t.eventNs)).toEqual([3000, 0]);
    expect(d.links).toEqual([
      {
        traceId: 'c0ffee00c0ffee00c0ffee00c0ffee00',
        spanId: idOf('other'),
        attributes: [{ key: 'why', value: { type: 'string', value: 'x' } }],
      },
    ]);
    expect(d.scope).toEqual({
      name: 'lib',
      version: '1.0',
      attributes: [{ key: 's', value: { type: 'string', value: 't' } }],
    });
  });

  test('ids read back as labels', () => {
    expect(idOf('root')).toBe('00000000726f6f74');
    expect(labelOf(idOf('ghost'))).toBe('ghost');
    expect(labelOf('ffffffffffffffff')).toBe('ffffffffffffffff');
  });

  test('bad drawings fail with the line', () => {
    expect(() => asciiTrace('toolonglabel |=|')).toThrow(/bad label "toolonglabel"/);
    expect(() => asciiTrace('a |=x|')).toThrow(/line 1: a bar is/);
    expect(() => asciiTrace('a [kind=weird] |=|')).toThrow(/unknown kind "weird"/);
    expect(() => asciiTrace('\n\n')).toThrow(/at least one span/);
  });

  test('dedent removes the common indentation and blank edges', () => {
    expect(dedent('\n    a\n      b\n\n')).toBe('a\n  b');
  });
});
