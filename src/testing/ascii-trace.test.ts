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
