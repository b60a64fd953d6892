import { describe, expect, it } from 'vitest';
import { limitDetails, truncateText, truncationOf, utf8Length } from './span-limits.ts';
import { type Attribute, EMPTY_DETAILS, type SpanDetails } from './types.ts';

const str = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });
const LIMITS = { maxAttributeBytes: 10, maxAttributes: 3, maxEvents: 2, maxLinks: 1 };

describe('truncateText', () => {
  it('cuts at the byte limit, never inside a character, and says how long the value was', () => {
    expect(truncateText('short', 10)).toBeNull();
    expect(truncateText('0123456789', 10)).toBeNull();
    expect(truncateText('0123456789A', 10)).toBe('0123456789…[truncated (11 bytes)]');
    // é is 2 bytes: 4 fit in 9 bytes; 😀 (a surrogate pair) is 4 bytes and is never split.
    expect(truncateText('éééééé', 9)).toBe('éééé…[truncated (12 bytes)]');
    expect(truncateText('ab😀😀', 7)).toBe('ab😀…[truncated (10 bytes)]');
    expect(utf8Length('ab😀\uD800')).toBe(9);
  });

  it('is read back by truncationOf (and nothing else is)', () => {
    const cut = truncateText('x'.repeat(100_000), 65_536)!;
    expect(utf8Length(cut)).toBeLessThan(65_600);
    expect(truncationOf(cut)).toEqual({ kept: 'x'.repeat(65_536), bytes: 100_000 });
    expect(truncationOf('a value')).toBeNull();
    expect(truncationOf('…[truncated (12 bytes)] and more')).toBeNull();
  });
});

describe('limitDetails', () => {
  const resource = { attributes: [str('service.name', 'checkout-service-with-a-long-name')] };
  const details: SpanDetails = {
    ...EMPTY_DETAILS,
    resource,
    attributes: [str('a', '1'), str('b', 'x'.repeat(20)), str('c', '3'), str('d', '4'), str('e', '5')],
    droppedAttributesCount: 2,
    events: [
      {
        timeNs: 1n,
        name: 'e1',
        attributes: [
          { key: 'arr', value: { type: 'array', value: [{ type: 'string', value: 'y'.repeat(11) }] } },
        ],
      },
      { timeNs: 2n, name: 'e2', attributes: [] },
      { timeNs: 3n, name: 'e3', attributes: [] },
    ],
    links: [
      { traceId: '1'.repeat(32), spanId: '1'.repeat(16), attributes: [] },
      { traceId: '2'.repeat(32), spanId: '2'.repeat(16), attributes: [] },
    ],
  };

  it('cuts values, keeps the first attributes, events and links, and counts what it dropped', () => {
    const before = JSON.stringify(details, (_, v) => (typeof v === 'bigint' ? `${v}n` : v));
    const out = limitDetails(details, LIMITS, new WeakMap());
    expect(out.attributes.map((a) => a.key)).toEqual(['a', 'b', 'c']);
    expect(out.attributes[1].value).toEqual({ type: 'string', value: 'xxxxxxxxxx…[truncated (20 bytes)]' });
    expect(out.droppedAttributesCount).toBe(4);
    expect(out.events.map((e) => e.name)).toEqual(['e1', 'e2']);
    expect(out.events[0].attributes[0].value).toEqual({
      type: 'array',
      value: [{ type: 'string', value: 'yyyyyyyyyy…[truncated (11 bytes)]' }],
    });
    expect(out.droppedEventsCount).toBe(1);
    expect(out.links).toHaveLength(1);
    expect(out.droppedLinksCount).toBe(1);
    expect(out.resource.attributes[0].value).toMatchObject({ value: 'checkout-s…[truncated (33 bytes)]' });
    expect(JSON.stringify(details, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))).toBe(before);
  });

  it('shares one limited resource between spans, and returns details within the limits as they are', () => {
    const shared = new WeakMap<object, object>();
    expect(limitDetails(details, LIMITS, shared).resource).toBe(
      limitDetails(details, LIMITS, shared).resource,
    );
    const small: SpanDetails = { ...EMPTY_DETAILS, attributes: [str('a', '1')] };
    expect(limitDetails(small, LIMITS, new WeakMap())).toBe(small);
  });
});
